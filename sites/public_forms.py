"""Shared behaviour of forms the public fills in (依申请公开, letters, comments)."""

import re

from django import forms
from django.core.exceptions import ValidationError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Invisible characters that make two equal-looking values differ (and slip a
# phone number past redaction): removed from whatever the public types.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]")
# Direction overrides and isolates reorder what a handler reads ("spoofing").
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK = re.compile("[\r\n\x0b\x0c\x85\u2028\u2029]")


def clean_typed(value: str, single_line: bool) -> str:
    """What every public text field does first: invisible characters stripped,
    direction overrides refused, and line breaks refused where one line is asked."""
    value = _INVISIBLE.sub("", value)
    if "\x00" in value:
        raise ValidationError("内容包含无法识别的控制字符，请删除后重新提交。")
    if _BIDI.search(value):
        raise ValidationError("内容包含改变文字方向的不可见字符，请删除后重新提交。")
    if single_line and _LINE_BREAK.search(value):
        raise ValidationError("此项只能填写一行，请删除换行后重新提交。")
    return value


def _guarded(to_python, single_line: bool):
    def to_python_guarded(value):
        value = to_python(value)
        return clean_typed(value, single_line) if isinstance(value, str) else value

    return to_python_guarded


def clean_text(value: str) -> str:
    """Refuse control characters; HTML is kept as typed and always shown escaped."""
    value = (value or "").strip()
    if _CONTROL.search(value):
        raise ValidationError("内容包含无法识别的控制字符，请删除后重新提交。")
    return value


class PlainTextField(forms.CharField):
    """Free text the public types (a name, a subject, a letter): ``clean_text``
    after the field's own checks."""

    def clean(self, value):
        return clean_text(super().clean(value))


class TypedTextMixin(forms.Form):
    """Every text field of a form the public fills (or filters with) goes through
    ``clean_typed`` before its own validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                # Fields are copied per form instance: this wraps this form's only.
                single = not isinstance(field.widget, forms.Textarea)
                field.to_python = _guarded(field.to_python, single)


class PublicForm(TypedTextMixin, forms.Form):
    """Names the missing field in each message and marks required inputs for assistive tech."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.required and not field.widget.is_hidden:
                field.error_messages["required"] = f"请填写“{field.label}”。"
                if not isinstance(field.widget, forms.RadioSelect):
                    field.widget.attrs.setdefault("required", "required")
                field.widget.attrs.setdefault("aria-required", "true")
            elif field.widget.is_hidden:
                # Hidden fields only go wrong when the page is stale or tampered with.
                for key in ("required", "invalid"):
                    field.error_messages[key] = "表单已过期，请刷新页面后重新填写。"
