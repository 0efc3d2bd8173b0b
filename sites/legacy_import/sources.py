"""What an old site holds, read from a crawl, a folder of saved pages or an
export: its navigation (old columns) and its articles, each with a stable key."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import timezone

from .fetching import Fetched, FetchError, decode_html, same_site

PAGE_SUFFIXES = ("", ".html", ".htm", ".shtml", ".jsp", ".asp", ".aspx", ".php")
NAV_MARK = re.compile(r"nav|menu|daohang|lanmu", re.I)
BODY_SELECTORS = (
    "#zoom", ".TRS_Editor", "#UCAP-CONTENT", ".article-content", "#article",
    ".article", "#content", ".content", ".zw", "#zw", ".main-text",
)  # fmt: skip
TITLE_SELECTORS = ("#title", ".title", ".article-title", "h1")
DATE_SELECTORS = (".date", ".time", ".pubdate", "#pubdate", ".info", ".article-info")
DATE_PATTERN = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
SOURCE_PATTERN = re.compile(r"来源[:：]\s*([^\s|　]{2,30})")
COLUMN_PATH = re.compile(r"/col/col\d+/")


class SourceError(Exception):
    """The source cannot be read at all (shown as the job's error)."""


@dataclass
class Attachment:
    url: str
    title: str = ""


@dataclass
class SourceItem:
    key: str
    old_url: str
    title: str = ""
    date: datetime.datetime | None = None
    column: str = ""
    body_html: str = ""
    base_url: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    source: str = ""
    error: str = ""


@dataclass
class NavEntry:
    name: str
    url: str = ""


@dataclass
class LegacySite:
    """Everything read from the old site, ready for the importer."""

    host: str
    start_url: str
    nav: list[NavEntry] = field(default_factory=list)
    items: list[SourceItem] = field(default_factory=list)
    # Old URLs that are not articles but must still redirect: start page,
    # frameset and frames, column pages (url → old column name or "").
    other_urls: dict[str, str] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    fetch: Callable[[str], Fetched] | None = None
    files_root: Path | None = None


def parse_date(text: str) -> datetime.datetime | None:
    """The first date in ``text`` (2019-03-05, 2019/3/5 10:20, 2019年3月5日 …),
    in the cluster's time zone; None when there is none or it is not a date."""
    match = DATE_PATTERN.search(text or "")
    if not match:
        return None
    year, month, day, hour, minute, second = (
        int(g) if g else 0 for g in match.groups()
    )
    try:
        value = datetime.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return timezone.make_aware(value)


def _page_like(url: str) -> bool:
    path = urlsplit(url).path.lower()
    name = path.rsplit("/", 1)[-1]
    suffix = name[name.rfind(".") :] if "." in name else ""
    return suffix in PAGE_SUFFIXES


def _text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split()) if node else ""


def _first(soup, selectors):
    for selector in selectors:
        node = soup.select_one(selector)
        if node is not None:
            return node
    return None


def _nav_links(soup, page_url: str) -> list[NavEntry]:
    entries = []
    for container in soup.find_all(
        lambda tag: (
            tag.name in ("div", "ul", "nav", "td", "table")
            and NAV_MARK.search(" ".join([tag.get("id", "")] + tag.get("class", [])))
        )
    ):
        for link in container.find_all("a", href=True):
            name = _text(link)
            url = urldefrag(urljoin(page_url, link["href"]))[0]
            if name and same_site(url, page_url):
                entries.append(NavEntry(name, url))
    return entries


def _is_home(url: str, start_url: str) -> bool:
    path = urlsplit(url).path
    return path in ("", "/") or url == start_url or path.rsplit("/", 1)[-1] in (
        "index.html", "index.shtml", "index.htm", "main.html", "main.shtml",
    ) and path.count("/") == 1  # fmt: skip


def parse_article(soup, url: str) -> SourceItem:
    body = _first(soup, BODY_SELECTORS)
    item = SourceItem(key=url, old_url=url, base_url=url)
    title_node = _first(soup, TITLE_SELECTORS)
    item.title = _text(title_node) or _text(soup.title).split("-")[0].strip()
    meta = soup.find(
        "meta", attrs={"name": re.compile("^(pubdate|publishdate)$", re.I)}
    )
    date_text = (meta.get("content", "") if meta else "") or _text(
        _first(soup, DATE_SELECTORS)
    )
    item.date = parse_date(date_text)
    info = _text(_first(soup, DATE_SELECTORS))
    if match := SOURCE_PATTERN.search(info):
        item.source = match.group(1)
    if body is None:
        item.error = "页面中找不到正文"
    elif not item.title:
        item.error = "页面中找不到标题"
    elif item.date is None:
        item.error = f"页面中找不到有效的发布日期（{date_text[:40] or '空'}）"
    else:
        # Its links to files become the article's attachments (cleaning.py).
        item.body_html = body.decode_contents()
    return item


