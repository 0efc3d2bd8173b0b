"""撤稿: a withdrawn page leaves a public notice or a redirect, never a bare 404."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class WithdrawalReason(models.TextChoices):
    ERROR = "error", "错误发布"
    EXPIRED = "expired", "已过期"
    MERGED = "merged", "已合并"
    ABOLISHED = "abolished", "已废止"


class Withdrawal(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="页面",
        on_delete=models.CASCADE,
        related_name="+",
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="网站",
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The public path at the time of withdrawal, relative to the site root.
    path = models.CharField("地址", max_length=1024, db_index=True)
    title = models.CharField("标题", max_length=255)
    reason = models.CharField(
        "撤稿原因", max_length=16, choices=WithdrawalReason.choices
    )
    note = models.TextField("说明", blank=True)
    replacement = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="替代页面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField("撤稿时间", default=timezone.now)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "撤稿记录"
        verbose_name_plural = "撤稿记录"
        ordering = ("-withdrawn_at",)

    def __str__(self):
        return f"{self.title}（{self.get_reason_display()}）"
