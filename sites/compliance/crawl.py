"""The crawler's-eye check: the sites as an inspector's crawler sees them (R6–R8, R12, R13, R4).

``manage.py crawl_sites`` renders, per site, one live page of every page type,
every app list (公开目录, 双公示, 办件公示, 领导信箱, 意见征集, 在线访谈, 年度报表,
search) and the first detail page linked from each list, through Django's test
client as a visitor would (bounded by ``COMPLIANCE_CRAWL_PAGES``). On each page it
checks the Site*/Column*/Article* meta tags and the footer items, and it resolves
every link and image ``src``: internal ones through the test client (static and
media files on their storage), external ones through the link checker's
SSRF-safe fetch, which judges every redirect hop. Each offending URL is stored
with the page it was found on; the ``crawl`` check reads the latest crawl.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.utils import timezone
from wagtail.models import Page, Site

from ..models import ColumnPage, HomePage, SiteCrawl, SiteMapPage, SiteProfile
from .base import Check, CheckResult, Finding, Status
from .core_checks import (
    ARTICLE_TAGS,
    COLUMN_TAGS,
    FOOTER_MARKS,
    PUBDATE_RE,
    SITE_TAGS,
    _MetaParser,
    _PerLinkDeduction,
    public_url,
)
from .link_checker import fetch

# The list pages the apps serve on every site (path, name); "column" pages.
APP_LISTS = (
    ("/xxgk/gkml/", "政府信息公开目录"),
    ("/xxgk/sgs/", "双公示"),
    ("/zwfw/bjgs/", "办件公示"),
    ("/hdjl/ldxx/", "领导信箱"),
    ("/hdjl/yjzj/", "意见征集"),
    ("/hdjl/zxft/", "在线访谈"),
    ("/gzndbb/", "政府网站工作年度报表"),
    ("/search/?q=%E6%94%BF%E5%BA%9C", "站内搜索"),
)
# Links under a list that are forms or files, not detail pages.
NOT_DETAIL = ("write/", "query/", "receipt/", "tj/", "export.csv", "?", "#")
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "#")


def _setting(name, default):
    return getattr(settings, name, default)


class _PageParser(_MetaParser):
    """Meta tags and text as the core's parser, plus image sources, links inside
    ``<main>`` (to find detail pages) and whether a link sits in the footer."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (url, where)
        self.main_links: list[str] = []
        self._in = {"footer": 0, "main": 0}

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        if tag in self._in:
            self._in[tag] += 1
        values = dict(attrs)
        where = "页脚" if self._in["footer"] else "页面"
        if tag == "a" and values.get("href"):
            self.links.append((values["href"], f"{where}链接"))
            if self._in["main"]:
                self.main_links.append(values["href"])
        elif tag in ("img", "script") and values.get("src"):
            self.links.append((values["src"], "图片" if tag == "img" else "脚本"))
        elif tag == "link" and values.get("href") and values.get("rel") == "stylesheet":
            self.links.append((values["href"], "样式表"))

    def handle_endtag(self, tag):
        if tag in self._in and self._in[tag]:
            self._in[tag] -= 1


def _host_header(site: Site) -> str:
    return site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"


def _get(site: Site, path: str):
    from django.test import Client

    try:
        response = Client(
            HTTP_HOST=_host_header(site), raise_request_exception=False
        ).get(path)
        return response.status_code, response
    except Exception as exc:  # a page that cannot render is the finding itself
        return f"{type(exc).__name__}", None


def sample_paths(site: Site) -> list[tuple[str, str]]:
    """(path, kind) of one live public page per page type of ``site``, then the
    app lists; kind is "column", "article" or "site" (meta tags expected)."""
    live = Page.objects.live().public().filter(path__startswith=site.root_page.path)
    types = sorted(set(live.values_list("content_type_id", flat=True).order_by()))
    # One page per type (a query each: the types are few), the deepest first so
    # that a column with content is preferred to an empty one.
    pages = [
        live.filter(content_type_id=ct)
        .order_by("-depth", "path")
        .only("pk", "path", "url_path", "content_type_id")
        .first()
        for ct in types
    ]
    site_only = {
        ContentType.objects.get_for_model(model).pk for model in (HomePage, SiteMapPage)
    }
    column = ContentType.objects.get_for_model(ColumnPage).pk
    found = []
    for page in pages:
        url = public_url(site, page.url_path)
        path = url[len(site.root_url) :] or "/"
        kind = (
            "site"
            if page.content_type_id in site_only
            else "column"
            if page.content_type_id == column
            else "article"
        )
        found.append((path, kind))
    found += [(path, "column") for path, _ in APP_LISTS]
    return found


