"""The availability and transport probe of the cluster's own sites (R11, R14, R15).

Each round fetches a site's home page and a random sample of its live columns
once per address family its host resolves to (IPv4, IPv6), with a timeout of
``AVAILABILITY_PROBE_TIMEOUT`` seconds, and looks at HTTPS once: certificate
validity and days to expiry, the HSTS header and the HTTP→HTTPS redirect.

Connections go through the link checker's pinned requests, so an address is
checked before any connection (SSRF). The one exemption is explicit: a host
named ``*.localhost`` (RFC 6761, the demo cluster) is probed on 127.0.0.1, and
``AVAILABILITY_PROBE_ADDRESSES`` may pin a host to an address (a probe through
the local nginx, or a test server).
"""

from __future__ import annotations

import datetime
import random
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import certifi
import requests
import urllib3
from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone
from wagtail.models import Site

from ..models import AddressFamily, AvailabilityProbe, ColumnPage, TransportProbe
from .link_checker import Refused, pinned_request, public_address

MAX_BYTES = 512 * 1024
FAMILIES = ((AddressFamily.IPV4, socket.AF_INET), (AddressFamily.IPV6, socket.AF_INET6))


def _setting(name: str, default):
    return getattr(settings, name, default)


def probe_interval() -> datetime.timedelta:
    """The time between two rounds of one site: the day over the probes per day."""
    per_day = max(int(_setting("AVAILABILITY_PROBES_PER_DAY", 20)), 1)
    return datetime.timedelta(days=1) / per_day


def is_local_name(host: str) -> bool:
    return host == "localhost" or host.endswith(".localhost")


def addresses_of(host: str, port: int) -> dict[str, str]:
    """The address to probe per family ({"ipv4": ..., "ipv6": ...}), only the
    families the host resolves in; refused (non-public) addresses are dropped
    and reported by the caller as a failure of that family."""
    pinned = _setting("AVAILABILITY_PROBE_ADDRESSES", {}).get(host)
    if pinned:
        return {AddressFamily.IPV6 if ":" in pinned else AddressFamily.IPV4: pinned}
    if is_local_name(host):
        return {AddressFamily.IPV4: "127.0.0.1"}  # the demo (RFC 6761)
    found = {}
    for name, family in FAMILIES:
        try:
            found[name] = public_address(host, port, family)
        except Refused as exc:
            found[name] = exc  # resolves, but not to a public address
        except requests.ConnectionError:
            continue  # no record of this family
    return found


@dataclass
class Round:
    site: Site
    probes: list[AvailabilityProbe] = field(default_factory=list)
    transport: TransportProbe | None = None


