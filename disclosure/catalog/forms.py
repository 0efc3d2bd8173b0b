"""Admin form for disclosure items."""

from django import forms

from disclosure.catalog.agency_codes import agency_code_for_path
from disclosure.catalog.metadata_terms import SUBTOPIC_CHOICES, subtopic_problem
from sites.page_forms import ClusterPageForm

MISSING_AGENCY_CODE = (
    "本网站未设置有效的机构代码（18位统一社会信用代码或9位组织机构代码），"
    "发布后无法生成索引号：请站点管理员先在“网站信息”中填写。"
)


class DisclosureItemForm(ClusterPageForm):
    """Refuses to publish where no 索引号 could be generated (R25, R26); the
    二级分类 is chosen from the standard list (R27)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "subtopic" in self.fields:
            self.fields["subtopic"] = self._subtopic_field()

    def _subtopic_field(self) -> forms.ChoiceField:
        choices = [("", "（不选）")] + SUBTOPIC_CHOICES
        instance = self.instance
        current = ""
        if instance.pk and instance.subtopic:
            current = f"{instance.topic}\\{instance.subtopic}"
            if not any(
                current == value for _, group in SUBTOPIC_CHOICES for value, _ in group
            ):
                # A free-text value from before R27: shown, never silently dropped.
                choices.insert(1, (current, f"{current}（不在规范列表中，请重新选择）"))
        return forms.ChoiceField(
            label="二级分类",
            choices=choices,
            required=False,
            initial=current,
            help_text="按国务院政策文件库主题分类选择，须属于上面选择的主题分类。",
        )

    def clean_subtopic(self):
        return self.cleaned_data.get("subtopic") or ""

    def clean(self):
        cleaned_data = super().clean()
        self._clean_subtopic(cleaned_data)
        publishing = "action-publish" in self.data
        if publishing and not self._agency_code():
            raise forms.ValidationError(MISSING_AGENCY_CODE)
        return cleaned_data

    def _clean_subtopic(self, cleaned_data) -> None:
        if "subtopic" not in self.fields:
            return
        value = cleaned_data.get("subtopic") or ""
        topic = cleaned_data.get("topic") or ""
        head, _, child = value.partition("\\")
        if value and head != topic:
            self.add_error(
                "subtopic",
                f"二级分类“{child or value}”不属于主题分类“{topic}”，请重新选择。",
            )
        elif child and subtopic_problem(topic, child):
            self.add_error(
                "subtopic", subtopic_problem(topic, child) + "，请重新选择。"
            )
        else:
            cleaned_data["subtopic"] = child

    def _agency_code(self) -> str:
        page = self.parent_page if self.instance.pk is None else self.instance
        return agency_code_for_path(page.path if page is not None else "")
