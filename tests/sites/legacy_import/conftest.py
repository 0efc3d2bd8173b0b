"""A legacy site served over real HTTP from the fixtures (tests/fixtures/legacy),
and helpers to follow its old URLs on the old hostname."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "legacy"
GBK_SITE = FIXTURES / "gbk_site"
EXPORT = FIXTURES / "export"
OLD_HOST = "jyj.old.example.gov.cn"


class LegacyHandler(SimpleHTTPRequestHandler):
    """As an old vendor's server: .shtml pages announce GBK in the header,
    .html pages only in their meta tag."""

    def guess_type(self, path):
        if str(path).endswith(".shtml"):
            return "text/html; charset=GBK"
        if str(path).endswith(".html"):
            return "text/html"
        return super().guess_type(path)

    def log_message(self, *args):
        pass


@pytest.fixture
def legacy_server(settings):
    """The frameset-era GBK site on a local threaded HTTP server (port 0);
    127.0.0.1 explicitly allowed for the crawl."""
    settings.LEGACY_IMPORT_ALLOWED_ADDRESSES = ["127.0.0.1"]
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(LegacyHandler, directory=str(GBK_SITE))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def follow_old_url(client, host, url):
    """GET the old URL on its old hostname, follow the redirects; returns the
    final response and the redirect chain."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    response = client.get(path, HTTP_HOST=host)
    chain = [response.status_code]
    for _ in range(4):
        if response.status_code not in (301, 302):
            break
        target = urlsplit(response["Location"])
        response = client.get(target.path, HTTP_HOST=target.netloc or host)
        chain.append(response.status_code)
    return response, chain


def page_heading(response) -> str:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    heading = soup.find("h1")
    return heading.get_text(" ", strip=True) if heading else ""
