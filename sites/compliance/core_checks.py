"""The core's compliance checks (国办秘函〔2019〕19号, REQUIREMENTS §2, R1–R22, R50).

Each check reads the whole cluster in a fixed number of queries and sorts the rows
into sites by tree path (a page belongs to the site whose home page heads its path).
Points for 扣分 items are the platform's defaults where the national text gives no
figure (REQUIREMENTS marks them "unverified").
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DateTimeField, Max, Q, TextField
from django.db.models.functions import Cast, Coalesce, Length, Substr
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from ..models import (
    ArticlePage,
    ColumnLayout,
    ColumnPage,
    ColumnType,
    ExternalLinkUse,
    HomePage,
    SiteProfile,
    WebsiteReport,
)
from ..services.dates import freshness_date
from ..services.tree import public_q
from ..validators import validate_site_code
from .base import Check, CheckResult, Finding, Indicator, Status

STEP = Page.steplen
HOME_LEN = STEP * 2
DAY = datetime.timedelta(days=1)

HOME_WINDOW_DAYS = 14
NEWS_WINDOW_DAYS = 14
NOTICE_POLICY_WINDOW_DAYS = 182
STALE_COLUMNS_VETO = 5
OVERDUE_COLUMNS_VETO = 10
BLANK_COLUMNS_VETO = 5


# --- helpers -----------------------------------------------------------------


def site_by_root(sites) -> dict[str, Site]:
    return {site.root_page.path: site for site in sites}


def public_url(site: Site, url_path: str) -> str:
    """The public address of a page of ``site`` from its ``url_path`` (no query)."""
    root = site.root_page.url_path
    rest = url_path[len(root) :] if url_path.startswith(root) else ""
    return f"{site.root_url}/{rest}"


def edit_url(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def profile_url(site: Site) -> str:
    return reverse("wagtailsettings:edit", args=["sites", "siteprofile", site.pk])


def end_of(today: datetime.date) -> datetime.datetime:
    """The first instant after ``today`` in the local time zone."""
    return timezone.make_aware(datetime.datetime.combine(today + DAY, datetime.time()))


def local_day(value) -> datetime.date | None:
    return timezone.localtime(value).date() if value else None


def content_under(sites, today):
    """Per tree path of every column of the sites: the latest publication date of
    any live content page below it and their number (one query).

    Content pages are every live page that is not a column, whatever app defines
    its type, so a column filled by another app's pages counts as filled. An
    article's date is the earlier of its 发布日期 and the platform's first
    publication (R22: a date moved forward cannot make a column look updated);
    other page types use their first publication.
    """
    column_ct = ContentType.objects.get_for_model(ColumnPage)
    latest: dict[str, datetime.datetime] = {}
    count: dict[str, int] = defaultdict(int)
    roots = Q()
    for site in sites:
        roots |= Q(path__startswith=site.root_page.path)
    # Internal sections (内部栏目) are outside what inspectors and the public
    # see: they neither fill a public column nor make a site look updated.
    rows = (
        Page.objects.live()
        .filter(roots, depth__gt=3)
        .filter(public_q())
        .exclude(content_type=column_ct)
        .annotate(
            published=Coalesce(
                freshness_date("articlepage__publish_date"),
                "first_published_at",
                output_field=DateTimeField(),
            ),
            parent=Substr("path", 1, Length("path") - STEP),
        )
        .filter(Q(published__lt=end_of(today)) | Q(published__isnull=True))
        .values("parent")
        .annotate(last=Max("published"), total=Count("id"))
        .order_by()
    )
    for row in rows:
        parent = row["parent"]
        # Every ancestor column holds this content too.
        for end in range(HOME_LEN + STEP, len(parent) + 1, STEP):
            prefix = parent[:end]
            count[prefix] += row["total"]
            if row["last"] and (prefix not in latest or row["last"] > latest[prefix]):
                latest[prefix] = row["last"]
    return latest, count


def live_columns(sites):
    roots = Q()
    for site in sites:
        roots |= Q(path__startswith=site.root_page.path)
    return list(
        ColumnPage.objects.live()
        .filter(roots)
        .filter(public_q())  # an internal section is not inspected
        .order_by("path")
        .only(
            "pk",
            "path",
            "depth",
            "title",
            "url_path",
            "layout",
            "column_type",
            "update_cycle_days",
            "body",
            "last_published_at",
        )
    )


# --- freshness -----------------------------------------------------------------


class HomeStaleCheck(Check):
    id = "home_stale"
    title = "首页更新"
    indicator = "首页不更新（单项否决）"
    explanation = (
        "监测期两周内首页没有新发布的信息即单项否决。"
        "首页显示本站各栏目的最新信息，请在任一栏目发布新信息。"
    )
    requirements = ("R16", "R21")
    kind = Indicator.VETO

    def run(self, sites, today):
        latest = dict(
            ArticlePage.objects.live()
            .filter(public_q())  # the home never shows internal articles
            .annotate(fresh=freshness_date())
            .filter(fresh__lt=end_of(today))
            .annotate(prefix=Substr("path", 1, HOME_LEN))
            .values("prefix")
            .annotate(last=Max("fresh"))
            .order_by()
            .values_list("prefix", "last")
        )
        results = {}
        for site in sites:
            last = local_day(latest.get(site.root_page.path))
            home = Finding(
                f"{site.site_name}首页", public_url(site, site.root_page.url_path)
            )
            if last is None:
                results[site.pk] = CheckResult(
                    Status.FAIL, [home], "首页没有任何已发布的信息。"
                )
                continue
            age = (today - last).days
            summary = f"首页最近一条信息发布于{last:%Y-%m-%d}，距今{age}天。"
            if age > HOME_WINDOW_DAYS:
                status = Status.FAIL
            elif age > HOME_WINDOW_DAYS - 4:
                status = Status.WARN
            else:
                status = Status.PASS
            findings = [] if status is Status.PASS else [home]
            results[site.pk] = CheckResult(status, findings, summary)
        return results


def freshness_window(column) -> tuple[int, str] | None:
    """The veto window of a column (R17): 动态要闻 2 weeks; first-level 通知公告 and
    政策文件 6 months."""
    if column.column_type == ColumnType.NEWS:
        return NEWS_WINDOW_DAYS, "动态要闻栏目两周"
    if column.depth == 3 and column.column_type in (
        ColumnType.NOTICE,
        ColumnType.POLICY,
    ):
        return NOTICE_POLICY_WINDOW_DAYS, "通知公告、政策文件一级栏目六个月"
    return None


class ColumnStaleCheck(Check):
    id = "column_stale"
    title = "栏目更新"
    indicator = "栏目不更新（单项否决）"
    explanation = (
        "动态要闻类栏目两周内未更新，加上通知公告、政策文件一级栏目六个月内未更新，合计达到5个；"
        "或设定了更新周期而“应更新未更新”的栏目达到10个，即单项否决。不足阈值的列为预警。"
    )
    requirements = ("R17", "R18", "R20", "R21")
    kind = Indicator.VETO

    def run(self, sites, today):
        latest, _ = content_under(sites, today)
        by_root = site_by_root(sites)
        stale = defaultdict(list)
        overdue = defaultdict(list)
        for column in live_columns(sites):
            if column.layout == ColumnLayout.LINK:
                continue
            site = by_root.get(column.path[:HOME_LEN])
            if site is None:
                continue
            newest = latest.get(column.path)
            # A single-content column is updated by publishing the column itself.
            published = column.last_published_at
            if column.layout == ColumnLayout.SINGLE and published:
                newest = max(newest, published) if newest else published
            last = local_day(newest)
            age = (today - last).days if last else None
            shown = f"最近更新{last:%Y-%m-%d}" if last else "从未发布信息"
            url = public_url(site, column.url_path)
            window = freshness_window(column)
            if window and (age is None or age > window[0]):
                stale[site.pk].append(
                    Finding(column.title, url, f"超过{window[1]}未更新（{shown}）")
                )
            cycle = column.update_cycle_days
            if cycle and (age is None or age > cycle):
                overdue[site.pk].append(
                    Finding(column.title, url, f"更新周期{cycle}天，{shown}")
                )
        results = {}
        for site in sites:
            n_stale, n_overdue = len(stale[site.pk]), len(overdue[site.pk])
            summary = f"动态要闻及通知公告、政策文件不更新栏目{n_stale}个；应更新未更新栏目{n_overdue}个。"
            if n_stale >= STALE_COLUMNS_VETO or n_overdue >= OVERDUE_COLUMNS_VETO:
                status = Status.FAIL
            elif n_stale or n_overdue:
                status = Status.WARN
            else:
                status = Status.PASS
            findings = stale[site.pk] + [
                f
                for f in overdue[site.pk]
                if f.title not in {s.title for s in stale[site.pk]}
            ]
            results[site.pk] = CheckResult(status, findings, summary)
        return results


class BlankColumnsCheck(Check):
    id = "blank_columns"
    title = "空白栏目"
    indicator = "栏目不更新：空白栏目（单项否决）"
    explanation = (
        "列表形式的栏目既无下级栏目也无任何已发布信息即为空白栏目，达到5个单项否决。"
        "请发布信息、在栏目说明中写明“本机关无此类信息”，或撤下该栏目。"
    )
    requirements = ("R19", "R31")
    kind = Indicator.VETO

    def run(self, sites, today):
        _, count = content_under(sites, today)
        columns = live_columns(sites)
        has_subcolumns = {c.path[:-STEP] for c in columns}
        by_root = site_by_root(sites)
        blank = defaultdict(list)
        for column in columns:
            if column.layout != ColumnLayout.LIST or column.path in has_subcolumns:
                continue
            if count.get(column.path) or len(column.body):
                continue
            site = by_root.get(column.path[:HOME_LEN])
            if site is not None:
                blank[site.pk].append(
                    Finding(
                        column.title,
                        public_url(site, column.url_path),
                        "栏目内无任何信息",
                    )
                )
        results = {}
        for site in sites:
            found = blank[site.pk]
            if len(found) >= BLANK_COLUMNS_VETO:
                status = Status.FAIL
            else:
                status = Status.WARN if found else Status.PASS
            results[site.pk] = CheckResult(status, found, f"空白栏目{len(found)}个。")
        return results


# --- identity: footer and meta tags ---------------------------------------------

ICP_RE = re.compile(r"^.ICP备\d+号(-\d+)?$")
PSB_RE = re.compile(r"^.公网安备\s?\d{14}号$")


def footer_gaps(site: Site, profile: SiteProfile | None) -> list[str]:
    if profile is None:
        return ["网站信息（网站标识码、主办单位、备案号等）未设置"]
    gaps = []
    try:
        validate_site_code(profile.code or "")
    except Exception:
        gaps.append("网站标识码缺失或格式不正确")
    if not (profile.sponsor or site.site_name):
        gaps.append("缺少主办单位")
    if not (profile.phone or profile.email):
        gaps.append("缺少联系方式（电话或邮箱）")
    if not ICP_RE.match(profile.icp_number or ""):
        gaps.append("缺少ICP备案号或格式不正确")
    if not PSB_RE.match(profile.psb_number or ""):
        gaps.append("缺少公安机关备案号或格式不正确")
    if not (profile.show_party_gov_mark and profile.party_gov_mark_id):
        gaps.append("未显示党政机关网站标识或缺少标识编号")
    return gaps


class FooterIdentityCheck(Check):
    id = "footer_identity"
    title = "页面底部标识"
    indicator = "功能设计：网站标识（扣分）"
    explanation = (
        "每个页面底部须列明党政机关网站标识、网站主办单位、联系方式、网站标识码、ICP备案号"
        "和公安机关备案号，并设置“我为政府网站找错”入口。请在“网站信息”中补全。"
    )
    requirements = ("R1", "R4", "R5")
    points = 5

    def run(self, sites, today):
        profiles = {
            p.site_id: p
            for p in SiteProfile.objects.filter(site__in=[s.pk for s in sites])
        }
        gaps_of = {site.pk: footer_gaps(site, profiles.get(site.pk)) for site in sites}
        # The rendered footer is compared only on sites whose data is complete:
        # what a gap in the data leaves out is already reported above.
        template = template_problems([s for s in sites if not gaps_of[s.pk]], "footer")
        results = {}
        for site in sites:
            gaps = gaps_of[site.pk]
            findings = [Finding(gap, profile_url(site), "网站信息") for gap in gaps]
            findings += template
            status = Status.FAIL if findings else Status.PASS
            summary = (
                "；".join(gaps + [f.title for f in template]) or "页面底部标识齐全。"
            )
            results[site.pk] = CheckResult(status, findings, summary)
        return results


class _MetaParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.text: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name"):
            self.meta[attrs["name"]] = attrs.get("content") or ""
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "img" and attrs.get("alt"):
            self.text.append(attrs["alt"])

    def handle_data(self, data):
        self.text.append(data)


SITE_TAGS = ("SiteName", "SiteDomain", "SiteIDCode")
COLUMN_TAGS = ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType")
ARTICLE_TAGS = ("ArticleTitle", "PubDate", "ContentSource")
FOOTER_MARKS = (
    "党政机关网站标识",
    "主办单位",
    "联系方式",
    "网站标识码",
    "ICP备",
    "公网安备",
    "我为政府网站找错",
)
PUBDATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")


def _sample_pages(sites):
    """A home page, a list column and an article of the first sampled sites (3 queries)."""
    count = getattr(settings, "COMPLIANCE_RENDER_SAMPLE_SITES", 2)
    sampled = sites[:count]
    samples = []
    for site in sampled:
        samples.append(("home", site, site.root_page.url_path))
    for model, kind, extra in (
        (ColumnPage, "column", {"layout": ColumnLayout.LIST}),
        (ArticlePage, "article", {}),
    ):
        roots = Q(pk__in=[])
        for site in sampled:
            roots |= Q(path__startswith=site.root_page.path)
        seen = set()
        for page in (
            model.objects.live()
            .public()
            .filter(roots, **extra)
            .order_by("path")
            .only("path", "url_path")
        ):
            root = page.path[:HOME_LEN]
            if root not in seen:
                seen.add(root)
                site = next(s for s in sampled if s.root_page.path == root)
                samples.append((kind, site, page.url_path))
    return samples


def render_samples(sites):
    """Fetch the sample pages through Django's test client, as a visitor would."""
    from django.test import Client

    pages = []
    for kind, site, url_path in _sample_pages(sites):
        url = public_url(site, url_path)
        path = url[len(site.root_url) :] or "/"
        host = (
            site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
        )
        try:
            response = Client(HTTP_HOST=host, raise_request_exception=False).get(path)
            body = (
                response.content.decode("utf-8", "replace")
                if response.status_code == 200
                else ""
            )
            status = response.status_code
        except Exception as exc:  # a page that cannot render is the finding itself
            body, status = "", str(exc)[:80]
        parser = _MetaParser()
        parser.feed(body)
        pages.append((kind, site, url, status, parser))
    return pages


