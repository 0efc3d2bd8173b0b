"""What a site's administrator still has to fill in (待完善事项).

Shown on the site's overview after 创建站点 and on the site administrator's
工作台, so that a new site does not stay half-filled. Fixed number of queries
(three) whatever the size of the site.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import Substr
from django.urls import reverse

from ..compliance.core_checks import footer_gaps, profile_url
from ..models import ArticlePage, ColumnPage, SiteProfile
from .tree import children_q, descendants_q


@dataclass(frozen=True)
class ChecklistItem:
    title: str
    url: str
    done: bool


def site_checklist(site) -> list[ChecklistItem]:
    profile = SiteProfile.objects.filter(site=site).first()
    settings_url = profile_url(site)
    gaps = footer_gaps(site, profile)
    items = [
        ChecklistItem(
            "页面底部标识（主办单位、联系方式、备案号、网站标识码）"
            + (f"：{'；'.join(gaps)}" if gaps else ""),
            settings_url,
            not gaps,
        ),
        ChecklistItem("网站标志", settings_url, bool(profile and profile.logo_id)),
        ChecklistItem(
            "机构代码（生成信息公开索引号）",
            settings_url,
            bool(profile and profile.org_code),
        ),
    ]
    home = site.root_page
    columns = list(
        ColumnPage.objects.filter(children_q(home))
        .live()
        .in_menu()
        .filter(layout="list")
        .only("title", "path")
    )
    prefix = (home.depth + 1) * home.steplen
    counts = dict(
        ArticlePage.objects.live()
        .filter(descendants_q(home.path))
        .annotate(column_path=Substr("path", 1, prefix))
        .values("column_path")
        .annotate(n=Count("pk"))
        .values_list("column_path", "n")
    )
    for column in columns:
        items.append(
            ChecklistItem(
                f"栏目“{column.title}”发布第一条信息",
                reverse("wagtailadmin_explore", args=[column.pk]),
                bool(counts.get(column.path)),
            )
        )
    return items
