"""What the public sees of a letter: question, reply, replying unit and both dates
(R54), with personal data removed.

The writer's own data (the name, phone, e-mail, ID number and address typed into
the form) is hidden wherever it occurs, in the letter and in the reply, whatever
its spelling ("139 1234 5678") or however much of the address is quoted
("康平路5号小区"). The letter, written by a citizen, also loses every phone,
ID number and e-mail address in it; the reply, written by the office, keeps its
own contact numbers ("详情请咨询基础教育科，电话0477-8123456") and loses only
the writer's data and ID numbers (issue 18).

Numbers are found by family, not by one spelling: a run of digits (ASCII,
full-width or any other Unicode decimal digits) that may be broken by spaces,
hyphens, dashes, dots, zero-width characters or brackets around an area code is
read as its digits alone and then classified — an 11-digit mobile (also behind
+86), a landline with its area code, a 15- or 18-digit ID number (or any longer
run: bank cards) — so "139 1234 5678", "１３９１２３４５６７８" and
"0477-812 3456" are hidden like "13912345678". The office's own declared
numbers (the 联系电话 of the sites' profiles) stay visible.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from sites.models import SiteProfile

REDACTED = "***"

# Characters people (or input methods) put between digit groups.
_SEP = (
    r"[ \t\u00a0\u3000\u2002-\u200d\u2060\ufeff"
    r"\-\u2010-\u2015\u2212\ufe63\uff0d.\uff0e·/]"
)
_DIGITS = r"\d+"
_OPEN = r"[(\uff08\[]"
_CLOSE = r"[)\uff09\]]"
# One candidate: digit groups joined by at most three separators or a closing
# bracket (the "(0477) 8123456" spelling), optionally led by +86 and an opening
# bracket, optionally ended by the X of an ID number.
_RUN = re.compile(
    rf"(?<!\d)(?:[+\uff0b]\s*)?(?:{_OPEN}\s*)?{_DIGITS}"
    rf"(?:(?:{_SEP}{{1,3}}|\s*{_CLOSE}{_SEP}{{0,3}}){_DIGITS})*"
    rf"(?:{_SEP}?[XxＸｘ])?"
)
_GROUP = re.compile(rf"{_DIGITS}|[XxＸｘ]")
_EMAIL = re.compile(
    r"[A-Za-z0-9._%+\-]+\s*[@\uff20]\s*[A-Za-z0-9\-]+"
    r"(?:\s*[.\uff0e]\s*[A-Za-z0-9\-]+)*\s*[.\uff0e]\s*[A-Za-z]{2,}",
)
_MOBILE = re.compile(r"(?:0?86)?1[3-9]\d{9}")
_LANDLINE = re.compile(r"(?:0?86)?0[1-9]\d{8,10}")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _ascii_digits(text: str) -> str:
    out = []
    for char in text:
        if char in "XxＸｘ":
            out.append("X")
        else:
            value = unicodedata.digit(char, None)
            if value is not None:
                out.append(str(value))
    return "".join(out)


def _is_date(yyyymmdd: str) -> bool:
    try:
        datetime.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return 1850 <= int(yyyymmdd[:4]) <= 2100


def _id_check_ok(value: str) -> bool:
    total = sum(int(c) * w for c, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == value[17]


def is_personal_number(digits: str, contiguous: bool = True) -> bool:
    """Whether a run of digits (ASCII, 'X' for the ID check) is a mobile, a
    landline with its area code, an ID number or another long personal number.

    ``contiguous`` is False when the digits were typed in groups: then an ID
    number must carry a real birth date or a right check digit, and a long
    number only counts when grouped by spaces (a bank card), so that a date
    written before a phone number is not swallowed with it.
    """
    if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits):
        return True
    if len(digits) == 18 and digits[:17].isdigit():
        return contiguous or _is_date(digits[6:14]) or _id_check_ok(digits)
    if len(digits) == 15 and digits.isdigit():
        return contiguous or _is_date("19" + digits[6:12])
    return contiguous and len(digits) >= 15 and digits.rstrip("X").isdigit()


def is_id_number(digits: str) -> bool:
    """A 15- or 18-digit run that reads as a resident ID (birth date or check digit)."""
    if len(digits) == 18 and digits[:17].isdigit():
        return _is_date(digits[6:14]) or _id_check_ok(digits)
    return len(digits) == 15 and digits.isdigit() and _is_date("19" + digits[6:12])


def _any_personal_number(digits: str, contiguous: bool, spaced: bool) -> bool:
    return is_personal_number(digits, contiguous=contiguous) or (
        spaced and len(digits) >= 16 and is_personal_number(digits)
    )


def _hide_numbers(text: str, keep: frozenset[str], hidden=_any_personal_number) -> str:
    def hide(match: re.Match) -> str:
        run = match.group(0)
        groups = list(_GROUP.finditer(run))
        pieces, cursor, i = [], 0, 0
        while i < len(groups):
            # The longest stretch of groups from here that is one personal number.
            for j in range(len(groups) - 1, i - 1, -1):
                digits = _ascii_digits(run[groups[i].start() : groups[j].end()])
                if digits in keep or digits.removeprefix("86") in keep:
                    i = j  # a declared public number: left as typed
                    break
                gaps = [run[groups[k].end() : groups[k + 1].start()]
                        for k in range(i, j)]  # fmt: skip
                spaced = all(gap.isspace() for gap in gaps) and all(
                    len(g.group(0)) >= 3 for g in groups[i : j + 1] if g.group(0) != "X"
                )
                if hidden(digits, not gaps, spaced):
                    start = 0 if i == 0 else groups[i].start()  # with a leading +/(
                    pieces.append(run[cursor:start] + REDACTED)
                    cursor = groups[j].end()
                    i = j
                    break
            i += 1
        pieces.append(run[cursor:])
        return "".join(pieces)

    return _RUN.sub(hide, text)


def declared_public_numbers() -> frozenset[str]:
    """The sites' own 联系电话, which a reply may quote (digits only)."""
    numbers = set()
    for phone in SiteProfile.objects.exclude(phone="").values_list("phone", flat=True):
        for match in _RUN.finditer(phone):
            digits = _ascii_digits(match.group(0))
            if len(digits) >= 5:
                numbers.add(digits)
    return frozenset(numbers)


