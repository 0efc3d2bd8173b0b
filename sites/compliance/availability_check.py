"""The ``availability`` check and the 30-day chart data (R11, R14, R15).

R11: a home page failing in ≥ 5 % of a day's probes is the veto 站点无法访问;
the day judged is the check's day, or the day before when the check's day has
no probe yet (a run at 02:00 judges the whole of yesterday). A 7-day share
approaching the threshold, an expiring certificate (< 30 days), missing HTTPS,
HSTS, HTTP→HTTPS redirect or IPv6, and failing sample columns are warnings.
A site with no probe in those two days is 未监测, neither green nor red.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..models import AvailabilityProbe, TransportProbe
from .base import Check, CheckResult, Finding, Indicator, Status

DAY = datetime.timedelta(days=1)
CHART_DAYS = 30
CHART_HEIGHT = 60
MAX_FAILED_FINDINGS = 20


def _setting(name, default):
    return getattr(settings, name, default)


def daily_counts(site_ids, first: datetime.date, last: datetime.date):
    """{site_id: {day: (probes, failed)}} of home-page probes (one query)."""
    counts: dict[int, dict[datetime.date, tuple[int, int]]] = defaultdict(dict)
    rows = (
        AvailabilityProbe.objects.filter(
            site_id__in=site_ids,
            is_home=True,
            probed_at__date__gte=first,
            probed_at__date__lte=last,
        )
        .annotate(day=TruncDate("probed_at"))
        .values("site_id", "day")
        .annotate(total=Count("pk"), failed=Count("pk", filter=Q(ok=False)))
        .order_by()
    )
    for row in rows:
        counts[row["site_id"]][row["day"]] = (row["total"], row["failed"])
    return counts


def share(total: int, failed: int) -> float:
    return failed / total if total else 0.0


def chart(site_id: int, today: datetime.date) -> list[dict]:
    """The last 30 days of one site, oldest first, for the dashboard's chart."""
    first = today - (CHART_DAYS - 1) * DAY
    counts = daily_counts([site_id], first, today).get(site_id, {})
    veto = float(_setting("AVAILABILITY_VETO_SHARE", 0.05))
    days = []
    for n in range(CHART_DAYS):
        day = first + n * DAY
        total, failed = counts.get(day, (0, 0))
        value = share(total, failed)
        # Bar geometry of the chart (60 units tall = a 20 % failure share or more).
        height = 4 if not total else max(4, min(value, 0.2) / 0.2 * CHART_HEIGHT)
        days.append(
            {
                "x": n * 10,
                "y": round(CHART_HEIGHT - height, 1),
                "height": round(height, 1),
                "day": day,
                "total": total,
                "failed": failed,
                "percent": round(value * 100, 1),
                "state": "none" if not total else "fail" if value >= veto else "ok",
            }
        )
    return days


def _latest_transport(site_ids, since):
    latest = {}
    for probe in TransportProbe.objects.filter(
        site_id__in=site_ids, probed_at__gte=since
    ).order_by("site_id", "-probed_at"):
        latest.setdefault(probe.site_id, probe)
    return latest


def transport_warnings(probe: TransportProbe | None) -> list[str]:
    if probe is None or not probe.measured:
        return []
    warnings = []
    if probe.https_error or not probe.https_ok:
        warnings.append(probe.https_error or "HTTPS不可用")  # R15
    else:
        days = probe.cert_days_left
        if days is not None and days < int(_setting("AVAILABILITY_CERT_WARN_DAYS", 30)):
            warnings.append(f"证书{days}天后到期")  # R15
        if not probe.hsts:
            warnings.append("HTTPS响应未设置HSTS（Strict-Transport-Security）")
        if not probe.http_redirects:
            warnings.append("HTTP访问未跳转到HTTPS")
    if not probe.ipv6:
        warnings.append("域名没有IPv6地址（AAAA记录），不支持IPv6访问")  # R14
    return warnings


class AvailabilityCheck(Check):
    id = "availability"
    title = "站点可访问性"
    indicator = "站点无法访问（单项否决）"
    explanation = (
        "监测程序（probe_sites）每天对首页和抽样栏目探测至少20次（超时15秒，IPv4和IPv6），"
        "一天内首页无法访问的次数占比达到5%即单项否决；近7天占比接近5%、"
        "证书30天内到期、未启用HTTPS或HSTS、HTTP未跳转HTTPS、不支持IPv6列为预警。"
        "尚无探测数据的网站为“未监测”。"
    )
    requirements = ("R11", "R14", "R15")
    kind = Indicator.VETO

    def run(self, sites, today):
        ids = [s.pk for s in sites]
        by_pk = {s.pk: s for s in sites}
        veto = float(_setting("AVAILABILITY_VETO_SHARE", 0.05))
        warn = float(_setting("AVAILABILITY_WARN_SHARE", 0.04))
        counts = daily_counts(ids, today - 6 * DAY, today)
        judged = {}
        for pk in ids:
            day = today if today in counts[pk] else today - DAY
            if day in counts[pk]:
                judged[pk] = day
        failed_rows = defaultdict(list)
        for probe in (
            AvailabilityProbe.objects.filter(
                site_id__in=ids, ok=False, probed_at__date__gte=today - DAY
            )
            .order_by("site_id", "-probed_at")
            .only("site_id", "url", "is_home", "family", "error", "probed_at")
        ):
            failed_rows[probe.site_id].append(probe)
        transport = _latest_transport(
            ids,
            timezone.make_aware(
                datetime.datetime.combine(today - DAY, datetime.time())
            ),
        )
        results = {}
        for pk in ids:
            day = judged.get(pk)
            if day is None:
                results[pk] = CheckResult(
                    Status.UNMONITORED, [], "未监测：近两天没有可用性探测数据。"
                )
                continue
            total, failed = counts[pk][day]
            week_total = sum(t for t, _ in counts[pk].values())
            week_failed = sum(f for _, f in counts[pk].values())
            day_share = share(total, failed)
            week_share = share(week_total, week_failed)
            site = by_pk[pk]
            findings = [
                Finding(
                    ("首页" if p.is_home else "栏目")
                    + f"无法访问（{p.get_family_display()}）",
                    p.url,
                    f"{p.probed_at:%Y-%m-%d %H:%M}：{p.error}",
                )
                for p in failed_rows[pk]
                if not p.is_home or timezone.localtime(p.probed_at).date() == day
            ][:MAX_FAILED_FINDINGS]
            warnings = transport_warnings(transport.get(pk))
            findings += [Finding(w, site.root_url + "/", "传输安全") for w in warnings]
            summary = (
                f"{day:%Y-%m-%d}首页探测{total}次，失败{failed}次（{day_share:.1%}）；"
                f"近7天失败率{week_share:.1%}。"
            )
            if day_share >= veto:  # R11: veto threshold ≥ 5 %
                status = Status.FAIL
            elif (
                week_share >= warn
                or warnings
                or any(not p.is_home for p in failed_rows[pk])
            ):
                status = Status.WARN
            else:
                status = Status.PASS
            if warnings:
                summary += "；".join(warnings) + "。"
            results[pk] = CheckResult(status, findings, summary)
        return results


def availability_checks() -> list[Check]:
    return [AvailabilityCheck()]
