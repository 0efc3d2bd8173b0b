"""Do the configured PERSONAL_DATA_KEYS read this database? (issue 16 item 7)

A wrong key (a restore onto a host with other keys, a typo in the environment)
used to show blank ID numbers and names without any error. Here the answer is
checked against a stored known value (``PersonalDataKeyCanary``) and, before
that value exists, against one stored token of every encrypted column: the
first check on a database whose data the keys do read records the known value.

Used by the system check ``sites.E110`` (``migrate``, ``check --database
default``; serve_production.sh runs migrate before starting gunicorn),
``security_report``, ``backup`` and ``restore``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import checks
from django.db import DatabaseError

from .management.commands.rotate_personal_data_keys import encrypted_columns
from .models import PersonalDataKeyCanary
from .personal_data import KeyMismatch, decrypt_or_raise, encrypt

CANARY_TEXT = "site-cluster personal-data key canary"
MISMATCH = (
    "密钥不匹配：配置的 PERSONAL_DATA_KEYS 无法解密数据库中已加密的个人信息"
    "（身份证号码、姓名、电话等将无法显示）。请配置加密这些数据时所用的密钥"
    "（轮换密钥时新密钥放在最前，旧密钥保留到 rotate_personal_data_keys 运行完毕）。"
)


@dataclass
class KeyStatus:
    ok: bool
    detail: str


def _sample_tokens():
    """One stored token per encrypted column (the newest row that has one)."""
    for model, names in encrypted_columns():
        if model is PersonalDataKeyCanary:
            continue
        for name in names:
            token = (
                model._default_manager.exclude(**{name: ""})
                .order_by("-pk")
                .values_list(name, flat=True)
                .first()
            )
            if token:
                yield f"{model._meta.label}.{name}", token


def key_status(*, record: bool = True) -> KeyStatus | None:
    """The verdict, or None when the database cannot say (not migrated)."""
    try:
        canary = PersonalDataKeyCanary.objects.order_by("pk").first()
        if canary is not None:
            try:
                ok = decrypt_or_raise(canary.token_encrypted) == CANARY_TEXT
            except KeyMismatch:
                ok = False
            return KeyStatus(ok, "已核对密钥校验值" if ok else MISMATCH)
        for where, token in _sample_tokens():
            try:
                decrypt_or_raise(token)
            except KeyMismatch:
                return KeyStatus(False, f"{MISMATCH}（{where}）")
        if record:
            try:
                token = encrypt(CANARY_TEXT)
            except ValueError:
                return KeyStatus(False, "PERSONAL_DATA_KEYS 中有无效的密钥")
            PersonalDataKeyCanary.objects.create(token_encrypted=token)
        return KeyStatus(True, "已记录密钥校验值")
    except DatabaseError:
        return None


@checks.register(checks.Tags.security, checks.Tags.database)
def check_personal_data_keys(app_configs=None, databases=None, **kwargs):
    # Database checks run only when asked for (migrate, check --database).
    if not databases or "default" not in databases:
        return []
    status = key_status()
    if status is None or status.ok:
        return []
    return [checks.Error(status.detail, id="sites.E110")]
