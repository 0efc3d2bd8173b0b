"""Public forms of 政民互动: write a letter, look it up, rate it, comment, ask."""

import uuid

from django import forms
from django.conf import settings

from sites import query_codes
from sites.captcha import CaptchaFormMixin
from sites.personal_data import validate_phone, validate_resident_id
from sites.public_forms import PlainTextField, PublicForm
from sites.uploads import MultipleFileField, clean_files

from .letter_choices import Rating
from .services.uploads import ACCEPT, check_attachment, without_metadata


def _checked_attachment(upload):
    """The attachment as stored (images without metadata) and its content type."""
    content_type = check_attachment(upload)
    return without_metadata(upload, content_type), content_type


class TokenMixin(forms.Form):
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission_token"] = uuid.uuid4()


class LetterTypeSelect(forms.Select):
    """信件类型 options that name the 写信对象 accepting them, so a small script
    can show only those of the chosen one (the form works without it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mailboxes_of: dict[str, str] = {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value in self.mailboxes_of:
            option["attrs"]["data-mailboxes"] = self.mailboxes_of[value]
        return option


class LetterForm(CaptchaFormMixin, TokenMixin, PublicForm):
    mailbox = forms.TypedChoiceField(label="写信对象", coerce=int, choices=())
    letter_type = forms.ChoiceField(
        label="信件类型", choices=(), widget=LetterTypeSelect(),
        help_text="咨询、建议、投诉等，各类信件的答复时限不同。",
    )  # fmt: skip
    subject = PlainTextField(label="信件标题", max_length=100)
    content = PlainTextField(
        label="信件内容", max_length=3000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="请写明具体事项、地点和诉求（3000字以内）。信访事项和纪检监察举报请通过专门渠道提交。",
    )  # fmt: skip
    name = PlainTextField(label="姓名", max_length=50)
    phone = forms.CharField(
        label="联系电话", max_length=30, help_text="仅用于办理联系，不会公开。"
    )
    email = forms.EmailField(label="电子邮箱", required=False, max_length=254)
    id_number = forms.CharField(
        label="身份证号码", max_length=18, required=False, help_text="选填，不会公开。"
    )
    address = PlainTextField(label="通信地址", max_length=200, required=False)
    may_publish = forms.TypedChoiceField(
        label="是否同意公开", coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", "同意公开（个人信息不会公开）"), ("no", "不同意公开")],
    )  # fmt: skip
    attachments = MultipleFileField(
        label="附件", required=False, accept=ACCEPT,
        help_text="可上传 JPG、PNG 图片或 PDF 文件，最多3个，每个不超过5MB。",
    )  # fmt: skip

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        mailboxes, types = {}, {}
        for category in self.categories:
            mailboxes.setdefault(category.mailbox_id, str(category.mailbox))
            types.setdefault(category.name, []).append(str(category.mailbox_id))
        self.fields["mailbox"].choices = [("", "请选择写信对象"), *mailboxes.items()]
        if len(mailboxes) == 1:
            self.fields["mailbox"].initial = next(iter(mailboxes))
        self.fields["letter_type"].choices = [
            ("", "请选择信件类型"),
            *((name, name) for name in types),
        ]
        self.fields["letter_type"].widget.mailboxes_of = {
            name: " ".join(ids) for name, ids in types.items()
        }

    def clean(self):
        data = super().clean()
        mailbox, kind = data.get("mailbox"), data.get("letter_type")
        if mailbox and kind:
            data["category"] = next(
                (c for c in self.categories
                 if c.mailbox_id == mailbox and c.name == kind),
                None,
            )  # fmt: skip
            if data["category"] is None:
                self.add_error(
                    "letter_type", "所选写信对象不受理此类信件，请重新选择信件类型。"
                )
        return data

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        validate_phone(value)
        return value

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip().upper()
        if value:
            validate_resident_id(value)
        return value

    def clean_attachments(self):
        return clean_files(
            self.cleaned_data["attachments"],
            getattr(settings, "INTERACTION_MAX_ATTACHMENTS", 3),
            _checked_attachment,
        )

    def letter_data(self) -> dict:
        data = self.cleaned_data
        return {
            key: data[key]
            for key in ("subject", "content", "name", "phone", "email", "id_number",
                        "address", "may_publish")
        }  # fmt: skip


class QueryForm(CaptchaFormMixin, PublicForm):
    case_number = forms.CharField(label="信件编号", max_length=20)
    query_code = forms.CharField(label="查询码", max_length=query_codes.MAX_INPUT)


class RatingForm(PublicForm):
    rating = forms.TypedChoiceField(
        label="满意度", coerce=int, choices=Rating.choices, widget=forms.RadioSelect
    )
    rating_comment = PlainTextField(
        label="评价意见",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommentForm(CaptchaFormMixin, TokenMixin, PublicForm):
    content = PlainTextField(
        label="意见内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 6})
    )
    name = PlainTextField(label="姓名", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=30, help_text="不会公开。")

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        validate_phone(value)
        return value


class QuestionForm(CaptchaFormMixin, TokenMixin, PublicForm):
    content = PlainTextField(
        label="提问内容", max_length=500, widget=forms.Textarea(attrs={"rows": 4})
    )
    name = PlainTextField(label="昵称或姓名", max_length=50)
