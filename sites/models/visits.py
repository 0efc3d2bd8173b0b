"""Visit statistics per site and day (R72), without third-party trackers.

Only counts are kept: no address, no user agent, no cookie. See
``sites.visits`` for how requests are counted.
"""

from django.db import models


class SiteVisitDay(models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="网站",
        on_delete=models.CASCADE,
        related_name="visit_days",
    )
    day = models.DateField("日期")
    page_views = models.PositiveIntegerField("访问量（次）", default=0)
    unique_visitors = models.PositiveIntegerField("独立用户（个）", default=0)

    class Meta:
        verbose_name = "网站访问统计"
        verbose_name_plural = "网站访问统计"
        ordering = ("-day", "site_id")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day"], name="one_visit_row_per_site_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site_id} {self.day}: {self.page_views}/{self.unique_visitors}"


class VisitDayClosed(models.Model):
    """A day whose visits were counted from a source, so that running the
    count again (a re-read access log, a second flush) never adds them twice."""

    day = models.DateField("日期")
    source = models.CharField("来源", max_length=20)  # "spool" | "access_log"
    closed_at = models.DateTimeField("统计时间", auto_now_add=True)

    class Meta:
        verbose_name = "已统计日期"
        verbose_name_plural = "已统计日期"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "source"], name="one_close_per_day_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} ({self.source})"
