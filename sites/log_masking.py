"""Personal data typed into a URL (the search box, a query form) never reaches a
log (issue 14 item 7, SECURITY.md "personal data never reaches logs").

A query-string value that, read as the visitor typed it, holds a run of seven
or more digits (ASCII or full-width, however spaced or hyphenated: phone and
ID numbers) or an e-mail address is written as ``***``. Used by

- ``PersonalDataLogFilter`` on the handlers of Django's logging (runserver's
  access lines, request warnings);
- ``MaskingGunicornLogger`` (``gunicorn --logger-class
  sites.log_masking.MaskingGunicornLogger``) for gunicorn's access log;
- ``looks_personal`` by the search analytics, which then stores nothing.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_plus

MASK = "***"
_SEPARATORS = re.compile(
    "[\\s\\-\u2010-\u2015\u2212\uff0d.\uff0e\u00b7/()\uff08\uff09+\uff0b"
    "\u200b-\u200d\u2060\ufeff]"
)
_DIGITS = re.compile(r"\d{7,}")
_EMAIL = re.compile(r"[^\s@\uff20]+\s*[@\uff20]\s*[^\s@\uff20]+[.\uff0e]\w+")
# key=value inside a query string (after ?, & or ;), up to a space or quote.
_QUERY_VALUE = re.compile(r"([?&;][^=&\s\"'?]*=)([^&;\s\"']*)")


def looks_personal(text: str) -> bool:
    text = text or ""
    return bool(_EMAIL.search(text) or _DIGITS.search(_SEPARATORS.sub("", text)))


def mask_text(text: str) -> str:
    """``text`` with every personal-looking query-string value replaced."""
    if "=" not in text:
        return text

    def mask(match: re.Match) -> str:
        value = match.group(2)
        try:
            typed = unquote_plus(unquote_plus(value))
        except Exception:  # noqa: BLE001 - unreadable input is masked, not logged
            return match.group(1) + MASK
        return match.group(1) + (MASK if looks_personal(typed) else value)

    return _QUERY_VALUE.sub(mask, text)


class PersonalDataLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover - gunicorn is a runtime dependency
    _GunicornLogger = object


class MaskingGunicornLogger(_GunicornLogger):
    """gunicorn's logger with the request line, query and referer masked."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: mask_text(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
