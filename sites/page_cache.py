"""Whole-page cache for public Wagtail pages (DESIGN §4: the hot path).

Public pages are the same for every visitor, so a rendered page is stored once
per host, path and query string and served from the cache until something it
may show changes. Invalidation is by *generation*: every key carries the
cluster's generation and the site's generation, and publishing bumps them
(see :func:`site_changed`, :func:`cluster_changed`) after the commit, so stale
entries are never read again and simply expire. Generations live in the default
cache, which every process shares (Redis with ``REDIS_URL``, else files under
DATA_DIR), so one process's publish reaches every other process at once. When
the cache is down, pages are served uncached.

Only responses of Wagtail's page view are stored, and only when they are
plainly public: a 200 to a GET, no cookie set, no ``Vary: Cookie`` (a page that
touched the session or a CSRF token is per visitor), not private. App views
(forms, look-ups, search, open data) are never cached here.

An app whose own data shows on a page (approved comments under a consultation,
answered questions of an interview) calls :func:`page_changed` with that page
when the data changes; publishing is covered by the signals in sites/signals.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import cc_delim_re

logger = logging.getLogger(__name__)

CLUSTER_KEY = "page-cache:gen:cluster"
SITE_KEY = "page-cache:gen:site:{}"
PAGE_KEY = "page-cache:page:{}"
# Wagtail names its catch-all page view this way (wagtail/urls.py).
PAGE_VIEW_NAMES = frozenset({"wagtail_serve"})
HEADER = "X-Page-Cache"


def _timeout() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def _new_generation(*keys: str) -> None:
    # A fresh random value rather than an increment: any new value invalidates,
    # and it needs no atomic increment (the file cache has none), nor can it
    # come back to a value that old entries were stored under (a lost key).
    try:
        cache.set_many({key: secrets.token_hex(8) for key in keys}, None)
    except Exception:
        logger.error(
            "page cache: could not invalidate %s; pages may be stale for up to "
            "PAGE_CACHE_SECONDS",
            ", ".join(keys),
            exc_info=True,
        )


def _bump(*keys: str) -> None:
    """New generations for ``keys`` once the change is committed.

    A request that reads the page while the publishing transaction is still
    open sees the old content; had the generation moved already, it would store
    that old page under the new generation (issue 16 item 2). So the bump that
    counts runs after the commit. Inside a transaction the keys are also bumped
    at once: whatever is stored meanwhile goes under that interim generation,
    which the bump after the commit leaves behind (and a test, whose
    transaction never commits, still sees the change)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        _new_generation(*keys)
    transaction.on_commit(lambda: _new_generation(*keys))


def cluster_changed() -> None:
    """Something every site shows changed (grey mode, a shared image, a host)."""
    _bump(CLUSTER_KEY)


def site_changed(*site_pks: int) -> None:
    """Pages of these sites may show something new."""
    if site_pks:
        _bump(*(SITE_KEY.format(pk) for pk in sorted(set(site_pks))))


# Per process, and only to keep the log readable: a cache that is down is
# reported when this process first meets it and when it answers again.
_cache_failing = False


def _cache_failed() -> None:
    global _cache_failing
    if not _cache_failing:
        _cache_failing = True
        logger.error(
            "page cache: the cache is not answering; serving pages uncached "
            "(logged once until it answers again)",
            exc_info=True,
        )


def _cache_answered() -> None:
    global _cache_failing
    if _cache_failing:
        _cache_failing = False
        logger.warning("page cache: the cache answers again")


def _cache_recovered(sender, **kwargs) -> None:
    """Redis is back after an outage: bumps made meanwhile were lost, and pages
    stored before it may be stale, so the whole cluster's pages go."""
    _new_generation(CLUSTER_KEY)


def _generations(site_pk: int) -> tuple[str, str]:
    keys = (CLUSTER_KEY, SITE_KEY.format(site_pk))
    found = cache.get_many(keys)
    return tuple(found.get(key) or _missing_generation(key) for key in keys)


def generations(site_pk: int) -> tuple[str, str]:
    """The (cluster, site) generations: what a page of the site may show is
    the same for as long as both stay (other caches key on them too)."""
    return _generations(site_pk)


def _missing_generation(key: str) -> str:
    """A generation the cache lost (culled, evicted, flushed) becomes a new random
    value, never a default: falling back to one fixed value would bring back the
    pages stored under it before the last publish."""
    cache.add(key, secrets.token_hex(8), None)
    return cache.get(key) or secrets.token_hex(8)


