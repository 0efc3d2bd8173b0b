"""robots.txt, favicon.ico and sitemap.xml for every site of the cluster (issue 18).

sitemap.xml lists the site's own live pages outside every restricted section
(withdrawn pages are unpublished, so they are not live), each with its
lastmod, and the public app pages (lists, forms, look-ups) of
``public_entrances``."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from .services.public_entrances import ENTRANCES
from .services.tree import descendants_q, public_q

FAVICON = "themes/img/favicon.ico"


def _site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有与此域名对应的网站。")
    return site


def _origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    _site(request)
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        "Disallow: /hdjl/ldxx/query/",
        "Disallow: /xxgk/ysqgk/query/",
        "",
        f"Sitemap: {_origin(request)}/sitemap.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    path = finders.find(FAVICON) or Path(settings.STATIC_ROOT or "") / FAVICON
    if not path or not Path(path).is_file():
        raise Http404("图标不存在。")
    return FileResponse(open(path, "rb"), content_type="image/x-icon")


def sitemap_entries(site: Site) -> list[tuple[str, object]]:
    """(path, lastmod) of every public page of ``site``, pages first."""
    root = site.root_page
    pages = (
        Page.objects.live()
        .filter(descendants_q(root.path) | Q(pk=root.pk))
        .filter(public_q())
        .order_by("path")
        .annotate(
            modified=Coalesce(
                "last_published_at", "latest_revision_created_at", "first_published_at"
            )
        )
        .values_list("url_path", "modified")
    )
    prefix = root.url_path
    entries, seen = [], set()
    for url_path, lastmod in pages:
        path = "/" + url_path[len(prefix) :]
        seen.add(path)
        entries.append((path, lastmod))
    # A page never published through a revision (an imported or provisioned
    # column, the home) changes with what it lists: the site's newest change.
    newest = max((lastmod for _, lastmod in entries if lastmod), default=None)
    entries = [(path, lastmod or newest) for path, lastmod in entries]
    entries += [(e.path, None) for e in ENTRANCES if e.path not in seen]
    return entries


@require_safe
@cache_control(max_age=3600, public=True)
def sitemap_xml(request):
    site = _site(request)
    body = render_to_string(
        "sites/sitemap.xml",
        {"origin": _origin(request), "entries": sitemap_entries(site)},
    )
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
