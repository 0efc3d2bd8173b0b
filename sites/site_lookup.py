"""The request's site without a query: Wagtail's answer, kept per process and
checked against the shared generations on every request.

``Site.find_for_request`` builds and runs an ORM query for every request (the
site with its root page); on a page-cache hit it was most of the CPU, and in an
uncached page a tenth. Here each process keeps, per host name and port, the
site Wagtail found, with its root page, together with the cluster and site
generations it was read under (sites/page_cache.py). Each request reads both
generations in one round trip to the shared cache — the same round trip that
keys the page cache and the per-site menu, so those need no other — and the
kept site counts only while both are unchanged:

- adding, renaming or deleting a site, or changing its host name, port or
  default flag, saves a ``Site`` and so moves the cluster generation
  (sites/signals.py), in every process at once: every host is looked up again;
- publishing the home page (its title, its fields) moves the site's generation:
  that site is read again.

The answer is put where Wagtail keeps it (``request._wagtail_site``), so every
``Site.find_for_request`` of the request, Wagtail's own included, takes it.
Each request gets its own copy of the site and its root page; nothing a
request sets on them reaches another. When the cache does not answer, Wagtail
looks the site up as before.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict

from django.core.cache import caches
from django.http.request import split_domain_port
from wagtail.models import Site

from .cache_generations import CLUSTER_KEY, SITE_KEY, cache_failed, missing_generation
from .url_index import ATTR, RootPathIndex

logger = logging.getLogger(__name__)

# (host name, port) -> (cluster generation, site generation, site or None)
_KEPT: OrderedDict[tuple[str, int | str], tuple] = OrderedDict()
KEPT_HOSTS = 512  # a bound: unknown host names fall to the default site, or none
_lock = threading.Lock()  # threaded workers share these dictionaries
GENERATIONS_ATTR = "_cluster_generations"
# A request carrying this key reads everything from the database, nothing kept:
# the tamper check (sites/integrity) must see a change made behind the
# application's back (by SQL), which moves no generation.
READ_FRESH = "CLUSTER_READ_FRESH"


def _fresh_copy(site: Site | None) -> Site | None:
    if site is None:
        return None
    mine = model_copy(site)
    root = site._state.fields_cache.get("root_page")
    if root is not None:
        root = model_copy(root)
        root._state.fields_cache = {}
        mine._state.fields_cache["root_page"] = root
    return mine


def _read_generations(*keys: str) -> dict[str, str]:
    # The backend itself, not ``django.core.cache.cache``: that proxy looks the
    # backend up again on every attribute (9 µs a read on this machine).
    found = caches["default"].get_many(keys)
    return {key: found.get(key) or missing_generation(key) for key in keys}


def remember_generations(request, site_pk: int, generations: tuple[str, str]):
    """What this request read, for the other readers of the same request (the
    page-cache key, the menu). Only for reads (GET/HEAD): a request that changes
    something must see the generations move."""
    if (
        request is not None
        and request.method in ("GET", "HEAD")
        and not request.META.get(READ_FRESH)
    ):
        kept = getattr(request, GENERATIONS_ATTR, None)
        if kept is None:
            kept = {}
            setattr(request, GENERATIONS_ATTR, kept)
        kept[site_pk] = generations


def request_generations(request, site_pk: int) -> tuple[str, str] | None:
    kept = getattr(request, GENERATIONS_ATTR, None) if request is not None else None
    return kept.get(site_pk) if kept else None


def kept_site(request, host: str) -> tuple[Site, tuple[str, str]] | None:
    """The site this process keeps for ``host`` (the request's validated host)
    and its generations, when neither moved since: one round trip to the shared
    cache and nothing set on the request — what a page-cache hit needs, and all
    it needs. ``None`` when :func:`site_for_request` must answer (nothing kept,
    a generation moved, the cache failing, a request that reads fresh)."""
    if request.META.get(READ_FRESH):
        return None
    kept = _KEPT.get((split_domain_port(host)[0], request.get_port()))
    if kept is None or kept[2] is None:
        return None
    cluster_gen, site_gen, site = kept
    site_key = SITE_KEY.format(site.pk)
    try:
        found = caches["default"].get_many((CLUSTER_KEY, site_key))
    except Exception:  # site_for_request meets it again and reports it
        return None
    if found.get(CLUSTER_KEY) != cluster_gen or found.get(site_key) != site_gen:
        return None
    return site, (cluster_gen, site_gen)


def answer(request, site: Site, generations: tuple[str, str]) -> None:
    """Give the request what :func:`kept_site` found, as :func:`site_for_request`
    would have: its own copy of the site, the generations, the root paths."""
    _answer(request, site, generations)


def site_for_request(request) -> tuple[Site | None, tuple[str, str] | None]:
    """The request's site (as ``Site.find_for_request``) and its (cluster, site)
    generations; ``(site, None)`` when the cache does not answer."""
    if hasattr(request, "_wagtail_site"):
        site = request._wagtail_site
        if site is None:
            return None, None
        return site, request_generations(request, site.pk)
    if request.META.get(READ_FRESH):
        return Site.find_for_request(request), None
    host = (split_domain_port(request._get_raw_host())[0], request.get_port())
    kept = _KEPT.get(host)
    try:
        if kept is not None:
            cluster_gen, site_gen, site = kept
            keys = [CLUSTER_KEY]
            if site is not None:
                keys.append(SITE_KEY.format(site.pk))
            now = _read_generations(*keys)
            if now[CLUSTER_KEY] == cluster_gen and (
                site is None or now[keys[1]] == site_gen
            ):
                return _answer(request, site, (cluster_gen, site_gen))
            if now[CLUSTER_KEY] == cluster_gen:
                # No Site changed, so the same site answers; only its pages
                # (the home among them) may have: read it again, after the
                # generations, and keep it under them.
                found = Site._find_for_request(request)
                if found is not None and found.pk == site.pk:
                    return _keep(request, host, (cluster_gen, now[keys[1]]), found)
        # Look up which site answers, read its generations, then read the site
        # again: what is kept is then at least as new as the generations it is
        # kept under (a change commits before it moves them).
        found = Site._find_for_request(request)
        keys = [CLUSTER_KEY]
        if found is not None:
            keys.append(SITE_KEY.format(found.pk))
        now = _read_generations(*keys)
    except Exception:  # the cache is down: Wagtail's look-up, nothing kept
        # Reported once per outage, as the page cache reports it: pages are
        # now served uncached, and the operator must hear of it.
        cache_failed()
        return Site.find_for_request(request), None
    site = Site._find_for_request(request)
    if (site and site.pk) != (found and found.pk):  # moved meanwhile: keep nothing
        request._wagtail_site = site
        return site, None
    generations = (now[CLUSTER_KEY], now[keys[1]] if site is not None else None)
    return _keep(request, host, generations, site)


def _keep(request, host, generations, site):
    with _lock:
        _KEPT[host] = (*generations, site)
        while len(_KEPT) > KEPT_HOSTS:
            _KEPT.popitem(last=False)
    return _answer(request, site, generations)


def _answer(request, site, generations):
    site = _fresh_copy(site)
    request._wagtail_site = site
    if site is None:
        return None, None
    remember_generations(request, site.pk, generations)
    _keep_root_paths(request)
    return site, generations


ROOT_PATHS_ATTR = "_wagtail_cached_site_root_paths"  # where Wagtail keeps them


def _keep_root_paths(request) -> None:
    """Wagtail's site root paths (every link's site, from the shared cache at
    each request) and their index (sites/url_index.py), kept per cluster
    generation: they change with a site (saved or deleted) or with the address
    of a site's home, which move that generation (sites/signals.py)."""
    if request.method not in ("GET", "HEAD"):
        return

    def read():
        return RootPathIndex(Site.get_site_root_paths())

    index = per_generation(request, "site-root-paths", read, cluster_wide=True)
    setattr(request, ROOT_PATHS_ATTR, index.root_paths)
    setattr(request, ATTR, index)


