"""The external-link checker cannot be turned against the internal network
(issue 14 item 4, SECURITY.md "SSRF"; R12): loopback, private, link-local,
metadata, unspecified and IPv6 equivalents are refused at every redirect hop,
before any connection; a response body is read no further than a cap.

A real HTTP server on 127.0.0.1 plays the internal service; only where a test
needs a "public" server to redirect from is its one address:port allowed."""

import contextlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from wagtail.rich_text import RichText

from sites.compliance.link_checker import fetch
from sites.models import ExternalLink
from tests.conftest import add_article, column

pytestmark = pytest.mark.django_db


class Internal(BaseHTTPRequestHandler):
    hits: list = []
    redirect_to = ""

    def do_HEAD(self):
        self._answer()

    def do_GET(self):
        self._answer(body=True)

    def _answer(self, body=False):
        Internal.hits.append((self.command, self.path))
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", Internal.redirect_to)
            self.end_headers()
            return
        if self.path.startswith("/big") and self.command == "HEAD":
            self.send_response(405)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(10 * 1024 * 1024))
        self.end_headers()
        if body:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                for _ in range(160):
                    self.wfile.write(b"x" * 65536)

    def log_message(self, *args):
        pass


def _serve():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Internal)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture
def internal():
    Internal.hits = []
    httpd = _serve()
    yield f"http://127.0.0.1:{httpd.server_port}", httpd.server_port
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/admin",
        "http://localhost:{port}/",
        "http://2130706433:{port}/",  # 127.0.0.1 as one decimal number
        "http://0.0.0.0:{port}/",
        "http://[::1]:{port}/",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://100.64.0.1/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "ftp://127.0.0.1/",
    ],
)
def test_internal_addresses_are_refused_without_a_connection(internal, url):
    base, port = internal
    status, error, _ = fetch(url.format(port=port), timeout=2)
    assert status is None and error.startswith("已拒绝"), error
    assert Internal.hits == []  # the internal server never saw a request


def test_a_redirect_into_the_internal_network_is_refused(internal, settings):
    """The "public" server (allowed for this test) redirects to the internal one
    and to the metadata service: both hops are refused."""
    base, port = internal
    other = _serve()
    try:
        settings.LINK_CHECKER_ALLOWED_ADDRESSES = [f"127.0.0.1:{other.server_port}"]
        public = f"http://127.0.0.1:{other.server_port}"
        for target in (f"{base}/secret", "http://169.254.169.254/", "http://[::1]/"):
            Internal.redirect_to = target
            Internal.hits = []
            status, error, _ = fetch(f"{public}/redirect", timeout=2)
            assert status is None and error.startswith("已拒绝"), (target, error)
            assert ("HEAD", "/secret") not in Internal.hits
        # A redirect to an allowed address is followed, and a GET body is capped.
        Internal.redirect_to = f"{public}/big"
        status, error, elapsed = fetch(f"{public}/redirect", timeout=5)
        assert (status, error) == (200, "")
    finally:
        other.shutdown()
        other.server_close()


def test_the_command_stores_the_refusal_for_the_dashboard(cluster, internal):
    base, port = internal
    article = add_article(column(cluster.edu, "gzdt"), "内网链接", days_ago=1)
    article.body = [("paragraph", RichText(f'<p><a href="{base}/admin">内网</a></p>'))]
    article.save_revision().publish()
    call_command("check_external_links", "--timeout", "1", "--interval", "0")
    link = ExternalLink.objects.get()
    assert link.ok is False and link.status_code is None
    assert link.error.startswith("已拒绝") and "127.0.0.1" in link.error
    assert Internal.hits == []
