"""错敏字: the cluster's list of wrong and sensitive wordings (issue 13 item 4, R78)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class ProofKind(models.TextChoices):
    LEADER = "leader", "领导姓名"
    INSTITUTION = "institution", "机构名称"
    BANNED = "banned", "禁用表述"
    TYPO = "typo", "常见错别字"


class ProofTerm(models.Model):
    """One wrong form and its correct form, maintained by the cluster admin."""

    wrong = models.CharField(
        "错误写法",
        max_length=100,
        unique=True,
        help_text="稿件中出现这段文字即提示（逐字匹配）。",
    )
    correct = models.CharField(
        "正确写法",
        max_length=100,
        blank=True,
        help_text="禁用表述可留空，在备注中写明替代说法。",
    )
    kind = models.CharField("类别", max_length=16, choices=ProofKind.choices)
    note = models.CharField("备注", max_length=255, blank=True)
    active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "错敏字词条"
        verbose_name_plural = "错敏字词条"
        ordering = ("kind", "wrong")

    def __str__(self):
        return f"{self.wrong} → {self.correct}" if self.correct else self.wrong

    def clean(self):
        self.wrong = (self.wrong or "").strip()
        self.correct = (self.correct or "").strip()
        if not self.wrong:
            raise ValidationError({"wrong": "请填写错误写法。"})
        if self.correct == self.wrong:
            raise ValidationError({"correct": "正确写法不能与错误写法相同。"})


class ProofOverride(models.Model):
    """A reviewer let a revision through despite 错敏字 hits, with a reason."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="页面",
        on_delete=models.CASCADE,
        related_name="+",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name="版本",
        on_delete=models.CASCADE,
        related_name="+",
    )
    terms = models.JSONField("放行的词条", default=list)
    reason = models.TextField("放行理由")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "错敏字放行记录"
        verbose_name_plural = "错敏字放行记录"
        ordering = ("-created_at", "-pk")

    def __str__(self):
        return f"{'、'.join(self.terms)}（{self.reason[:20]}）"
