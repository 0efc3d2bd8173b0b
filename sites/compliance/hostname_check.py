"""R2: every site's host is under ``.gov.cn`` (or ``.政务``), a department or
banner site's host under its parent portal's registrable domain.

The demo exemption is explicit: hosts ending in one of
``COMPLIANCE_HOSTNAME_EXEMPT_SUFFIXES`` (default ``.localhost``, RFC 6761, never
a public name) pass with a summary that says they were exempted.
"""

from __future__ import annotations

from django.conf import settings

from ..models import SiteProfile
from .base import Check, CheckResult, Finding, Status
from .core_checks import profile_url
from .domains import registrable_domain

GOV_SUFFIXES = (".gov.cn", ".政务", ".xn--zfr164b")


def hostname_problems(host: str, parent_host: str | None) -> list[str]:
    host = host.lower()
    problems = []
    if not host.endswith(GOV_SUFFIXES):
        problems.append(f"域名 {host} 不是 .gov.cn 或 .政务 域名")
    if parent_host:
        parent = registrable_domain(parent_host)
        if not host.endswith("." + parent):
            problems.append(f"域名 {host} 不在上级网站的域名 {parent} 之下")
    return problems


class HostnameCheck(Check):
    id = "hostname"
    title = "网站域名"
    indicator = "网站域名规范（扣分）"
    explanation = (
        "政府网站须使用 .gov.cn 或 .政务 域名；部门和下级网站的域名须为上级门户网站域名的下级域名"
        "（如 xxx.<上级>.gov.cn）。演示环境的 .localhost 主机名不检查，并在结果中注明。"
    )
    requirements = ("R2",)
    points = 2

    def run(self, sites, today):
        exempt = tuple(
            getattr(settings, "COMPLIANCE_HOSTNAME_EXEMPT_SUFFIXES", (".localhost",))
        )
        profiles = {
            p.site_id: p
            for p in SiteProfile.objects.filter(
                site__in=[s.pk for s in sites]
            ).select_related("parent__site")
        }
        results = {}
        for site in sites:
            host = site.hostname.lower()
            if exempt and (
                host.endswith(exempt) or host in {s.lstrip(".") for s in exempt}
            ):
                results[site.pk] = CheckResult(
                    Status.PASS,
                    [],
                    f"演示环境主机名 {host}，按设置豁免，未检查 .gov.cn 域名（R2）。",
                )
                continue
            profile = profiles.get(site.pk)
            parent = profile.parent if profile else None
            problems = hostname_problems(host, parent.site.hostname if parent else None)
            results[site.pk] = CheckResult(
                Status.FAIL if problems else Status.PASS,
                [Finding(p, profile_url(site), "网站域名") for p in problems],
                "；".join(problems) + "。" if problems else f"域名 {host} 符合要求。",
            )
        return results
