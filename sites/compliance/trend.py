"""The 30-day score trend of each site, drawn as a small inline SVG from the
stored runs (no chart library, no script: it must pass the admin's CSP)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..models import SiteScore, Verdict
from .runner import PASS_MARK

TREND_DAYS = 30


def scores_by_site(site_ids, days: int = TREND_DAYS) -> dict[int, list[SiteScore]]:
    """Each site's scores of the finished runs of the last ``days`` days, oldest
    first: one query for all sites (``site_ids`` None: every site)."""
    since = timezone.now() - datetime.timedelta(days=days)
    scores = SiteScore.objects.filter(
        run__finished_at__isnull=False, run__started_at__gte=since
    )
    if site_ids is not None:
        scores = scores.filter(site_id__in=site_ids)
    by_site = defaultdict(list)
    for score in scores.select_related("run").order_by("run__started_at", "run_id"):
        by_site[score.site_id].append(score)
    return by_site


def trend_svg(
    scores: list[SiteScore], width: int = 120, height: int = 28
) -> SafeString:
    """A sparkline: scores 0–100 over the runs, the pass mark dashed, each point
    coloured by its verdict; the label says the same in words."""
    if not scores:
        return mark_safe('<span class="cluster-trend-none">近30天无检查记录</span>')
    values = [s.score for s in scores]
    label = (
        f"近30天得分趋势：{len(values)}次检查，最低{min(values)}分，"
        f"最高{max(values)}分，最近{values[-1]}分"
    )
    pad = 3
    step = (width - 2 * pad) / max(len(values) - 1, 1)

    def y(score):
        return round(
            pad + (100 - max(0, min(100, score))) * (height - 2 * pad) / 100, 1
        )

    points = [(round(pad + i * step, 1), y(v)) for i, v in enumerate(values)]
    line = " ".join(f"{x},{yy}" for x, yy in points)
    dots = "".join(
        f'<circle class="cluster-trend__point--'
        f'{"fail" if s.verdict == Verdict.FAIL else "pass"}" cx="{x}" cy="{yy}" r="2">'
        f"<title>{escape(timezone.localtime(s.run.started_at).strftime('%Y-%m-%d'))}："
        f"{s.score}分</title></circle>"
        for s, (x, yy) in zip(scores, points, strict=True)
    )
    return mark_safe(
        f'<svg class="cluster-trend" role="img" aria-label="{escape(label)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{escape(label)}</title>"
        f'<line class="cluster-trend__pass-line" x1="{pad}" x2="{width - pad}" '
        f'y1="{y(PASS_MARK)}" y2="{y(PASS_MARK)}"/>'
        f'<polyline class="cluster-trend__line" points="{line}"/>{dots}</svg>'
    )
