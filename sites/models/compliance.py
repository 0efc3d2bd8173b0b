"""Stored compliance runs (网站监管, issue #7, REQUIREMENTS §2).

Every run is kept, so supervisors compare runs and see each site's trend: a run,
one score per site, one outcome per site and check (with its offending items),
plus the external-link results the background link checker records.
"""

import hashlib

from django.conf import settings
from django.db import models

from ..compliance.base import STATUS_LABELS


class RunTrigger(models.TextChoices):
    MANUAL = "manual", "手动检查"
    SCHEDULE = "schedule", "定时检查"


class Verdict(models.TextChoices):
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class ComplianceRun(models.Model):
    started_at = models.DateTimeField("开始时间", auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    monitored_on = models.DateField("监测日期")
    trigger = models.CharField(
        "触发方式", max_length=10, choices=RunTrigger.choices, default=RunTrigger.MANUAL
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    site_count = models.PositiveIntegerField("网站数", default=0)
    check_count = models.PositiveIntegerField("检查项数", default=0)

    class Meta:
        verbose_name = "监管检查"
        verbose_name_plural = "监管检查"
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_trigger_display()}"

    @property
    def started_by_label(self) -> str:
        if self.trigger == RunTrigger.SCHEDULE:
            return "定时任务"
        return self.started_by.get_username() if self.started_by else "—"


class SiteScore(models.Model):
    run = models.ForeignKey(
        ComplianceRun, on_delete=models.CASCADE, related_name="scores"
    )
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+"
    )
    # The name at the time of the run: a renamed site still reads as it was judged.
    site_name = models.CharField("网站名称", max_length=255)
    score = models.IntegerField("得分")
    verdict = models.CharField("结论", max_length=4, choices=Verdict.choices)
    veto_count = models.PositiveIntegerField("单项否决项", default=0)
    deductions = models.PositiveIntegerField("扣分", default=0)
    fail_count = models.PositiveIntegerField("不合格项", default=0)
    warn_count = models.PositiveIntegerField("预警项", default=0)

    class Meta:
        verbose_name = "网站得分"
        verbose_name_plural = "网站得分"
        constraints = [
            models.UniqueConstraint(
                fields=["run", "site"], name="one_score_per_run_site"
            )
        ]

    def __str__(self):
        return f"{self.site_name}：{self.score}分（{self.get_verdict_display()}）"


class CheckOutcome(models.Model):
    run = models.ForeignKey(
        ComplianceRun, on_delete=models.CASCADE, related_name="outcomes"
    )
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+"
    )
    check_id = models.CharField("检查项", max_length=64)
    title = models.CharField("检查项名称", max_length=100)
    indicator = models.CharField("对应指标", max_length=100, blank=True)
    kind = models.CharField("指标类型", max_length=10)
    status = models.CharField("结果", max_length=10)
    summary = models.CharField("说明", max_length=500, blank=True)
    deduction = models.PositiveIntegerField("扣分", default=0)
    finding_count = models.PositiveIntegerField("问题数", default=0)
    # [{"title": …, "url": …, "detail": …}, …]
    findings = models.JSONField("问题明细", default=list, blank=True)

    class Meta:
        verbose_name = "检查结果"
        verbose_name_plural = "检查结果"
        indexes = [models.Index(fields=["run", "site"])]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "site", "check_id"],
                name="one_outcome_per_run_site_check",
            )
        ]

    def __str__(self):
        return f"{self.title}：{self.status_label}"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, "")


def url_digest(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


class ExternalLink(models.Model):
    """One external URL found on the cluster's live pages, with its last probe."""

    url = models.TextField("链接地址")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    host = models.CharField("主机", max_length=255, db_index=True)
    status_code = models.PositiveIntegerField("状态码", null=True, blank=True)
    ok = models.BooleanField("可访问", null=True)
    error = models.CharField("错误", max_length=255, blank=True)
    checked_at = models.DateTimeField("检测时间", null=True, blank=True)
    elapsed_ms = models.PositiveIntegerField("耗时（毫秒）", null=True, blank=True)

    class Meta:
        verbose_name = "外部链接"
        verbose_name_plural = "外部链接"

    def __str__(self):
        return self.url

    def save(self, *args, **kwargs):
        self.digest = url_digest(self.url)
        super().save(*args, **kwargs)


class ExternalLinkUse(models.Model):
    """Where an external link appears: a live page of a site."""

    link = models.ForeignKey(
        ExternalLink, on_delete=models.CASCADE, related_name="uses"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = "外部链接位置"
        verbose_name_plural = "外部链接位置"
        constraints = [
            models.UniqueConstraint(
                fields=["link", "page"], name="one_use_per_link_page"
            )
        ]

    def __str__(self):
        return f"{self.link_id}@{self.page_id}"


class WebsiteReport(models.Model):
    """政府网站工作年度报表 of one site for one year (国办函〔2018〕12号, R50, R72)."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="网站",
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("报表年度")
    # Field key → value; see sites.compliance.website_report.FIELDS.
    data = models.JSONField("报表数据", default=dict, blank=True)
    computed_at = models.DateTimeField("统计时间", null=True, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "政府网站工作年度报表"
        verbose_name_plural = "政府网站工作年度报表"
        ordering = ["-year", "site_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "year"], name="one_website_report_per_site_year"
            )
        ]

    def __str__(self):
        return f"{self.data.get('site_name') or self.site_id} {self.year}年政府网站工作年度报表"
