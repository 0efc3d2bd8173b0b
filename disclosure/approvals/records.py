"""One row of an import (API, CSV or xlsx): its fields, validation and fingerprint.

The same forms validate every channel, so a row refused by the API is refused
by the upload with the same Chinese reason (REQUIREMENTS §6.1–6.2, R61–R64).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from sites.personal_data import (
    digest,
    encrypt,
    mask_id,
    mask_name,
    validate_resident_id,
    validate_uscc,
)
from sites.validators import validate_date_in_range

from ..models import (
    CaseResult,
    CaseState,
    DecisionKind,
    DecisionStatus,
    PartyType,
)
from ..validators import validate_document_number

CASE_NUMBER_RE = re.compile(r"^[0-9A-Za-z_\-/]{1,64}\Z")
ITEM_CODE_RE = re.compile(r"^[0-9A-Za-z_\-.]{0,64}\Z")
MAX_DAYS = 365
DATETIME_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
]
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"]


def _choice_field(label: str, choices, required=True, aliases=None):
    """A choice accepting the code (``natural``) or the Chinese label (自然人)."""
    lookup = {}
    for value, text in choices:
        lookup[value] = value
        lookup[str(text)] = value
    for alias, value in (aliases or {}).items():
        lookup[alias] = value

    def coerce(raw):
        if raw in ("", None):
            return ""
        try:
            return lookup[str(raw).strip()]
        except KeyError:
            accepted = "、".join(str(text) for _value, text in choices)
            raise ValidationError(f"取值“{raw}”无效，应为：{accepted}。") from None

    return forms.CharField(label=label, required=required, max_length=40), coerce


class RowForm(forms.Form):
    """Shared behaviour: coercion of choice fields, the party, the fingerprint."""

    choice_coercions: dict = {}
    #: Field names that identify the record (the idempotency key).
    key_field = ""

    def __init__(self, data, **kwargs):
        data = {key: _text(value) for key, value in (data or {}).items()}
        super().__init__(data, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                # Year 1 or 9999 overflows in the deadline arithmetic.
                field.validators = [*field.validators, validate_date_in_range]

    def clean(self):
        cleaned = super().clean()
        for name, coerce in self.choice_coercions.items():
            if name in cleaned:
                try:
                    cleaned[name] = coerce(cleaned[name])
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def _clean_party(self, cleaned, prefix: str) -> None:
        party_type = cleaned.get(f"{prefix}_type")
        name = cleaned.get(f"{prefix}_name", "")
        id_number = (cleaned.get(f"{prefix}_id") or "").upper()
        code = (cleaned.get(f"{prefix}_code") or "").upper()
        if party_type == PartyType.NATURAL:
            if not id_number:
                self.add_error(f"{prefix}_id", "自然人须填写身份证号码。")
            else:
                try:
                    validate_resident_id(id_number)
                except ValidationError as error:
                    self.add_error(f"{prefix}_id", error)
            if code:
                self.add_error(f"{prefix}_code", "自然人不填写统一社会信用代码。")
        elif party_type == PartyType.LEGAL:
            if id_number:
                self.add_error(
                    f"{prefix}_id", "法人及非法人组织不填写身份证号码，请删除。"
                )
            if not code:
                self.add_error(
                    f"{prefix}_code", "法人及非法人组织须填写统一社会信用代码。"
                )
            else:
                try:
                    validate_uscc(code)
                except ValidationError as error:
                    self.add_error(f"{prefix}_code", error)
        cleaned[f"{prefix}_name"] = name
        cleaned[f"{prefix}_id"] = id_number
        cleaned[f"{prefix}_code"] = code

    def party_values(self, prefix: str) -> dict:
        """Model values of the party: a natural person minimised (R80)."""
        data = self.cleaned_data
        if data[f"{prefix}_type"] == PartyType.NATURAL:
            id_number = data[f"{prefix}_id"]
            return {
                "party_type": PartyType.NATURAL,
                "party_name": mask_name(data[f"{prefix}_name"]),
                "party_code": "",
                "party_id_encrypted": encrypt(id_number),
                "party_id_masked": mask_id(id_number),
                "party_id_digest": digest(id_number, "approval-party"),
            }
        return {
            "party_type": PartyType.LEGAL,
            "party_name": data[f"{prefix}_name"],
            "party_code": data[f"{prefix}_code"],
            "party_id_encrypted": "",
            "party_id_masked": "",
            "party_id_digest": "",
        }

    def fingerprint(self) -> str:
        """A digest of the cleaned row; an ID number enters only through its digest."""
        canonical = {}
        for key, value in sorted(self.cleaned_data.items()):
            if key.endswith("_id"):
                value = digest(value, "approval-party") if value else ""
            elif isinstance(value, datetime.datetime):
                value = timezone.localtime(value).isoformat(timespec="seconds")
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            canonical[key] = value
        text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def key(self) -> str:
        return self.cleaned_data[self.key_field]


def _text(value) -> str:
    """Cells and JSON values as text: dates from xlsx as ISO, numbers without .0."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_case_applicant, _coerce_applicant = _choice_field(
    "申请人类型", PartyType.choices, aliases={"法人": PartyType.LEGAL}
)
_case_state, _coerce_state = _choice_field("办理状态", CaseState.choices)
_case_result, _coerce_result = _choice_field(
    "办理结果", CaseResult.choices, required=False
)


