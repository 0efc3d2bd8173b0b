"""Admin forms for the handlers' actions on a case (one small form per action)."""

from django import forms
from django.utils import timezone

from disclosure.applications.case_terms import Outcome, OutcomeGroup, outcome_group
from disclosure.applications.casework import MAX_EXTENSION_DAYS
from disclosure.applications.fees import FeeMethod
from disclosure.models import AppealKind, AppealResult
from sites.uploads import FileKind, MultipleFileField, check_kind, clean_files
from sites.widgets import DateInput


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


# Documents an office sends with a reply.
_ZIP = (b"PK\x03\x04",)
REPLY_ATTACHMENT_TYPES = [
    FileKind(frozenset({".pdf"}), "application/pdf", (b"%PDF-",)),
    FileKind(frozenset({".ofd"}), "application/ofd", _ZIP),
    FileKind(
        frozenset({".docx"}),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ZIP,
    ),
    FileKind(
        frozenset({".xlsx"}),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ZIP,
    ),
    FileKind(frozenset({".jpg", ".jpeg"}), "image/jpeg", (b"\xff\xd8\xff",)),
    FileKind(frozenset({".png"}), "image/png", (b"\x89PNG\r\n\x1a\n",)),
]
REPLY_ATTACHMENT_ACCEPT = ",".join(
    sorted(e for kind in REPLY_ATTACHMENT_TYPES for e in kind.extensions)
)
MAX_REPLY_ATTACHMENTS = 5
MAX_REPLY_ATTACHMENT_SIZE = 20 * 1024 * 1024


def check_reply_attachment(upload) -> str:
    """The content type of an acceptable document; ValidationError in Chinese otherwise."""
    return check_kind(
        upload,
        REPLY_ATTACHMENT_TYPES,
        max_size=MAX_REPLY_ATTACHMENT_SIZE,
        shrink="压缩或分拆",
        accepted="PDF、OFD、DOCX、XLSX 文件和 JPG、PNG 图片",
    ).content_type


class ReplyDraftForm(ReplyForm):
    """The clerk's reply, submitted for 审核签发; the reply date is the day of 签发."""

    attachments = MultipleFileField(
        label="答复附件（本机关提供的材料，可选）", required=False,
        accept=REPLY_ATTACHMENT_ACCEPT,
        help_text=f"最多{MAX_REPLY_ATTACHMENTS}个，每个不超过20MB；"
        "随答复告知书一并提供给申请人。",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["replied_on"]

    def clean_attachments(self):
        return clean_files(
            self.cleaned_data["attachments"],
            MAX_REPLY_ATTACHMENTS,
            lambda upload: (upload, check_reply_attachment(upload)),
        )


class SignOffForm(forms.Form):
    comment = forms.CharField(
        label="审核意见（可选）", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class ReturnReplyForm(forms.Form):
    comment = forms.CharField(
        label="退回意见", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写明需要修改的内容，承办人据此修改后重新提交。",
    )  # fmt: skip


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
