"""Failed admin logins per account and per client address (R74; issue #13 item 5).

Kept in the database, not in a process's memory, so that every app process and
every host behind the load balancer sees the same count and the same lock.
"""

from django.db import models
from django.utils import timezone


class LoginThrottleKind(models.TextChoices):
    ACCOUNT = "account", "账号"
    ADDRESS = "address", "地址"


class LoginThrottle(models.Model):
    kind = models.CharField("类型", max_length=10, choices=LoginThrottleKind.choices)
    # The username as typed (lower-cased), or the client address.
    key = models.CharField("账号或地址", max_length=255)
    failures = models.PositiveIntegerField("连续失败次数", default=0)
    last_failure_at = models.DateTimeField("最近失败时间", null=True, blank=True)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "登录锁定"
        verbose_name_plural = "登录锁定"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key"], name="unique_login_throttle"
            )
        ]
        ordering = ["-locked_until"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key}"

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()
