"""R18: columns typed 人事信息 or 规划计划 have an item within the last 12 months.

A column's newest item is read as the core's freshness checks read it (the
earlier of 发布日期 and first publication, R22), so a back-dated or re-saved item
cannot make a column look updated.
"""

from __future__ import annotations

from collections import defaultdict

from ..models import ColumnLayout, ColumnType
from .base import Check, CheckResult, Finding, Status
from .core_checks import (
    HOME_LEN,
    content_under,
    live_columns,
    local_day,
    public_url,
    site_by_root,
)

YEARLY_TYPES = (ColumnType.PERSONNEL, ColumnType.PLAN)
WINDOW_DAYS = 365


class YearlyColumnsCheck(Check):
    id = "yearly_columns"
    title = "人事、规划计划栏目更新"
    indicator = "栏目更新：人事、规划计划类栏目一年内更新（扣分）"
    explanation = (
        "栏目类型为“人事信息”或“规划计划”的栏目，最近12个月内须至少发布1条信息。"
        "请发布新信息，或核对栏目类型。"
    )
    requirements = ("R18",)
    points = 2

    def run(self, sites, today):
        latest, _ = content_under(sites, today)
        by_root = site_by_root(sites)
        stale = defaultdict(list)
        for column in live_columns(sites):
            if (
                column.column_type not in YEARLY_TYPES
                or column.layout == ColumnLayout.LINK
            ):
                continue
            site = by_root.get(column.path[:HOME_LEN])
            if site is None:
                continue
            newest = latest.get(column.path)
            if column.layout == ColumnLayout.SINGLE and column.last_published_at:
                newest = max(filter(None, (newest, column.last_published_at)))
            last = local_day(newest)
            if last is None or (today - last).days > WINDOW_DAYS:  # R18
                shown = f"最近更新{last:%Y-%m-%d}" if last else "从未发布信息"
                stale[site.pk].append(
                    Finding(
                        column.title,
                        public_url(site, column.url_path),
                        f"{column.get_column_type_display()}栏目12个月内未更新（{shown}）",
                    )
                )
        return {
            site.pk: CheckResult(
                Status.FAIL if stale[site.pk] else Status.PASS,
                stale[site.pk],
                f"人事、规划计划栏目一年内未更新{len(stale[site.pk])}个。",
            )
            for site in sites
        }
