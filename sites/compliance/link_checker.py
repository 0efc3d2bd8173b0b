"""The background external-link checker (R12, R13).

``harvest`` collects the external links of every live page of the cluster (rich
text and StreamField bodies, link columns); ``probe`` fetches each URL once with
a timeout, never hitting one host faster than ``min_interval`` seconds, and stores
the result. The ``external_links`` check only reads the stored results, so the
dashboard never waits for the network.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import socket
import time
from collections import defaultdict
from urllib.parse import urljoin, urlsplit

import certifi
import requests
import urllib3
from django.conf import settings
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, Site

from ..models import ArticlePage, ColumnPage, ExternalLink, ExternalLinkUse, HomePage
from ..models.compliance import url_digest
from .domains import registrable_domain

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


class Refused(Exception):
    """The URL may not be fetched (not public, bad scheme, too many redirects)."""


def _allowed_addresses() -> set[str]:
    return set(getattr(settings, "LINK_CHECKER_ALLOWED_ADDRESSES", ()))


def public_address(host: str, port: int, family: int = 0) -> str:
    """The first address ``host`` resolves to, if every one of them is public.

    Refused: loopback, private, link-local (the 169.254.169.254 metadata service
    among them), shared (CGNAT), multicast, reserved and unspecified addresses,
    in IPv4 or IPv6, also IPv4 wrapped in IPv6. Every address is checked, not
    only the first, and the connection then goes to the checked address, so a
    name that resolves differently on a second look gains nothing.
    """
    try:
        infos = socket.getaddrinfo(host, port, family, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise requests.ConnectionError from exc
    addresses = []
    allowed = _allowed_addresses()
    for *_, sockaddr in infos:
        ip = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        mapped = getattr(ip, "ipv4_mapped", None) or getattr(ip, "sixtofour", None)
        public = (
            ip.is_global
            and not ip.is_multicast
            and (mapped is None or mapped.is_global)
        )
        if not public and f"{ip}:{port}" not in allowed:
            raise Refused(f"地址 {ip} 不是公网地址，已拒绝访问（防止探测内网）")
        addresses.append(str(ip))
    if not addresses:
        raise requests.ConnectionError
    return addresses[0]


def _one_request(method: str, url: str, timeout: float, max_bytes: int):
    """One request to ``url`` pinned to its checked address, no redirects followed;
    returns (status, location)."""
    status, headers = pinned_request(method, url, timeout, max_bytes)
    return status, headers.get("Location", "")


def pinned_request(
    method: str, url: str, timeout: float, max_bytes: int, address: str = ""
):
    """One request to ``url`` sent to ``address`` (default: its checked public
    address), no redirects followed; returns (status, response headers).

    The availability probe passes the address itself: it fetches the cluster's
    own hosts, which may be served on loopback in the demo."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("只检测 http 和 https 链接")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = address or public_address(parts.hostname, port)
    with pinned_response(method, url, address, timeout) as response:
        if method == "GET":
            # Read no more than the cap: the status is all we need.
            response.read(max_bytes, decode_content=False)
        return response.status, response.headers


@contextlib.contextmanager
def pinned_response(
    method: str, url: str, address: str, timeout: float, user_agent: str = USER_AGENT
):
    """The unread response to one request for ``url`` (http or https) sent to
    ``address``, which the caller has checked: the connection goes to that
    address whatever the name resolves to by then (no DNS rebinding between the
    check and the request), with the host's name for the Host header and the
    certificate, and no redirect followed."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    options = {
        "timeout": urllib3.Timeout(connect=timeout, read=timeout),
        "retries": False,
    }
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address, port, server_hostname=parts.hostname,
            assert_hostname=parts.hostname, cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(), **options,
        )  # fmt: skip
    else:
        pool = urllib3.HTTPConnectionPool(address, port, **options)
    host_header = parts.hostname if parts.port is None else f"{parts.hostname}:{port}"
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        response = pool.urlopen(
            method, target, headers={"User-Agent": user_agent, "Host": host_header},
            redirect=False, preload_content=False, assert_same_host=False,
        )  # fmt: skip
        try:
            yield response
        finally:
            response.release_conn()
            response.close()
    finally:
        pool.close()


class OffSite(Exception):
    """A redirect leaves the link's registrable domain (R13: an expired domain
    redirecting to a parked page answers 200 at the end of the chain)."""

    def __init__(self, status: int, target: str):
        super().__init__(target)
        self.status, self.target = status, target


def _follow(method: str, url: str, deadline: float, max_bytes: int, hops: int):
    origin = registrable_domain(urlsplit(url).hostname or "")
    for _ in range(hops + 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise urllib3.exceptions.TimeoutError
        status, location = _one_request(method, url, remaining, max_bytes)
        if status in (301, 302, 303, 307, 308) and location:
            url = urljoin(url, location)  # the next hop is checked again
            target = urlsplit(url)
            if registrable_domain(target.hostname or "") != origin:
                # Judged here, never fetched; a target inside the network is
                # still reported as refused (resolved, not connected to).
                with contextlib.suppress(requests.ConnectionError, ValueError):
                    public_address(
                        target.hostname or "",
                        target.port or (443 if target.scheme == "https" else 80),
                    )
                raise OffSite(status, url)
            continue
        return status
    raise Refused(f"重定向超过{hops}次")


def fetch(url: str, timeout: float) -> tuple[int | None, str, int]:
    """(status, error, elapsed ms): HEAD first, GET when the server refuses HEAD.

    Every hop is judged: a redirect to another registrable domain is an error
    (with the redirect's status), whatever the end of the chain answers.

    Redirects are followed by hand so that every hop's address is checked;
    ``timeout`` bounds the whole probe of one URL, and a GET body is read no
    further than ``LINK_CHECKER_MAX_BYTES``."""
    started = time.monotonic()
    deadline = started + timeout
    max_bytes = int(getattr(settings, "LINK_CHECKER_MAX_BYTES", 64 * 1024))
    hops = int(getattr(settings, "LINK_CHECKER_MAX_REDIRECTS", 5))

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        status = _follow("HEAD", url, deadline, max_bytes, hops)
        if status in (405, 501):
            # The server refuses HEAD: ask again with GET, reading little body.
            status = _follow("GET", url, deadline, max_bytes, hops)
        return status, "", elapsed()
    except OffSite as exc:
        host = urlsplit(exc.target).hostname or exc.target
        return exc.status, f"重定向到其他域名 {host}（{exc.target[:150]}）", elapsed()
    except Refused as exc:
        return None, f"已拒绝：{exc}", elapsed()
    except (urllib3.exceptions.TimeoutError, TimeoutError):
        return None, f"超时（{timeout:g}秒）", elapsed()
    except (requests.ConnectionError, urllib3.exceptions.HTTPError, OSError):
        return None, "无法连接或域名无法解析", elapsed()
    except (ValueError, UnicodeError) as exc:
        return None, f"请求失败：{type(exc).__name__}", elapsed()


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
            link.ok = status is not None and status < 400 and not error
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
