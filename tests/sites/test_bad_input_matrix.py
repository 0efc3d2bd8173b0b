"""Hostile input over every URL pattern the resolver knows (issue 14 item 6;
SECURITY.md §1; REQUIREMENTS R-general "bad input never gives a 500").

The patterns are read from Django's resolver at test time, so an endpoint added
tomorrow is walked the day it is added: path parameters are filled with huge,
negative and non-numeric numbers, extreme dates and very long strings; every
GET also carries query strings with bad page/date/since values (the parameter
names are the fixed usual ones plus every ``request.GET["…"]`` name found in the
source); JSON endpoints get deeply nested bodies and year-0001 dates. Public and
open-data patterns are requested anonymously on two hosts, admin patterns as a
site editor. No answer may be a 5xx, and no request may raise.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from disclosure.approvals.tokens import create_token
from sites.models import SiteProfile
from sites.services.provisioning import SiteRole

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HUGE = "9" * 30
INT_VALUES = (HUGE, "9223372036854775808", "2147483648")
TEXT_VALUES = ("0001-01-01", "x" * 3000, "%E4%B8")
DATES = ("0001-01-01", "9999-12-31", "2026-02-30", "99999-01-01")
USUAL_KEYS = {
    "page", "p", "since", "until", "date", "start", "end", "from", "to",
    "date_from", "date_to", "after", "before", "year", "month", "q", "type",
    "scope", "site", "sort", "order", "ordering", "per_page", "limit", "offset",
    "id", "pk", "kind", "status", "category", "code", "days", "state",
}  # fmt: skip
QUERY_VALUES = (HUGE, "-1", "0001-01-01", "9999-12-31", "x" * 3000, "\x00")
# Wagtail's page that raises on purpose to show the admin's error page.
DELIBERATE_500 = {"admin/failwhale/"}
API_ROUTE = "api/approvals/v1/<str:code>/<str:kind>/"
NESTED_JSON = "[" * 50_000 + "]" * 50_000


def _source_keys() -> set[str]:
    """Query parameter names the project's own views read."""
    keys = set()
    pattern = re.compile(r"""(?:GET|query_params)(?:\.get(?:list)?\(|\[)\s*["'](\w+)""")
    for app in ("sites", "disclosure", "interaction", "search"):
        for path in (ROOT / app).rglob("*.py"):
            keys.update(pattern.findall(path.read_text(encoding="utf-8")))
    return keys


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
_GROUP = re.compile(r"\((?:\?P<\w+>)?([^()]*)\)")


def _fill(route: str, value_for) -> str | None:
    """One concrete path for ``route`` with each parameter given by ``value_for``."""
    route = route.replace("^", "").replace("$", "").replace("\\.", ".")
    # Wagtail's page-serving catch-all: any number of slug segments.
    route = route.replace(r"((?:[\w\-]+/)*)", value_for("str") + "/")
    if "(" in route:
        route = _GROUP.sub(
            lambda m: value_for("int" if "\\d" in m[1] else "str"), route
        )
    route = _CONVERTER.sub(lambda m: value_for(m[1] or "str"), route)
    if re.search(r"[\\()\[\]*+?]", route):
        return None  # a regex this helper cannot fill
    return "/" + route


def _paths(route: str) -> list[str]:
    if not re.search(r"[<(]", route.replace("\\.", ".")):
        return ["/" + route.replace("^", "").replace("$", "")]
    paths = []
    for i in range(len(INT_VALUES)):
        for text in (TEXT_VALUES[i % len(TEXT_VALUES)],):
            path = _fill(
                route,
                lambda kind, i=i, text=text: (
                    INT_VALUES[i]
                    if kind == "int"
                    else ("-1" if kind == "slug" and i == 0 else text)
                ),
            )
            if path:
                paths.append(path)
    # Non-numeric and negative where a number is expected (the resolver answers 404).
    path = _fill(route, lambda kind: "-1" if kind == "int" else "-")
    if path:
        paths.append(path)
    return sorted(set(paths))


