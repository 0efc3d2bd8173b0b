"""Records of the publishing path that auditors ask for (issue 13, R22, R76).

紧急发布 (emergency publication outside the review workflow) and 发布日期更正
(a corrected publication date) are rare, deliberate acts: each keeps who, when
and the typed reason, and the supervisors' dashboard lists them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class EmergencyPublication(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="页面",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="网站",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    title = models.CharField("标题", max_length=255)
    revision_id = models.PositiveIntegerField("版本号", null=True)
    reason = models.TextField("紧急发布理由")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", default=timezone.now)

    class Meta:
        verbose_name = "紧急发布记录"
        verbose_name_plural = "紧急发布记录"
        ordering = ("-published_at", "-pk")
        permissions = [("emergency_publish", "可紧急发布（不经审核流程，须填写理由）")]

    def __str__(self):
        return f"{self.title}（紧急发布）"


class DateSource(models.TextChoices):
    PLATFORM = "platform", "平台记录的首次发布时间"
    IMPORTED = "imported", "历史导入（原发布日期）"
    CORRECTED = "corrected", "已更正（见页面历史）"


class DateCorrection(models.Model):
    """One audited change of an article's 发布日期, with the reason."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="页面",
        on_delete=models.CASCADE,
        related_name="+",
    )
    old_date = models.DateTimeField("原发布日期")
    new_date = models.DateTimeField("更正后的发布日期")
    reason = models.TextField("更正理由")
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    corrected_at = models.DateTimeField("更正时间", default=timezone.now)

    class Meta:
        verbose_name = "发布日期更正"
        verbose_name_plural = "发布日期更正"
        ordering = ("-corrected_at", "-pk")

    def __str__(self):
        return f"{self.old_date:%Y-%m-%d} → {self.new_date:%Y-%m-%d}"
