"""Phone and ID numbers typed into the search box do not land in any log or in
the search analytics (issue 14 item 7; SECURITY.md "personal data never reaches
logs"): gunicorn's access log (a real gunicorn with the project's logger class),
Django's own log lines, and the stored query statistics."""

import contextlib
import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from search.models import QueryStat

ROOT = Path(__file__).resolve().parents[2]
TYPED = [
    "139 1234 5678",
    "139-1234-5678",
    "１３９１２３４５６７８",
    "110105 19491231 002X",
    "lisi@example.com",
]
DIGITS = ("13912345678", "1234", "11010519491231002", "lisi", "%EF%BC%91")


def _port() -> int:
    for _ in range(50):
        port = random.randint(20000, 60000)  # noqa: S311
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port")


def test_gunicorns_access_log_masks_personal_numbers(tmp_path):
    port, log = _port(), tmp_path / "access.log"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "site_cluster.settings.dev",
           "DATA_DIR": str(tmp_path)}  # fmt: skip
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "site_cluster.wsgi", "-b",
         f"127.0.0.1:{port}", "--logger-class",
         "sites.log_masking.MaskingGunicornLogger", "--access-logfile", str(log),
         "--error-logfile", str(tmp_path / "error.log")],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        for typed in [*TYPED, "通知公告"]:
            query = urllib.parse.urlencode({"q": typed, "page": "2"})
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/search/?{query}",
                # An unknown host: refused at once, before any database work.
                headers={"Host": "unknown.example", "Referer": f"http://x/?{query}"},
            )
            # The answer does not matter, the log line does.
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(request, timeout=30).close()  # noqa: S310
        for _ in range(50):
            if log.exists() and log.read_text().count("/search/") >= len(TYPED) + 1:
                break
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    text = log.read_text()
    assert text.count("/search/?q=***&page=2") == len(TYPED)
    assert "?q=***&page=2" in text.split("\n")[0].split('"')[3]  # the referer too
    for digits in DIGITS:
        assert digits not in text, digits
    assert urllib.parse.quote_plus("通知公告") in text  # an ordinary query is kept


def test_djangos_log_lines_are_masked(tmp_path):
    code = (
        "import django, logging; django.setup();"
        "logging.getLogger('django.server').info('\"%s\" %s %s',"
        " 'GET /search/?q=139%201234%205678&type=letter HTTP/1.1', '200', '5');"
        "logging.getLogger('django.request').warning('Bad Request: %s',"
        " '/xxgk/ysqgk/query/?code=110105194912310&x=1')"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "site_cluster.settings.dev",
           "DATA_DIR": str(tmp_path)}  # fmt: skip
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=60, check=True,
    )  # fmt: skip
    assert "/search/?q=***&type=letter" in result.stderr
    assert "code=***&x=1" in result.stderr
    assert "1234" not in result.stderr and "110105" not in result.stderr


@pytest.mark.django_db
def test_search_analytics_store_no_personal_numbers(client, cluster):
    for typed in TYPED:
        client.get("/search/", {"q": typed}, HTTP_HOST=cluster.portal.hostname)
    assert not QueryStat.objects.exists()
    client.get("/search/", {"q": "通知公告"}, HTTP_HOST=cluster.portal.hostname)
    assert QueryStat.objects.count() == 1