def meta_problems(parser, kind: str, site: Site, code: str) -> list[str]:
    wanted = SITE_TAGS + {"column": COLUMN_TAGS, "article": ARTICLE_TAGS}.get(kind, ())
    meta = parser.meta
    problems = [f"缺少元数据{tag}" for tag in wanted if tag not in meta]
    problems += [
        f"元数据{tag}为空" for tag in wanted if tag in meta and not meta[tag].strip()
    ]
    if meta.get("SiteIDCode") and code and meta["SiteIDCode"] != code:
        problems.append("SiteIDCode与网站标识码不一致")  # R6
    if meta.get("SiteDomain") and meta["SiteDomain"] != site.hostname:
        problems.append("SiteDomain与网站域名不一致")  # R6
    if (
        kind == "article"
        and meta.get("PubDate")
        and not PUBDATE_RE.match(meta["PubDate"])
    ):
        problems.append("PubDate格式应为YYYY-MM-DD HH:MM")  # R8
    return problems


def _internal_status(site: Site, path: str):
    """(status, redirect location) of an internal URL: files on their storage,
    pages through the client."""
    static_url, media_url = settings.STATIC_URL, settings.MEDIA_URL
    plain = unquote(path.split("?", 1)[0])
    if plain.startswith(static_url):
        from django.contrib.staticfiles import finders
        from django.contrib.staticfiles.storage import staticfiles_storage

        name = plain[len(static_url) :]
        try:
            there = bool(finders.find(name)) or staticfiles_storage.exists(name)
        except Exception:
            there = False
        return (200 if there else 404), ""
    if plain.startswith(media_url):
        return (200 if default_storage.exists(plain[len(media_url) :]) else 404), ""
    status, response = _get(site, path)
    return status, (response.get("Location", "") if response is not None else "")


def crawl_site(site: Site, hosts: dict[str, Site], code: str):
    """(pages crawled as [url, kind], links, findings) of one site."""
    max_pages = int(_setting("COMPLIANCE_CRAWL_PAGES", 40))
    max_external = int(_setting("COMPLIANCE_CRAWL_EXTERNAL", 50))
    timeout = float(_setting("COMPLIANCE_CRAWL_TIMEOUT", 10))
    findings: list[Finding] = []
    uses: dict[str, list[tuple[str, str]]] = defaultdict(list)  # link → (page, where)
    queue = sample_paths(site)
    done: set[str] = set()
    crawled: list[list[str]] = []
    lists = {path for path, _ in APP_LISTS}
    while queue and len(done) < max_pages:
        path, kind = queue.pop(0)
        if path in done:
            continue
        done.add(path)
        page_url = site.root_url + path
        status, response = _get(site, path)
        if status in (301, 302, 303, 307, 308):
            continue  # a link column: its target is judged as a link
        if status != 200:
            if path not in lists or status not in (404,):
                # An app the site does not offer answers 404 on its list: not a defect.
                findings.append(
                    Finding(f"页面无法访问（{status}）", page_url, "抽样页面")
                )
            continue
        if getattr(response, "streaming", False) or "html" not in response.get(
            "Content-Type", ""
        ):
            continue  # a file, not a page
        crawled.append([page_url, kind])
        parser = _PageParser()
        parser.feed(response.content.decode("utf-8", "replace"))
        for problem in meta_problems(parser, kind, site, code):
            findings.append(Finding(problem, page_url, "网页元数据"))
        text = "".join(parser.text)
        missing = [mark for mark in FOOTER_MARKS if mark not in text]
        if missing:
            findings.append(
                Finding("页面底部缺少：" + "、".join(missing), page_url, "页脚")
            )
        for href, where in parser.links:
            if href.startswith(SKIP_SCHEMES):
                continue
            uses[urljoin(page_url, href)].append((page_url, where))
        if path in lists:
            # The first detail page linked from the list's main content.
            base = path.split("?", 1)[0]
            for href in parser.main_links:
                target = urlsplit(urljoin(page_url, href))
                if (
                    target.hostname == site.hostname
                    and target.path.startswith(base)
                    and len(target.path) > len(base)
                    and not any(target.path.endswith(x) for x in NOT_DETAIL)
                    and not target.query
                ):
                    queue.insert(0, (target.path, "article"))
                    break
    external = 0
    # An external URL differing only in its query (找错 links carry the page's
    # address) is one target: fetched once, reported once.
    grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for link, places in sorted(uses.items()):
        parts = urlsplit(link)
        internal = (parts.hostname or "").lower() in hosts
        key = link if internal else link.split("?", 1)[0]
        if key not in grouped:
            grouped[key] = [(link, "")]
        grouped[key] += places
    for first, *places in grouped.values():
        link = first[0]
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https"):
            continue
        host = (parts.hostname or "").lower()
        target_site = hosts.get(host)
        if target_site is not None:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            status, location = _internal_status(target_site, path or "/")
            error = "" if isinstance(status, int) and status < 400 else f"HTTP {status}"
            away = urlsplit(urljoin(link, location)) if location else None
            if away and (away.hostname or "").lower() not in hosts:
                # A link column redirects out of the cluster: judge where it leads.
                status, error, _ = fetch(away.geturl(), timeout)
                if not error and (status is None or status >= 400):
                    error = f"HTTP {status}"
                if error:
                    error = f"跳转到 {away.geturl()[:150]}：{error}"
        else:
            if external >= max_external:
                continue
            external += 1
            status, error, _ = fetch(link, timeout)
            if not error and (status is None or status >= 400):
                error = f"HTTP {status}"
        if error:
            # One finding per offending URL, on the first page showing it.
            page_url, where = places[0]
            pages = len({p for p, _ in places})
            more = f"（共{pages}个页面）" if pages > 1 else ""
            findings.append(Finding(f"{where}失效：{link}", page_url, error + more))
    return crawled, len(uses), findings