def template_problems(sites, what: str) -> list[Finding]:
    """Problems of the shared templates seen in the rendered sample pages: every
    site uses the same theme, so a template defect concerns every site."""
    findings = []
    for kind, _site, url, status, parser in render_samples(sites):
        if status != 200:
            findings.append(Finding(f"抽样页面无法访问（{status}）", url))
            continue
        if what == "footer":
            text = "".join(parser.text)
            missing = [mark for mark in FOOTER_MARKS if mark not in text]
            if missing:
                findings.append(
                    Finding("页面底部缺少：" + "、".join(missing), url, "抽样页面")
                )
            continue
        wanted = SITE_TAGS + {"column": COLUMN_TAGS, "article": ARTICLE_TAGS}.get(
            kind, ()
        )
        missing = [tag for tag in wanted if tag not in parser.meta]
        if missing:
            findings.append(
                Finding("页面缺少元数据：" + "、".join(missing), url, "抽样页面")
            )
        if (
            kind == "article"
            and "PubDate" in parser.meta
            and not PUBDATE_RE.match(parser.meta["PubDate"])
        ):
            findings.append(Finding("PubDate格式应为YYYY-MM-DD HH:MM", url, "抽样页面"))
    return findings


class MetaTagsCheck(Check):
    id = "meta_tags"
    title = "网页元数据"
    indicator = "功能设计：网页元数据（扣分）"
    explanation = (
        "每个页面须有SiteName、SiteDomain、SiteIDCode；栏目页须有ColumnName、ColumnDescription、"
        "ColumnKeywords、ColumnType；文章页须有ArticleTitle、PubDate、ContentSource，且不得为空。"
    )
    requirements = ("R6", "R7", "R8")
    points = 2

    def run(self, sites, today):
        profiles = {
            p.site_id: p
            for p in SiteProfile.objects.filter(site__in=[s.pk for s in sites])
        }
        template = template_problems(sites, "meta")
        # Articles whose ContentSource would be empty: no 来源 and no 主办单位 to fall back on.
        no_sponsor = [
            s for s in sites if not getattr(profiles.get(s.pk), "sponsor", "")
        ]
        roots = Q(pk__in=[])
        for site in no_sponsor:
            roots |= Q(path__startswith=site.root_page.path)
        sourceless = defaultdict(list)
        by_root = site_by_root(sites)
        for page in (
            ArticlePage.objects.live()
            .filter(roots, source="")
            .order_by("path")
            .only("pk", "path", "title", "url_path")
        ):
            site = by_root[page.path[:HOME_LEN]]
            sourceless[site.pk].append(
                Finding(
                    page.title,
                    public_url(site, page.url_path),
                    "ContentSource为空：未填写来源，网站信息也未填写主办单位",
                )
            )
        results = {}
        for site in sites:
            profile = profiles.get(site.pk)
            findings = []
            if profile is None or not profile.code:
                findings.append(
                    Finding("SiteIDCode为空：未设置网站标识码", profile_url(site))
                )
            findings += sourceless[site.pk] + template
            status = Status.FAIL if findings else Status.PASS
            summary = f"元数据问题{len(findings)}处。" if findings else "元数据齐全。"
            results[site.pk] = CheckResult(status, findings, summary)
        return results


