"""GB/T 2260 administrative divisions for the 网站标识码 check (R1).

The shipped list, ``sites/data/gb2260_15.csv``, is the 2023 edition of the
中华人民共和国县以上行政区划代码 for Inner Mongolia only (province 15, its 12
prefecture-level divisions and 103 counties/banners). A code of another province
is only checked to the province level.

A cluster may declare further local codes in 集群设置 → 补充行政区划代码, one per
line as ``代码 名称 上级代码`` (e.g. the demo's fictional 北疆市, ``159900``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "gb2260_15.csv"
COVERED_PROVINCES = frozenset({"15"})


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    parent: str  # "" for a province


@cache
def shipped_divisions() -> dict[str, Division]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        rows = csv.reader(line for line in handle if not line.startswith("#"))
        return {row[0]: Division(row[0], row[1], row[2]) for row in rows if row}


def parse_local_divisions(text: str) -> tuple[dict[str, Division], list[str]]:
    """``代码 名称 上级代码`` lines → divisions, and the Chinese errors of bad lines."""
    divisions, errors = {}, []
    for number, line in enumerate((text or "").splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 3 or not all(
            len(p) == 6 and p.isascii() and p.isdigit() for p in parts[::2]
        ):
            errors.append(
                f"第{number}行格式不正确：应为“6位代码 名称 6位上级代码”，如“159900 北疆市 150000”。"
            )
            continue
        code, name, parent = parts
        divisions[code] = Division(code, name, parent)
    return divisions, errors


def known_divisions(local_text: str = "") -> dict[str, Division]:
    return {**shipped_divisions(), **parse_local_divisions(local_text)[0]}


def ancestors(code: str, divisions: dict[str, Division]) -> list[str]:
    """``code`` and its parents up to the province, as far as the list knows them."""
    chain, seen = [], set()
    while code and code in divisions and code not in seen:
        seen.add(code)
        chain.append(code)
        code = divisions[code].parent
    return chain


def division_problems(
    code: str, parent_code: str | None, divisions: dict[str, Division]
) -> list[str] | None:
    """What is wrong with the division part of 网站标识码 ``code`` (R1).

    ``None`` when the list cannot judge it (a province the list does not cover).
    A 国务院部门 code (``bm…``) has no division part.
    """
    if not code or code.startswith("bm"):
        return []
    division = code[:6]
    if division[:2] not in COVERED_PROVINCES and division not in divisions:
        return None
    if division not in divisions:
        return [f"网站标识码前6位 {division} 不是有效的行政区划代码（GB/T 2260）"]
    problems = []
    if parent_code and not parent_code.startswith("bm"):
        parent_division = parent_code[:6]
        if parent_division not in ancestors(division, divisions):
            name = divisions[division].name
            parent_name = getattr(divisions.get(parent_division), "name", "未知区划")
            problems.append(
                f"网站标识码的行政区划 {division}（{name}）不在上级网站的区划 "
                f"{parent_division}（{parent_name}）之内"
            )
    return problems
