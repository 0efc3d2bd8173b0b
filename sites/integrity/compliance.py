"""The dashboard's 防篡改 check: a page or file changed behind the platform.

《政府网站与政务新媒体检查指标》 vetoes a site that does not deal with an attack such
as altered content in time (安全事故). An alarm not restored is a failure; one the
platform restored itself within the window is a warning for the supervisor.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from ..compliance.base import Check, CheckResult, Finding, Indicator, Status
from .models import TamperAlarm

WINDOW_DAYS = 30


class TamperCheck(Check):
    id = "tamper_alarms"
    title = "网页防篡改"
    indicator = "安全防护：内容被篡改未及时有效处置（单项否决）"
    explanation = (
        "平台在每次发布时记录页面和文件的哈希，定时任务 check_integrity 重新生成并比对。"
        "存储内容或文件被绕过平台修改时自动恢复；页面输出与发布时不同而无法自动恢复的，"
        "须核查服务器上的模板、静态文件和程序，处置后重新发布该页面。"
    )
    requirements = ("R77",)
    kind = Indicator.VETO

    def run(self, sites, today: datetime.date) -> dict[int, CheckResult]:
        since = timezone.now() - datetime.timedelta(days=WINDOW_DAYS)
        alarms: dict[int, list[TamperAlarm]] = {}
        for alarm in TamperAlarm.objects.filter(
            detected_at__gte=since, site__in=sites
        ).order_by("-detected_at"):
            alarms.setdefault(alarm.site_id, []).append(alarm)
        url = reverse("integrity_alarms")
        results = {}
        for site in sites:
            found = alarms.get(site.pk, [])
            open_ = [a for a in found if not a.restored]
            findings = [
                Finding(
                    f"{a.get_kind_display()}：{a.url}",
                    url,
                    f"{timezone.localtime(a.detected_at):%Y-%m-%d %H:%M} "
                    f"{'已自动恢复' if a.restored else '未恢复'}；"
                    f"发布时 {a.expected_sha256[:16]}…，检测到 {a.found_sha256[:16]}…",
                )
                for a in found
            ]
            if open_:
                results[site.pk] = CheckResult(
                    Status.FAIL, findings, f"{len(open_)} 处篡改尚未恢复。"
                )
            elif found:
                results[site.pk] = CheckResult(
                    Status.WARN,
                    findings,
                    f"近{WINDOW_DAYS}天 {len(found)} 处篡改已自动恢复。",
                )
            else:
                results[site.pk] = CheckResult(Status.PASS, [], "未发现篡改。")
        return results
