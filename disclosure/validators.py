import re

from django.core.exceptions import ValidationError

# R28: e.g. 国办发〔2017〕47号 — full-width 〔〕, four-digit year, trailing 号.
DOCUMENT_NUMBER_RE = re.compile(r"^\S+〔[0-9]{4}〕[0-9]+号\Z")
# R26 default: 18-character USCC or 9-digit legacy code, "/", year, "-", 5 digits.
INDEX_NUMBER_RE = re.compile(r"^([0-9A-Z]{18}|[0-9]{9})/[0-9]{4}-[0-9]{5}\Z")
AGENCY_CODE_RE = re.compile(r"^([0-9A-Z]{18}|[0-9]{9})\Z")


def validate_document_number(value: str) -> None:
    if value and not DOCUMENT_NUMBER_RE.match(value):
        hint = (
            "，年份请使用全角六角括号〔〕"
            if ("[" in value or "(" in value or "（" in value)
            else ""
        )
        raise ValidationError(f"文号格式不正确{hint}，例如：北教发〔2026〕12号。")
