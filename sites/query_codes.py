"""Query codes of public submissions (依申请公开 applications, 领导信箱 letters):
the submitter's key to their own case, shown on the receipt. Only a keyed hash
is stored, so a lost code cannot be shown again.

A code is 16 characters of an alphabet without look-alikes (31¹⁶ ≈ 2⁷⁹), shown in
groups of four. That many possibilities make a slow hash pointless: guessing is
held back by the look-up lockout (sites/lookup_lockout.py) and a leaked table
without the key is worthless, so the stored hash is an HMAC-SHA256 that costs
microseconds, where the PBKDF2 of the old 8-character codes cost about 1.2 s of
CPU per submission (issue 16 item 6). Old PBKDF2 hashes still verify.

The code itself is derived from the form's secret submission token with the same
key: a double click or concurrent duplicate POSTs of one form all get the same
code, so every receipt a browser shows carries a code that works, and a
duplicate writes nothing.

Keys: ``QUERY_CODE_KEYS`` (newest first). Without it a key is derived from
``SECRET_KEY`` (and ``SECRET_KEY_FALLBACKS``). To rotate, put the new key first
and keep the old ones listed: stored hashes of every listed key still verify.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.utils import timezone

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L to misread
LENGTH = 16
GROUP = 4
PREFIX = "hmac-sha256$"
# A re-sent form shows its code again only this long after it was stored: later
# the token in an old page (or a stolen one) no longer opens the case.
REISSUE_WINDOW = datetime.timedelta(minutes=30)
# What a visitor may type around the code: spaces, dashes (as shown), lower case.
_SEPARATORS = re.compile(r"[\s\-－—_]+")
MAX_INPUT = 40  # the longest typed form worth looking at (grouped, with spaces)


def _keys() -> list[bytes]:
    configured = [k for k in getattr(settings, "QUERY_CODE_KEYS", None) or [] if k]
    if configured:
        return [k.encode() if isinstance(k, str) else k for k in configured]
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [
        hashlib.sha256(b"query-code:" + secret.encode()).digest() for secret in secrets
    ]


def _mac(key: bytes, purpose: str, value: str) -> bytes:
    return hmac.new(key, f"{purpose}\n{value}".encode(), hashlib.sha256).digest()


def code_for(token) -> str:
    """The query code of the submission made with ``token`` (grouped for display)."""
    number = int.from_bytes(_mac(_keys()[0], "code", str(token)), "big")
    chars = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "-".join("".join(chars[i : i + GROUP]) for i in range(0, LENGTH, GROUP))


def normalize(code: str) -> str:
    """The code as stored: upper case, without the separators a visitor types."""
    return _SEPARATORS.sub("", (code or "")[:MAX_INPUT]).upper()


def hash_code(code: str) -> str:
    return PREFIX + _mac(_keys()[0], "hash", normalize(code)).hex()


def verify(code: str, stored: str) -> bool:
    """Whether ``code`` opens the case whose stored hash is ``stored``."""
    code = normalize(code)
    if not stored.startswith(PREFIX):
        # A receipt from before the keyed hash (PBKDF2 via Django's hashers).
        return bool(code) and check_password(code, stored)
    expected = stored[len(PREFIX) :]
    return any(
        hmac.compare_digest(_mac(key, "hash", code).hex(), expected) for key in _keys()
    )


def spend_like_a_check() -> None:
    """What a look-up of an unknown case number spends: one keyed hash, as a
    real check would, so timing tells nothing."""
    hash_code("")


def code_again(submission, token) -> str | None:
    """The code of ``submission`` for a browser that re-sent its form (same secret
    token) soon after it was stored; None otherwise.

    A double click stores one case, but the browser shows only the answer to the
    second request: it shows the very same code as the first answer. None when
    the window has passed, or for a case stored under an older scheme (PBKDF2)
    or a key no longer listed, whose code cannot be shown again.
    """
    if str(submission.submission_token) != str(token):
        return None
    if timezone.now() - submission.submitted_at > REISSUE_WINDOW:
        return None
    code = code_for(token)
    return code if verify(code, submission.query_code_hash) else None
