"""政府信息公开工作年度报告 (Art. 49–50; the 2021 format, REQUIREMENTS §3.6, §4).

``AnnualReport`` is the working copy an agency generates from its records and
edits in the admin; ``AnnualReportPage`` is what the public reads in the site's
政府信息公开年报 column: a copy taken when the report is published, so later
edits show only after publishing again.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, HelpPanel

from disclosure.annual_report.format import SECTION_HEADINGS, grids
from sites.models import ArticlePage


def processing_fee_sentence(amount) -> str:
    """The report's sentence on 信息处理费 (Art. 42): on the page and in the admin."""
    amount = Decimal(amount or 0)
    if amount <= 0:
        return "本年度未收取政府信息公开信息处理费。"
    return f"本年度依据《政府信息公开信息处理费管理办法》收取信息处理费{amount:.2f}元。"


class AnnualReport(models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="报告机关", on_delete=models.PROTECT,
        related_name="disclosure_annual_reports",
    )  # fmt: skip
    year = models.PositiveSmallIntegerField("报告年度")
    tables = models.JSONField(
        "统计表", default=dict, editable=False,
        help_text="生成时从办理记录、公开目录和复议诉讼记录统计的表一至表三。",
    )  # fmt: skip

    # Table 1 rows (五)(六)(八): typed in; (五) and (六) are filled from the 双公示
    # records by ``generate`` when the site keeps them (approvals.statistics).
    licensing_decisions = models.PositiveIntegerField(
        "行政许可：本年处理决定数量", default=0
    )
    penalty_decisions = models.PositiveIntegerField(
        "行政处罚：本年处理决定数量", default=0
    )
    enforcement_decisions = models.PositiveIntegerField(
        "行政强制：本年处理决定数量", default=0
    )
    fees_amount = models.DecimalField(
        "行政事业性收费：本年收费金额（万元）", max_digits=14, decimal_places=4,
        default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))],
    )  # fmt: skip

    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    processing_fee = models.DecimalField(
        "本年收取信息处理费（元）", max_digits=12, decimal_places=2,
        default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))],
    )  # fmt: skip

    generated_at = models.DateTimeField("生成时间", default=timezone.now)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    page = models.ForeignKey(
        "disclosure.AnnualReportPage", verbose_name="公开页面", null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "site_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "year"], name="one_annual_report_per_site_year"
            )
        ]
        permissions = [
            ("view_all_annual_reports", "查看全部政府信息公开工作年度报告（只读）")
        ]

    def __str__(self):
        return f"{self.site.site_name}{self.year}年政府信息公开工作年度报告"

    def save(self, *args, **kwargs):
        # The snapshot always holds the complete tables: the typed-in rows of
        # Table 1 are copied into it, so checks, page and export read one source.
        if self.tables:
            self.tables.setdefault("table1", {}).update(self.manual_table1())
        super().save(*args, **kwargs)

    @property
    def title(self) -> str:
        return str(self)

    def manual_table1(self) -> dict:
        return {
            "licensing": self.licensing_decisions,
            "penalty": self.penalty_decisions,
            "enforcement": self.enforcement_decisions,
            # "3.5", not "3.5000": the figure as a person would write it.
            "fees": f"{Decimal(self.fees_amount or 0).normalize():f}",
        }


class AnnualReportPage(ArticlePage):
    """The published report; listed in the 年报 column like any article."""

    year = models.PositiveSmallIntegerField("报告年度")
    agency = models.CharField("报告机关", max_length=100)
    tables = models.JSONField("统计表", default=dict)
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    processing_fee = models.DecimalField(
        "本年收取信息处理费（元）", max_digits=12, decimal_places=2, default=0
    )

    parent_page_types = ["sites.ColumnPage"]
    subpage_types = []
    # Created and updated only from the 信息公开年报 admin, never typed in here:
    # the figures must come from the records (R48).
    is_creatable = False

    content_panels = [
        FieldPanel("title"),
        HelpPanel(
            content=(
                "<p>年度报告的内容和统计表在“信息公开年报”中生成和修改，"
                "在那里重新发布后本页更新。</p>"
            ),
            heading="说明",
        ),
    ]

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = SECTION_HEADINGS
        context["table1"], context["table2"], context["table3"] = grids(self.tables)
        return context

    @property
    def processing_fee_sentence(self) -> str:
        return processing_fee_sentence(self.processing_fee)
