"""Outages of a service the cluster depends on, for the cluster admin (issue 16 item 1).

The fail-soft Redis cache keeps the sites up when Redis is unreachable (pages
uncached, sessions from the database); what it cannot do alone is tell anyone.
The first process that sees the outage opens a row, the first that sees Redis
answer again closes it; the admin home page of the cluster's administrators
shows open outages and those of the last day.
"""

from django.db import models
from django.utils import timezone


class ServiceOutage(models.Model):
    service = models.CharField("服务", max_length=40)
    started_at = models.DateTimeField("开始时间", default=timezone.now)
    ended_at = models.DateTimeField("恢复时间", null=True, blank=True)
    detail = models.CharField("说明", max_length=255, blank=True)

    class Meta:
        verbose_name = "服务中断告警"
        verbose_name_plural = "服务中断告警"
        indexes = [models.Index(fields=["service", "ended_at"])]

    def __str__(self):
        return f"{self.service} {self.started_at:%Y-%m-%d %H:%M}"