def crawl(sites) -> list[SiteCrawl]:
    hosts = {s.hostname.lower(): s for s in Site.objects.all()}
    codes = dict(
        SiteProfile.objects.filter(site__in=[s.pk for s in sites]).values_list(
            "site_id", "code"
        )
    )
    crawls = []
    for site in sites:
        started = timezone.now()
        crawled, links, findings = crawl_site(site, hosts, codes.get(site.pk) or "")
        crawls.append(
            SiteCrawl(
                site=site,
                crawled_at=started,
                pages=len(crawled),
                links=links,
                crawled=crawled,
                findings=[
                    {"title": f.title, "url": f.url, "detail": f.detail}
                    for f in findings
                ],
            )
        )
    SiteCrawl.objects.bulk_create(crawls)
    keep = timezone.now() - datetime.timedelta(
        days=int(_setting("COMPLIANCE_CRAWL_KEEP_DAYS", 30))
    )
    SiteCrawl.objects.filter(crawled_at__lt=keep).delete()
    return crawls


class CrawlCheck(_PerLinkDeduction, Check):
    id = "crawl"
    title = "爬虫视角检查"
    indicator = "可用性：错链、断链；功能设计：网页元数据（扣分）"
    explanation = (
        "后台爬取（crawl_sites）逐站抓取各类页面、各应用列表页和详情页，检查页面元数据、"
        "页脚标识和每个链接、图片地址；外部链接逐跳判断，跳转到其他域名的单独列出。"
        "每处问题扣1分，最多扣10分。近8天没有爬取记录的网站为“未监测”。"
    )
    requirements = ("R4", "R6", "R7", "R8", "R12", "R13")
    points = 1

    def run(self, sites, today):
        since = timezone.make_aware(
            datetime.datetime.combine(
                today
                - datetime.timedelta(
                    days=int(_setting("COMPLIANCE_CRAWL_MAX_AGE_DAYS", 8))
                ),
                datetime.time(),
            )
        )
        latest = {}
        for row in SiteCrawl.objects.filter(
            site__in=[s.pk for s in sites], crawled_at__gte=since
        ).order_by("site_id", "-crawled_at"):
            latest.setdefault(row.site_id, row)
        results = {}
        for site in sites:
            row = latest.get(site.pk)
            if row is None:
                results[site.pk] = CheckResult(
                    Status.UNMONITORED, [], "未监测：近期没有爬取记录。"
                )
                continue
            findings = [Finding(**f) for f in row.findings]
            summary = (
                f"{timezone.localtime(row.crawled_at):%Y-%m-%d %H:%M}爬取页面{row.pages}个、"
                f"链接{row.links}个，发现问题{len(findings)}处。"
            )
            results[site.pk] = CheckResult(
                Status.FAIL if findings else Status.PASS, findings, summary
            )
        return results


def crawl_checks() -> list[Check]:
    return [CrawlCheck()]
