"""Admin form for disclosure items."""

from django import forms

from sites.page_forms import ClusterPageForm

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
        from .models.items import agency_code_for_path

        page = self.parent_page if self.instance.pk is None else self.instance
        return agency_code_for_path(page.path if page is not None else "")