class CaseRow(RowForm):
    """One 办件 (R64)."""

    key_field = "case_number"
    choice_coercions = {
        "applicant_type": _coerce_applicant,
        "state": _coerce_state,
        "result": _coerce_result,
    }

    case_number = forms.RegexField(
        CASE_NUMBER_RE, label="受理编号",
        error_messages={"invalid": "受理编号只能由字母、数字和 - _ / 组成，不超过64位。"},
    )  # fmt: skip
    item_name = forms.CharField(label="事项名称", max_length=200)
    item_code = forms.RegexField(
        ITEM_CODE_RE, label="事项编码", required=False,
        error_messages={"invalid": "事项编码只能由字母、数字和 - _ . 组成。"},
    )  # fmt: skip
    applicant_type = _case_applicant
    applicant_name = forms.CharField(label="申请人", max_length=200)
    applicant_id = forms.CharField(label="身份证号码", required=False, max_length=18)
    applicant_code = forms.CharField(
        label="统一社会信用代码", required=False, max_length=18
    )
    accepted_at = forms.DateTimeField(label="受理时间", input_formats=DATETIME_FORMATS)
    promised_days = forms.IntegerField(
        label="承诺时限", min_value=1, max_value=MAX_DAYS
    )
    legal_days = forms.IntegerField(label="法定时限", min_value=1, max_value=MAX_DAYS)
    state = _case_state
    completed_at = forms.DateTimeField(
        label="办结时间", required=False, input_formats=DATETIME_FORMATS
    )
    result = _case_result

    def clean(self):
        cleaned = super().clean()
        self._clean_party(cleaned, "applicant")
        promised, legal = cleaned.get("promised_days"), cleaned.get("legal_days")
        if promised and legal and promised > legal:
            self.add_error("promised_days", "承诺时限不能超过法定时限。")
        now = timezone.now()
        accepted, completed = cleaned.get("accepted_at"), cleaned.get("completed_at")
        if accepted and accepted > now:
            self.add_error("accepted_at", "受理时间不能晚于当前时间。")
        state = cleaned.get("state")
        finished = state in (CaseState.COMPLETED, CaseState.REJECTED)
        if finished and not completed:
            self.add_error("completed_at", "已办结或不予受理的办件须填写办结时间。")
        if completed and not finished:
            self.add_error("completed_at", "尚未办结的办件不应填写办结时间。")
        if completed and accepted and completed < accepted:
            self.add_error("completed_at", "办结时间不能早于受理时间。")
        if completed and completed > now:
            self.add_error("completed_at", "办结时间不能晚于当前时间。")
        if state == CaseState.COMPLETED and not cleaned.get("result"):
            self.add_error("result", "已办结的办件须填写办理结果（准予、不予或撤回）。")
        if cleaned.get("result") and not finished:
            self.add_error("result", "办件尚未办结，不应填写办理结果。")
        return cleaned


_decision_kind, _coerce_kind = _choice_field(
    "决定类型", DecisionKind.choices, aliases={"许可": "licence", "处罚": "penalty"}
)
_party_type, _coerce_party = _choice_field(
    "行政相对人类型", PartyType.choices, aliases={"法人": PartyType.LEGAL}
)
_status, _coerce_status = _choice_field(
    "公示状态", DecisionStatus.choices, required=False,
    aliases={"有效": "valid", "正常": "valid", "变更": "changed", "撤销": "withdrawn"},
)  # fmt: skip