def _probe_url(site, url, is_home, family, address, timeout, now):
    started = time.monotonic()
    status, error = None, ""
    if isinstance(address, Exception):
        error = f"已拒绝：{address}"
    else:
        try:
            status, _ = pinned_request("GET", url, timeout, MAX_BYTES, str(address))
            if status >= 400:
                error = f"HTTP {status}"
        except (urllib3.exceptions.TimeoutError, TimeoutError):
            error = f"超时（{timeout:g}秒）"
        except Refused as exc:
            error = f"已拒绝：{exc}"
        except (urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
            error = f"无法连接（{type(exc).__name__}）"
    return AvailabilityProbe(
        site=site,
        probed_at=now,
        url=url[:500],
        is_home=is_home,
        family=family,
        ok=not error,
        status_code=status,
        error=error[:255],
        elapsed_ms=int((time.monotonic() - started) * 1000),
    )


def certificate_days(host: str, address: str, port: int, timeout: float) -> int:
    """Days until the certificate of ``host`` expires; raises ssl errors when it
    does not verify (expired, wrong name, unknown issuer)."""
    context = ssl.create_default_context(cafile=certifi.where())
    with (
        socket.create_connection((address, port), timeout=timeout) as raw,
        context.wrap_socket(raw, server_hostname=host) as tls,
    ):
        expires = ssl.cert_time_to_seconds(tls.getpeercert()["notAfter"])
    return int((expires - time.time()) // 86400)


def _transport(site, addresses, timeout, now) -> TransportProbe:
    host = site.hostname
    result = TransportProbe(
        site=site, probed_at=now, ipv6=AddressFamily.IPV6 in addresses
    )
    address = next(
        (a for a in addresses.values() if not isinstance(a, Exception)), None
    )
    if address is None:
        result.https_error = "域名无法解析到可访问的地址"
        return result
    pinned = host in _setting("AVAILABILITY_PROBE_ADDRESSES", {})
    if (site.port and site.port not in (80, 443)) or pinned or is_local_name(host):
        # A site served on a bare port or pinned to an address (the demo, a
        # test server) has no public HTTPS or IPv6 to measure.
        result.measured = False
        return result
    try:
        result.cert_days_left = certificate_days(host, address, 443, timeout)
        status, headers = pinned_request(
            "GET", f"https://{host}/", timeout, MAX_BYTES, address
        )
        result.https_ok = status < 400
        if not result.https_ok:
            result.https_error = f"HTTPS首页返回HTTP {status}"
        result.hsts = bool(headers.get("Strict-Transport-Security"))
    except ssl.SSLCertVerificationError as exc:
        result.https_error = f"证书无效：{exc.verify_message or exc.reason}"[:255]
    except (OSError, urllib3.exceptions.HTTPError, ValueError) as exc:
        result.https_error = f"无法建立HTTPS连接（{type(exc).__name__}）"
    try:
        status, headers = pinned_request(
            "GET", f"http://{host}/", timeout, MAX_BYTES, address
        )
        location = headers.get("Location", "")
        result.http_redirects = status in (301, 302, 307, 308) and location.startswith(
            f"https://{host}"
        )
    except (OSError, urllib3.exceptions.HTTPError, ValueError):
        result.http_redirects = False
    return result


def probe_site(site: Site, column_paths: list[str], timeout: float) -> Round:
    now = timezone.now()
    round_ = Round(site)
    addresses = addresses_of(site.hostname, site.port or 80)
    urls = [(site.root_url + "/", True)] + [
        (site.root_url + path, False) for path in column_paths
    ]
    if not addresses:
        for url, is_home in urls:
            round_.probes.append(
                AvailabilityProbe(
                    site=site, probed_at=now, url=url[:500], is_home=is_home,
                    family=AddressFamily.IPV4, ok=False, error="域名无法解析",
                )
            )  # fmt: skip
    for family, address in addresses.items():
        for url, is_home in urls:
            round_.probes.append(
                _probe_url(site, url, is_home, family, address, timeout, now)
            )
    round_.transport = _transport(site, addresses, timeout, now)
    return round_


def _column_sample(sites, per_site: int) -> dict[int, list[str]]:
    """A random sample of each site's live public columns (one query)."""
    roots = Q(pk__in=[])
    for site in sites:
        roots |= Q(path__startswith=site.root_page.path)
    by_root: dict[str, list[str]] = {}
    for path, url_path in (
        ColumnPage.objects.live().public().filter(roots).values_list("path", "url_path")
    ):
        by_root.setdefault(path[: ColumnPage.steplen * 2], []).append(url_path)
    sample = {}
    for site in sites:
        paths = by_root.get(site.root_page.path, [])
        chosen = random.sample(paths, min(per_site, len(paths)))  # noqa: S311
        root = site.root_page.url_path
        sample[site.pk] = ["/" + p[len(root) :] for p in chosen]
    return sample


def due_sites(sites, now=None) -> list[Site]:
    """The sites whose last round is older than the probe interval."""
    now = now or timezone.now()
    last = dict(
        AvailabilityProbe.objects.filter(site__in=[s.pk for s in sites])
        .values("site_id")
        .annotate(last=Max("probed_at"))
        .values_list("site_id", "last")
    )
    # A little slack so that a cron step slightly early still probes.
    due = now - probe_interval() + datetime.timedelta(minutes=2)
    return [s for s in sites if last.get(s.pk) is None or last[s.pk] <= due]


def probe(sites, timeout: float | None = None, columns: int | None = None) -> int:
    """Probe ``sites`` in parallel and store the results; returns the probes stored."""
    timeout = timeout or float(_setting("AVAILABILITY_PROBE_TIMEOUT", 15))
    per_site = (
        int(_setting("AVAILABILITY_PROBE_COLUMNS", 3)) if columns is None else columns
    )
    sample = _column_sample(sites, per_site)
    workers = max(1, min(8, len(sites)))
    with ThreadPoolExecutor(workers) as pool:
        rounds = list(pool.map(lambda s: probe_site(s, sample[s.pk], timeout), sites))
    probes = [p for r in rounds for p in r.probes]
    AvailabilityProbe.objects.bulk_create(probes, batch_size=500)
    TransportProbe.objects.bulk_create([r.transport for r in rounds if r.transport])
    return len(probes)
