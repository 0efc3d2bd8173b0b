"""The background external-link checker (R12, R13).

``harvest`` collects the external links of every live page of the cluster (rich
text and StreamField bodies, link columns); ``probe`` fetches each URL once with
a timeout, never hitting one host faster than ``min_interval`` seconds, and stores
the result. The ``external_links`` check only reads the stored results, so the
dashboard never waits for the network.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from urllib.parse import urlsplit

import requests
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, Site

from ..models import ArticlePage, ColumnPage, ExternalLink, ExternalLinkUse, HomePage
from ..models.compliance import url_digest

HREF_RE = re.compile(r"""href=\\?["'](https?://[^"'\\\s<>]+)""", re.IGNORECASE)
USER_AGENT = "Mozilla/5.0 (compatible; gov-cluster-linkcheck/1.0)"
MAX_URL_LENGTH = 2000


def _own_hosts() -> set[str]:
    return {host.lower() for host in Site.objects.values_list("hostname", flat=True)}


def links_in(raw: str) -> set[str]:
    """External http(s) links in a page body's stored JSON (rich text inside it)."""
    return {url.replace("&amp;", "&") for url in HREF_RE.findall(raw or "")}


def harvest(stdout=None) -> int:
    """Replace the stored link uses by those of the live pages now (a few queries per page type)."""
    sites = {s.root_page.path: s for s in Site.objects.select_related("root_page")}
    own = _own_hosts()
    found: dict[str, set[tuple[int, int]]] = defaultdict(set)
    steplen = Page.steplen
    for model in (ArticlePage, ColumnPage, HomePage):
        fields = ["pk", "path", "raw"] + (["link_url"] if model is ColumnPage else [])
        rows = model.objects.live().annotate(raw=Cast("body", TextField()))
        if model is not ColumnPage:  # a column may link out through link_url alone
            rows = rows.filter(raw__contains="http")
        for page in rows.values(*fields).iterator(chunk_size=500):
            site = sites.get(page["path"][: steplen * 2])
            if site is None:
                continue
            urls = links_in(page["raw"])
            if page.get("link_url"):
                urls.add(page["link_url"])
            for url in urls:
                host = (urlsplit(url).hostname or "").lower()
                if host and host not in own and len(url) <= MAX_URL_LENGTH:
                    found[url].add((page["pk"], site.pk))
    with transaction.atomic():
        existing = {link.digest: link for link in ExternalLink.objects.all()}
        new = [
            ExternalLink(
                url=url,
                digest=url_digest(url),
                host=(urlsplit(url).hostname or "").lower(),
            )
            for url in found
            if url_digest(url) not in existing
        ]
        ExternalLink.objects.bulk_create(new)
        existing = {link.digest: link for link in ExternalLink.objects.all()}
        ExternalLinkUse.objects.all().delete()
        ExternalLinkUse.objects.bulk_create(
            [
                ExternalLinkUse(
                    link=existing[url_digest(url)], page_id=page_id, site_id=site_id
                )
                for url, uses in found.items()
                for page_id, site_id in uses
            ],
            batch_size=500,
        )
        # Links no page uses any more are forgotten.
        ExternalLink.objects.filter(uses__isnull=True).delete()
    return len(found)


def fetch(url: str, timeout: float) -> tuple[int | None, str, int]:
    """(status, error, elapsed ms): HEAD first, GET when the server refuses HEAD."""
    started = time.monotonic()
    headers = {"User-Agent": USER_AGENT}
    try:
        response = requests.head(
            url, timeout=timeout, allow_redirects=True, headers=headers
        )
        if response.status_code in (405, 501):
            # The server refuses HEAD: ask again with GET, reading no body.
            response = requests.get(
                url, timeout=timeout, allow_redirects=True, headers=headers, stream=True
            )
            response.close()
        return response.status_code, "", int((time.monotonic() - started) * 1000)
    except requests.Timeout:
        return None, f"超时（{timeout:g}秒）", int((time.monotonic() - started) * 1000)
    except requests.ConnectionError:
        return None, "无法连接或域名无法解析", int((time.monotonic() - started) * 1000)
    except requests.RequestException as exc:
        return (
            None,
            f"请求失败：{type(exc).__name__}",
            int((time.monotonic() - started) * 1000),
        )


def probe(
    timeout: float = 15.0,
    min_interval: float = 1.0,
    limit: int | None = None,
    stale_after=None,
) -> int:
    """Probe the stored links, hosts interleaved, each host at most once per ``min_interval``."""
    links = ExternalLink.objects.order_by("checked_at", "pk")
    if stale_after is not None:
        links = links.filter(models_q_stale(stale_after))
    links = list(links[:limit] if limit else links)
    by_host: dict[str, list[ExternalLink]] = defaultdict(list)
    for link in links:
        by_host[link.host].append(link)
    last_hit: dict[str, float] = {}
    checked = 0
    while any(by_host.values()):
        for host in list(by_host):
            queue = by_host[host]
            if not queue:
                del by_host[host]
                continue
            wait = last_hit.get(host, -1e9) + min_interval - time.monotonic()
            if wait > 0:
                # Another host may be ready; sleep only when every host waits.
                ready = [
                    h
                    for h in by_host
                    if by_host[h]
                    and last_hit.get(h, -1e9) + min_interval <= time.monotonic()
                ]
                if ready:
                    continue
                time.sleep(wait)
            link = queue.pop(0)
            status, error, elapsed = fetch(link.url, timeout)
            # Counted from the end of the request: a slow host is not pressed harder.
            last_hit[host] = time.monotonic()
            link.status_code = status
            link.error = error
            link.ok = status is not None and status < 400
            link.elapsed_ms = elapsed
            link.checked_at = timezone.now()
            link.save(
                update_fields=["status_code", "error", "ok", "elapsed_ms", "checked_at"]
            )
            checked += 1
    return checked


def models_q_stale(age):
    from django.db.models import Q

    return Q(checked_at__isnull=True) | Q(checked_at__lt=timezone.now() - age)
