"""Lockout after repeated failed logins, per account and per client address.

The counters live in the database (``LoginThrottle``), so every process on every
host counts together. A lock lasts ``ADMIN_LOCKOUT_MINUTES`` unless 安全管理员
lifts it earlier; each lock and unlock is audited.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from ..audit import client_ip, record
from ..models import LoginThrottle, LoginThrottleKind

LOCKED = "登录失败次数过多，已被锁定。"


def enabled() -> bool:
    return getattr(settings, "ADMIN_LOCKOUT_ENABLED", True)


def max_failures() -> int:
    return getattr(settings, "ADMIN_LOCKOUT_FAILURES", 5)


def lock_duration() -> timedelta:
    return timedelta(minutes=getattr(settings, "ADMIN_LOCKOUT_MINUTES", 30))


def _keys(username: str | None, request) -> list[tuple[str, str]]:
    keys = []
    if username:
        keys.append((LoginThrottleKind.ACCOUNT, username.strip().lower()[:255]))
    address = client_ip(request)
    if address:
        keys.append((LoginThrottleKind.ADDRESS, address))
    return keys


def active_lock(username: str | None, request) -> LoginThrottle | None:
    """The lock that refuses this login now, if any."""
    if not enabled():
        return None
    now = timezone.now()
    for kind, key in _keys(username, request):
        lock = LoginThrottle.objects.filter(
            kind=kind, key=key, locked_until__gt=now
        ).first()
        if lock is not None:
            return lock
    return None


def _count(kind: str, key: str, now) -> LoginThrottle:
    # Failures older than one lock period no longer count (a typo a week ago
    # does not bring a user closer to a lock today), and an expired lock starts
    # a fresh count of 5.
    stale = now - lock_duration()
    LoginThrottle.objects.filter(
        Q(locked_until__isnull=True, last_failure_at__lt=stale)
        | Q(locked_until__lte=now),
        kind=kind,
        key=key,
    ).update(failures=0, locked_until=None)
    # One UPDATE with F() increments atomically in any process.
    if not LoginThrottle.objects.filter(kind=kind, key=key).update(
        failures=F("failures") + 1, last_failure_at=now
    ):
        try:
            with transaction.atomic():
                LoginThrottle.objects.create(
                    kind=kind, key=key, failures=1, last_failure_at=now
                )
        except IntegrityError:  # another process created it first
            LoginThrottle.objects.filter(kind=kind, key=key).update(
                failures=F("failures") + 1, last_failure_at=now
            )
    return LoginThrottle.objects.get(kind=kind, key=key)


def register_failure(username: str | None, request) -> LoginThrottle | None:
    """Count one failed login; lock what reached the limit. Returns the new lock."""
    if not enabled():
        return None
    now = timezone.now()
    new_lock = None
    for kind, key in _keys(username, request):
        row = _count(kind, key, now)
        if row.failures >= max_failures() and not row.is_locked:
            until = now + lock_duration()
            # Only the process that sets the lock audits it.
            if LoginThrottle.objects.filter(
                pk=row.pk, locked_until__isnull=True
            ).update(locked_until=until) or LoginThrottle.objects.filter(
                pk=row.pk, locked_until__lte=now
            ).update(locked_until=until):
                row.locked_until = until
                new_lock = row
                record(
                    "cluster.login_locked",
                    username=username or "",
                    request=request,
                    kind=kind,
                    key=key,
                    failures=row.failures,
                    locked_until=until.isoformat(),
                )
    return new_lock


def register_success(username: str) -> None:
    """A correct login clears the account's count (the address keeps its own)."""
    if enabled():
        LoginThrottle.objects.filter(
            Q(locked_until__isnull=True) | Q(locked_until__lte=timezone.now()),
            kind=LoginThrottleKind.ACCOUNT,
            key=username.strip().lower(),
        ).update(failures=0, locked_until=None)


def unlock(lock: LoginThrottle, *, by, request=None) -> None:
    """Lift a lock early (安全管理员), audited."""
    LoginThrottle.objects.filter(pk=lock.pk).update(failures=0, locked_until=None)
    record(
        "cluster.login_unlocked",
        user=by,
        request=request,
        kind=lock.kind,
        key=lock.key,
    )


def lock_message(lock: LoginThrottle) -> str:
    until = timezone.localtime(lock.locked_until).strftime("%H:%M")
    what = "该账号" if lock.kind == LoginThrottleKind.ACCOUNT else "您所在的网络地址"
    return (
        f"登录失败次数过多，{what}已被锁定至 {until}。"
        "请稍后再试，或联系安全管理员解锁。"
    )
