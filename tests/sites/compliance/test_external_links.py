"""The background external-link checker against a real local HTTP server (R12, R13):
timeouts, errors and a polite per-host rate; the check reads the stored results."""

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from wagtail.rich_text import RichText

from sites.compliance.base import Status
from sites.compliance.core_checks import ExternalLinksCheck
from sites.models import ExternalLink, ExternalLinkUse
from tests.conftest import add_article, column

from .conftest import result

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    hits: list = []

    def _answer(self, body=True):
        Handler.hits.append((time.monotonic(), self.command, self.path))
        if self.path.startswith("/slow"):
            time.sleep(1.5)
        status = 404 if self.path.startswith("/gone") else 200
        if self.path.startswith("/nohead") and self.command == "HEAD":
            status = 405
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            with contextlib.suppress(BrokenPipeError):
                self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer()

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    Handler.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    # Fetched as if it were a public server (loopback is refused otherwise).
    settings.LINK_CHECKER_ALLOWED_ADDRESSES = [f"127.0.0.1:{httpd.server_port}"]
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def links(base, *paths):
    return "".join(
        f'<p><a href="{base}{path}">链接{n}</a></p>' for n, path in enumerate(paths)
    )


def test_r12_broken_and_slow_external_links_fail_and_pass_once_removed(cluster, server):
    site = cluster.edu
    article = add_article(column(site, "gzdt"), "外链文章", days_ago=1)
    article.body = [
        ("paragraph", RichText(links(server, "/ok", "/gone", "/slow", "/nohead")))
    ]
    article.save_revision().publish()
    # A link to another site of the cluster is internal, not probed.
    other = add_article(column(cluster.health, "gzdt"), "站群内链接", days_ago=1)
    other.body = [
        (
            "paragraph",
            RichText('<p><a href="http://jyj.bj.example.gov.cn/">教育局</a></p>'),
        )
    ]
    other.save_revision().publish()

    call_command("check_external_links", "--timeout", "0.5", "--interval", "0.5")
    stored = {
        link.url.removeprefix(server): link for link in ExternalLink.objects.all()
    }
    assert set(stored) == {"/ok", "/gone", "/slow", "/nohead"}
    assert stored["/ok"].ok and stored["/nohead"].ok  # GET after a refused HEAD
    assert (stored["/gone"].ok, stored["/gone"].status_code) == (False, 404)
    assert stored["/slow"].ok is False and "超时" in stored["/slow"].error
    assert ExternalLinkUse.objects.filter(site=site).count() == 4

    # Polite: one host is never asked twice within the interval (a HEAD refused
    # with 405 is retried as GET at once, which is one probe of one URL).
    probes = [
        t
        for t, method, path in Handler.hits
        if not (method == "GET" and path == "/nohead")
    ]
    gaps = [b - a for a, b in zip(probes, probes[1:], strict=False)]
    assert len(probes) == 4 and min(gaps) >= 0.5

    check = ExternalLinksCheck()
    breach = result(check, cluster, site)
    assert breach.status is Status.FAIL
    assert sorted(f.detail.removeprefix(server) for f in breach.findings) == [
        "/gone：HTTP 404",
        "/slow：超时（0.5秒）",
    ]
    assert check.deduction(breach) == 2
    assert result(check, cluster, cluster.health).status is Status.PASS

    article.body = [("paragraph", RichText(links(server, "/ok")))]
    article.save_revision().publish()
    call_command("check_external_links", "--timeout", "0.5", "--interval", "0")
    assert result(check, cluster, site).status is Status.PASS
    assert ExternalLink.objects.count() == 1  # links no page uses are forgotten


def test_bad_options_are_refused_in_chinese(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="超时须大于0"):
        call_command("check_external_links", "--timeout", "0")