# --- links ---------------------------------------------------------------------

MAX_LINK_POINTS = 10


class _PerLinkDeduction:
    """1 point per broken link, at most MAX_LINK_POINTS (REQUIREMENTS §2.3: the
    per-link value is unverified; the cap follows the per-indicator cap of §2.1)."""

    def deduction(self, result):
        if result.status is Status.FAIL:
            return min(len(result.findings), MAX_LINK_POINTS)
        return 0


# Links as stored in rich text and StreamField JSON (quotes may be escaped).
PAGE_LINK_RE = re.compile(r'linktype=\\?"page\\?" id=\\?"(\d+)')
DOC_LINK_RE = re.compile(r'linktype=\\?"document\\?" id=\\?"(\d+)')
DOC_BLOCK_RE = re.compile(r'"document":\s*(\d+)')


class InternalLinksCheck(_PerLinkDeduction, Check):
    id = "internal_links"
    title = "站内错链"
    indicator = "可用性：错链、断链（扣分）"
    explanation = (
        "首页、栏目和文章正文中指向本平台页面或文件的链接，目标已删除或未发布即为错链。"
        "每处扣1分，最多扣10分。请修改链接或恢复目标。"
    )
    requirements = ("R12", "R33")
    points = 1

    def run(self, sites, today):
        from wagtail.documents import get_document_model

        sources = []  # (site, page values, page ids, document ids)
        by_root = site_by_root(sites)
        roots = Q(pk__in=[])
        for site in sites:
            roots |= Q(path__startswith=site.root_page.path)
        for model in (HomePage, ColumnPage, ArticlePage):
            rows = (
                model.objects.live()
                .filter(roots)
                .annotate(raw=Cast("body", TextField()))
                .filter(Q(raw__contains="linktype") | Q(raw__contains='"document"'))
                .order_by("path")
                .values("pk", "path", "title", "url_path", "raw")
            )
            for row in rows:
                site = by_root.get(row["path"][:HOME_LEN])
                raw = row.pop("raw") or ""
                pages = {int(n) for n in PAGE_LINK_RE.findall(raw)}
                docs = {int(n) for n in DOC_LINK_RE.findall(raw)}
                docs |= {int(n) for n in DOC_BLOCK_RE.findall(raw)}
                if site is not None and (pages or docs):
                    sources.append((site, row, pages, docs))
        page_ids = set().union(*(s[2] for s in sources)) if sources else set()
        doc_ids = set().union(*(s[3] for s in sources)) if sources else set()
        targets = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "live"))
        documents = set(
            get_document_model()
            .objects.filter(pk__in=doc_ids)
            .values_list("pk", flat=True)
        )
        broken = defaultdict(list)
        for site, row, pages, docs in sources:
            url = public_url(site, row["url_path"])
            for pk in sorted(pages):
                if pk not in targets:
                    detail = f"链接的页面（ID {pk}）已删除"
                elif not targets[pk]:
                    detail = f"链接的页面（ID {pk}）未发布"
                else:
                    continue
                broken[site.pk].append(Finding(row["title"], url, detail))
            for pk in sorted(docs - documents):
                broken[site.pk].append(
                    Finding(row["title"], url, f"链接的文件（ID {pk}）已删除")
                )
        results = {}
        for site in sites:
            found = broken[site.pk]
            results[site.pk] = CheckResult(
                Status.FAIL if found else Status.PASS,
                found,
                f"站内错链{len(found)}处。",
            )
        return results


