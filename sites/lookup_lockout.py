"""Lockout of the case look-ups (case number + query code) of letters and
依申请公开 applications (issue 14 item 3; SECURITY V2 brute force).

Case numbers are sequential, so a lock keyed by the case number alone let any
stranger lock a writer out of their own case for an hour with five wrong codes.
Failures are therefore counted per *client address and case number* (five, then
that client waits an hour for that case) and per *client address* over all
cases (twenty an hour: guessing across many numbers). A stranger's failures
never touch the writer's counters, so the writer's right code is always accepted
from the writer's own connection. With 31⁸ possible codes, a guesser needs about
10¹¹ tries for one case, which no number of addresses at five an hour reaches.

The counters live in the ``state`` cache (a database table: shared by every
process and exact, see sites/cache_backends.py). A try *reserves* a failure
before the code is checked and gives it back when the code was right, so
concurrent wrong tries through several workers still stop at exactly five.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass

from django.core.cache import caches
from django_ratelimit.core import _get_ip  # the ip key of django-ratelimit (masks)

FAILURES_PER_CASE = 5
FAILURES_PER_CLIENT = 20
WINDOW_SECONDS = 3600


def _state():
    return caches["state"]


def client_address(request) -> str:
    """The visitor's address as the rate limits see it (RATELIMIT_IP_META_KEY,
    IPv6 /64), so both limits agree on who a client is."""
    try:
        return _get_ip(request)
    except Exception:  # a malformed forwarded header: fall back to the socket
        return request.META.get("REMOTE_ADDR", "") or "-"


@dataclass
class Reservation:
    keys: list[str]

    def release(self) -> None:
        """The code was right: this try was not a failure."""
        state = _state()
        for key in self.keys:
            with contextlib.suppress(ValueError):  # expired: nothing to give back
                state.decr(key)


def _take(key: str, limit: int) -> bool:
    state = _state()
    state.add(key, 0, WINDOW_SECONDS)
    try:
        count = state.incr(key)
    except ValueError:  # expired between add and incr
        state.add(key, 1, WINDOW_SECONDS)
        count = 1
    if count > limit:
        state.decr(key)
        return False
    return True


def _key(*parts: str) -> str:
    # Hashed: typed case numbers may hold anything, keys must stay plain.
    return "lookup-fail:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def reserve(kind: str, request, case_number: str) -> Reservation | None:
    """A reservation to check one code, or None when this client must wait.

    ``kind`` separates the counters of letters and applications."""
    client = client_address(request)
    case = (case_number or "").strip().upper()[:20]
    limits = [
        (_key(kind, client, case), FAILURES_PER_CASE),
        (_key(kind, client), FAILURES_PER_CLIENT),
    ]
    taken = []
    for key, limit in limits:
        if not _take(key, limit):
            Reservation(taken).release()
            return None
        taken.append(key)
    return Reservation(taken)
