"""Files a form takes: several in one input, each accepted by what its first
bytes say it is, never by its name alone (a letter's attachments, a reply's
documents)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class FileKind:
    """A kind of file taken: its extensions, the content type it is stored
    with, the first bytes it must begin with and, where a refusal names it,
    what it is (“PDF文件”, “图片”)."""

    extensions: frozenset[str]
    content_type: str
    magics: tuple[bytes, ...]
    noun: str = ""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); ``accept``
    tells the browser which extensions to offer."""

    def __init__(self, *args, accept: str = "", **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def upload_name(upload) -> str:
    """The uploaded name as a refusal quotes it: no folder, at most 100 characters."""
    return os.path.basename(upload.name or "")[:100]


def check_kind(
    upload,
    kinds: Sequence[FileKind],
    *,
    max_size: int,
    shrink: str,
    accepted: str,
) -> FileKind:
    """The kind of an acceptable upload: at most ``max_size`` bytes, not empty,
    with an extension of one of ``kinds`` and the first bytes of that kind.
    Otherwise a ValidationError in Chinese that says what to do (``shrink``:
    “压缩”, …) or what is taken (``accepted``)."""
    name = upload_name(upload)
    if upload.size > max_size:
        raise ValidationError(
            f"附件“{name}”超过{max_size / 1024 / 1024:.0f}MB，请{shrink}后重新上传。"
        )
    if upload.size == 0:
        raise ValidationError(f"附件“{name}”是空文件，请重新选择。")
    extension = os.path.splitext(name)[1].lower()
    kind = next((k for k in kinds if extension in k.extensions), None)
    if kind is None:
        raise ValidationError(f"附件“{name}”的类型不支持：只接收 {accepted}。")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in kind.magics):
        what = f"（不是有效的{kind.noun}）" if kind.noun else ""
        raise ValidationError(f"附件“{name}”的实际内容与扩展名不符{what}，未予接收。")
    return kind


def clean_files(files: list, limit: int, check: Callable) -> list:
    """``check(upload)`` of each file, at most ``limit`` of them; every file's
    refusal is told at once."""
    if len(files) > limit:
        raise ValidationError(f"最多上传{limit}个附件。")
    checked, errors = [], []
    for upload in files:
        try:
            checked.append(check(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return checked
