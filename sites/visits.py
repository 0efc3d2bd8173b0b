"""Visit statistics without third-party trackers (R72).

Page views and unique visitors per site and day, privacy-preserving and cheap:

* A visitor is a keyed hash (HMAC with ``SECRET_KEY``) of address, user agent
  and day, so the same visitor cannot be linked across days and the address is
  never stored; no cookie is set, so no consent banner is needed.
* Counting stays off the request's critical work. The embedded profile
  (``VISIT_COUNTING = "app"``) appends one short line ``host<TAB>digest`` per
  public page to a per-process, per-day spool file (one ``write`` on an
  ``O_APPEND`` descriptor, no database, no cache round-trip, cached pages
  included); ``manage.py flush_visits`` turns closed days into counts and
  deletes their spool files.
* Behind nginx (``VISIT_COUNTING = "access_log"``) the static pages never reach
  the application, so the app writes nothing and ``manage.py
  import_access_log`` reads nginx's log (format ``cluster`` in
  deploy/nginx.conf.template) instead.

Only the per-day counts are persisted (``SiteVisitDay``); each day is counted
once per source (``VisitDayClosed``).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import hmac
import os
import re
import shutil
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .audit import client_ip
from .models import SiteVisitDay, VisitDayClosed

SPOOL = "spool"
ACCESS_LOG = "access_log"
# Paths that are not pages of a site.
NOT_PAGES = ("/admin/", "/static/", "/media/", "/documents/", "/django-admin/")
# Crawlers and monitors are not visitors; they say so in their user agent.
# Requests without one are internal renders (static pages, checks) or scripts.
ROBOT_RE = re.compile(r"bot|spider|crawl|slurp|monitor|probe|curl|wget", re.I)
# A path with a file extension other than .html is an asset, not a page.
ASSET_RE = re.compile(r"\.(?!html?$)[A-Za-z0-9]{1,5}$")


@functools.lru_cache(maxsize=4)
def _digest_key(secret: str) -> bytes:
    return hashlib.sha256(("visits:" + secret).encode()).digest()


def visitor_digest(address: str, user_agent: str, day: datetime.date) -> str:
    """The day's pseudonym of a visitor: irreversible without the secret key,
    different every day."""
    message = f"{day.isoformat()}|{address}|{user_agent}".encode()
    key = _digest_key(settings.SECRET_KEY)
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:20]


# User agent -> is it a robot's. Visitors' browsers are few distinct strings,
# and the search over a 100-character agent was a fifth of a count.
_ROBOTS: dict[str, bool] = {}
ROBOTS_KEPT = 2048


def _is_robot(user_agent: str) -> bool:
    robot = _ROBOTS.get(user_agent)
    if robot is None:
        robot = bool(ROBOT_RE.search(user_agent))
        if len(_ROBOTS) >= ROBOTS_KEPT:
            _ROBOTS.clear()
        _ROBOTS[user_agent] = robot
    return robot


def is_page_view(method: str, path: str, status: int, user_agent: str) -> bool:
    return (
        method == "GET"
        and status == 200
        and bool(user_agent)
        and not path.startswith(NOT_PAGES)
        and not ASSET_RE.search(path)
        and not _is_robot(user_agent)
    )


class _Today:
    """Today's local date, worked out again only when the day ends: the time
    zone conversion cost as much as the visitor's digest, on every page view."""

    def __init__(self) -> None:
        self.day: datetime.date | None = None
        self.until = 0.0

    def __call__(self) -> datetime.date:
        if time.time() >= self.until or self.day is None:
            now = timezone.localtime()
            tomorrow = datetime.datetime.combine(
                now.date() + datetime.timedelta(days=1), datetime.time(), now.tzinfo
            )
            self.day, self.until = now.date(), tomorrow.timestamp()
        return self.day


_today = _Today()


def spool_dir() -> Path:
    return Path(settings.VISIT_SPOOL_DIR)


class _Spool:
    """This process's append-only file for today (reopened on a new day or
    after a fork); nothing in it is read by this process."""

    def __init__(self) -> None:
        self.fd: int | None = None
        self.key: tuple[int, datetime.date] | None = None
        # gthread workers: one thread must not close the file another writes.
        self.lock = threading.Lock()

    def write(self, day: datetime.date, line: str) -> None:
        with self.lock:
            self._write(day, line)

    def _write(self, day: datetime.date, line: str) -> None:
        key = (os.getpid(), day)
        if key != self.key:
            self.close()
            folder = spool_dir() / day.isoformat()
            folder.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(
                folder / f"{os.getpid()}.log",
                os.O_WRONLY | os.O_CREAT | os.O_APPEND,
                0o600,
            )
            self.key = key
        os.write(self.fd, line.encode())

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
        self.fd, self.key = None, None


_spool = _Spool()


