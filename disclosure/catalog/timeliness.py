"""Art. 26 of the 政府信息公开条例: proactive items are published within 20
working days of their 成文日期 unless a law or regulation sets another term
(REQUIREMENTS R30).

One reading serves the supervision check (per site) and the supervisors'
per-agency list: :func:`late_items` reads the cluster's items in one query and
counts working days on one calendar read (``WorkingDayCalendar``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from disclosure.models import DisclosureItem
from sites.compliance.base import Check, CheckResult, Finding, Status
from sites.compliance.core_checks import HOME_LEN, edit_url, end_of, site_by_root
from sites.services.workdays import WorkingDayCalendar

TERM_WORKING_DAYS = 20
# Items published earlier than this are outside a supervision period (one year).
LOOKBACK_DAYS = 365


@dataclass(frozen=True)
class LateItem:
    site_id: int
    agency: str
    page_id: int
    title: str
    written: datetime.date
    published: datetime.date
    working_days: int

    @property
    def finding(self) -> Finding:
        return Finding(
            self.title,
            edit_url(self.page_id),
            f"{self.agency}：成文日期{self.written:%Y-%m-%d}，发布日期"
            f"{self.published:%Y-%m-%d}，相隔{self.working_days}个工作日，"
            f"超过{TERM_WORKING_DAYS}个工作日且未填写另行规定公开时限的依据。",
        )


def _roots(sites) -> Q:
    roots = Q(pk__in=[])
    for site in sites:
        roots |= Q(path__startswith=site.root_page.path)
    return roots


def late_items(sites, today: datetime.date) -> list[LateItem]:
    """Live items of ``sites`` published in the year before ``today`` more than
    20 working days after their 成文日期 without a recorded legal basis."""
    by_root = site_by_root(sites)
    since = end_of(today - datetime.timedelta(days=LOOKBACK_DAYS + 1))
    rows = (
        DisclosureItem.objects.live()
        .filter(_roots(sites), publish_date__gte=since, publish_date__lt=end_of(today))
        .filter(other_term_basis="")
        .order_by("path")
        .values("pk", "path", "title", "issuing_agency", "written_date", "publish_date")
    )
    calendar = WorkingDayCalendar()
    late = []
    for row in rows:
        written = row["written_date"]
        published = timezone.localtime(row["publish_date"]).date()
        if written is None or published <= written:
            continue
        if published <= calendar.add_working_days(written, TERM_WORKING_DAYS):
            continue
        site = by_root.get(row["path"][:HOME_LEN])
        if site is None:
            continue
        late.append(
            LateItem(
                site_id=site.pk,
                agency=row["issuing_agency"] or site.site_name,
                page_id=row["pk"],
                title=row["title"],
                written=written,
                published=published,
                working_days=calendar.working_days_between(written, published),
            )
        )
    return late


def by_agency(items: list[LateItem]) -> dict[tuple[int, str], list[LateItem]]:
    """The late items grouped per site and 发布机构, in first-seen order."""
    groups: dict[tuple[int, str], list[LateItem]] = defaultdict(list)
    for item in items:
        groups[(item.site_id, item.agency)].append(item)
    return dict(groups)


class PublicationTermCheck(Check):
    id = "disclosure_publication_term"
    title = "主动公开时限"
    indicator = "政府信息公开：主动公开时限（扣分）"
    explanation = (
        "条例第二十六条：属于主动公开范围的政府信息，应当自形成或者变更之日起20个工作日内"
        "予以公开；法律、法规对公开期限另有规定的，从其规定，须在“另行规定公开时限的依据”"
        "中写明。统计监测日前一年内发布的公开信息，按工作日历计算。"
    )
    requirements = ("R30",)
    points = 3

    def run(self, sites, today):
        found = defaultdict(list)
        for item in late_items(sites, today):
            found[item.site_id].append(item.finding)
        return {
            site.pk: CheckResult(
                Status.FAIL if found[site.pk] else Status.PASS,
                found[site.pk],
                f"超过20个工作日公开且无依据的信息{len(found[site.pk])}条。",
            )
            for site in sites
        }
