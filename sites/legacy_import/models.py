"""State of legacy imports: one record per source item (the idempotency key),
the old hostnames the cluster answers for, downloaded files and admin jobs."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from sites.private_storage import private_storage


class LegacyHost(models.Model):
    """An old site's hostname: its requests are redirected to the new site."""

    hostname = models.CharField("旧站域名", max_length=255, unique=True)
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="迁入网站",
        on_delete=models.CASCADE,
        related_name="legacy_hosts",
    )
    created_at = models.DateTimeField("添加时间", default=timezone.now)

    class Meta:
        verbose_name = "旧站域名"
        verbose_name_plural = "旧站域名"

    def __str__(self):
        return self.hostname


class ImportItem(models.Model):
    """One source item (article page, export row) and where it went."""

    class Status(models.TextChoices):
        IMPORTED = "imported", "已导入"
        UNMAPPED = "unmapped", "栏目未映射"
        FAILED = "failed", "导入失败"

    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+"
    )
    source_key = models.CharField("来源标识", max_length=500)
    old_url = models.CharField("原地址", max_length=1000, blank=True)
    title = models.CharField("标题", max_length=255, blank=True)
    old_column = models.CharField("原栏目", max_length=255, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(max_length=16, choices=Status.choices)
    fingerprint = models.CharField(max_length=64, blank=True)
    error = models.TextField("原因", blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "迁移条目"
        verbose_name_plural = "迁移条目"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "source_key"], name="legacy_item_unique_per_site"
            )
        ]

    def __str__(self):
        return self.old_url or self.source_key


class ImportedAsset(models.Model):
    """A downloaded image or attachment, so a re-run reuses it."""

    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+"
    )
    source_url = models.CharField(max_length=1000)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "source_url"], name="legacy_asset_unique_per_site"
            )
        ]

    def __str__(self):
        return self.source_url


class ImportJob(models.Model):
    """An import started from the admin (or resumed by the command)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "导入中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    class Kind(models.TextChoices):
        CRAWL = "crawl", "从旧站首页抓取"
        FOLDER = "folder", "服务器上保存的网页目录"
        EXPORT = "export", "导出文件（JSON/CSV）"

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="迁入网站",
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField("来源类型", max_length=16, choices=Kind.choices)
    source = models.CharField("来源", max_length=1000)
    base_url = models.CharField("旧站地址", max_length=1000, blank=True)
    # Uploaded exports hold unpublished material: outside MEDIA_ROOT, which the
    # web server may serve directly.
    export_file = models.FileField(
        "导出文件", upload_to="legacy_import/", blank=True, storage=private_storage
    )
    mapping = models.JSONField("栏目映射", default=dict, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField("条目总数", default=0)
    done = models.PositiveIntegerField("已处理", default=0)
    report = models.JSONField("报告", default=dict, blank=True)
    error = models.TextField("错误", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "迁移任务"
        verbose_name_plural = "迁移任务"
        ordering = ("-created_at", "-pk")

    def __str__(self):
        return f"{self.get_kind_display()}：{self.source}"

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0