# Where an address leaves the region names (省、市、区 …) and where a place
# within it ends (路、号、小区、单元 …): a reply may quote any stretch between.
_REGION_END = re.compile(r"省|自治区|市|盟|州|县|旗|镇|乡|苏木|街道|(?<!小)区")
_PLACE_END = re.compile(r"路|街|巷|弄|胡同|号|院|小区|村|组|栋|幢|楼|单元|室|户")
_PRIVATE_PLACE = re.compile(r"\d|小区|村|组|单元|室|户|号$")


def address_fragments(address: str) -> list[str]:
    """The stretches of the writer's address that point at their home, longest
    first: "北疆市新城区幸福路8号3单元" gives the whole, "幸福路8号3单元",
    "幸福路8号" … but not "北疆市" or "幸福路" alone."""
    address = (address or "").strip()
    if len(address) < 4:
        return []
    starts = {0} | {m.end() for m in _REGION_END.finditer(address)}
    ends = {len(address)} | {m.end() for m in _PLACE_END.finditer(address)}
    fragments = {address}
    for start in starts:
        for end in ends:
            piece = address[start:end]
            if len(piece) >= 4 and _PRIVATE_PLACE.search(piece):
                fragments.add(piece)
    return sorted(fragments, key=len, reverse=True)


def _hide_writer(text: str, letter) -> str:
    """The writer's own name, address, e-mail and ID number as typed."""
    for piece in address_fragments(letter.address):
        text = text.replace(piece, REDACTED)
    email = letter.email
    if email and len(email) >= 4:
        text = re.sub(re.escape(email), REDACTED, text, flags=re.IGNORECASE)
    if letter.id_number and len(letter.id_number) >= 4:
        text = text.replace(letter.id_number, REDACTED)
    name = letter.name
    if name and len(name) >= 2:
        text = text.replace(name, name[0] + "**")
    return text


def _writer_numbers(letter) -> frozenset[str]:
    numbers = set()
    for value in (letter.phone, letter.id_number):
        digits = _ascii_digits(value or "")
        if len(digits) >= 5:
            numbers.add(digits.removeprefix("86") if len(digits) == 13 else digits)
    return frozenset(numbers)


def redact(text: str, letter=None, keep: frozenset[str] | None = None) -> str:
    """The writer's ``text`` (subject or content) with personal data replaced
    by ***: the writer's own data and every phone, ID number and e-mail."""
    text = text or ""
    if letter is not None:
        text = _hide_writer(text, letter)
        own = _writer_numbers(letter)
        text = _hide_numbers(
            text, frozenset(),
            lambda digits, contiguous, spaced: digits.removeprefix("86") in own,
        )  # fmt: skip
    text = _EMAIL.sub(REDACTED, text)
    if keep is None:
        keep = declared_public_numbers()
    return _hide_numbers(text, keep)


def redact_reply(text: str, letter) -> str:
    """The office's reply with the writer's data (in any spelling) and ID
    numbers replaced by ***; the office's own phones and e-mail stay."""
    own = _writer_numbers(letter)

    def hidden(digits: str, contiguous: bool, spaced: bool) -> bool:
        return digits.removeprefix("86") in own or is_id_number(digits)

    return _hide_numbers(_hide_writer(text or "", letter), frozenset(), hidden)
