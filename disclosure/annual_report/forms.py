"""Admin forms of the annual report: choosing agency and year, editing the text."""

from django import forms

from disclosure.annual_report.building import allowed_years
from disclosure.models import AnnualReport


class GenerateForm(forms.Form):
    site = forms.TypedChoiceField(
        label="报告机关", coerce=int,
        error_messages={"invalid_choice": "请选择您负责的网站。", "required": "请选择报告机关。"},
    )  # fmt: skip
    year = forms.TypedChoiceField(
        label="报告年度", coerce=int,
        error_messages={"invalid_choice": "请选择2021年以来的年度。", "required": "请选择报告年度。"},
    )  # fmt: skip

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [(s.pk, s.site_name) for s in sites]
        years = allowed_years()
        self.fields["year"].choices = [(y, f"{y}年") for y in years]
        # Reports are written early in the following year, about the year before.
        self.fields["year"].initial = years[1] if len(years) > 1 else years[0]


class ReportEditForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = [
            "overview",
            "licensing_decisions",
            "penalty_decisions",
            "enforcement_decisions",
            "fees_amount",
            "problems",
            "other_matters",
        ]
        widgets = {
            "overview": forms.Textarea(attrs={"rows": 8}),
            "problems": forms.Textarea(attrs={"rows": 6}),
            "other_matters": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "overview": "综述主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况。每段一行。",
            "licensing_decisions": "本网站已导入双公示记录的，生成或重新生成报告时按决定日期自动统计（不含已撤销的决定）；否则请手工填写。",
            "penalty_decisions": "本网站已导入双公示记录的，生成或重新生成报告时按决定日期自动统计（不含已撤销的决定）；否则请手工填写。",
            "enforcement_decisions": "待双公示模块上线后将自动统计，目前请手工填写。",
            "fees_amount": "以万元为单位，最多四位小数；目前请手工填写。",
            "other_matters": "人大代表建议和政协提案办理、年度工作要点落实等其他事项。",
        }
