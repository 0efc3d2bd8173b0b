"""Validators for the identifiers every government site must carry (REQUIREMENTS R1, R4)."""

import datetime
import re

from django.core.exceptions import ValidationError

# Dates the public, the API and the admin may give: enough for any record of a
# government office, and far from datetime's limits (year 1 or 9999 plus a time
# zone or a day's arithmetic overflows).
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
DATE_RANGE_MESSAGE = "日期超出可处理的范围（1900年至2100年），请核对后重新填写。"


def date_in_range(value) -> bool:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return EARLIEST_DATE <= value <= LATEST_DATE


def validate_date_in_range(value) -> None:
    if value is not None and not date_in_range(value):
        raise ValidationError(DATE_RANGE_MESSAGE)


# R1: 6-digit GB/T 2260 division code + 4-digit sequence, or "bm" + 8 digits.
# [0-9] and \Z, not \d and $: \d also matches full-width digits, $ a trailing newline.
SITE_CODE_RE = re.compile(r"^([0-9]{10}|bm[0-9]{8})\Z")
# First two digits of GB/T 2260 codes: the provinces, autonomous regions and
# municipalities (71 Taiwan, 81 Hong Kong, 82 Macao included for completeness).
PROVINCE_PREFIXES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)
ICP_RE = re.compile(r"^.ICP备[0-9]+号(-[0-9]+)?\Z")
PSB_RE = re.compile(r"^.公网安备 ?([0-9]{14})号\Z")
HOSTNAME_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)\Z")


def validate_site_code(value: str) -> None:
    """网站标识码: 10 characters, see REQUIREMENTS §1.3 and R1."""
    if not SITE_CODE_RE.match(value or ""):
        raise ValidationError(
            "网站标识码格式不正确：应为10位，地方网站为6位行政区划代码加4位顺序号，"
            "国务院部门网站为“bm”加8位数字。",
            code="invalid_site_code",
        )
    if value[:2].isdigit() and value[:2] not in PROVINCE_PREFIXES:
        raise ValidationError(
            "网站标识码的前6位应为有效的行政区划代码（前两位 %(prefix)s 不是省级代码）。",
            code="invalid_division_code",
            params={"prefix": value[:2]},
        )


def validate_hostname(value: str) -> None:
    """A lower-case DNS name such as ``zgeq.example.gov.cn`` (no scheme, no port)."""
    labels = (value or "").split(".")
    if (
        not value
        or len(value) > 253
        or len(labels) < 2
        or not all(HOSTNAME_LABEL_RE.match(label) for label in labels)
    ):
        raise ValidationError(
            "域名格式不正确：只能使用小写字母、数字、连字符和点，例如 zgeq.example.gov.cn。",
            code="invalid_hostname",
        )


def validate_icp_number(value: str) -> None:
    if value and not ICP_RE.match(value):
        raise ValidationError(
            "ICP备案号格式不正确，例如：蒙ICP备05000123号-1。", code="invalid_icp"
        )


def validate_psb_number(value: str) -> None:
    if value and not PSB_RE.match(value):
        raise ValidationError(
            "公安机关备案号格式不正确，例如：蒙公网安备 15062702000123号（14位数字）。",
            code="invalid_psb",
        )


def psb_record_code(value: str) -> str:
    """The 14 digits beian.gov.cn wants in ``recordcode=`` (R4)."""
    match = PSB_RE.match(value or "")
    return match.group(1) if match else ""
