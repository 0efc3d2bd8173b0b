"""Shared behaviour of forms the public fills in (依申请公开, letters, comments)."""

import re

from django import forms
from django.core.exceptions import ValidationError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Refuse control characters; HTML is kept as typed and always shown escaped."""
    value = (value or "").strip()
    if _CONTROL.search(value):
        raise ValidationError("内容包含无法识别的控制字符，请删除后重新提交。")
    return value


class PublicForm(forms.Form):
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
