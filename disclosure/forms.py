"""Admin form for disclosure items."""

from django import forms

from sites.page_forms import ClusterPageForm

from .validators import AGENCY_CODE_RE

MISSING_AGENCY_CODE = (
    "本网站未设置有效的机构代码（18位统一社会信用代码或9位组织机构代码），"
    "发布后无法生成索引号：请站点管理员先在“网站信息”中填写。"
)


class DisclosureItemForm(ClusterPageForm):
    """Refuses to publish where no 索引号 could be generated (R25, R26)."""

    def clean(self):
        cleaned_data = super().clean()
        publishing = "action-publish" in self.data
        if publishing and not self._agency_code():
            raise forms.ValidationError(MISSING_AGENCY_CODE)
        return cleaned_data

    def _agency_code(self) -> str:
        from sites.models import SiteProfile

        page = self.parent_page if self.instance.pk is None else self.instance
        if page is None or not page.path:
            return ""
        profile = SiteProfile.objects.filter(
            site__root_page__path=page.path[: page.steplen * 2]
        ).first()
        code = (profile.org_code if profile else "") or ""
        return code if AGENCY_CODE_RE.match(code) else ""
