"""R1: the 网站标识码's first 6 digits are a GB/T 2260 division code to the
prefecture/county level, and lie within the parent site's division.

The shipped list covers Inner Mongolia only (``sites/divisions.py``); a code of
another province is 未监测 here. Fictional codes such as the demo's 北疆市
(159900) pass only when the cluster declares them in 集群设置.
"""

from __future__ import annotations

from ..divisions import division_problems, known_divisions
from ..models import ClusterSettings, SiteProfile
from .base import Check, CheckResult, Finding, Status
from .core_checks import profile_url


class SiteCodeDivisionCheck(Check):
    id = "site_code_division"
    title = "网站标识码行政区划"
    indicator = "网站标识码：行政区划代码（扣分）"
    explanation = (
        "地方政府网站的网站标识码前6位须为有效的 GB/T 2260 行政区划代码（核对到地市、旗县级），"
        "且在上级网站的行政区划之内。平台收录内蒙古自治区的行政区划代码；演示或本地使用的补充代码"
        "须由集群管理员在“集群设置 → 补充行政区划代码”中声明。"
    )
    requirements = ("R1",)
    points = 2

    def run(self, sites, today):
        divisions = known_divisions(ClusterSettings.load().local_divisions)
        profiles = {
            p.site_id: p
            for p in SiteProfile.objects.filter(
                site__in=[s.pk for s in sites]
            ).select_related("parent")
        }
        results = {}
        for site in sites:
            profile = profiles.get(site.pk)
            code = profile.code if profile else ""
            parent = profile.parent if profile else None
            problems = division_problems(
                code, parent.code if parent else None, divisions
            )
            if problems is None:
                results[site.pk] = CheckResult(
                    Status.UNMONITORED,
                    [],
                    f"网站标识码 {code}：平台只收录内蒙古自治区的区划代码，本项未核对到地市级。",
                )
            elif problems:
                results[site.pk] = CheckResult(
                    Status.FAIL,
                    [Finding(p, profile_url(site), "网站信息") for p in problems],
                    "；".join(problems) + "。",
                )
            else:
                shown = divisions.get(code[:6])
                results[site.pk] = CheckResult(
                    Status.PASS,
                    [],
                    f"网站标识码 {code} 的行政区划为 {code[:6]}（{shown.name}）。"
                    if shown
                    else f"网站标识码 {code} 为国务院部门网站标识码。",
                )
        return results
