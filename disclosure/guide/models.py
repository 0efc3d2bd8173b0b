"""政府信息公开指南 (Art. 12, REQUIREMENTS §3.3, R24): one structured page per agency."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from sites.blocks import RICH_TEXT_FEATURES
from sites.models.pages import TITLE_PANELS, StandardColumnItemPage
from sites.page_forms import ClusterPageForm


class DisclosureGuideForm(ClusterPageForm):
    def save(self, commit=True):
        # Whoever saves the guide in the editor has reviewed the generated text.
        self.instance.generated_default = False
        return super().save(commit=commit)


class DisclosureGuidePage(StandardColumnItemPage):
    classification = RichTextField(
        "政府信息的分类", features=RICH_TEXT_FEATURES,
        help_text="本机关公开的政府信息分为哪些类别（栏目、主题）。",
    )  # fmt: skip
    arrangement = RichTextField(
        "编排体系", features=RICH_TEXT_FEATURES,
        help_text="公开目录的编排方式：索引号、信息名称、内容概述、生成日期等。",
    )  # fmt: skip
    proactive_access = RichTextField(
        "获取方式：主动公开", features=RICH_TEXT_FEATURES,
        help_text="主动公开的渠道：政府网站、政府公报、公开查阅点等。",
    )  # fmt: skip
    request_access = RichTextField(
        "获取方式：依申请公开", features=RICH_TEXT_FEATURES,
        help_text="申请的提出、受理、答复程序和期限，在线申请与查询的入口。",
    )  # fmt: skip

    office_name = models.CharField("政府信息公开工作机构名称", max_length=100)
    office_address = models.CharField("办公地址", max_length=200)
    office_hours = models.CharField(
        "办公时间", max_length=200,
        default="工作日上午8:30—12:00，下午14:30—18:00（法定节假日除外）",
    )  # fmt: skip
    phone = models.CharField("联系电话", max_length=60)
    fax = models.CharField("传真号码", max_length=60, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    website = models.URLField("网址", blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    supervisor_body = models.CharField(
        "监督机关", max_length=200,
        help_text="受理投诉、举报的上一级行政机关或政府信息公开工作主管部门。",
    )  # fmt: skip
    supervision = RichTextField(
        "监督和救济", features=RICH_TEXT_FEATURES,
        help_text="投诉、举报，申请行政复议、提起行政诉讼的权利。",
    )  # fmt: skip
    generated_default = models.BooleanField(
        "系统生成的默认文本", default=False, editable=False,
        help_text="由系统按网站信息生成、尚未经本机关修改审定。",
    )  # fmt: skip

    column_slug = "gkzn"
    max_count_per_parent = 1
    base_form_class = DisclosureGuideForm

    search_fields = Page.search_fields + [
        index.SearchField("classification"),
        index.SearchField("request_access"),
    ]

    content_panels = TITLE_PANELS + [
        MultiFieldPanel(
            [FieldPanel("classification"), FieldPanel("arrangement")],
            heading="政府信息的分类与编排体系",
        ),
        MultiFieldPanel(
            [FieldPanel("proactive_access"), FieldPanel("request_access")],
            heading="获取方式",
        ),
        MultiFieldPanel(
            [
                FieldPanel("office_name"),
                FieldPanel("office_address"),
                FieldPanel("office_hours"),
                FieldPanel("phone"),
                FieldPanel("fax"),
                FieldPanel("email"),
                FieldPanel("website"),
                FieldPanel("postcode"),
            ],
            heading="政府信息公开工作机构",
        ),
        MultiFieldPanel(
            [FieldPanel("supervisor_body"), FieldPanel("supervision")],
            heading="监督和救济",
        ),
    ]

    class Meta:
        verbose_name = "政府信息公开指南"
        verbose_name_plural = "政府信息公开指南"

    @property
    def updated_on(self):
        """更新日期: when the guide was last published (R24 freshness)."""
        return self.last_published_at or self.latest_revision_created_at
