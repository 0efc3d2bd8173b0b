"""Query analytics: per site and day, how often each normalized query was run,
by how many distinct visitors, and how often it found nothing. Queries that look
like personal data (long digit runs: ID or phone numbers; e-mail addresses) are
not recorded at all; visitors are counted by a keyed hash of address and day,
never by their address (issue 18)."""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from sites.audit import client_ip
from sites.log_masking import looks_personal

from .models import QueryStat, QueryVisitor, SuggestedSearch

POPULAR_DAYS = 90


def visitor_key(request, day: dt.date | None = None) -> str:
    """An irreversible tag of (address, day): the same visitor the same day
    gets the same tag; no address can be read back or linked across days."""
    day = day or timezone.localdate()
    key = hashlib.sha256(f"search-visitor:{settings.SECRET_KEY}".encode()).digest()
    message = f"{client_ip(request) or '-'}|{day.isoformat()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def _counts(zero, new_visitor):
    return {
        "searches": F("searches") + 1,
        "zero_results": F("zero_results") + zero,
        "visitors": F("visitors") + (1 if new_visitor else 0),
    }


def _first_visit(site, day, normalized, visitor) -> bool:
    """Whether this visitor asks this query here for the first time today (two
    queries, no savepoint: a rare race counts one visitor twice, never fails)."""
    if not visitor:
        return False
    tag = {"site": site, "day": day, "query": normalized, "visitor": visitor}
    if QueryVisitor.objects.filter(**tag).exists():
        return False
    QueryVisitor.objects.bulk_create([QueryVisitor(**tag)], ignore_conflicts=True)
    return True


def record(
    site, normalized: str, hits: int, typed: str = "", visitor: str = ""
) -> None:
    """Count one search; ``typed`` (what the visitor typed) is kept as the
    query's label only when it holds no personal data."""
    if not normalized or looks_personal(typed) or looks_personal(normalized):
        return
    day = timezone.localdate()
    zero = 1 if hits == 0 else 0
    new_visitor = _first_visit(site, day, normalized, visitor)
    rows = QueryStat.objects.filter(site=site, day=day, query=normalized)
    if not rows.update(**_counts(zero, new_visitor)):
        try:
            with transaction.atomic():
                QueryStat.objects.create(
                    site=site, day=day, query=normalized, searches=1,
                    zero_results=zero, visitors=1 if new_visitor else 0,
                    label=" ".join(typed.split())[:100],
                )  # fmt: skip
        except IntegrityError:  # another request created it first
            rows.update(**_counts(zero, new_visitor))
        else:
            # Past days' tags count nothing more (the day is in the hash).
            QueryVisitor.objects.filter(site=site, day__lt=day).delete()


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
    """Queries that found something on this site lately and that at least
    SEARCH_POPULAR_MIN_VISITORS distinct visitors asked (visitor-days): one
    visitor's query is never shown to the next."""
    least = getattr(settings, "SEARCH_POPULAR_MIN_VISITORS", 3)
    rows = (
        QueryStat.objects.filter(site=site, day__gte=since)
        .values("query")
        .annotate(
            total=Sum("searches"), zero=Sum("zero_results"), people=Sum("visitors")
        )
        .filter(total__gt=F("zero"), people__gte=least)
        .order_by("-people", "-total", "query")[:limit]
    )
    queries = [row["query"] for row in rows]
    labels = dict(
        QueryStat.objects.filter(site=site, query__in=queries)
        .exclude(label="")
        .values_list("query", "label")
    )
    return [labels.get(query) or query for query in queries]


def suggestions(site, limit=8) -> list[str]:
    """ "大家常搜": the cluster admin's recommended words, then what many
    visitors of this site asked lately."""
    curated = list(SuggestedSearch.objects.values_list("word", flat=True)[:limit])
    since = timezone.localdate() - dt.timedelta(days=POPULAR_DAYS)
    words = curated + [w for w in popular_for(site, since, limit) if w not in curated]
    return words[:limit]