class VisitCounterMiddleware:
    """Placed before the static-page and page-cache middlewares, so that pages
    they answer are counted too. Counting never fails a page."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = getattr(settings, "VISIT_COUNTING", "app") == "app"

    def __call__(self, request):
        response = self.get_response(request)
        if self.enabled:
            # A lost count must not cost a page (a full disk, a read-only spool).
            with contextlib.suppress(Exception):
                self._count(request, response)
        return response

    def _count(self, request, response) -> None:
        agent = request.META.get("HTTP_USER_AGENT", "")[:300]
        if not is_page_view(request.method, request.path, response.status_code, agent):
            return
        if not response.get("Content-Type", "").startswith("text/html"):
            return
        host = request.get_host().lower()
        day = _today()
        digest = visitor_digest(client_ip(request) or "", agent, day)
        _spool.write(day, f"{host}\t{digest}\n")


def _host_sites() -> dict[str, int]:
    """Hostname (and ``host:port``) → site pk of every site (one query)."""
    from wagtail.models import Site

    hosts = {}
    for pk, hostname, port in Site.objects.values_list("pk", "hostname", "port"):
        hosts[hostname.lower()] = pk
        hosts[f"{hostname.lower()}:{port}"] = pk
    return hosts


def store_counts(
    day: datetime.date, visits: Iterable[tuple[str, str]], source: str
) -> dict[int, tuple[int, int]]:
    """Count ``(host, digest)`` pairs of ``day`` into ``SiteVisitDay`` and close
    the day for ``source``; a day already closed for it is left as it is.
    Returns ``{site_pk: (page_views, unique_visitors)}`` as added."""
    hosts = _host_sites()
    views: dict[int, int] = defaultdict(int)
    visitors: dict[int, set[str]] = defaultdict(set)
    for host, digest in visits:
        site_pk = hosts.get(host)
        if site_pk is None:
            continue
        views[site_pk] += 1
        visitors[site_pk].add(digest)
    added = {pk: (views[pk], len(visitors[pk])) for pk in views}
    with transaction.atomic():
        _, created = VisitDayClosed.objects.get_or_create(day=day, source=source)
        if not created:
            return {}
        existing = set(
            SiteVisitDay.objects.filter(day=day, site_id__in=added).values_list(
                "site_id", flat=True
            )
        )
        SiteVisitDay.objects.bulk_create(
            SiteVisitDay(site_id=pk, day=day, page_views=v, unique_visitors=u)
            for pk, (v, u) in added.items()
            if pk not in existing
        )
        for pk in existing:
            v, u = added[pk]
            SiteVisitDay.objects.filter(site_id=pk, day=day).update(
                page_views=F("page_views") + v,
                unique_visitors=F("unique_visitors") + u,
            )
    return added


def flush_spool(through: datetime.date) -> dict[datetime.date, dict]:
    """Count every spooled day up to ``through`` and delete its files. Run it
    for closed days (the default, yesterday): a worker still writing today's
    file would write on into the deleted one."""
    done = {}
    root = spool_dir()
    if not root.is_dir():
        return done
    for folder in sorted(root.iterdir()):
        try:
            day = datetime.date.fromisoformat(folder.name)
        except ValueError:
            continue
        if day > through:
            continue
        pairs = []
        for path in folder.glob("*.log"):
            for line in path.read_text(errors="replace").splitlines():
                host, _, digest = line.partition("\t")
                if digest:
                    pairs.append((host, digest))
        done[day] = store_counts(day, pairs, SPOOL)
        shutil.rmtree(folder)
    return done


# log_format cluster (deploy/nginx.conf.template); $host is the last field.
ACCESS_LINE_RE = re.compile(
    r'^(?P<addr>\S+) - \[(?P<time>[^\]]+)\] "(?P<method>\S+) (?P<path>\S+) [^"]*" '
    r'(?P<status>\d{3}) \d+ "(?P<agent>[^"]*)" \S+ (?P<host>\S+)\s*$'
)
NGINX_TIME = "%d/%b/%Y:%H:%M:%S %z"


def read_access_log(lines: Iterable[str]) -> dict[datetime.date, list]:
    """``{day: [(host, digest), ...]}`` of the page views in nginx log lines;
    lines of another format are skipped. Addresses end here, hashed."""
    days: dict[datetime.date, list] = defaultdict(list)
    for line in lines:
        match = ACCESS_LINE_RE.match(line)
        if match is None:
            continue
        agent = match["agent"][:300]
        if not is_page_view(
            match["method"], match["path"], int(match["status"]), agent
        ):
            continue
        try:
            moment = datetime.datetime.strptime(match["time"], NGINX_TIME)
        except ValueError:
            continue
        day = timezone.localtime(moment).date()
        digest = visitor_digest(match["addr"], agent, day)
        days[day].append((match["host"].lower(), digest))
    return days
