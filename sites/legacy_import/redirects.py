"""Every old URL kept: a Wagtail ``Redirect`` bound to the new site for each
old path, and the old hostname answered by the cluster (``LegacyHost``)."""

from __future__ import annotations

import contextlib
import ipaddress
from urllib.parse import urljoin, urlsplit

from django.core.cache import cache
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from ..page_cache import cluster_changed
from .models import LegacyHost

CACHE_KEY = "legacy-host:{}"
CACHE_SECONDS = 300


def old_path(url: str) -> str:
    return Redirect.normalise_path(url)


def keep_host(site: Site, hostname: str) -> None:
    """Serve ``hostname`` (the old site's) by redirecting to ``site``."""
    hostname = (hostname or "").split(":")[0].lower()
    if not hostname or Site.objects.filter(hostname=hostname).exists():
        return
    try:
        ipaddress.ip_address(hostname)
        return  # an address reached for the crawl is no old hostname: --old-host
    except ValueError:
        pass
    LegacyHost.objects.update_or_create(hostname=hostname, defaults={"site": site})


def keep_url(site: Site, url: str, page: Page) -> bool:
    """A permanent redirect from the old URL's path to ``page``; True when it
    was created or changed."""
    path = old_path(url)
    if not path or path == "/" and page.pk != site.root_page_id:
        return False
    redirect = Redirect.objects.filter(site=site, old_path=path).first()
    if redirect is not None and redirect.redirect_page_id == page.pk:
        return False
    if redirect is None:
        redirect = Redirect(site=site, old_path=path)
    redirect.redirect_page = page
    redirect.redirect_link = ""
    redirect.is_permanent = True
    redirect.save()
    return True


def forget_host(sender, instance, **kwargs):
    cache.delete(CACHE_KEY.format(instance.hostname))
    # Pages the cluster served under this hostname before it became an old
    # site's (the default site answers unknown hosts) must go: the page cache
    # answers before LegacyHostMiddleware asks (settings MIDDLEWARE).
    cluster_changed()


def _legacy_site_id(host: str) -> int:
    key = CACHE_KEY.format(host)
    try:
        site_id = cache.get(key)
    except Exception:  # the cache is down: ask the database
        site_id = None
    if site_id is None:
        site_id = (
            LegacyHost.objects.filter(hostname=host)
            .values_list("site_id", flat=True)
            .first()
        ) or 0
        # A failed store only costs the query again next time.
        with contextlib.suppress(Exception):
            cache.set(key, site_id, CACHE_SECONDS)
    return site_id


class LegacyHostMiddleware:
    """Requests for an old site's hostname: the old path's redirect, else the
    new site's home. One cache read per request that the page cache and the
    static pages did not answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            host = request.get_host().rsplit(":", 1)[0].lower()
        except Exception:  # a bad Host header is Django's to answer
            return self.get_response(request)
        site_id = _legacy_site_id(host)
        if not site_id:
            return self.get_response(request)
        site = Site.objects.filter(pk=site_id).first()
        if site is None:
            return self.get_response(request)
        full = old_path(request.get_full_path())
        candidates = [full, urlsplit(full).path]
        redirect = (
            Redirect.objects.filter(site=site, old_path__in=candidates)
            .select_related("redirect_page")
            .order_by("-old_path")  # the one with the query string first
            .first()
        )
        base = site.root_url + "/"
        if redirect is not None and redirect.link:
            return HttpResponsePermanentRedirect(urljoin(base, redirect.link))
        # Not an old page we know: the new site's home (temporary, so that a
        # mapping added later is picked up).
        return HttpResponseRedirect(base)
