"""The level-3 self-check behind ``manage.py security_report`` (issue #13 item 7).

One line per requirement of SECURITY.md §3 (等保 2.0 GB/T 22239-2019 level 3, and
the ASVS items it leans on) that software can show from the running
configuration and database. A red line (FAIL) makes the command exit non-zero;
a yellow one (WARN) is reported for the operator to judge.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from sites.key_check import key_status

from ..services.roles import SEPARATED_ADMINS
from .checks import superuser_names

OK, WARN, FAIL = "OK", "WARN", "FAIL"
LABELS = {OK: "通过", WARN: "注意", FAIL: "不符合"}
YEAR = 31_536_000


@dataclass
class Line:
    clause: str
    title: str
    status: str
    detail: str


def _setting(name, default=None):
    return getattr(settings, name, default)


def https() -> Line:
    ok = bool(_setting("SECURE_SSL_REDIRECT")) and not settings.DEBUG
    return Line(
        "8.1.4.1 c / ASVS 3.4",
        "HTTPS 跳转",
        OK if ok else FAIL,
        f"SECURE_SSL_REDIRECT={_setting('SECURE_SSL_REDIRECT')}, "
        f"DEBUG={settings.DEBUG}",
    )


def hsts() -> Line:
    seconds = int(_setting("SECURE_HSTS_SECONDS", 0) or 0)
    subdomains = bool(_setting("SECURE_HSTS_INCLUDE_SUBDOMAINS"))
    status = FAIL if seconds < YEAR else (OK if subdomains else WARN)
    return Line(
        "ASVS 3.4.1",
        "HSTS（至少一年）",
        status,
        f"SECURE_HSTS_SECONDS={seconds}, includeSubDomains={subdomains}",
    )


def cookies() -> Line:
    wanted = {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
    }
    wrong = [name for name, value in wanted.items() if _setting(name) is not value]
    samesite = _setting("SESSION_COOKIE_SAMESITE", "Lax")
    if samesite not in ("Lax", "Strict"):
        wrong.append("SESSION_COOKIE_SAMESITE")
    return Line(
        "ASVS 3.3.1–3.3.4",
        "Cookie 安全属性（Secure、HttpOnly、SameSite）",
        FAIL if wrong else OK,
        "未设置：" + "、".join(wrong) if wrong else f"SameSite={samesite}",
    )


def lockout() -> Line:
    failures = int(_setting("ADMIN_LOCKOUT_FAILURES", 0) or 0)
    minutes = int(_setting("ADMIN_LOCKOUT_MINUTES", 0) or 0)
    backend = "sites.admin_access.login.LockoutModelBackend"
    ok = (
        _setting("ADMIN_LOCKOUT_ENABLED", False)
        and 0 < failures <= 5
        and minutes >= 15
        and backend in _setting("AUTHENTICATION_BACKENDS", [])
    )
    return Line(
        "8.1.4.1 b",
        "登录失败处理（锁定）",
        OK if ok else FAIL,
        f"启用={_setting('ADMIN_LOCKOUT_ENABLED', False)}, 失败 {failures} 次锁定 "
        f"{minutes} 分钟，按账号和地址分别计数，存于数据库",
    )


def idle_timeout() -> Line:
    idle = int(_setting("ADMIN_IDLE_TIMEOUT_SECONDS", 0) or 0)
    age = int(_setting("SESSION_COOKIE_AGE", 0) or 0)
    ok = 0 < idle <= 1800 and 0 < age <= 12 * 3600
    return Line(
        "8.1.4.1 b / ASVS 7.3",
        "会话超时",
        OK if ok else FAIL,
        f"空闲 {idle} 秒退出，会话最长 {age} 秒",
    )


def password_policy() -> Line:
    validators = _setting("AUTH_PASSWORD_VALIDATORS", [])
    names = {v["NAME"].rsplit(".", 1)[-1]: v for v in validators}
    min_length = (
        names.get("MinimumLengthValidator", {}).get("OPTIONS", {}).get("min_length", 8)
        if "MinimumLengthValidator" in names
        else 0
    )
    needed = (
        "CommonPasswordValidator",
        "NumericPasswordValidator",
        "ChineseWeakPasswordValidator",
    )
    missing = [n for n in needed if n not in names]
    ok = min_length >= 12 and not missing
    return Line(
        "8.1.4.1 a",
        "口令复杂度",
        OK if ok else FAIL,
        f"最短 {min_length} 位" + ("；缺少：" + "、".join(missing) if missing else ""),
    )


def _admin_users():
    """Active accounts that can open the admin."""
    User = get_user_model()
    access = Q(groups__permissions__codename="access_admin") | Q(
        user_permissions__codename="access_admin"
    )
    return User.objects.filter(Q(is_active=True) & (access | Q(is_superuser=True)))


def second_factor() -> list[Line]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    middleware = _setting("MIDDLEWARE", [])
    installed = (
        "django_otp.middleware.OTPMiddleware" in middleware
        and "sites.admin_access.middleware.AdminAccessMiddleware" in middleware
    )
    required = bool(_setting("ADMIN_2FA_REQUIRED")) and installed
    ids = set(_admin_users().values_list("pk", flat=True))
    enrolled = set(
        TOTPDevice.objects.filter(user_id__in=ids, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    share = f"{len(enrolled)}/{len(ids)}" if ids else "0/0"
    return [
        Line(
            "8.1.4.1 d",
            "管理员登录双因素认证（口令 + 动态口令）",
            OK if required else FAIL,
            f"ADMIN_2FA_REQUIRED={_setting('ADMIN_2FA_REQUIRED')}, "
            f"中间件{'已' if installed else '未'}安装",
        ),
        Line(
            "8.1.4.1 d",
            "已绑定动态口令的管理账号",
            OK if ids and len(enrolled) == len(ids) else WARN,
            f"{share}（未绑定者首次登录时必须绑定）",
        ),
    ]


def three_administrators() -> Line:
    from django.contrib.auth.models import Group

    problems = []
    perms = {}
    for name in SEPARATED_ADMINS:
        group = Group.objects.filter(name=name).first()
        if group is None:
            problems.append(f"缺少角色 {name}")
            continue
        if not group.user_set.filter(is_active=True).exists():
            problems.append(f"{name} 没有启用的账号")
        perms[name] = set(group.permissions.values_list("content_type__app_label",
                                                         "codename"))  # fmt: skip
    shared_by_design = {("wagtailadmin", "access_admin"), ("auth", "change_user")}
    names = list(perms)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            overlap = (perms[first] & perms[second]) - shared_by_design
            if overlap:
                problems.append(f"{first} 与 {second} 权限重叠：{sorted(overlap)}")
    doubled = (
        get_user_model()
        .objects.annotate(
            n=Count("groups", filter=Q(groups__name__in=SEPARATED_ADMINS))
        )
        .filter(n__gt=1)
        .count()
    )
    if doubled:
        problems.append(f"{doubled} 个账号同时担任两个以上管理员角色")
    return Line(
        "8.1.5.1–8.1.5.3",
        "三员分立（系统、安全、审计管理员齐备且互不兼任）",
        FAIL if problems else OK,
        "；".join(problems) or "三个角色各有账号，权限不重叠，无人兼任",
    )


def no_superuser() -> Line:
    names = superuser_names() or []
    forbidden = bool(_setting("ADMIN_FORBID_SUPERUSER"))
    status = FAIL if names or not forbidden else OK
    return Line(
        "8.1.4.2 / 三员分立",
        "无超级用户",
        status,
        ("超级用户：" + "、".join(names) if names else "没有超级用户")
        + f"；ADMIN_FORBID_SUPERUSER={forbidden}",
    )


def _rotated_log_days() -> int:
    """Days kept by the longest daily-rotated file handler in LOGGING, if any."""
    best = 0
    for handler in (_setting("LOGGING", {}) or {}).get("handlers", {}).values():
        if "TimedRotating" not in str(handler.get("class", "")):
            continue
        when = str(handler.get("when", "h")).lower()
        per_day = {"midnight": 1, "d": 1, "w0": 1 / 7}.get(when)
        if per_day:
            best = max(best, int(handler.get("backupCount", 0) / per_day))
    return best


def log_retention() -> Line:
    days = int(_setting("AUDIT_LOG_RETENTION_DAYS", 0) or 0)
    others = {
        name: int(_setting(name))
        for name in (
            "ACCESS_LOG_RETENTION_DAYS",
            "SECURITY_LOG_RETENTION_DAYS",
            "LOG_RETENTION_DAYS",
        )  # fmt: skip
        if _setting(name) is not None
    }
    rotated = _rotated_log_days()
    if rotated:
        others["LOGGING 按日轮转保留"] = rotated
    short = [name for name, value in others.items() if value < 180]
    status = FAIL if days < 180 or short else (OK if others else WARN)
    detail = f"审计日志 {days} 天"
    detail += "".join(f"，{name}={value}" for name, value in others.items())
    if not others:
        detail += "；访问与安全日志的保留期未在项目中配置"
    return Line("8.1.4.3 / 网络安全法 第二十一条", "日志保留 ≥ 180 天", status, detail)


def personal_data_keys() -> Line:
    keys = list(_setting("PERSONAL_DATA_KEYS", []) or [])
    valid = 0
    try:
        from cryptography.fernet import Fernet

        for key in keys:
            Fernet(key)
            valid += 1
    except (ValueError, TypeError):
        pass
    ok = keys and valid == len(keys)
    detail = f"{valid} 个有效密钥" if ok else "未配置或有无效密钥"
    # Valid keys may still be the wrong ones for this database.

    status = key_status() if ok else None
    if status is not None:
        ok = ok and status.ok
        detail = f"{detail}；{status.detail}"
    return Line(
        "8.1.4.8",
        "个人信息加密密钥（PERSONAL_DATA_KEYS）",
        OK if ok else FAIL,
        detail,
    )


def backups() -> Line:
    target = _setting("BACKUP_DIR", "") or ""
    if not target:
        return Line("8.1.4.9", "数据备份", FAIL, "未配置 BACKUP_DIR")
    exists = os.path.isdir(target) and os.access(target, os.W_OK)
    return Line(
        "8.1.4.9",
        "数据备份",
        OK if exists else FAIL,
        f"BACKUP_DIR={target}"
        + ("（可写；异地备份见 README）" if exists else "（目录不存在或不可写）"),
    )


def debug_and_hosts() -> Line:
    hosts = list(_setting("ALLOWED_HOSTS", []))
    wrong = []
    if settings.DEBUG:
        wrong.append("DEBUG 已开启")
    if "*" in hosts:
        wrong.append("ALLOWED_HOSTS 含 *")
    return Line(
        "ASVS 13.4.2",
        "调试关闭、主机名限定",
        FAIL if wrong else OK,
        "；".join(wrong) or f"ALLOWED_HOSTS={','.join(hosts)}",
    )


def report() -> list[Line]:
    return [
        https(),
        hsts(),
        cookies(),
        debug_and_hosts(),
        lockout(),
        *second_factor(),
        idle_timeout(),
        password_policy(),
        three_administrators(),
        no_superuser(),
        log_retention(),
        personal_data_keys(),
        backups(),
    ]
