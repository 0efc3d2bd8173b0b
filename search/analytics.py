"""Query analytics: per site and day, how often each normalized query was run and
how often it found nothing. Queries that look like personal data (long digit
runs: ID or phone numbers; e-mail addresses) are not recorded at all."""

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from sites.log_masking import looks_personal

from .models import QueryStat


def record(site, normalized: str, hits: int, typed: str = "") -> None:
    """Count one search; ``typed`` (what the visitor typed) is only checked for
    personal data, never stored."""
    if not normalized or looks_personal(typed) or looks_personal(normalized):
        return
    day = timezone.localdate()
    zero = 1 if hits == 0 else 0
    updated = QueryStat.objects.filter(site=site, day=day, query=normalized).update(
        searches=F("searches") + 1, zero_results=F("zero_results") + zero
    )
    if not updated:
        try:
            with transaction.atomic():
                QueryStat.objects.create(
                    site=site, day=day, query=normalized, searches=1, zero_results=zero
                )
        except IntegrityError:  # another request created it first
            QueryStat.objects.filter(site=site, day=day, query=normalized).update(
                searches=F("searches") + 1, zero_results=F("zero_results") + zero
            )


def top_queries(site_ids, since, *, zero_only=False, limit=20):
    rows = QueryStat.objects.filter(site_id__in=site_ids, day__gte=since)
    if zero_only:
        rows = rows.filter(zero_results__gt=0)
    order = "-zero" if zero_only else "-total"
    return list(
        rows.values("site_id", "query")
        .annotate(total=Sum("searches"), zero=Sum("zero_results"))
        .order_by(order, "query")[:limit]
    )


def popular_for(site, since, limit=5) -> list[str]:
    """Queries that found something on this site lately (zero-result suggestions)."""
    rows = (
        QueryStat.objects.filter(site=site, day__gte=since)
        .values("query")
        .annotate(total=Sum("searches"), zero=Sum("zero_results"))
        .filter(total__gt=F("zero"))
        .order_by("-total", "query")[:limit]
    )
    return [row["query"] for row in rows]
