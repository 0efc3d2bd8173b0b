"""The cluster's audit log: append-only, kept at least 180 days (R73, R75)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from .. import audit_labels

APPEND_ONLY = "审计日志只能追加，不能修改或删除。"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied(APPEND_ONLY)

    def delete(self):
        raise PermissionDenied(APPEND_ONLY)

    def purge_older_than(self, cutoff) -> int:
        """Retention only (``purge_audit_log``): remove events before ``cutoff``."""
        doomed = models.QuerySet(model=self.model, using=self.db).filter(
            timestamp__lt=cutoff
        )
        return doomed._raw_delete(doomed.db)


class AuditEvent(models.Model):
    """One administrative action: who, what, on which site and object, when, from where."""

    timestamp = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too, so the record survives the account's deletion.
    username = models.CharField("用户名", max_length=150, blank=True, db_index=True)
    action = models.CharField("操作", max_length=80, db_index=True)
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="网站",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_title = models.CharField("对象名称", max_length=255, blank=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ("-timestamp", "-pk")
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(APPEND_ONLY)

    @property
    def actor_name(self) -> str:
        return audit_labels.actor_name(self)

    @property
    def action_label(self) -> str:
        return audit_labels.action_label(self.action)
