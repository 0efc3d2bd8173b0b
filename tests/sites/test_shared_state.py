"""Shared state and cache faults (issue 14 item 3, issue 16 items 1–2; DESIGN §4
"cache, sessions, rate limits"; SECURITY.md fault table "Redis down" and V2 brute
force): a privacy change empties the page cache at once, invalidation counts
only after the commit, a stranger cannot lock a writer out of their case, and a
Redis that is down costs nothing but speed. The drill with two real worker
processes is in tests/site_cluster/test_two_workers.py."""

import logging
import runpy
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.db import connection
from wagtail.models import PageViewRestriction

from interaction.models import Letter
from site_cluster.settings import base as base_settings
from sites import lookup_lockout
from sites.services.provisioning import SiteRole
from tests.conftest import add_article, column
from tests.interaction import helpers as letters

pytestmark = pytest.mark.django_db

REDIS_DOWN = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def get(client, site, path="/", **extra):
    return client.get(path, HTTP_HOST=site.hostname, **extra)


def path_of(page, site):
    return page.url_path[len(site.root_page.url_path) - 1 :]


def published(parent, title):
    article = add_article(parent, title, live=False)
    article.save_revision().publish()
    article.refresh_from_db()
    return article


# --- privacy changes ---------------------------------------------------------


def test_a_page_made_private_is_no_longer_served_from_the_cache(client, cluster):
    """Issue 14 item 3: switched to "login required", a cached page was served to
    anonymous visitors for ~300 s. Added, changed or removed, a restriction
    invalidates at once (what the admin's privacy dialog saves)."""
    article = published(column(cluster.edu, "tzgg"), "即将设为内部的通知")
    path = path_of(article, cluster.edu)
    assert get(client, cluster.edu, path).status_code == 200
    assert get(client, cluster.edu, path)["X-Page-Cache"] == "hit"

    restriction = PageViewRestriction(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="口令1"
    )
    restriction.save()
    password_form = get(client, cluster.edu, path)
    assert password_form.status_code == 200
    assert "即将设为内部的通知的正文" not in password_form.content.decode()

    get(client, cluster.health, "/")  # another site's page stays cached
    restriction.restriction_type = PageViewRestriction.LOGIN
    restriction.save()
    assert get(client, cluster.edu, path).status_code == 302
    assert get(client, cluster.health, "/")["X-Page-Cache"] == "hit"

    restriction.delete()
    opened = get(client, cluster.edu, path)
    assert opened.status_code == 200 and opened["X-Page-Cache"] == "miss"
    assert "即将设为内部的通知的正文" in opened.content.decode()


# --- invalidation after the commit ----------------------------------------------


def test_a_page_rendered_while_the_publishing_transaction_is_open_is_not_kept(
    client, cluster, django_capture_on_commit_callbacks
):
    """Issue 16 item 2: the generation moved inside the 签发 transaction, so a
    request in that window stored the old page under the new generation and it
    stayed for 300 s. The bump that counts now runs after the commit: whatever
    was stored in the window is left behind. (The request below runs on the
    publishing connection, so it sees the new title; another connection would
    see the old one, stored under the same key: tests/site_cluster/
    test_two_workers.py holds a transaction open in another process.)"""
    article = published(column(cluster.edu, "gzdt"), "签发前的标题")
    path = path_of(article, cluster.edu)
    get(client, cluster.edu, path)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article.title = "签发后的标题"
        article.save_revision().publish()
        in_window = get(client, cluster.edu, path)
        assert in_window["X-Page-Cache"] == "miss"
        assert get(client, cluster.edu, path)["X-Page-Cache"] == "hit"
    assert callbacks, "the page cache waits for the commit"
    after = get(client, cluster.edu, path)
    assert after["X-Page-Cache"] == "miss"


# --- look-up lockouts ----------------------------------------------------------


def test_a_stranger_cannot_lock_a_writer_out_of_their_letter(client, cluster, settings):
    """Issue 14 item 3: case numbers are sequential, and five wrong codes from
    anyone locked the case for an hour. Failures now count per client address
    and case: the stranger is stopped, the writer still gets in."""
    settings.INTERACTION_QUERY_RATE = "1000/d"  # the lockout is under test here
    letters.write_letter(client, REMOTE_ADDR="10.20.0.1")
    case_number, code = letters.receipt_of(client)
    stranger = client.__class__()
    tries = [
        letters.query(stranger, case_number, f"WRONG{n:03d}", REMOTE_ADDR="10.99.0.9")
        for n in range(6)
    ]
    assert [t.status_code for t in tries] == [404] * 5 + [429]
    assert "失败次数过多" in tries[-1].content.decode()
    # Locked out means the code is not even checked: the right one fails too.
    late = letters.query(stranger, case_number, code, REMOTE_ADDR="10.99.0.9")
    assert late.status_code == 429
    writer = client.__class__()
    own = letters.query(writer, case_number, code, REMOTE_ADDR="10.20.0.1")
    assert own.status_code == 302


