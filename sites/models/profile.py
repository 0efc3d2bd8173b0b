"""What every government site must declare (REQUIREMENTS §1.3–1.4, R1–R4)."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import (
    BaseGenericSetting,
    BaseSiteSetting,
    register_setting,
)

from ..divisions import parse_local_divisions
from ..page_forms import SiteProfileForm
from ..site_lookup import model_copy, per_generation
from ..validators import (
    psb_record_code,
    validate_icp_number,
    validate_psb_number,
    validate_site_code,
)


class SiteKind(models.TextChoices):
    PORTAL = "portal", "政府门户网站"
    DEPARTMENT = "department", "部门网站"
    BANNER = "banner", "旗县区网站"
    TOPIC = "topic", "专题网站"


class ThemeVariant(models.TextChoices):
    RED = "red", "党政红"
    BLUE = "blue", "政务蓝"
    GREEN = "green", "草原绿"


@register_setting(icon="site", name="site-profile")
class SiteProfile(BaseSiteSetting):
    """The identity of one site of the cluster: one row per Wagtail ``Site``.

    Code, kind and parent shape the cluster's hierarchy and are set when the
    site is created; only cluster administrators may change them afterwards.
    """

    code = models.CharField(
        "网站标识码",
        max_length=10,
        unique=True,
        null=True,
        validators=[validate_site_code],
        help_text="10位：6位行政区划代码+4位顺序号，国务院部门为bm+8位数字。",
    )
    kind = models.CharField(
        "网站类型", max_length=16, choices=SiteKind.choices, default=SiteKind.DEPARTMENT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级网站",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sponsor = models.CharField("主办单位", max_length=100, blank=True)
    operator = models.CharField(
        "承办单位", max_length=100, blank=True, help_text="可选，例如“XX办公室”。"
    )
    org_code = models.CharField(
        "机构代码",
        max_length=18,
        blank=True,
        help_text="18位统一社会信用代码或9位组织机构代码，用于生成信息公开索引号。",
    )
    address = models.CharField("联系地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    icp_number = models.CharField(
        "ICP备案号", max_length=40, blank=True, validators=[validate_icp_number]
    )
    psb_number = models.CharField(
        "公安机关备案号", max_length=40, blank=True, validators=[validate_psb_number]
    )
    show_party_gov_mark = models.BooleanField("显示党政机关网站标识", default=True)
    party_gov_mark_id = models.CharField(
        "党政机关网站标识编号",
        max_length=64,
        blank=True,
        help_text="中央编办核发的标识编号，用于链接到标识查询页面。",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="网站标志",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    theme_variant = models.CharField(
        "主题配色",
        max_length=16,
        choices=ThemeVariant.choices,
        default=ThemeVariant.RED,
    )

    # 蒙古文版 (issue #21 item 2): set by sites.services.mongolian_version.enable_mongolian;
    # pages of other sites read nothing more for the language switcher.
    mongolian_version = models.BooleanField("蒙古文版", default=False, editable=False)

    base_form_class = SiteProfileForm
    # Every public page shows the site's name and logo: read them with the profile.
    select_related = ["site", "logo"]

    @classmethod
    def for_request(cls, request):
        """Wagtail's ``for_request``, read once per site generation in each
        process (sites/site_lookup.py): saving a profile, its site or an image
        moves the cluster's generation."""
        from wagtail.models import Site

        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = Site.find_for_request(request)
        profile = model_copy(
            per_generation(request, "site-profile", lambda: cls.for_site(site))
        )
        profile._page_url_cache = {}
        profile._request = request
        setattr(request, attr_name, profile)
        return profile

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("code", permission="sites.create_site"),
                FieldPanel("kind", permission="sites.create_site"),
                FieldPanel("parent", permission="sites.create_site"),
            ],
            heading="站群信息（仅集群管理员可修改）",
        ),
        MultiFieldPanel(
            [
                FieldPanel("sponsor"),
                FieldPanel("operator"),
                FieldPanel("org_code"),
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldPanel("phone"),
                FieldPanel("email"),
            ],
            heading="主办单位与联系方式",
        ),
        MultiFieldPanel(
            [
                FieldPanel("icp_number"),
                FieldPanel("psb_number"),
                FieldPanel("show_party_gov_mark"),
                FieldPanel("party_gov_mark_id"),
            ],
            heading="备案与标识",
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("theme_variant")], heading="外观"
        ),
    ]

    class Meta:
        verbose_name = "网站信息"
        verbose_name_plural = "网站信息"
        permissions = [("create_site", "可以按统一标准创建站点")]

    def __str__(self):
        return f"{self.site.site_name}（{self.code or '未设置标识码'}）"

    def clean(self):
        super().clean()
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError(
                    {"parent": "上级网站不能是本网站或本网站的下级网站。"}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    @property
    def psb_record_code(self) -> str:
        return psb_record_code(self.psb_number)

    @property
    def is_portal(self) -> bool:
        return self.kind == SiteKind.PORTAL


@register_setting(icon="cogs", name="cluster-settings")
class ClusterSettings(BaseGenericSetting):
    """Switches that apply to every site of the cluster at once."""

    cluster_name = models.CharField(
        "平台名称", max_length=100, default="政府网站集约化平台"
    )
    mourning_mode = models.BooleanField(
        "全站哀悼模式（灰色）",
        default=False,
        help_text="国家公祭日、重大哀悼日启用：全部站点页面显示为灰色。",
    )

    local_divisions = models.TextField(
        "补充行政区划代码",
        blank=True,
        help_text=(
            "平台收录内蒙古自治区的 GB/T 2260 行政区划代码。演示或本地使用而不在其中的代码，"
            "每行一个：“6位代码 名称 6位上级代码”，如“159900 北疆市 150000”。"
            "网站标识码的行政区划检查（R1）据此核对。"
        ),
    )

    panels = [
        FieldPanel("cluster_name"),
        FieldPanel("mourning_mode"),
        FieldPanel("local_divisions"),
    ]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        errors = parse_local_divisions(self.local_divisions)[1]
        if errors:
            raise ValidationError({"local_divisions": errors})

    @classmethod
    def load(cls, request_or_site=None):
        """Wagtail's ``load``, read once per cluster generation in each process
        for a request (saving these settings moves that generation)."""
        from django.http import HttpRequest

        if not isinstance(request_or_site, HttpRequest):
            return super().load(request_or_site)
        attr_name = cls.get_cache_attr_name()
        if hasattr(request_or_site, attr_name):
            return getattr(request_or_site, attr_name)
        found = model_copy(
            per_generation(
                request_or_site,
                "cluster-settings",
                cls._get_or_create,
                cluster_wide=True,
            )  # fmt: skip
        )
        found._page_url_cache = {}
        setattr(request_or_site, attr_name, found)
        return found

    class Meta:
        verbose_name = "集群设置"
        verbose_name_plural = "集群设置"
