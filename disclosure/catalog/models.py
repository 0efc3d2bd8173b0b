"""Disclosure items (主动公开信息) with the statutory metadata (REQUIREMENTS §5, R25–R32)."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from disclosure.catalog.agency_codes import agency_code_for_path
from disclosure.catalog.forms import DisclosureItemForm
from disclosure.catalog.metadata_terms import (
    GENRE_CHOICES,
    TOPIC_CHOICES,
    DocumentKind,
    Validity,
)
from disclosure.validators import validate_document_number
from sites.models import ArticlePage, ColumnLayout, ColumnPage, ColumnType


class IndexSequence(models.Model):
    """The last 索引号 sequence used per agency and period (allocated under a row lock).

    The period is a year, a month of a year ({yyyymm} formats, see index_format),
    or 0/0 for a format whose sequence never restarts.
    """

    agency_code = models.CharField("机构代码", max_length=18)
    year = models.PositiveSmallIntegerField("年份")
    month = models.PositiveSmallIntegerField("月份", default=0)
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "索引号序列"
        verbose_name_plural = "索引号序列"
        constraints = [
            models.UniqueConstraint(
                fields=["agency_code", "year", "month"],
                name="one_sequence_per_agency_period",
            )
        ]

    def __str__(self):
        period = f"{self.year}-{self.month:02d}" if self.month else f"{self.year}"
        return f"{self.agency_code}/{period}: {self.last}"


class DisclosureItem(ArticlePage):
    """An article of the disclosure catalog; it is an ArticlePage, so column lists,
    the portal aggregation and 信息报送 include it unchanged."""

    # A copy is a new document: it gets its own 索引号 when first published.
    exclude_fields_in_copy = ["index_number"]

    index_number = models.CharField(
        "索引号", max_length=64, unique=True, null=True, blank=True, editable=False,
        help_text="首次发布时自动生成，之后不再改变。",
    )  # fmt: skip
    topic = models.CharField(
        "主题分类", max_length=40, choices=TOPIC_CHOICES, default="综合政务"
    )
    subtopic = models.CharField(
        "二级分类", max_length=40, blank=True,
        help_text="国务院政策文件库主题分类的二级分类（R27），须属于所选主题分类。",
    )  # fmt: skip
    genre = models.CharField(
        "体裁（文种）", max_length=10, choices=GENRE_CHOICES, default="通知"
    )
    document_kind = models.CharField(
        "文件类别", max_length=12, choices=DocumentKind.choices,
        default=DocumentKind.OTHER, db_index=True,
        help_text="规章和行政规范性文件计入政府信息公开工作年度报告表一的制发、废止和现行有效件数。",
    )  # fmt: skip
    issuing_agency = models.CharField("发布机构", max_length=100)
    written_date = models.DateField("成文日期")
    other_term_basis = models.CharField(
        "另行规定公开时限的依据", max_length=200, blank=True,
        help_text="条例第二十六条：自形成或变更之日起20个工作日内公开；法律、法规对公开期限"
        "另有规定的，填写该规定（法律法规名称及条款），本条不再按20个工作日监测。",
    )  # fmt: skip
    document_number = models.CharField(
        "文号", max_length=60, blank=True, validators=[validate_document_number]
    )
    validity = models.CharField(
        "有效性", max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    effective_date = models.DateField("实施日期", null=True, blank=True)
    abolished_date = models.DateField("废止日期", null=True, blank=True)
    replaced_by = models.ForeignKey(
        "wagtailcore.Page", verbose_name="替代文件", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    interprets = models.ForeignKey(
        "self", verbose_name="解读的政策文件", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="interpretations",
        help_text="本条为政策解读时，选择被解读的政策文件；两边页面会互相链接。",
    )  # fmt: skip

    parent_page_types = ["sites.ColumnPage"]
    subpage_types = []

    base_form_class = DisclosureItemForm

    @classmethod
    def belongs_in(cls, column) -> bool:
        """公开信息 go in the list columns of 政府信息公开 (not its 年报) and of
        政策文件/解读, where 索引号 and 文号 are expected."""
        return (
            isinstance(column, ColumnPage)
            and column.layout == ColumnLayout.LIST
            and column.column_type
            in (ColumnType.DISCLOSURE, ColumnType.POLICY, ColumnType.INTERPRETATION)
            and column.slug != "gknb"
        )

    content_panels = ArticlePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("topic"),
                FieldPanel("subtopic"),
                FieldPanel("genre"),
                FieldPanel("document_kind"),
                FieldPanel("issuing_agency"),
                FieldPanel("written_date"),
                FieldPanel("other_term_basis"),
                FieldPanel("document_number"),
            ],
            heading="公开目录信息",
        ),
        MultiFieldPanel(
            [
                FieldPanel("validity"),
                FieldPanel("effective_date"),
                FieldPanel("abolished_date"),
                FieldPanel("replaced_by"),
            ],
            heading="有效性",
        ),
        FieldPanel("interprets"),
    ]

    class Meta:
        verbose_name = "公开信息"
        verbose_name_plural = "公开信息"

    def clean(self):
        super().clean()
        errors = {}
        if self.validity == Validity.ABOLISHED and not self.abolished_date:
            errors["abolished_date"] = "已废止的文件需要填写废止日期。"  # R29
        if self.interprets_id and self.interprets_id == self.pk:
            errors["interprets"] = "不能解读本文件自身。"
        if errors:
            raise ValidationError(errors)

    def agency_code(self) -> str:
        return agency_code_for_path(self.path)

    def with_content_json(self, content):
        """Publishing an older revision must never change or drop the 索引号."""
        obj = super().with_content_json(content)
        obj.index_number = self.index_number
        return obj

    @property
    def topic_path(self) -> str:
        return f"{self.topic}\\{self.subtopic}" if self.subtopic else self.topic

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["interpretations"] = list(
            self.interpretations.live().public().order_by("-publish_date")
        )
        return context
