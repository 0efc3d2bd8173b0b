"""What left the public catalog, for harvesters of the open-data list."""

from django.db import models
from django.utils import timezone


class RemovalReason(models.TextChoices):
    UNPUBLISHED = "unpublished", "取消发布或撤稿"
    DELETED = "deleted", "删除"
    RESTRICTED = "restricted", "设置访问限制"


class DisclosureRemoval(models.Model):
    """An item that left the public catalog (a tombstone). ``/open-data/
    disclosure.json?since=…`` lists them, so a harvester that copies the catalog
    incrementally also drops what is gone. Public metadata only: the 索引号 was
    public while the item was."""

    index_number = models.CharField("索引号", max_length=64, db_index=True)
    # The page's tree path when it left: the list's site filter uses it.
    path = models.CharField(max_length=255)
    removed_at = models.DateTimeField("移除时间", default=timezone.now, db_index=True)
    reason = models.CharField("原因", max_length=16, choices=RemovalReason.choices)

    class Meta:
        verbose_name = "已移除的公开信息"
        verbose_name_plural = verbose_name
        ordering = ["removed_at", "pk"]

    def __str__(self):
        return f"{self.index_number}（{self.get_reason_display()}）"