def test_the_right_code_does_not_count_and_guessing_across_cases_is_limited(
    client, cluster, settings
):
    settings.INTERACTION_QUERY_RATE = "1000/d"
    letters.write_letter(client, REMOTE_ADDR="10.20.0.2")
    case_number, code = letters.receipt_of(client)
    for _ in range(lookup_lockout.FAILURES_PER_CASE + 2):
        # Right codes never use up the writer's tries.
        assert letters.query(client, case_number, code).status_code == 302
        client.get("/hdjl/ldxx/query/leave/", HTTP_HOST=letters.PORTAL_HOST)
    guesser = client.__class__()
    statuses = [
        letters.query(
            guesser, f"XX2026010{n:07d}", "AAAAAAAA", REMOTE_ADDR="10.98.0.8"
        ).status_code
        for n in range(lookup_lockout.FAILURES_PER_CLIENT + 1)
    ]
    assert statuses == [404] * lookup_lockout.FAILURES_PER_CLIENT + [429]


def test_an_applicant_is_not_locked_out_by_a_stranger_either(client, cluster, settings):
    from tests.disclosure.test_application_form import (
        EDU_HOST,
        query,
        receipt_of,
        submit_application,
    )

    settings.DISCLOSURE_QUERY_RATE = "1000/d"
    submit_application(client, EDU_HOST, cluster.edu)
    case_number, code = receipt_of(client, EDU_HOST)
    stranger = client.__class__()
    statuses = [
        query(stranger, case_number, "AAAAAAAA", REMOTE_ADDR="10.97.0.7").status_code
        for _ in range(6)
    ]
    assert statuses == [404] * 5 + [429]
    assert query(client.__class__(), case_number, code).status_code == 302


def test_the_state_cache_counts_exactly_and_lives_in_the_database(cluster):
    state = caches["state"]
    assert state.add("counter", 0, 60)
    assert [state.incr("counter") for _ in range(5)] == [1, 2, 3, 4, 5]
    assert state.decr("counter") == 4
    with pytest.raises(ValueError):
        state.incr("never-set")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cluster_state_cache")
        assert cursor.fetchone()[0] >= 1


def test_migrate_creates_the_state_cache_table(cluster):
    """`make demo` runs migrate only: the table must come with it."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE cluster_state_cache")
    assert "cluster_state_cache" not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)
    assert "cluster_state_cache" in connection.introspection.table_names()


# --- the cache is down -------------------------------------------------------


@pytest.fixture
def redis_down(settings, monkeypatch, tmp_path):
    """The cache and session settings production derives from REDIS_URL (read
    from settings/base.py itself), with Redis on a closed port."""
    monkeypatch.setenv("REDIS_URL", REDIS_DOWN)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    production = runpy.run_path(str(Path(base_settings.__file__)))
    settings.CACHES = production["CACHES"]
    settings.SESSION_ENGINE = production["SESSION_ENGINE"]
    assert REDIS_DOWN in str(settings.CACHES["default"])


def test_with_redis_down_pages_forms_and_the_admin_login_keep_working(
    client, cluster, site_user, redis_down, settings, caplog
):
    """Issue 16 item 1: Redis down made every public page, form and the admin
    login a 500, and a restart logged everyone out. Now pages are served
    uncached, forms store and acknowledge, sessions live in the database, the
    rate limits still hold, and the outage is logged once, not per request."""
    caplog.set_level(logging.WARNING)
    article = published(column(cluster.edu, "gzdt"), "缓存中断时的文章")
    for _ in range(3):
        home = get(client, cluster.portal, "/")
        assert home.status_code == 200 and home["X-Page-Cache"] == "miss"
        page = get(client, cluster.edu, path_of(article, cluster.edu))
        assert page.status_code == 200
        assert "缓存中断时的文章" in page.content.decode()

    settings.INTERACTION_LETTER_RATE = "2/d"
    write = client.get(letters.WRITE_URL, HTTP_HOST=letters.PORTAL_HOST)
    assert write.status_code == 200
    sent = letters.write_letter(client, subject="缓存中断时的来信")
    assert sent.status_code == 302
    case_number, code = letters.receipt_of(client)  # the receipt is in the session
    assert Letter.objects.filter(case_number=case_number).exists()
    assert letters.query(client, case_number, code).status_code == 302
    letters.write_letter(client)
    assert letters.write_letter(client).status_code == 429  # the limit holds

    user = site_user(cluster.edu, SiteRole.EDITOR, username="缓存中断编辑")
    admin = client.__class__()
    login_page = admin.get("/admin/login/")
    assert login_page.status_code == 200
    logged_in = admin.post(
        "/admin/login/", {"username": user.username, "password": "测试密码-Abc12345"}
    )
    assert logged_in.status_code == 302
    assert admin.session.get("_auth_user_id") == str(user.pk)
    assert Session.objects.filter(session_key=admin.session.session_key).exists()
    assert admin.get("/admin/").status_code < 500

    outage = [r for r in caplog.records if "Redis unreachable" in r.getMessage()]
    assert len(outage) == 1, [r.getMessage() for r in caplog.records]


def test_a_failing_file_cache_is_logged_once_and_pages_are_served(
    client, cluster, settings, tmp_path, caplog
):
    """The embedded default's cache on a path that is not a folder (a full or
    missing disk fails the same way): pages are served, the error is logged
    once, and when it works again every page is invalidated (bumps were lost)."""
    not_a_folder = Path(tmp_path / "cache")
    not_a_folder.write_text("x")
    settings.CACHES = {
        "default": {
            "BACKEND": "sites.cache_backends.FileCache",
            "LOCATION": str(not_a_folder),
        },
        "state": settings.CACHES["state"],
    }
    caplog.set_level(logging.WARNING, logger="sites.cache")
    for _ in range(3):
        assert get(client, cluster.edu, "/").status_code == 200
    failures = [r for r in caplog.records if "fails" in r.getMessage()]
    assert len(failures) == 1

    not_a_folder.unlink()
    assert get(client, cluster.edu, "/").status_code == 200
    assert any("works again" in r.getMessage() for r in caplog.records)
    get(client, cluster.edu, "/")  # stored under the generation after recovery
    assert get(client, cluster.edu, "/")["X-Page-Cache"] == "hit"


class PageKeysFailCache(LocMemCache):
    """A cache that fails for the page cache's own keys only (Wagtail's keys
    keep working), to reach the middleware's own safety net."""

    def get_many(self, keys, version=None):
        if any(str(k).startswith("page-cache:") for k in keys):
            raise ConnectionError("page cache store unreachable")
        return super().get_many(keys, version)


