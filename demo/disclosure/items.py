"""Demo disclosure items for the fictional 北疆市 cluster (``seed_demo``).

Everything is invented: document numbers, budgets and dates. Each demo site gets a
handful of items in its 法定主动公开内容 sub-columns, published through Wagtail so
that they receive their 索引号 like real ones. Running it again adds nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from disclosure.models import DisclosureItem
from sites.models import ColumnPage, DateSource

# Prefix of each demo site's 发文字号.
DOCUMENT_PREFIX = {
    "portal": "北政发",
    "edu": "北教发",
    "health": "北卫健发",
    "transport": "北交发",
    "env": "北环发",
    "baiyun": "白政发",
    "jinhe": "金政发",
}


@dataclass(frozen=True)
class DemoItem:
    column: str
    title: str
    summary: str
    topic: str
    subtopic: str
    genre: str
    days_ago: int
    numbered: bool = False
    interprets: str = ""  # title of the policy this item interprets


def items_for(name: str) -> list[DemoItem]:
    rules = f"《{name}行政规范性文件管理办法》"
    return [
        DemoItem("jgzn", f"{name}主要职责和内设机构",
                 f"公开{name}的机关职能、机构设置、办公地址、办公时间、联系方式和负责人姓名。",
                 "综合政务", "政务公开", "其他", 160),
        DemoItem("fgwj", f"关于印发{rules}的通知",
                 "规定规范性文件的起草、合法性审核、集体审议、公布和定期清理。",
                 "综合政务", "政务公开", "通知", 95, numbered=True),
        DemoItem("fgwj", f"{rules}政策解读",
                 f"从制定背景、主要内容和施行时间三个方面解读{rules}。",
                 "综合政务", "政务公开", "其他", 93, interprets=f"关于印发{rules}的通知"),
        DemoItem("czyjs", f"{name}2026年部门预算",
                 "公开2026年部门收支总表、财政拨款收支表和“三公”经费预算情况说明。",
                 "财政、金融、审计", "财政", "公告", 240),
        DemoItem("zfcg", f"{name}2026年下半年政府采购意向",
                 "公开下半年拟采购项目的名称、需求概况、预算金额和预计采购时间。",
                 "财政、金融、审计", "财政", "公告", 130),
        DemoItem("yjgl", f"{name}突发事件应急预案（2026年修订）",
                 "明确突发事件的分级、预警、响应程序和各方职责。",
                 "综合政务", "应急管理", "通知", 60, numbered=True),
        DemoItem("xzxk", f"{name}2026年1—10月行政许可办理情况",
                 "公示1—10月受理、办结的行政许可事项数量和办理结果。",
                 "综合政务", "政务公开", "通报", 20),
    ]  # fmt: skip


def seed_demo_items(sites: dict, stdout=None) -> int:
    """Add the demo items each demo site lacks; returns how many were created."""
    created = 0
    for key, site in sites.items():
        created += _seed_site(key, site)
        _note_empty_statutory_columns(site)
    if stdout is not None:
        stdout.write(f"新增公开信息 {created} 条。")
    return created


NO_SUCH_INFORMATION = "<p>本机关无此类信息。</p>"


def _note_empty_statutory_columns(site) -> None:
    """R31: a 法定主动公开内容 category the agency has nothing for says so."""
    statutory = ColumnPage.objects.descendant_of(site.root_page).filter(slug="fdzdgk")
    for parent in statutory:
        for column in ColumnPage.objects.child_of(parent):
            if column.get_children().exists() or len(column.body):
                continue
            column.body = [("paragraph", NO_SUCH_INFORMATION)]
            column.save_revision().publish()


@transaction.atomic
def _seed_site(key: str, site) -> int:
    home = site.root_page
    columns = {c.slug: c for c in ColumnPage.objects.descendant_of(home)}
    existing = {item.title: item for item in DisclosureItem.objects.descendant_of(home)}
    prefix = DOCUMENT_PREFIX.get(key, "北政发")
    today = timezone.localdate()
    created = 0
    for number, demo in enumerate(items_for(site.site_name), start=1):
        if demo.title in existing or demo.column not in columns:
            continue
        day = today - datetime.timedelta(days=demo.days_ago)
        published = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(9, 30))
        )
        item = DisclosureItem(
            title=demo.title,
            summary=demo.summary,
            body=[("paragraph", f"<p>{demo.summary}</p>")],
            topic=demo.topic,
            subtopic=demo.subtopic,
            genre=demo.genre,
            issuing_agency=site.site_name,
            written_date=day - datetime.timedelta(days=3),
            document_number=f"{prefix}〔{day.year}〕{number}号"
            if demo.numbered
            else "",
            effective_date=day + datetime.timedelta(days=30) if demo.numbered else None,
            interprets=existing.get(demo.interprets),
            source=site.site_name,
            publish_date=published,
            date_source=DateSource.IMPORTED,  # demo history (R22)
            first_published_at=published,  # so the 索引号 year is the publish year
            live=False,
        )
        columns[demo.column].add_child(instance=item)
        item.save_revision().publish()
        existing[item.title] = item
        created += 1
    return created
