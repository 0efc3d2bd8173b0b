"""办件量 per site and year for the 政府网站工作年度报表 (REQUIREMENTS §1.9: 办件量 总数,
自然人办件量, 法人办件量), in one grouped query for any number of sites."""

from __future__ import annotations

from django.db.models import Count, Q

from ..models import ApprovalCase, Decision, DecisionKind, DecisionStatus, PartyType


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


def decision_counts(site, year: int) -> dict[str, int] | None:
    """本年处理决定数量 of 行政许可 and 行政处罚 for the annual report's Table 1 rows
    (五) and (六) (REQUIREMENTS §4.2), or ``None`` when the site keeps no 双公示
    records at all — then the figures stay typed in by hand.

    A decision counts in the year it was made; a revoked (撤销) one does not.
    """
    decisions = Decision.objects.filter(site=site)
    if not decisions.exists():
        return None
    counts = decisions.filter(decided_on__year=year).aggregate(
        licensing=Count(
            "pk",
            filter=Q(kind=DecisionKind.LICENCE) & ~Q(status=DecisionStatus.WITHDRAWN),
        ),
        penalty=Count(
            "pk",
            filter=Q(kind=DecisionKind.PENALTY) & ~Q(status=DecisionStatus.WITHDRAWN),
        ),
    )
    return {key: counts[key] or 0 for key in ("licensing", "penalty")}