def _key(request, site_pk: int) -> str:
    cluster_gen, site_gen = _generations(site_pk)
    raw = "\n".join(
        (
            request.get_host().lower(),
            request.path,
            request.META.get("QUERY_STRING", ""),
            str(cluster_gen),
            str(site_gen),
        )
    )
    return PAGE_KEY.format(hashlib.sha256(raw.encode()).hexdigest())


def _may_serve_cached(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(("/admin/", "/static/", "/media/"))
        # Wagtail previews and the sharing links of drafts carry a token.
        and "preview" not in request.GET
    )


def is_public_page(request, response) -> bool:
    """A 200 of Wagtail's page view that is the same for every visitor: no
    cookie, nothing per visitor (a password form carries a CSRF token), not
    private. Only such pages are cached, or written as static files."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in PAGE_VIEW_NAMES:
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    vary = {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", ""))}
    if "cookie" in vary or "*" in vary:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(w in cache_control for w in ("private", "no-store", "no-cache"))


HOST_KEY = "page-cache:host:{}:{}"


def _site_pk(request) -> int | None:
    """The pk of the request's site, from the shared cache: the ORM look-up
    (``Site.find_for_request``, most of a hit's CPU, and a database connection)
    runs once per host and cluster generation; changing a site bumps the
    cluster generation and so the key."""
    from wagtail.models import Site

    try:
        host = request.get_host().lower()
    except Exception:  # a bad Host header is answered by Django below
        return None
    try:
        key = HOST_KEY.format(
            cache.get(CLUSTER_KEY) or _missing_generation(CLUSTER_KEY), host
        )
        pk = cache.get(key)
    except Exception:  # the cache is unreachable: look the site up directly
        key, pk = None, None
    if pk is None:
        site = Site.find_for_request(request)
        pk = site.pk if site is not None else 0
        if key is not None:
            # A failed store only costs the look-up again next time.
            with contextlib.suppress(Exception):
                cache.set(key, pk, 3600)
    return pk or None


class PageCacheMiddleware:
    """Place right after WhiteNoise: a hit skips sessions, auth and routing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _timeout() <= 0 or not _may_serve_cached(request):
            return self.get_response(request)
        site_pk = _site_pk(request)
        if site_pk is None:
            return self.get_response(request)
        try:
            key = _key(request, site_pk)
            cached = cache.get(key)
        except Exception:  # the cache is down: pages keep being served, uncached
            _cache_failed()
            return self.get_response(request)
        _cache_answered()
        if cached is not None:
            cached[HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if request.method == "GET" and is_public_page(request, response):
            response[HEADER] = "miss"
            try:
                cache.set(key, response, _timeout())
            except Exception:  # a full or unreachable cache must not fail a page
                _cache_failed()
        return response


def with_sites_above(site_pks) -> set[int]:
    """These sites and every site above them (the portal aggregates its
    members' news); one query, whatever the hierarchy's depth."""
    from .models import SiteProfile

    parents = dict(SiteProfile.objects.values_list("site_id", "parent__site_id"))
    showing = set()
    for pk in site_pks:
        seen = set()
        while pk and pk not in seen:
            seen.add(pk)
            showing.add(pk)
            pk = parents.get(pk)
    return showing


def sites_showing_page(page) -> set[int]:
    """Sites whose pages may show ``page``: its own, the sites above it and the
    sites that accepted it through syndication (and theirs above them).

    Kept on the page object for the publish being handled (the cache, the
    tamper recorder and the static files each ask, in one transaction)."""
    key = (page.path, getattr(page, "live_revision_id", None), page.live)
    memo = getattr(page, "_sites_showing_page", None)
    if memo is not None and memo[0] == key:
        return set(memo[1])
    showing = _sites_showing_page(page)
    page._sites_showing_page = (key, frozenset(showing))
    return showing


def _sites_showing_page(page) -> set[int]:
    from wagtail.models import Page, Site

    from .models import Submission, SubmissionStatus

    root_path = page.path[: 2 * Page.steplen]  # site homes sit at depth 2
    own = set(
        Site.objects.filter(root_page__path=root_path).values_list("pk", flat=True)
    )
    if not own:
        return set()
    own.update(
        Submission.objects.filter(
            article_id=page.pk, status=SubmissionStatus.ACCEPTED
        ).values_list("target_site_id", flat=True)
    )
    return with_sites_above(own)


def page_changed(page) -> None:
    # Also with the page cache off: the generations key the per-site menus too
    # (sites/services/navigation.py).
    site_changed(*sites_showing_page(page))
