"""Demo content of the 基层政务公开标准目录: each banner's catalogue columns get
an item recent enough for every window, so that the fresh demo passes its own
check. Runs before the other disclosure demo content, which notes still-empty
columns as empty."""

from __future__ import annotations

import datetime

from django.utils import timezone

from disclosure.catalog.standard.services import (
    catalogue_sites,
    entries_with_state,
    seed_catalogue,
)
from disclosure.models import DisclosureItem
from sites.models import ColumnPage, DateSource

DEMO_ITEMS = {
    "czyjs": ("{name}2026年政府预算和部门预算公开", 40),
    "shjz": ("{name}2026年第四季度最低生活保障对象公示", 10),
    "msbz": ("{name}2026年义务教育招生入学工作方案", 30),
}


def seed_demo_catalogue(sites: dict, stdout=None) -> int:
    created = 0
    today = timezone.localdate()
    for site in catalogue_sites(list(sites.values())):
        seed_catalogue(site)
        overdue = {
            c.slug
            for e in entries_with_state([site], today)
            if e.overdue
            for c in e.columns.all().only("slug")
        }
        for slug in sorted(overdue):
            title, days_ago = DEMO_ITEMS.get(slug, ("{name}公开事项信息", 5))
            title = title.format(name=site.site_name)
            column = (
                ColumnPage.objects.descendant_of(site.root_page)
                .filter(slug=slug)
                .first()
            )
            if column is None:
                continue
            day = today - datetime.timedelta(days=days_ago)
            published = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(9, 30))
            )
            item = DisclosureItem(
                title=title,
                summary=f"按基层政务公开标准目录公开：{title}。",
                body=[("paragraph", f"<p>{title}（演示数据）。</p>")],
                issuing_agency=site.site_name,
                written_date=day - datetime.timedelta(days=2),
                source=site.site_name,
                publish_date=published,
                first_published_at=published,
                date_source=DateSource.IMPORTED,  # demo history (R22)
                live=False,
            )
            column.add_child(instance=item)
            item.save_revision().publish()
            created += 1
    if stdout is not None:
        stdout.write(f"基层政务公开标准目录：新增演示信息 {created} 条。")
    return created
