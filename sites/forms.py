"""Admin forms of the cluster core."""

from django import forms

from .models import SiteKind, SiteProfile


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = (
            SiteProfile.objects.exclude(code=None)
            .select_related("site")
            .order_by("code")
        )

    def add_provisioning_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            field = "parent" if name == "parent_code" else name
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
