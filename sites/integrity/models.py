"""What the platform published (hash per URL and file) and what it found changed."""

from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    PAGE = "page", "页面"
    DOCUMENT = "document", "文件"
    FILE = "file", "静态文件"


class PublishedHash(models.Model):
    """The sha256 of what the public receives at one address, as last published."""

    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="网站", null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )  # fmt: skip
    # Documents are served on every host: their host is "".
    host = models.CharField("主机名", max_length=255, blank=True)
    path = models.CharField("路径", max_length=1024)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("字节数", default=0)
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    # The page's published revision the hash was taken from (the source).
    revision_id = models.PositiveBigIntegerField("来源版本", null=True, blank=True)
    # The page's stored content at publication (field -> value as text): what a
    # change behind the platform's back is compared with and restored from.
    content = models.JSONField("内容快照", default=dict, blank=True)
    content_sha256 = models.CharField(max_length=64, blank=True)
    # A legitimate change that may alter this address was signalled since (a
    # publish elsewhere on the site, a setting every page shows): the next check
    # re-records instead of alarming, once the stored content is verified.
    stale = models.BooleanField(default=False)
    # The page cache's generations of the site when recorded: a change they saw
    # (e.g. an app's comment approved under a consultation) also makes it stale.
    generation = models.CharField(max_length=40, blank=True)
    # HMAC (key derived from SECRET_KEY, which is not in the database) over the
    # address and both hashes: whoever can write the database cannot make a
    # forged record match.
    signature = models.CharField(max_length=64, blank=True)
    # When the served page was last rendered and compared (oldest go first).
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "发布哈希"
        verbose_name_plural = "发布哈希"
        constraints = [
            models.UniqueConstraint(fields=["host", "path"], name="integrity_url")
        ]
        indexes = [models.Index(fields=["site", "kind"])]

    def __str__(self):
        return self.url

    def save(self, *args, **kwargs):
        self.signature = self.expected_signature()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "signature"}
        super().save(*args, **kwargs)

    @property
    def url(self) -> str:
        return f"//{self.host}{self.path}" if self.host else self.path

    def expected_signature(self) -> str:
        from django.utils.crypto import salted_hmac

        message = "\n".join(
            (self.kind, self.host, self.path, self.sha256, self.content_sha256)
        )
        return salted_hmac("integrity.published-hash", message).hexdigest()


class AlarmKind(models.TextChoices):
    RECORD = "record", "防篡改记录被改动"
    CONTENT = "content", "页面存储内容被修改"
    SERVED = "served", "页面输出与发布时不一致"
    DOCUMENT = "document", "文件被修改"


class TamperAlarm(models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="网站", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    kind = models.CharField("类型", max_length=10, choices=AlarmKind.choices)
    url = models.CharField("地址", max_length=1300)
    expected_sha256 = models.CharField("发布时哈希", max_length=64)
    found_sha256 = models.CharField("检测到的哈希", max_length=64)
    detail = models.TextField("说明", blank=True)
    detected_at = models.DateTimeField("发现时间", default=timezone.now, db_index=True)
    restored = models.BooleanField("已恢复", default=False)
    restored_at = models.DateTimeField("恢复时间", null=True, blank=True)

    class Meta:
        verbose_name = "篡改告警"
        verbose_name_plural = "篡改告警"
        ordering = ["-detected_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.url}"