class ExternalLinksCheck(_PerLinkDeduction, Check):
    id = "external_links"
    title = "外部链接"
    indicator = "可用性：错链、断链（扣分）"
    explanation = (
        "后台链接检测（check_external_links）逐一访问页面中的外部链接，"
        "超时、无法解析或返回错误状态即为断链。每处扣1分，最多扣10分。"
    )
    requirements = ("R12", "R13")
    points = 1

    def run(self, sites, today):
        by_pk = {site.pk: site for site in sites}
        broken = defaultdict(list)
        uses = (
            ExternalLinkUse.objects.filter(
                site__in=list(by_pk), link__ok=False, page__live=True
            )
            .values(
                "site_id",
                "link__url",
                "link__status_code",
                "link__error",
                "page__title",
                "page__url_path",
            )
            .order_by("site_id", "page__path")
        )
        for use in uses:
            site = by_pk[use["site_id"]]
            why = use["link__error"] or f"HTTP {use['link__status_code']}"
            broken[site.pk].append(
                Finding(
                    use["page__title"],
                    public_url(site, use["page__url_path"]),
                    f"{use['link__url']}：{why}",
                )
            )
        results = {}
        for site in sites:
            found = broken[site.pk]
            results[site.pk] = CheckResult(
                Status.FAIL if found else Status.PASS,
                found,
                f"外部断链{len(found)}处。",
            )
        return results


