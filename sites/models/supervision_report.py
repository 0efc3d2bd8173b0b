"""政府网站监管年度报表 of the supervising office (R51, 国办函〔2018〕12号)."""

from django.conf import settings
from django.db import models


class SupervisionReport(models.Model):
    year = models.PositiveSmallIntegerField("报表年度", unique=True)
    # Field key → value; see sites.compliance.supervision_report.FIELDS.
    data = models.JSONField("报表数据", default=dict, blank=True)
    computed_at = models.DateTimeField("统计时间", null=True, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = "政府网站监管年度报表"
        verbose_name_plural = "政府网站监管年度报表"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度政府网站监管年度报表"