class DecisionRow(RowForm):
    """One 双公示 decision (R61 licence, R62 penalty, R63 change or withdrawal)."""

    key_field = "document_number"
    choice_coercions = {
        "kind": _coerce_kind,
        "party_type": _coerce_party,
        "status": _coerce_status,
    }

    kind = _decision_kind
    document_title = forms.CharField(label="决定文书名称", max_length=200)
    document_number = forms.CharField(
        label="决定文书号", max_length=100, validators=[validate_document_number]
    )
    category = forms.CharField(label="许可/处罚类别", max_length=100)
    content = forms.CharField(label="许可内容/处罚事由", max_length=4000)
    basis = forms.CharField(label="依据", required=False, max_length=4000)
    result = forms.CharField(label="处罚结果", required=False, max_length=4000)
    party_type = _party_type
    party_name = forms.CharField(label="行政相对人", max_length=200)
    party_id = forms.CharField(label="身份证号码", required=False, max_length=18)
    party_code = forms.CharField(
        label="统一社会信用代码", required=False, max_length=18
    )
    decided_on = forms.DateField(label="决定日期", input_formats=DATE_FORMATS)
    valid_from = forms.DateField(
        label="有效期自", required=False, input_formats=DATE_FORMATS
    )
    valid_until = forms.DateField(
        label="有效期至", required=False, input_formats=DATE_FORMATS
    )
    authority = forms.CharField(label="决定机关", max_length=200)
    status = _status
    notice = forms.CharField(label="变更/撤销说明", required=False, max_length=2000)
    status_changed_on = forms.DateField(
        label="变更/撤销日期", required=False, input_formats=DATE_FORMATS
    )

    def clean(self):
        cleaned = super().clean()
        self._clean_party(cleaned, "party")
        if cleaned.get("kind") == DecisionKind.PENALTY:
            for name, label in (("basis", "处罚依据"), ("result", "处罚结果")):
                if name in cleaned and not cleaned[name]:
                    self.add_error(name, f"行政处罚须填写{label}。")
        decided = cleaned.get("decided_on")
        if decided and decided > timezone.localdate():
            self.add_error("decided_on", "决定日期不能晚于今天。")
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", "有效期至不能早于有效期自。")
        cleaned["status"] = cleaned.get("status") or DecisionStatus.VALID
        if cleaned["status"] != DecisionStatus.VALID and not cleaned.get("notice"):
            self.add_error("notice", "变更或撤销的决定须填写公开说明的理由。")
        clean_status_change(self, cleaned)
        return cleaned


def clean_status_change(form, cleaned) -> None:
    """R63: the day of the change or revocation lies between the decision and
    today, and only a changed or revoked decision has one."""
    changed_on = cleaned.get("status_changed_on")
    if not changed_on:
        return
    if cleaned.get("status") == DecisionStatus.VALID:
        form.add_error("status_changed_on", "有效的决定不应填写变更/撤销日期。")
    elif changed_on > timezone.localdate():
        form.add_error("status_changed_on", "变更/撤销日期不能晚于今天。")
    elif cleaned.get("decided_on") and changed_on < cleaned["decided_on"]:
        form.add_error("status_changed_on", "变更/撤销日期不能早于决定日期。")


FORMS = {"cases": CaseRow, "decisions": DecisionRow}

#: Column headers of the upload files, in order (Chinese), and the form fields.
HEADERS = {
    "cases": [
        ("受理编号", "case_number"),
        ("事项名称", "item_name"),
        ("事项编码", "item_code"),
        ("申请人类型", "applicant_type"),
        ("申请人", "applicant_name"),
        ("身份证号码", "applicant_id"),
        ("统一社会信用代码", "applicant_code"),
        ("受理时间", "accepted_at"),
        ("承诺时限", "promised_days"),
        ("法定时限", "legal_days"),
        ("办理状态", "state"),
        ("办结时间", "completed_at"),
        ("办理结果", "result"),
    ],
    "decisions": [
        ("决定类型", "kind"),
        ("决定文书名称", "document_title"),
        ("决定文书号", "document_number"),
        ("许可/处罚类别", "category"),
        ("许可内容/处罚事由", "content"),
        ("依据", "basis"),
        ("处罚结果", "result"),
        ("行政相对人类型", "party_type"),
        ("行政相对人", "party_name"),
        ("身份证号码", "party_id"),
        ("统一社会信用代码", "party_code"),
        ("决定日期", "decided_on"),
        ("有效期自", "valid_from"),
        ("有效期至", "valid_until"),
        ("决定机关", "authority"),
        ("公示状态", "status"),
        ("变更/撤销说明", "notice"),
        ("变更/撤销日期", "status_changed_on"),
    ],
}


def row_errors(form: RowForm) -> list[tuple[str, str]]:
    """(field label, message) pairs of an invalid row, in field order."""
    errors = []
    for name, messages in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        errors.extend((str(label), str(message)) for message in messages)
    return errors
