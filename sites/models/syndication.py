"""信息报送: a site submits one of its published articles to another site's column.

Nothing is copied: an accepted submission makes the receiving column list the
original page, which keeps its provenance and follows every later edit or
withdrawal of the original.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", "待处理"
    ACCEPTED = "accepted", "已采用"
    DECLINED = "declined", "未采用"


class Submission(models.Model):
    article = models.ForeignKey(
        "sites.ArticlePage", verbose_name="报送稿件", on_delete=models.CASCADE,
        related_name="submissions",
    )  # fmt: skip
    source_site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="报送单位",
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_column = models.ForeignKey(
        "sites.ColumnPage", verbose_name="报送栏目", on_delete=models.CASCADE,
        related_name="submissions",
    )  # fmt: skip
    target_site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="接收网站",
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=10, choices=SubmissionStatus.choices,
        default=SubmissionStatus.PENDING, db_index=True,
    )  # fmt: skip
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    submitted_at = models.DateTimeField("报送时间", default=timezone.now, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    publish_at = models.DateTimeField("采用后发布时间", null=True, blank=True)
    decline_reason = models.CharField("未采用原因", max_length=255, blank=True)

    class Meta:
        verbose_name = "信息报送"
        verbose_name_plural = "信息报送"
        ordering = ("-submitted_at",)
        constraints = [
            models.UniqueConstraint(
                fields=["article", "target_column"],
                condition=models.Q(status__in=["pending", "accepted"]),
                name="one_open_submission_per_article_and_column",
            )
        ]

    def __str__(self):
        return f"{self.article.title} → {self.target_column.title}"
