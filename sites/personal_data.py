"""Personal data of citizens (申请人、来信人): encryption at rest, validation, masking.

ID numbers are stored only encrypted (Fernet, AES-128-CBC + HMAC) and shown in
full only in the responsible handler's own view; everywhere else — lists,
supervisors' views, exports, logs — the masked form is used. Keys come from
``PERSONAL_DATA_KEYS`` (newest first, so keys can be rotated); without it a key
is derived from ``SECRET_KEY``.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import logging
import re
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
RESIDENT_ID_RE = re.compile(
    r"^[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]\Z"
)
# GB 32100-2015: 18 characters from this alphabet (no I, O, S, V, Z), last one a check.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
PHONE_RE = re.compile(r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?)\Z")


def _keys() -> list[bytes]:
    configured = getattr(settings, "PERSONAL_DATA_KEYS", None) or []
    if configured:
        return [key.encode() if isinstance(key, str) else key for key in configured]
    digest = hashlib.sha256(b"personal-data:" + settings.SECRET_KEY.encode()).digest()
    return [base64.urlsafe_b64encode(digest)]


@cache
def _fernet(keys: tuple[bytes, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet(tuple(_keys())).encrypt(value.encode()).decode()


class KeyMismatch(Exception):
    """A stored token the configured keys cannot read (wrong PERSONAL_DATA_KEYS)."""


def decrypt_or_raise(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet(tuple(_keys())).decrypt(token.encode()).decode()
    except (InvalidToken, ValueError) as exc:
        raise KeyMismatch from exc


def decrypt(token: str) -> str:
    """The clear value, or "" when the token cannot be read (a lost key is not a
    500; views say so through ``unreadable`` and ``sites.key_check``)."""
    try:
        return decrypt_or_raise(token)
    except KeyMismatch:
        _log_mismatch()
        return ""


def unreadable(*tokens: str) -> bool:
    """Whether any of these stored tokens cannot be read with the configured keys."""
    for token in tokens:
        try:
            decrypt_or_raise(token)
        except KeyMismatch:
            return True
    return False


def personal_data_unreadable(instance) -> bool:
    """Whether a record's ``*_encrypted`` columns hold a value the configured keys
    cannot read: its handler view then says 密钥不匹配 instead of blanks."""
    return unreadable(
        *(
            getattr(instance, field.attname)
            for field in instance._meta.concrete_fields
            if field.name.endswith("_encrypted")
        )
    )


_mismatch_logged = False


def _log_mismatch() -> None:
    global _mismatch_logged
    if not _mismatch_logged:
        _mismatch_logged = True
        logging.getLogger("sites.personal_data").error(
            "personal data: a stored value cannot be decrypted with "
            "PERSONAL_DATA_KEYS (wrong key?); logged once per process"
        )


def reencrypt(token: str) -> str:
    """The same value under the newest key (for key rotation); unreadable tokens
    are returned unchanged rather than destroyed."""
    if not token:
        return token
    try:
        return _fernet(tuple(_keys())).rotate(token.encode()).decode()
    except (InvalidToken, ValueError):
        return token


def validate_resident_id(value: str) -> None:
    """GB 11643-1999: 18 characters, a real birth date, the ISO 7064 check digit."""
    value = (value or "").upper()
    if not RESIDENT_ID_RE.match(value):
        raise ValidationError("居民身份证号码应为18位，请核对后重新填写。")
    # The pattern admits 30 February and future births; the calendar does not.
    try:
        born = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        born = None
    if born is None or born > datetime.date.today():
        raise ValidationError("居民身份证号码中的出生日期不存在，请核对后重新填写。")
    total = sum(
        int(char) * weight for char, weight in zip(value[:17], _ID_WEIGHTS, strict=True)
    )
    if _ID_CHECK[total % 11] != value[17]:
        raise ValidationError("居民身份证号码校验位不正确，请核对后重新填写。")


def validate_uscc(value: str) -> None:
    """GB 32100-2015 统一社会信用代码 with its check character."""
    value = (value or "").upper()
    if len(value) != 18 or any(char not in _USCC_ALPHABET for char in value):
        raise ValidationError(
            "统一社会信用代码应为18位数字或大写字母，请核对后重新填写。"
        )
    total = sum(
        _USCC_ALPHABET.index(char) * weight
        for char, weight in zip(value[:17], _USCC_WEIGHTS, strict=True)
    )
    if _USCC_ALPHABET[(31 - total % 31) % 31] != value[17]:
        raise ValidationError("统一社会信用代码校验位不正确，请核对后重新填写。")


def validate_phone(value: str) -> None:
    if not PHONE_RE.match(value or ""):
        raise ValidationError("请填写有效的手机号码或固定电话（如 0477-8123456）。")


def mask_id(value: str) -> str:
    """1501**********123X: region prefix and last four only."""
    if not value:
        return ""
    if len(value) <= 8:
        return value[:1] + "*" * (len(value) - 1)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    digits = value or ""
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_name(value: str) -> str:
    """张** / 北疆某某公司 stays as is only for organisations (the caller decides)."""
    if not value:
        return ""
    return value[0] + "*" * max(1, len(value) - 1)


def digest(value: str, purpose: str) -> str:
    """A keyed, non-reversible fingerprint for matching (same applicant, same writer)
    without keeping the value readable; empty for an empty value."""
    from django.utils.crypto import salted_hmac

    if not value:
        return ""
    return salted_hmac(f"personal-data:{purpose}", value.upper()).hexdigest()
