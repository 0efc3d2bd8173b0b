"""Browser fixtures: Debian's chromium driven by Playwright (no downloaded browsers)."""

import shutil

import pytest
from django.db import connections

from tests.conftest import current_cluster

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def browser_page(browser):
    """One page in a fresh context, for tests with a single visitor."""
    yield browser.new_context().new_page()


@pytest.fixture
def live_cluster(transactional_db):
    return current_cluster()


def url(live_server, site, path="/"):
    port = live_server.url.rsplit(":", 1)[1]
    return f"http://{site.hostname}:{port}{path}"


BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which("chromium") is None, reason="Debian chromium not installed"
    ),
]


@pytest.fixture
def demo_accounts(live_cluster, settings):
    """The demo's accounts, made by the code ``seed_demo`` runs, on the test
    cluster's portal, 教育局 and banner; username → password as printed. The
    second factor is on, as in the demo: every account enrols at first login."""
    import io

    from django.core.management.base import OutputWrapper

    from demo.sites.users import DEMO_USERS, ensure_demo_users
    from tests.browser.demo_flows import printed_accounts

    settings.ADMIN_2FA_REQUIRED = True
    printed = io.StringIO()
    ensure_demo_users(
        {
            "portal": live_cluster.portal,
            "edu": live_cluster.edu,
            "baiyun": live_cluster.banner,
        },
        OutputWrapper(printed),
    )
    accounts = printed_accounts(printed.getvalue())
    assert set(accounts) == {username for username, _, _ in DEMO_USERS}
    return accounts


@pytest.fixture
def browser(transactional_db, monkeypatch):
    """A browser whose contexts are the people of a flow, each with their own
    session (one context per account)."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between browser steps are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                # Every cluster hostname resolves to the live server on this machine.
                "--host-resolver-rules=MAP * 127.0.0.1",
            ],
        )
        yield browser
        browser.close()
        # ORM calls made while Playwright's loop runs get a connection of their
        # own (Django keys connections by async context); close it here, or
        # PostgreSQL refuses to drop the test database at the end of the run.
        connections.close_all()