def crawl(fetch: Callable[[str], Fetched], start_url: str, *, max_pages=None,
          progress=None) -> LegacySite:  # fmt: skip
    """Breadth-first over the old site's pages (same host only, at most
    ``max_pages``), following framesets; articles are pages with a title, a
    date and a body container, linked from a column (the first one wins)."""
    max_pages = int(max_pages or getattr(settings, "LEGACY_IMPORT_MAX_PAGES", 5000))
    site = LegacySite(host=urlsplit(start_url).netloc, start_url=start_url, fetch=fetch)
    queue = deque([start_url])
    seen = {start_url}
    column_of: dict[str, str] = {}
    nav_urls: dict[str, str] = {}
    pages = 0
    while queue and pages < max_pages:
        url = queue.popleft()
        pages += 1
        if progress:
            progress(pages, len(queue))
        try:
            fetched = fetch(url)
        except FetchError as exc:
            if url in nav_urls or _is_home(url, start_url):
                site.failures.append((url, str(exc)))
            else:
                site.items.append(
                    SourceItem(
                        key=url,
                        old_url=url,
                        column=column_of.get(url, ""),
                        error=f"无法读取：{exc}",
                    )  # fmt: skip
                )
            continue
        soup = BeautifulSoup(decode_html(fetched.content, fetched.content_type),
                             "html.parser")  # fmt: skip
        links = []
        frames = soup.find_all(["frame", "iframe"], src=True)
        for frame in frames:
            links.append(urljoin(url, frame["src"]))
        for entry in _nav_links(soup, url):
            if entry.url not in nav_urls and not _is_home(entry.url, start_url):
                nav_urls[entry.url] = entry.name
                site.nav.append(entry)
        is_column = url in nav_urls or bool(COLUMN_PATH.search(urlsplit(url).path))
        nav_set = {e.url for e in _nav_links(soup, url)}
        for link in soup.find_all("a", href=True):
            target = urldefrag(urljoin(url, link["href"]))[0]
            if not same_site(target, start_url) or not _page_like(target):
                continue
            links.append(target)
            if is_column and target not in nav_set and target not in column_of:
                column_of[target] = nav_urls.get(url) or _text(
                    _first(soup, TITLE_SELECTORS)
                )
        for target in links:
            if target not in seen:
                seen.add(target)
                queue.append(target)
        if soup.find("frameset") is not None or _is_home(url, start_url):
            site.other_urls[url] = ""
        elif is_column:
            site.other_urls[url] = nav_urls.get(url, "")
        elif _first(soup, BODY_SELECTORS) is not None or url in column_of:
            item = parse_article(soup, url)
            item.column = column_of.get(url, "")
            site.items.append(item)
        else:  # another page of the old site (a frame, a list): its home
            site.other_urls[url] = ""
    # An article linked before its column was known: fill the column in now.
    for item in site.items:
        item.column = item.column or column_of.get(item.old_url, "")
    return site


EXPORT_FIELDS = {
    "key": ("id", "key", "编号"),
    "url": ("url", "link", "old_url", "原地址"),
    "title": ("title", "标题"),
    "date": ("date", "publish_date", "pubdate", "发布日期"),
    "column": ("column", "channel", "category", "栏目"),
    "body": ("body_html", "body", "content", "正文"),
    "attachments": ("attachments", "附件"),
    "source": ("source", "来源"),
}


def _field(row: dict, name: str):
    for key in EXPORT_FIELDS[name]:
        if row.get(key) not in (None, ""):
            return row[key]
    return ""


def _attachments(value) -> list[Attachment]:
    if isinstance(value, str):
        value = [v.strip() for v in re.split(r"[|;\n]", value) if v.strip()]
    found = []
    for entry in value or []:
        if isinstance(entry, dict):
            url = entry.get("url") or entry.get("path") or ""
            found.append(Attachment(url, entry.get("title") or entry.get("name") or ""))
        else:
            found.append(Attachment(str(entry)))
    return [a for a in found if a.url]


def read_export(path: str | Path, *, base_url: str = "", raw: bytes | None = None,
                name: str = "") -> LegacySite:  # fmt: skip
    """A JSON (a list, or {"items": [...]}) or CSV export with the columns
    id, url, title, date, column, body_html, attachments (``|``-separated).
    Attachment paths that are not URLs are read relative to the export file."""
    path = Path(path) if path else None
    if raw is None:
        raw = path.read_bytes()
    name = name or (path.name if path else "")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")  # Excel's CSV in GBK
    if name.lower().endswith(".csv"):
        rows = list(csv.DictReader(io.StringIO(text)))
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(f"JSON 文件格式错误（第{exc.lineno}行）") from exc
        rows = data.get("items", []) if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise SourceError("JSON 文件中找不到条目列表（items）")
        if isinstance(data, dict):
            base_url = base_url or data.get("base_url", "")
    if not rows:
        raise SourceError("导出文件中没有任何条目")
    site = LegacySite(host=urlsplit(base_url).netloc, start_url=base_url,
                      files_root=path.parent if path else None)  # fmt: skip
    columns: dict[str, NavEntry] = {}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            site.failures.append((f"第{number}条", "不是对象，已跳过"))
            continue
        url = str(_field(row, "url"))
        if url and base_url:
            url = urljoin(base_url, url)
        key = str(_field(row, "key") or url or f"row-{number}")
        item = SourceItem(
            key=f"export:{key}",
            old_url=url,
            title=str(_field(row, "title")).strip(),
            column=str(_field(row, "column")).strip(),
            body_html=str(_field(row, "body")),
            base_url=url or base_url,
            attachments=_attachments(_field(row, "attachments")),
            source=str(_field(row, "source")).strip(),
        )
        date_text = str(_field(row, "date"))
        item.date = parse_date(date_text)
        if not item.title:
            item.error = "缺少标题"
        elif item.date is None:
            item.error = f"发布日期无效（{date_text[:40] or '空'}）"
        if item.column and item.column not in columns:
            columns[item.column] = NavEntry(item.column)
        site.items.append(item)
    site.nav = list(columns.values())
    if url := next((i.old_url for i in site.items if i.old_url), ""):
        site.host = site.host or urlsplit(url).netloc
    return site
