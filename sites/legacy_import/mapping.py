"""Old columns → the site's standard columns.

The mapping file (JSON, edited by the admin and used again on the next run)::

    {"old_host": "www.old.example.gov.cn",
     "columns": {"工作动态": "gzdt", "政策法规": "zcwj", "领导之窗": null}}

A target is the column's path under the site's home (``zcwj/zcjd``); ``null``
leaves the old column unmapped: its articles are reported, not imported.
"""

from __future__ import annotations

import json
from pathlib import Path

from wagtail.models import Site

from sites.models import ArticlePage, ColumnPage

# Keywords of old column names, most specific first → standard column path.
KEYWORDS: tuple[tuple[str, str], ...] = (
    ("解读", "zcwj/zcjd"),
    ("办事", "zwfw/bszn"),
    ("通知", "tzgg"),
    ("公告", "tzgg"),
    ("公示", "tzgg"),
    ("政策", "zcwj"),
    ("文件", "zcwj"),
    ("法规", "zcwj"),
    ("动态", "gzdt"),
    ("要闻", "gzdt"),
    ("新闻", "gzdt"),
    ("工作信息", "gzdt"),
)


class MappingError(Exception):
    pass


def article_columns(site: Site) -> dict[str, ColumnPage]:
    """The site's columns that hold articles, keyed by their path under home."""
    home = site.root_page
    found = {}
    for column in ColumnPage.objects.descendant_of(home).order_by("path"):
        if ArticlePage.belongs_in(column):
            found[column.url_path[len(home.url_path) :].strip("/")] = column
    return found


def propose(site: Site, old_names: list[str]) -> dict[str, str | None]:
    """A first mapping: same title, else a keyword of the old name."""
    columns = article_columns(site)
    by_title = {c.title: path for path, c in columns.items()}
    proposal: dict[str, str | None] = {}
    for name in old_names:
        clean = "".join(name.split())
        target = by_title.get(clean)
        if target is None:
            target = next(
                (path for word, path in KEYWORDS if word in clean and path in columns),
                None,
            )
        proposal[name] = target
    return proposal


def load(path: str | Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"无法读取映射文件：{exc}") from exc
    except json.JSONDecodeError as exc:
        raise MappingError(f"映射文件格式错误（第{exc.lineno}行）：{exc.msg}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise MappingError("映射文件须为 JSON 对象，并含有 columns 对象")
    return data


def save(path: str | Path, data: dict) -> None:
    Path(path).write_text(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def resolve(site: Site, columns: dict) -> dict[str, ColumnPage | None]:
    """Old column name → ColumnPage; a target that is no article column of the
    site is an error (nothing is imported with a wrong mapping)."""
    available = article_columns(site)
    resolved, errors = {}, []
    for name, target in columns.items():
        if target in (None, ""):
            resolved[name] = None
        elif str(target).strip("/") in available:
            resolved[name] = available[str(target).strip("/")]
        else:
            errors.append(f"“{name}”→“{target}”")
    if errors:
        raise MappingError(
            "映射文件中的目标栏目不存在或不能存放文章："
            + "，".join(errors)
            + "。可用的栏目："
            + "，".join(f"{p}（{c.title}）" for p, c in available.items())
        )
    return resolved