def _queries(keys, full: bool) -> list[dict]:
    """Every key with each hostile value (``full``), and two mixes where each key
    gets a different value, so that bad page, date and since values meet."""
    # Without "id": in the admin, a bad id alone is refused at the door
    # (sites/input_guard.py) and the other parameters would never be read.
    keys = sorted(set(keys) - {"id"})
    values = QUERY_VALUES + DATES
    mixes = [
        {key: values[(n + shift) % len(values)] for n, key in enumerate(keys)}
        for shift in (0, 5)
    ]
    if not full:
        return mixes
    return [dict.fromkeys(keys, value) for value in QUERY_VALUES] + mixes


class Tally:
    def __init__(self):
        self.requests = 0
        self.patterns = set()
        self.failures = []
        self.seconds = {}

    def send(self, client, method, route, path, *args, **kwargs):
        self.requests += 1
        self.patterns.add(route)
        started = time.monotonic()
        try:
            response = getattr(client, method)(path, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 - any raise is the finding
            self.failures.append((method, path[:120], repr(error)[:200]))
            return None
        finally:
            self.seconds[route] = (
                self.seconds.get(route, 0) + time.monotonic() - started
            )
        if response.status_code >= 500:
            self.failures.append((method, path[:120], response.status_code))
        return response


@pytest.fixture
def routes():
    return list(_walk(get_resolver().url_patterns))


def test_no_pattern_answers_bad_input_with_a_5xx(cluster, site_user, routes):
    started = time.monotonic()
    tally = Tally()
    keys = USUAL_KEYS | _source_keys()
    queries = {True: _queries(keys, full=False), False: _queries(keys, full=True)}
    anonymous = Client(raise_request_exception=True)
    editor = Client(raise_request_exception=True)
    editor.force_login(site_user(cluster.edu, SiteRole.EDITOR))
    _raw_token = create_token(cluster.edu, "审批系统")[1]
    edu_code = SiteProfile.objects.get(site=cluster.edu).code
    hosts = (cluster.portal.hostname, cluster.edu.hostname)

    for route in routes:
        if route in DELIBERATE_500:
            continue
        admin = route.startswith("admin/")
        client = editor if admin else anonymous
        for n, path in enumerate(_paths(route)):
            host = hosts[n % 2]
            if "<str:code>" in route or "(?P<code>" in route:
                path = path.replace(HUGE, edu_code, 1)
            tally.send(client, "get", route, path, HTTP_HOST=host)
            if n == 0:
                for query in queries[admin]:
                    tally.send(client, "get", route, path, query, HTTP_HOST=host)
            if not admin and n < 2:
                bad_form = dict.fromkeys(keys, DATES[0]) | {"content": "x" * 100_000}
                tally.send(client, "post", route, path, bad_form, HTTP_HOST=host)
                nul_form = dict.fromkeys(keys, "a\x00b")
                tally.send(client, "post", route, path, nul_form, HTTP_HOST=host)
                tally.send(client, "post", route, path, NESTED_JSON,
                           content_type="application/json", HTTP_HOST=host)  # fmt: skip

    # The approvals API behind a valid token: nested JSON and a year-0001 date.
    api = f"/api/approvals/v1/{edu_code}/cases/"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {_raw_token}", "HTTP_HOST": hosts[1]}
    bodies = [
        NESTED_JSON,
        json.dumps({"items": [{"case_number": "A1", "accepted_at": "0001-01-01 00:00",
                               "promised_days": HUGE, "legal_days": -1}]}),
        json.dumps({"items": [{"a": {"b": [[[[{}]]]]}}] * 3}),
        json.dumps({"items": {"x": 1}}),
        '{"items": [' + "1e999999," * 3 + "1]}",
    ]  # fmt: skip
    for kind in ("cases", "decisions"):
        for body in bodies:
            tally.send(anonymous, "post", API_ROUTE, api.replace("cases", kind),
                       body, content_type="application/json", **auth)  # fmt: skip

    elapsed = time.monotonic() - started
    routes = set(routes)
    print(
        f"\nbad-input matrix: {len(tally.patterns)} of {len(routes)} URL patterns, "
        f"{tally.requests} requests, {len(tally.failures)} x 5xx, {elapsed:.1f} s"
    )
    for route, seconds in sorted(tally.seconds.items(), key=lambda i: -i[1])[:15]:
        print(f"{seconds:6.2f} {route}")
    for failure in tally.failures:
        print(failure)
    assert tally.failures == []
    assert routes - tally.patterns <= DELIBERATE_500
    assert elapsed < 60
