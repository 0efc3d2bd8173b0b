"""R24: each site's 政府信息公开指南 is complete (Art. 12) and fresh.

Freshness is judged by the guide's latest publication (``updated_on``), not its
first: a guide reviewed and re-published this year is fresh.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from wagtail.models import Page

from disclosure.guide.services import MISSING
from disclosure.models import DisclosureGuidePage
from sites.compliance.base import Check, CheckResult, Finding, Status
from sites.compliance.core_checks import edit_url, local_day

# (label, fields of which one must be filled) — Art. 12 and R24.
REQUIRED = (
    ("政府信息的分类", ("classification",)),
    ("编排体系", ("arrangement",)),
    ("获取方式", ("proactive_access", "request_access")),
    ("工作机构名称", ("office_name",)),
    ("办公地址", ("office_address",)),
    ("办公时间", ("office_hours",)),
    ("联系电话", ("phone",)),
    ("传真号码", ("fax",)),
    ("互联网联系方式（电子邮箱或网址）", ("email", "website")),
)


def _filled(value) -> bool:
    text = str(value or "").replace("<p>", "").replace("</p>", "").strip()
    return bool(text) and text != MISSING  # the default guide's placeholder


def missing_parts(guide) -> list[str]:
    return [
        label
        for label, fields in REQUIRED
        if not any(_filled(getattr(guide, f)) for f in fields)
    ]


class GuideCheck(Check):
    id = "disclosure_guide"
    title = "政府信息公开指南"
    indicator = "政务公开：公开指南完整并及时更新（扣分）"
    explanation = (
        "公开指南须写明政府信息的分类、编排体系、获取方式和工作机构的名称、办公地址、办公时间、"
        "联系电话、传真号码、互联网联系方式（条例第十二条），并在12个月内更新发布（以最近一次发布为准）。"
    )
    requirements = ("R24",)
    points = 2

    def run(self, sites, today):
        stale_days = int(getattr(settings, "DISCLOSURE_GUIDE_STALE_DAYS", 365))
        roots = Q(pk__in=[])
        for site in sites:
            roots |= Q(path__startswith=site.root_page.path)
        guides = defaultdict(list)
        step = Page.steplen * 2
        for guide in DisclosureGuidePage.objects.live().filter(roots).order_by("path"):
            guides[guide.path[:step]].append(guide)
        results = {}
        for site in sites:
            found = guides.get(site.root_page.path, [])
            if not found:
                results[site.pk] = CheckResult(
                    Status.FAIL,
                    [Finding("未发布政府信息公开指南", site.root_url + "/")],
                    "未发布政府信息公开指南。",
                )
                continue
            findings = []
            for guide in found:
                url = edit_url(guide.pk)
                missing = missing_parts(guide)
                if missing:
                    findings.append(
                        Finding(guide.title, url, "缺少：" + "、".join(missing))
                    )
                updated = local_day(guide.updated_on)
                if updated is None or (today - updated).days > stale_days:  # R24
                    shown = f"{updated:%Y-%m-%d}" if updated else "从未发布"
                    findings.append(
                        Finding(
                            guide.title, url, f"超过12个月未更新（最近发布{shown}）"
                        )
                    )
            results[site.pk] = CheckResult(
                Status.FAIL if findings else Status.PASS,
                findings,
                "；".join(f.detail for f in findings) + "。"
                if findings
                else "公开指南完整且一年内更新。",
            )
        return results