def forget() -> None:
    """Drop what this process keeps (tests)."""
    _KEPT.clear()
    _PER_GENERATION.clear()


# Per process: (what, site pk, cluster generation, site generation) -> value.
# What every page of a site shows the same (its profile, the cluster settings,
# the links to the sites above) changes only with these generations.
_PER_GENERATION: OrderedDict[tuple, object] = OrderedDict()
PER_GENERATION_KEPT = 1024
_MISSING = object()


def per_generation(request, what: str, compute, *, cluster_wide: bool = False):
    """``compute()``, kept in this process for as long as the generations this
    request read for its site stay (for the whole cluster's generation only
    with ``cluster_wide``). Without them (no request, no site, the cache down,
    a request that changes something) it is simply computed."""
    site = getattr(request, "_wagtail_site", None) if request is not None else None
    found = request_generations(request, site.pk) if site is not None else None
    if found is None or None in found:
        return compute()
    key = (what, found[0]) if cluster_wide else (what, site.pk, *found)
    value = _PER_GENERATION.get(key, _MISSING)
    if value is _MISSING:
        # Computed after the generations were read: never older than its key.
        value = compute()
        with _lock:
            _PER_GENERATION[key] = value
            while len(_PER_GENERATION) > PER_GENERATION_KEPT:
                _PER_GENERATION.popitem(last=False)
    return value


def model_copy(instance):
    """A copy of a kept model instance for one request: what the request sets on
    it (Wagtail's ``_request``, cached relations) stays with the request."""
    if instance is None:
        return None
    mine = object.__new__(type(instance))
    mine.__dict__.update(instance.__dict__)
    state = mine._state = object.__new__(type(instance._state))
    state.__dict__.update(instance._state.__dict__)
    state.fields_cache = dict(instance._state.fields_cache)
    return mine
