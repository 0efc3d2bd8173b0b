"""Submit-once: a public form's secret token stores one case, whatever the
number of clicks or concurrent POSTs (the token column is unique).

The query code is derived from the token (``sites.query_codes``), so every
answer a browser shows for one form carries the same working code.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction

from sites import query_codes


def store_once(model, token, create: Callable[[], object]) -> tuple[object, bool]:
    """``(row, True)`` when ``create()`` stored it, in one transaction; for a
    token already stored, ``(that row, False)`` and nothing written.

    Any other integrity error is raised: it is no repeated form.
    """
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        existing = model.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        return existing, False


def submit_once(model, token, store: Callable[[str], object]):
    """Store the case of ``token`` once; returns ``(case, query_code)``.

    ``store(query_code_hash)`` creates the case (with its token, number, files
    and first event). A repeated token returns the case already stored and
    ``None`` for the code (see :func:`receipt_code`).
    """
    query_code = query_codes.code_for(token)
    case, stored = store_once(
        model, token, lambda: store(query_codes.hash_code(query_code))
    )
    return case, query_code if stored else None


def receipt_code(case, token, query_code: str | None) -> str | None:
    """The code a receipt shows: the new one, or for the same form sent again
    (a double click; the browser shows only the last answer) the same code as
    the first answer while ``query_codes.REISSUE_WINDOW`` lasts, else None."""
    if query_code is not None:
        return query_code
    return query_codes.code_again(case, token)
