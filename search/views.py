"""The public search page, /search/ on every site of the cluster."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from wagtail.models import Site

from sites.models import SiteKind, SiteProfile
from sites.validators import date_in_range

from . import analytics
from .analysis import ensure_vocabulary
from .highlighting import highlight
from .indexes import registered_types
from .query import MAX_QUERY_LENGTH, Scope, identifier_hits, parse, search

log = logging.getLogger("search")
PAGE_SIZE = 10
MAX_PAGE = 100  # deep paging costs every engine; nobody reads page 101
UNAVAILABLE = (
    "检索服务暂时不可用（索引正在建立或需要修复），请稍后再试，"
    "或通过栏目导航和网站地图查找信息。"
)


def _date(value: str) -> dt.date | None:
    """A date of the filter, or None (ignored) when unreadable or out of range:
    year 1 or 9999 overflows once made local midnight in UTC."""
    try:
        day = dt.date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None
    return day if date_in_range(day) else None


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def search_view(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有与此域名对应的网站。")
    profiles = list(
        SiteProfile.objects.select_related("site").order_by("site__site_name")
    )
    sites = {p.site_id: p.site for p in profiles}
    is_portal = any(
        p.site_id == site.pk and p.kind == SiteKind.PORTAL for p in profiles
    )
    types = registered_types()
    labels = dict(types)

    raw = request.GET.get("q") or ""
    scope_name = request.GET.get("scope") or ("all" if is_portal else "site")
    if scope_name not in ("site", "all"):
        scope_name = "site"
    chosen_site = _int(request.GET.get("site"))
    if chosen_site not in sites:
        chosen_site = None
    kind = request.GET.get("type") or ""
    if kind not in labels:
        kind = ""
    sort = "date" if request.GET.get("sort") == "date" else "relevance"
    date_from, date_to = _date(request.GET.get("from")), _date(request.GET.get("to"))
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    page_number = min(max(_int(request.GET.get("page"), 1), 1), MAX_PAGE)
    any_word = request.GET.get("any") == "1"

    if scope_name == "site":
        site_ids = [site.pk]
    else:
        site_ids = [chosen_site] if chosen_site else None
    scope = Scope(site_ids, kind, date_from, date_to, sort)

    context = {
        "query": raw[:MAX_QUERY_LENGTH] if len(raw) <= MAX_QUERY_LENGTH else "",
        "scope": scope_name,
        "is_portal": is_portal,
        "site_choices": [(p.site_id, p.site.site_name) for p in profiles],
        "chosen_site": chosen_site,
        "type_choices": types,
        "kind": kind,
        "sort": sort,
        "date_from": date_from,
        "date_to": date_to,
        "home_page": site.root_page.specific,
        "current_site": site,
        "results": [],
        "exact": [],
        "any_word": any_word,
    }
    status = 200
    if len(raw) > MAX_QUERY_LENGTH:
        context["error"] = f"搜索词不能超过{MAX_QUERY_LENGTH}个字，请缩短后重试。"
        status = 400
    elif any(ord(char) < 32 or 0x7F <= ord(char) < 0xA0 for char in raw):
        context["error"] = "搜索词包含无效字符，请重新输入。"
        status = 400
    elif raw.strip():
        _run(request, site, raw, scope, page_number, any_word, sites, labels, context)
    elif "q" in request.GET:
        context["error"] = "请输入要查找的关键词，例如“社保卡”或文号。"
    if not context["results"] and "popular" not in context:
        context["popular"] = analytics.suggestions(site)
    return render(request, "search/results.html", context, status=status)


def _run(request, site, raw, scope, page_number, any_word, sites, labels, context):
    ensure_vocabulary()
    parsed = parse(raw)
    context["parsed"] = parsed
    if parsed.empty:
        context["error"] = "请输入要查找的词语（文字或数字）。"
        return
    try:
        exact = identifier_hits(parsed, scope)
        results = search(parsed, scope, any_word=any_word)
        if results is not None:
            # The page's slice first: haystack keeps the hit count of that one
            # engine query, so the paginator's count() costs nothing more.
            list(results[(page_number - 1) * PAGE_SIZE : page_number * PAGE_SIZE])
        paginator = Paginator(results if results is not None else [], PAGE_SIZE)
        page_obj = paginator.get_page(page_number)
        hits = paginator.count
        if hits == 0 and not any_word and len(parsed.words) + len(parsed.phrases) > 1:
            context["any_word_count"] = search(parsed, scope, any_word=True).count()
        rows = list(page_obj.object_list)
    except Exception:
        log.warning("检索失败（索引不可用）", exc_info=True)
        context["unavailable"] = UNAVAILABLE
        return
    exact_ids = {hit.id for hit in exact}
    terms = parsed.highlight_terms
    context.update(
        page_obj=page_obj,
        hits=hits,
        exact=[_row(hit, terms, sites, labels, request) for hit in exact],
        results=[
            _row(hit, terms, sites, labels, request)
            for hit in rows
            if hit.id not in exact_ids
        ],
    )
    if hits == 0 and not exact:
        context["popular"] = analytics.suggestions(site)
    if page_number == 1:
        analytics.record(
            site, parsed.normalized, hits + len(exact), parsed.display,
            visitor=analytics.visitor_key(request),
        )  # fmt: skip


def _row(hit, terms, sites, labels, request):
    url = hit.url or ""
    host = request.get_host().split(":")[0]
    for prefix in (f"http://{host}", f"https://{host}"):
        if url.startswith(prefix + "/") or url.startswith(prefix + ":"):
            url = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
            break
    published = hit.published
    if isinstance(published, dt.datetime):
        if timezone.is_naive(published):
            published = published.replace(tzinfo=dt.UTC)
        published = timezone.localtime(published)
    site_ids = [int(pk) for pk in (hit.site_ids or [])]
    site = sites.get(site_ids[0]) if site_ids else None
    agency = (
        hit.agency if hit.agency and hit.agency != (site and site.site_name) else ""
    )
    meta = [part for part in (labels.get(hit.kind, ""), site.site_name if site else "",
                              agency) if part]  # fmt: skip
    if published:
        meta.append({"date": published})
    return {
        "meta": meta,
        "title": highlight(
            hit.title, terms, max_length=max(len(hit.title or ""), 1) + 1
        ),
        "snippet": highlight(hit.snippet, terms),
        "url": url,
        "site_name": site.site_name if site else "",
        "kind": labels.get(hit.kind, ""),
        "published": published,
        "agency": hit.agency,
    }
