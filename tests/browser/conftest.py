"""Browser fixtures: Debian's chromium driven by Playwright (no downloaded browsers)."""

import shutil

import pytest
from django.db import connections

from tests.conftest import current_cluster

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def browser_page(transactional_db, monkeypatch):
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
        context = browser.new_context()
        yield context.new_page()
        browser.close()
        # ORM calls made while Playwright's loop runs get a connection of their
        # own (Django keys connections by async context); close it here, or
        # PostgreSQL refuses to drop the test database at the end of the run.
        connections.close_all()


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
