"""Admin forms for the handlers' actions on a case (one small form per action)."""

from django import forms
from django.utils import timezone

from sites.widgets import DateInput

from .application_vocabulary import Outcome, OutcomeGroup, outcome_group
from .casework import MAX_EXTENSION_DAYS
from .fees import FeeMethod
from .models import AppealKind, AppealResult


def _date_field(label):
    return forms.DateField(
        label=label, initial=timezone.localdate,
        widget=DateInput(),
    )  # fmt: skip


def grouped_outcomes():
    groups = {}
    for outcome in Outcome:
        groups.setdefault(outcome_group(outcome), []).append(
            (outcome.value, outcome.label)
        )
    return [("", "—— 请选择 ——")] + [
        (OutcomeGroup(group).label, choices) for group, choices in groups.items()
    ]


class RegisterForm(forms.Form):
    received_on = _date_field("受理确认日期")


class VoidForm(forms.Form):
    reason = forms.CharField(label="作废原因", max_length=200)


class CorrectionRequestForm(forms.Form):
    notice = forms.CharField(
        label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3})
    )
    due_on = forms.DateField(label="补正期限", widget=DateInput())


class CorrectionReceivedForm(forms.Form):
    description = forms.CharField(
        label="补正后的内容描述",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    on = _date_field("收到补正日期")


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", required=False, max_length=500)


class ExtensionForm(forms.Form):
    days = forms.IntegerField(
        label="延长工作日数", min_value=1, max_value=MAX_EXTENSION_DAYS
    )
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class ConsultationStartForm(forms.Form):
    party = forms.CharField(label="征求意见对象（第三方或其他机关）", max_length=200)
    started_on = _date_field("发出征求意见日期")


class ConsultationEndForm(forms.Form):
    ended_on = _date_field("收到意见（或期满）日期")
    note = forms.CharField(label="意见摘要", required=False, max_length=500)


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果", choices=grouped_outcomes)
    legal_reason = forms.CharField(
        label="理由和法律依据", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="予以公开以外的结果须写明理由和依据（《条例》第三十六条）。",
    )  # fmt: skip
    reply_text = forms.CharField(
        label="答复内容", widget=forms.Textarea(attrs={"rows": 5})
    )
    referred_to = forms.CharField(
        label="负责公开该信息的机关（名称和联系方式）", required=False, max_length=200,
        help_text="办理结果为“本机关不掌握相关政府信息”时，能够确定负责公开的机关的，"
        "应告知其名称和联系方式（《条例》第三十六条第五项）。",
    )  # fmt: skip
    referral_unknown = forms.BooleanField(
        label="无法确定负责公开该信息的机关", required=False
    )
    replied_on = _date_field("答复日期")


class FeeNoticeForm(forms.Form):
    method = forms.ChoiceField(label="计收方式", choices=FeeMethod.choices)
    pages = forms.IntegerField(
        label="页数（按量计收时填写）", required=False, min_value=1, max_value=1_000_000
    )
    issued_on = _date_field("发出收费通知日期")


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=AppealKind.choices)
    filed_on = _date_field("提起日期")


class AppealDecisionForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=AppealKind.choices)
    result = forms.ChoiceField(
        label="审结结果",
        choices=[c for c in AppealResult.choices if c[0] != AppealResult.PENDING],
    )
    decided_on = _date_field("审结日期")


class FeePaidForm(forms.Form):
    paid_on = _date_field("缴费日期")
