"""办件量 per site and year for the 政府网站工作年度报表 (REQUIREMENTS §1.9: 办件量 总数,
自然人办件量, 法人办件量), in one grouped query for any number of sites."""

from __future__ import annotations

from django.db.models import Count, Q

from ..models import ApprovalCase, PartyType


def case_counts(site_ids, year: int) -> dict[int, dict[str, int]]:
    """{site pk: {"total", "natural", "legal"}} of the cases accepted in ``year``."""
    counts = {pk: {"total": 0, "natural": 0, "legal": 0} for pk in site_ids}
    rows = (
        ApprovalCase.objects.filter(site_id__in=list(counts), accepted_at__year=year)
        .values("site_id")
        .annotate(
            total=Count("pk"),
            natural=Count("pk", filter=Q(party_type=PartyType.NATURAL)),
            legal=Count("pk", filter=Q(party_type=PartyType.LEGAL)),
        )
        .order_by()
    )
    for row in rows:
        counts[row["site_id"]] = {k: row[k] for k in ("total", "natural", "legal")}
    return counts
