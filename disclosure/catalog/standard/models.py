"""The 基层政务公开标准目录 of a banner (旗县) site: its 公开事项 (R34)."""

from django.db import models


class CatalogueEntry(models.Model):
    """One 公开事项 with the fields R34 lists, linked to the columns holding
    its content."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="网站", on_delete=models.CASCADE,
        related_name="catalogue_entries",
    )  # fmt: skip
    domain = models.CharField("领域（一级事项）", max_length=40)
    name = models.CharField("事项名称（二级事项）", max_length=80)
    content = models.CharField("公开内容", max_length=200)
    basis = models.CharField("公开依据", max_length=200)
    time_limit = models.CharField("公开时限", max_length=100)
    window_days = models.PositiveSmallIntegerField(
        "监测周期（天）", default=0,
        help_text="关联栏目在此天数内须有新发布的信息；0 表示长期公开，栏目内有信息即可。",
    )  # fmt: skip
    subject = models.CharField("公开主体", max_length=100)
    channels = models.CharField("公开渠道和载体", max_length=100)
    audience = models.CharField("公开对象", max_length=40, default="全社会")
    manner = models.CharField("公开方式", max_length=20, default="主动公开")
    level = models.CharField("公开层级", max_length=40, default="旗县级")
    columns = models.ManyToManyField(
        "sites.ColumnPage", verbose_name="内容所在栏目", blank=True, related_name="+"
    )
    active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "公开事项"
        verbose_name_plural = "基层政务公开标准目录"
        ordering = ("site_id", "sort_order", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "domain", "name"], name="one_catalogue_entry_per_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.domain}/{self.name}"
