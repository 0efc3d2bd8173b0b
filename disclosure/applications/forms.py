"""The public 依申请公开 form (Art. 29) and the applicant's query and correction forms."""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from wagtail.models import Site

from disclosure.applications.case_terms import (
    APPLICANT_TYPE_FORM_CHOICES,
    PERSON_ID_TYPES,
    ApplicantType,
    DeliveryChannel,
    DeliveryForm,
    IdType,
)
from sites import query_codes
from sites.captcha import CaptchaFormMixin
from sites.personal_data import validate_phone, validate_resident_id, validate_uscc
from sites.public_forms import PlainTextField, PublicForm
from sites.widgets import DateInput

_OTHER_ID_RE = re.compile(r"^[A-Z0-9]{5,20}\Z")


class AgencyChoiceField(forms.ModelChoiceField):
    """Sites by their names: Wagtail's str() adds "[默认]" to the default site."""

    def label_from_instance(self, obj):
        return obj.site_name or obj.hostname


class ApplicationFields(PublicForm):
    """The Article 29 fields and their checks, shared by the public and the staff form."""

    agency = AgencyChoiceField(
        label="受理机关", queryset=Site.objects.none(), empty_label=None,
        help_text="请选择制作或保存所需信息的机关。",
    )  # fmt: skip
    applicant_type = forms.ChoiceField(
        label="申请人类型", choices=APPLICANT_TYPE_FORM_CHOICES
    )
    name = PlainTextField(label="姓名或名称", max_length=100)
    contact_person = PlainTextField(
        label="联系人",
        max_length=50,
        required=False,
        help_text="法人或其他组织申请时填写。",
    )
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices)
    id_number = forms.CharField(label="证件号码", max_length=30)
    phone = forms.CharField(label="联系电话", max_length=30)
    email = forms.EmailField(label="电子邮箱", required=False, max_length=254)
    address = PlainTextField(label="通信地址", max_length=200, required=False)
    postcode = forms.RegexField(
        label="邮政编码", regex=r"^[0-9]{6}\Z", required=False,
        error_messages={"invalid": "邮政编码应为6位数字。"},
    )  # fmt: skip
    info_title = PlainTextField(label="所需信息名称", max_length=200, required=False)
    info_document_number = PlainTextField(label="文号", max_length=60, required=False)
    description = PlainTextField(
        label="所需信息的内容描述", max_length=2000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="请尽量写明信息的名称、文号或其他有助于查找的特征描述（2000字以内）。",
    )  # fmt: skip
    delivery_form = forms.ChoiceField(
        label="提供形式", choices=DeliveryForm.choices, widget=forms.RadioSelect
    )
    delivery_channel = forms.ChoiceField(
        label="获取方式", choices=DeliveryChannel.choices, widget=forms.RadioSelect
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, site: Site, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].initial = site.pk
        if len(agencies) == 1:
            self.fields["agency"].widget = forms.HiddenInput()
        if not self.is_bound:
            self.initial["submission_token"] = uuid.uuid4()

    def clean_description(self):
        value = self.cleaned_data["description"]
        if len(value) < 5:
            raise ValidationError("请描述所需的政府信息（至少5个字）。")
        return value

    def clean_phone(self):
        value = re.sub(r"\s", "", self.cleaned_data["phone"])
        validate_phone(value)
        return value

    def clean_id_number(self):
        return re.sub(r"\s", "", self.cleaned_data["id_number"]).upper()

    def clean(self):
        data = super().clean()
        applicant_type = data.get("applicant_type")
        id_type = data.get("id_type")
        id_number = data.get("id_number")
        person = applicant_type == ApplicantType.NATURAL
        if applicant_type and id_type:
            if person and id_type not in PERSON_ID_TYPES:
                self.add_error(
                    "id_type", "自然人请选择居民身份证、护照等个人身份证件。"
                )
            elif not person and id_type in PERSON_ID_TYPES:
                self.add_error(
                    "id_type", "法人或其他组织请选择统一社会信用代码证或其他有效证件。"
                )
            elif not person and not data.get("contact_person"):
                self.add_error("contact_person", "法人或其他组织申请时请填写联系人。")
        if id_type and id_number:
            try:
                if id_type == IdType.RESIDENT_ID:
                    validate_resident_id(id_number)
                elif id_type == IdType.USCC:
                    validate_uscc(id_number)
                elif not _OTHER_ID_RE.match(id_number):
                    raise ValidationError("证件号码应为5至20位字母或数字。")
            except ValidationError as exc:
                self.add_error("id_number", exc)
        channel = data.get("delivery_channel")
        if channel == DeliveryChannel.EMAIL and not data.get("email"):
            self.add_error("email", "选择通过电子邮件获取时，请填写电子邮箱。")
        if channel == DeliveryChannel.POST and not data.get("address"):
            self.add_error("address", "选择邮寄时，请填写通信地址。")
        return data

    def application_data(self) -> dict:
        """The model fields of the application (the agency and token go separately)."""
        data = dict(self.cleaned_data)
        for key in ("agency", "submission_token", "captcha_token", "captcha_answer",
                    "received_on"):  # fmt: skip
            data.pop(key, None)
        return data


class ApplicationForm(CaptchaFormMixin, ApplicationFields):
    """The public form: the fields plus a captcha."""


class StaffApplicationForm(ApplicationFields):
    """A letter, fax or an oral request written down by staff (Art. 28, 29, 31)."""

    channel = forms.ChoiceField(
        label="申请渠道",
        choices=[
            ("letter", "信函"),
            ("in_person", "当面（口头申请由工作人员代为填写）"),
            ("fax", "传真"),
        ],  # fmt: skip
    )
    received_on = forms.DateField(
        label="收到申请日期", widget=DateInput(),
        help_text="当面提交为提交之日；邮寄为签收之日；传真为双方确认之日（《条例》第三十一条）。",
    )  # fmt: skip


class QueryForm(CaptchaFormMixin, PublicForm):
    case_number = forms.CharField(label="申请编号", max_length=20)
    query_code = forms.CharField(
        label="查询码",
        max_length=query_codes.MAX_INPUT,
        widget=forms.PasswordInput(render_value=False),
    )


class CorrectionForm(PublicForm):
    corrected_description = PlainTextField(
        label="补正后的内容描述",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_corrected_description(self):
        value = self.cleaned_data["corrected_description"]
        if len(value) < 5:
            raise ValidationError("请按补正告知的要求描述所需的政府信息（至少5个字）。")
        return value
