"""What the public sees of a letter: question, reply, replying unit and both dates
(R54), with personal data removed (phones, ID numbers, e-mail addresses, and the
writer's own name, phone and address wherever they were typed into the text)."""

from __future__ import annotations

import re

REDACTED = "***"
_PATTERNS = (
    re.compile(
        r"(?<![0-9A-Za-z])[1-9][0-9]{5}(?:19|20)[0-9]{2}[0-9]{7}[0-9Xx](?![0-9A-Za-z])"
    ),
    re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])"),
    re.compile(r"(?<![0-9])0[0-9]{2,3}-?[0-9]{7,8}(?![0-9])"),
    re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
)


def redact(text: str, letter=None) -> str:
    """``text`` with personal data replaced by ***."""
    text = text or ""
    if letter is not None:
        for value in (letter.address, letter.phone, letter.email, letter.id_number):
            if value and len(value) >= 4:
                text = text.replace(value, REDACTED)
        name = letter.name
        if name and len(name) >= 2:
            text = text.replace(name, name[0] + "**")
    for pattern in _PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text