# --- 政府网站工作年度报表 -----------------------------------------------------------


def website_report_deadline(year: int) -> datetime.date:
    """The 报表 for ``year`` is published by 31 January of the next year (R50)."""
    return datetime.date(year + 1, 1, 31)


class WebsiteReportCheck(Check):
    id = "website_report"
    title = "政府网站工作年度报表"
    indicator = "政府网站工作年度报表（扣分）"
    explanation = "每年1月31日前在首页发布上一年度《政府网站工作年度报表》（国办函〔2018〕12号）。"
    requirements = ("R50", "R72")
    points = 5

    def run(self, sites, today):
        year = today.year - 1
        deadline = website_report_deadline(year)
        reports = {
            r.site_id: r
            for r in WebsiteReport.objects.filter(
                site__in=[s.pk for s in sites], year=year
            ).only("pk", "site_id", "published_at")
        }
        results = {}
        for site in sites:
            report = reports.get(site.pk)
            url = reverse("sites_website_reports:edit", args=[site.pk, year])
            published = local_day(report.published_at) if report else None
            if published and published <= deadline:
                results[site.pk] = CheckResult(
                    Status.PASS, [], f"{year}年度报表已于{published:%Y-%m-%d}发布。"
                )
            elif published:
                results[site.pk] = CheckResult(
                    Status.WARN,
                    [
                        Finding(
                            f"{year}年度报表", url, f"逾期发布（{published:%Y-%m-%d}）"
                        )
                    ],
                    f"{year}年度报表逾期发布。",
                )
            elif today > deadline:
                results[site.pk] = CheckResult(
                    Status.FAIL,
                    [Finding(f"{year}年度报表", url, f"截至{deadline:%Y-%m-%d}未发布")],
                    f"{year}年度报表逾期未发布。",
                )
            else:
                results[site.pk] = CheckResult(
                    Status.WARN,
                    [Finding(f"{year}年度报表", url, f"须于{deadline:%Y-%m-%d}前发布")],
                    f"{year}年度报表尚未发布。",
                )
        return results


def core_checks() -> list[Check]:
    return [
        HomeStaleCheck(),
        ColumnStaleCheck(),
        BlankColumnsCheck(),
        FooterIdentityCheck(),
        MetaTagsCheck(),
        InternalLinksCheck(),
        ExternalLinksCheck(),
        WebsiteReportCheck(),
    ]