def test_the_page_cache_middleware_serves_uncached_when_its_cache_fails(
    client, cluster, settings, caplog, monkeypatch
):
    from sites import cache_generations

    settings.CACHES = {
        "default": {"BACKEND": f"{__name__}.PageKeysFailCache"},
        "state": settings.CACHES["state"],
    }
    monkeypatch.setattr(cache_generations, "_cache_failing", False)
    caplog.set_level(logging.WARNING, logger="sites.page_cache")
    for _ in range(3):
        page = get(client, cluster.edu, "/")
        assert page.status_code == 200 and "X-Page-Cache" not in page
    failures = [r for r in caplog.records if "not answering" in r.getMessage()]
    assert len(failures) == 1


# --- a real Redis that stops answering ---------------------------------------


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own, on a free port."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)
    yield port
    server.kill()
    server.wait(10)


def test_a_redis_outage_serves_uncached_keeps_sessions_and_forgets_nothing(
    client, cluster, site_user, settings, own_redis, caplog
):
    """Issue 16 item 1 with a real Redis that stops answering (CLIENT PAUSE: the
    data stays, as in a network cut): pages keep coming, the editor stays logged
    in (cached_db), the outage and the recovery are logged once each, and an
    edit published meanwhile shows after the recovery, although its
    invalidation never reached Redis and the old page is still stored there."""
    settings.CACHES = {
        "default": {
            "BACKEND": "sites.cache_backends.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{own_redis}/0",
            "OPTIONS": {"SOCKET_TIMEOUT": 0.3, "RETRY_SECONDS": 0.5},
        },
        "state": settings.CACHES["state"],
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    caplog.set_level(logging.WARNING, logger="sites.cache")
    article = published(column(cluster.edu, "gzdt"), "断网前的标题")
    path = path_of(article, cluster.edu)
    get(client, cluster.edu, path)
    assert get(client, cluster.edu, path)["X-Page-Cache"] == "hit"
    editor = client.__class__()
    editor.force_login(site_user(cluster.edu, SiteRole.EDITOR, username="断网编辑"))
    assert editor.get("/admin/").status_code == 200

    subprocess.run(  # noqa: S603
        [shutil.which("redis-cli") or "redis-cli", "-p", str(own_redis),
         "CLIENT", "PAUSE", "4000", "ALL"],
        check=True, capture_output=True, timeout=10,
    )  # fmt: skip
    paused_until = time.monotonic() + 4
    article.title = "断网时发布的标题"
    article.save_revision().publish()  # its invalidation times out
    during = get(client, cluster.edu, path)
    assert during.status_code == 200
    assert editor.get("/admin/").status_code == 200
    time.sleep(max(0.0, paused_until - time.monotonic()) + 0.6)

    after = get(client, cluster.edu, path)
    assert after.status_code == 200
    assert "断网时发布的标题" in after.content.decode()
    assert editor.get("/admin/").status_code == 200
    messages = [r.getMessage() for r in caplog.records]
    assert sum("Redis unreachable" in m for m in messages) == 1, messages
    assert sum("Redis answers again" in m for m in messages) == 1, messages
