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

import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

from .cache_generations import (
    CLUSTER_KEY,
    SITE_KEY,
    cache_answered,
    cache_failed,
    missing_generation,
)
from .models.profile import SiteProfile
from .models.syndication import Submission, SubmissionStatus
from .site_lookup import (
    answer,
    kept_site,
    remember_generations,
    request_generations,
    site_for_request,
)

logger = logging.getLogger(__name__)

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


def _cache_recovered(sender, **kwargs) -> None:
    """Redis is back after an outage: bumps made meanwhile were lost, and pages
    stored before it may be stale, so the whole cluster's pages go."""
    _new_generation(CLUSTER_KEY)


def _generations(site_pk: int) -> tuple[str, str]:
    keys = (CLUSTER_KEY, SITE_KEY.format(site_pk))
    found = cache.get_many(keys)
    return tuple(found.get(key) or missing_generation(key) for key in keys)


def generations(site_pk: int, request=None) -> tuple[str, str]:
    """The (cluster, site) generations: what a page of the site may show is
    the same for as long as both stay (other caches key on them too). With the
    request, what it read already (sites/site_lookup.py) serves again."""
    found = request_generations(request, site_pk)
    if found is None or None in found:
        found = _generations(site_pk)
        remember_generations(request, site_pk, found)
    return found


def _local_key(request, host: str, generations: tuple[str, str]) -> tuple:
    """What names a stored page: host, path, query string and both generations
    (this process's copies are found by it as it is)."""
    return (host.lower(), request.path, request.META.get("QUERY_STRING", ""),
            *generations)  # fmt: skip


def _key(local_key: tuple) -> str:
    """The shared cache's key of a page."""
    raw = "\n".join(local_key)
    return PAGE_KEY.format(hashlib.sha256(raw.encode()).hexdigest())


def _may_serve_cached(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(("/admin/", "/static/", "/media/"))
        # Wagtail previews and the sharing links of drafts carry a token (no
        # query string, no token: the query string is not parsed for nothing).
        and not (request.META.get("QUERY_STRING") and "preview" in request.GET)
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


def _stored(response) -> tuple:
    """What the cache keeps of a page: its bytes and headers. Unpickling a whole
    HttpResponse (its headers object, charset, closers) cost more than the
    rest of a hit."""
    return (response.content, tuple(response.items()))


# Per process: page key -> what the shared cache holds under it. A key names
# the host, the path and the generations, so what it holds never changes; the
# generations are still read from the shared cache on every request, so a
# change reaches every process at once. This saves a hit its second round trip.
# An entry lasts no longer than PAGE_CACHE_SECONDS, as in the shared cache (what
# changes with the clock alone shows within that time).
_LOCAL: OrderedDict[tuple, tuple] = OrderedDict()  # key -> (until, stored)
_local_bytes = 0
_local_lock = threading.Lock()  # threaded workers share it


def _local_get(key: tuple):
    entry = _LOCAL.get(key)
    if entry is None:
        return None
    if entry[0] < time.monotonic():
        with _local_lock:
            _local_drop(key)
        return None
    return entry[1]


def _local_drop(key: tuple) -> None:
    global _local_bytes
    entry = _LOCAL.pop(key, None)
    if entry is not None:
        _local_bytes -= len(entry[1][0])


def _local_put(key: tuple, stored: tuple) -> None:
    """Kept first in, first out: a page's key changes with every publish of its
    site, so old keys leave by themselves."""
    global _local_bytes
    limit = int(getattr(settings, "PAGE_CACHE_PROCESS_BYTES", 0) or 0)
    size = len(stored[0])
    if size > limit // 8:
        return
    with _local_lock:
        if key in _LOCAL:
            return
        _LOCAL[key] = (time.monotonic() + _timeout(), stored)
        _local_bytes += size
        while _local_bytes > limit and _LOCAL:
            _local_drop(next(iter(_LOCAL)))


def forget_local() -> None:
    global _local_bytes
    with _local_lock:
        _LOCAL.clear()
        _local_bytes = 0


def _response(stored) -> HttpResponse:
    content, headers = stored
    response = HttpResponse(content, headers=dict(headers))
    response[HEADER] = "hit"
    return response


class PageCacheMiddleware:
    """Place right after WhiteNoise: a hit skips sessions, auth and routing.

    A hit costs one round trip to the shared cache for the generations, which
    also confirms the site this process keeps for the host
    (sites/site_lookup.py); the page itself comes from this process's copy, or
    from a second round trip the first time this process serves it. Nothing
    else: the site is given to the request (a copy, the root paths) only when
    the page must be rendered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_serve_cached(request):
            return self.get_response(request)
        try:
            host = request.get_host()
        except Exception:  # a bad Host header is answered by Django below
            return self.get_response(request)
        kept = None if _timeout() <= 0 else kept_site(request, host)
        if kept is None:
            site, found = site_for_request(request)
            if site is None or found is None or _timeout() <= 0:
                return self.get_response(request)
        else:
            site, found = kept
        local_key = _local_key(request, host, found)
        cached = _local_get(local_key)
        if cached is None:
            key = _key(local_key)
            try:
                cached = caches["default"].get(key)
            except Exception:  # the cache is down: pages are served uncached
                cache_failed()
                return self._render(request, kept)
            cache_answered()
            if isinstance(cached, tuple):
                _local_put(local_key, cached)
        if isinstance(cached, tuple):
            return _response(cached)
        response = self._render(request, kept)
        if request.method == "GET" and is_public_page(request, response):
            response[HEADER] = "miss"
            stored = _stored(response)
            try:
                caches["default"].set(_key(local_key), stored, _timeout())
            except Exception:  # a full or unreachable cache must not fail a page
                cache_failed()
            else:
                _local_put(local_key, stored)
        return response

    def _render(self, request, kept):
        if kept is not None:  # found without giving the request its site
            answer(request, *kept)
        return self.get_response(request)


def with_sites_above(site_pks) -> set[int]:
    """These sites and every site above them (the portal aggregates its
    members' news); one query, whatever the hierarchy's depth."""
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
