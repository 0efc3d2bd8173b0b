"""Admin forms of the cluster core."""

from django import forms

from .isolation import own_subtrees_q
from .models import SiteKind, SiteProfile, ThemeVariant, WithdrawalReason

# What every page footer of a government site must show (R1, R4, R5): asked when
# the site is created, so that it is born compliant.
FOOTER_FIELDS = ("operator", "address", "postcode", "phone", "email", "icp_number",
                 "psb_number", "party_gov_mark_id")  # fmt: skip
REQUIRED_FOOTER_FIELDS = ("address", "phone", "icp_number", "psb_number",
                          "party_gov_mark_id")  # fmt: skip
LOGO_MAX_BYTES = 2 * 1024 * 1024


class CreateSiteForm(forms.Form):
    """The cluster admin's form for ``create_site`` (same rules as the command)."""

    code = forms.CharField(
        label="网站标识码", max_length=10, help_text="例如 1506270001"
    )
    name = forms.CharField(
        label="网站名称", max_length=100, help_text="例如 准格尔旗人民政府"
    )
    hostname = forms.CharField(
        label="域名", max_length=253, help_text="例如 zgeq.example.gov.cn"
    )
    kind = forms.ChoiceField(label="网站类型", choices=SiteKind.choices)
    parent = forms.ModelChoiceField(
        label="上级网站",
        queryset=SiteProfile.objects.none(),
        required=False,
        empty_label="（无）",
    )
    sponsor = forms.CharField(
        label="主办单位",
        max_length=100,
        required=False,
        help_text="留空则与网站名称相同",
    )
    port = forms.IntegerField(
        label="端口", required=False, min_value=1, max_value=65535
    )
    theme_variant = forms.ChoiceField(
        label="主题配色", choices=ThemeVariant.choices, initial=ThemeVariant.BLUE
    )
    logo = forms.ImageField(
        label="网站标志",
        required=False,
        help_text="PNG或JPG图片，不超过2MB；留空则只显示网站名称。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = (
            SiteProfile.objects.exclude(code=None)
            .select_related("site")
            .order_by("code")
        )
        # The footer items, with the profile's own labels, help and length limits.
        for name in FOOTER_FIELDS:
            field = SiteProfile._meta.get_field(name).formfield()
            field.required = name in REQUIRED_FOOTER_FIELDS
            if field.required:
                field.error_messages["required"] = f"请填写{field.label}。"
            self.fields[name] = field
        self.fields["icp_number"].help_text = "例如 蒙ICP备05990001号-1"
        self.fields["psb_number"].help_text = "例如 蒙公网安备 15990202000001号"
        self.order_fields(
            [
                "code",
                "name",
                "hostname",
                "kind",
                "parent",
                "sponsor",
                *FOOTER_FIELDS,
                "theme_variant",
                "logo",
                "port",
            ]  # fmt: skip
        )

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError("网站标志图片不能超过2MB。")
        return logo

    def profile(self) -> dict:
        """The site profile's fields as entered (for ``SiteSpec.profile``)."""
        data = self.cleaned_data
        return {
            **{name: data[name] for name in FOOTER_FIELDS},
            "theme_variant": data["theme_variant"],
        }

    def add_provisioning_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            field = "parent" if name == "parent_code" else name
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class WithdrawForm(forms.Form):
    """撤稿: the reason is required; 已合并 needs the page it was merged into."""

    reason = forms.ChoiceField(
        label="撤稿原因",
        choices=[("", "请选择"), *WithdrawalReason.choices],
        error_messages={"required": "请选择撤稿原因。"},
    )
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    replacement = forms.IntegerField(
        label="替代页面编号",
        required=False,
        help_text="原因为“已合并”时填写合并后页面的编号，公众访问原地址将跳转到该页面。",
    )

    def __init__(self, *args, page, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.page, self.user = page, user

    def clean_replacement(self):
        from wagtail.models import Page

        pk = self.cleaned_data.get("replacement")
        if pk is None:
            return None
        # Only a live page of a site the user works on: never reveal another
        # site's page ids through this form.

        replacement = (
            Page.objects.live().filter(own_subtrees_q(self.user), pk=pk).first()
        )
        if replacement is None or replacement.pk == self.page.pk:
            raise forms.ValidationError(
                "找不到可用的替代页面：请填写本网站另一个已发布页面的编号。"
            )
        return replacement

    def clean(self):
        data = super().clean()
        if data.get("reason") == WithdrawalReason.MERGED and not data.get(
            "replacement"
        ):
            self.add_error("replacement", "原因为“已合并”时需要填写合并后的页面。")
        return data
