"""The configurable 索引号 format (REQUIREMENTS §5.2, R26).

``settings.DISCLOSURE_INDEX_FORMAT`` is a ``str.format`` template with the fields
``{agency}`` (the site's 机构代码), ``{yyyy}`` or ``{yyyymm}`` (of the first
publication) and ``{seq}`` with an optional zero-padded width (``{seq:05d}``).
The sequence restarts per agency and per period: per month with ``{yyyymm}``,
per year with ``{yyyy}`` and never without either, so a number can only repeat
if the template leaves out ``{agency}`` or ``{seq}`` — which ``problems`` refuses.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date

from django.conf import settings

DEFAULT_FORMAT = "{agency}/{yyyy}-{seq:05d}"
FIELDS = ("agency", "yyyy", "yyyymm", "seq")
# Zero-padded or plain decimal: a space-padded {seq:5d} would put blanks in URLs.
_SEQ_SPEC = re.compile(r"^(0[1-9][0-9]?d|d)?\Z")
# What each field may produce, for the R26 pattern check.
_FIELD_PATTERNS = {
    "agency": r"(?:[0-9A-Z]{18}|[0-9]{9})",
    "yyyy": r"[0-9]{4}",
    "yyyymm": r"[0-9]{6}",
}


class IndexFormatError(ValueError):
    pass


def configured_format() -> str:
    return getattr(settings, "DISCLOSURE_INDEX_FORMAT", DEFAULT_FORMAT) or ""


def _parse(template: str) -> list[tuple[str, str | None, str]]:
    """(literal text, field name or None, format spec) of each part of ``template``."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise IndexFormatError(str(exc)) from exc
    parts = []
    for literal, name, spec, conversion in parsed:
        if conversion:
            raise IndexFormatError(f"不支持转换符 !{conversion}")
        parts.append((literal, name, spec or ""))
    return parts


def problems(template: str) -> list[str]:
    """Why ``template`` cannot make unique 索引号 (Chinese / English), or []."""
    if not isinstance(template, str) or not template.strip():
        return ["索引号格式不能为空 / the index number format is empty."]
    try:
        parts = _parse(template)
    except IndexFormatError as exc:
        return [f"索引号格式无法解析 / cannot parse the format: {exc}"]
    found: list[str] = []
    errors: list[str] = []
    for _literal, name, spec in parts:
        if name is None:
            continue
        if name not in FIELDS:
            errors.append(
                f"索引号格式含未知字段 {{{name}}}，只能使用 "
                + "、".join(f"{{{f}}}" for f in FIELDS)
                + f" / unknown field {{{name}}}."
            )
            continue
        if name == "seq" and not _SEQ_SPEC.match(spec):
            errors.append(
                f"序号格式 {{seq:{spec}}} 不正确，例如 {{seq:05d}} / bad {{seq}} spec."
            )
        elif name != "seq" and spec:
            errors.append(f"字段 {{{name}}} 不能带格式说明 / {{{name}}} takes no spec.")
        found.append(name)
    for required in ("agency", "seq"):
        if found.count(required) != 1:
            errors.append(
                f"索引号格式必须恰好包含一次 {{{required}}}，否则会产生重复的索引号"
                f" / the format must contain {{{required}}} exactly once."
            )
    if "yyyy" in found and "yyyymm" in found:
        errors.append(
            "{yyyy} 与 {yyyymm} 只能选用一个 / use either {yyyy} or {yyyymm}."
        )
    return errors


@dataclass(frozen=True)
class IndexFormat:
    template: str

    @classmethod
    def from_settings(cls) -> IndexFormat:
        template = configured_format()
        errors = problems(template)
        if errors:
            raise IndexFormatError("；".join(errors))
        return cls(template)

    @property
    def _names(self) -> set[str]:
        return {name for _literal, name, _spec in _parse(self.template) if name}

    def period(self, day: date) -> tuple[int, int]:
        """The (year, month) the sequence counts within; 0 where it does not restart."""
        names = self._names
        if "yyyymm" in names:
            return day.year, day.month
        if "yyyy" in names:
            return day.year, 0
        return 0, 0

    def render(self, agency: str, day: date, seq: int) -> str:
        return self.template.format(
            agency=agency,
            yyyy=f"{day.year:04d}",
            yyyymm=f"{day.year:04d}{day.month:02d}",
            seq=seq,
        )

    def pattern(self) -> re.Pattern:
        """A regular expression every number of this format matches (R26)."""
        regex = []
        for literal, name, spec in _parse(self.template):
            regex.append(re.escape(literal))
            if name == "seq":
                width = int(spec[1:-1]) if spec.startswith("0") else 1
                regex.append(f"[0-9]{{{width},}}")
            elif name:
                regex.append(_FIELD_PATTERNS[name])
        return re.compile("^" + "".join(regex) + r"\Z")
