"""Availability and transport probes (R11, R14, R15) and crawls (R7, R8, R12) of
the cluster's own sites.

``manage.py probe_sites`` stores one :class:`AvailabilityProbe` per fetched URL
and address family, and one :class:`TransportProbe` per site and round (HTTPS,
certificate, HSTS, HTTP→HTTPS). The ``availability`` compliance check only reads
them, so the dashboard never waits for the network.
"""

from __future__ import annotations

from django.db import models


class AddressFamily(models.TextChoices):
    IPV4 = "ipv4", "IPv4"
    IPV6 = "ipv6", "IPv6"


class AvailabilityProbe(models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+"
    )
    probed_at = models.DateTimeField("探测时间", db_index=True)
    url = models.CharField("地址", max_length=500)
    is_home = models.BooleanField("首页", default=False)
    family = models.CharField("协议", max_length=4, choices=AddressFamily.choices)
    ok = models.BooleanField("可访问")
    status_code = models.PositiveIntegerField("状态码", null=True, blank=True)
    error = models.CharField("错误", max_length=255, blank=True)
    elapsed_ms = models.PositiveIntegerField("耗时（毫秒）", default=0)

    class Meta:
        verbose_name = "可用性探测"
        verbose_name_plural = "可用性探测"
        indexes = [models.Index(fields=["site", "probed_at"])]

    def __str__(self):
        return f"{self.url} {self.family} {'正常' if self.ok else '失败'}"


class TransportProbe(models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+"
    )
    probed_at = models.DateTimeField("探测时间", db_index=True)
    # False for a site served on a bare port or pinned to an address (the demo,
    # a test server): HTTPS and IPv6 are then not measured, so not judged.
    measured = models.BooleanField("已检测", default=True)
    ipv6 = models.BooleanField("有IPv6地址（AAAA）", default=False)
    https_ok = models.BooleanField("HTTPS可用", default=False)
    https_error = models.CharField("HTTPS错误", max_length=255, blank=True)
    cert_days_left = models.IntegerField("证书剩余天数", null=True, blank=True)
    hsts = models.BooleanField("HSTS", default=False)
    http_redirects = models.BooleanField("HTTP跳转HTTPS", default=False)

    class Meta:
        verbose_name = "传输安全探测"
        verbose_name_plural = "传输安全探测"
        indexes = [models.Index(fields=["site", "probed_at"])]

    def __str__(self):
        return f"{self.site_id} {self.probed_at:%Y-%m-%d %H:%M}"


class SiteCrawl(models.Model):
    """One crawl of a site as an inspector's crawler sees it (R6–R8, R12, R13):
    the offending URLs found, kept for the ``crawl`` check."""

    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+"
    )
    crawled_at = models.DateTimeField("爬取时间", db_index=True)
    pages = models.PositiveIntegerField("页面数", default=0)
    links = models.PositiveIntegerField("链接数", default=0)
    findings = models.JSONField("问题", default=list)
    # [[url, kind], ...]: what was crawled, kind being the meta tags expected.
    crawled = models.JSONField("爬取页面", default=list)

    class Meta:
        verbose_name = "爬取记录"
        verbose_name_plural = "爬取记录"

    def __str__(self):
        return f"{self.site_id} {self.crawled_at:%Y-%m-%d %H:%M}"
