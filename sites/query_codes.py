"""Query codes of public submissions (依申请公开 applications, 领导信箱 letters):
the submitter's key to their own case, shown once on the receipt. Only a hash is
stored, so a lost code cannot be shown again — only replaced, and only for the
browser that sent the submission moments ago (a double click, see ``reissue``)."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth.hashers import make_password
from django.utils import timezone

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L to misread
LENGTH = 8
REISSUE_WINDOW = datetime.timedelta(minutes=30)


def new_query_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def reissue(submission, token) -> str | None:
    """A new query code for ``submission`` re-sent with its own secret submission
    token soon after it was stored; None otherwise.

    A double click stores one case, but the browser shows only the answer to the
    second request: without a new code the submitter would leave with none that
    works. The token is a hidden random field of that one form, so nobody else
    can ask for it.
    """
    if str(submission.submission_token) != str(token):
        return None
    if timezone.now() - submission.submitted_at > REISSUE_WINDOW:
        return None
    code = new_query_code()
    type(submission).objects.filter(pk=submission.pk).update(
        query_code_hash=make_password(code)
    )
    return code
