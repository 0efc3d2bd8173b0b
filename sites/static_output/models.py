"""The queue of addresses whose static file must be rewritten or removed."""

from django.db import models


class StaticPageTask(models.Model):
    """One public address (host, port, path) to render again. Stored in the same
    transaction as the content change; the single writer (queue.py) works it off
    and deletes it. Holds no personal data."""

    hostname = models.CharField("域名", max_length=255)
    port = models.PositiveIntegerField("端口", default=80)
    path = models.CharField("地址", max_length=1024)
    # 0: a host's files moved away (path "*"); 1: pages that show the change
    # itself; 2: the rest of a whole-site rewrite (targets.py).
    priority = models.PositiveSmallIntegerField("优先级", default=1)
    updated_at = models.DateTimeField("入队时间", auto_now=True)
    attempts = models.PositiveIntegerField("失败次数", default=0)
    last_error = models.CharField("最近错误", max_length=200, blank=True)

    class Meta:
        verbose_name = "静态页面任务"
        verbose_name_plural = "静态页面任务"
        constraints = [
            models.UniqueConstraint(
                fields=["hostname", "port", "path"], name="one_static_task_per_url"
            )
        ]
        indexes = [models.Index(fields=["priority", "id"])]

    def __str__(self):
        return f"{self.hostname}{self.path}"
