"""Two real worker processes and no Redis: the embedded default (issue 14 item 3
"Must show", issue 16 item 2; DESIGN §4 "nothing may keep state in a process
that another process needs").

Two gunicorn processes, A and B, serve one copy of the test cluster (a SQLite
file in a temporary DATA_DIR, or the PostgreSQL test database) with the settings
deployed when REDIS_URL is unset. Through them: a page cached by one is a hit
in the other; unpublished through A's admin, B stops serving it at once; a
transaction held open in a third process cannot leave its old page cached; the
6th wrong query code is refused on either worker, ten concurrent wrong codes
through both check exactly five; the 11th letter is refused on either worker.
Before this work each of these failed: the local-memory cache was per process.
"""

import importlib.util
import os
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from sites.services.provisioning import SiteRole
from tests.conftest import add_article, column
from tests.disclosure.application_helpers import hidden_token, solve_captcha
from tests.interaction.helpers import category_value, letter_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        importlib.util.find_spec("gunicorn") is None,
        reason="gunicorn is not installed: the two-worker drill needs it",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
PORTAL = "www.bj.example.gov.cn"
EDU = "jyj.bj.example.gov.cn"
BOOT_SECONDS = 120  # a loaded CI machine; a worker boots in ~2 s of CPU
HOLD_SCRIPT = """
import sys, time
import django
django.setup()
from django.db import transaction
from wagtail.models import Page
with transaction.atomic():
    Page.objects.get(pk=int(sys.argv[1])).specific.unpublish()
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
print("committed", flush=True)
"""


def free_port() -> int:
    import random

    for _ in range(50):
        port = random.randint(20000, 60000)
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port")


def copy_database(data_dir: Path) -> dict:
    """The workers' database: this test's, committed (a transactional test)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(data_dir / "cluster.sqlite3")
        connection.connection.backup(target)
        target.close()
        return {}
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return {"DATABASE_URL": f"postgres://{user}@{host}/{db['NAME']}"}


class Worker:
    def __init__(self, name, env, data_dir):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(data_dir / f"worker-{name}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "site_cluster.wsgi:application",
             "-b", f"127.0.0.1:{self.port}", "-w", "1", "--threads", "4",
             "--timeout", "120", "--graceful-timeout", "2",
             # One control socket per user by default: two masters would share it.
             "--no-control-socket"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait_ready(self, deadline):
        import requests

        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"worker exited: see {self.log.name}")
            try:
                requests.get(self.base + "/", headers={"Host": PORTAL}, timeout=60)
                return
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        raise AssertionError(f"worker not up after {BOOT_SECONDS} s")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class Visitor:
    """A browser at one address (X-Real-IP, trusted through CLIENT_IP_HEADER)."""

    def __init__(self, address):
        import requests

        self.session = requests.Session()
        self.address = address

    def get(self, worker, path, host=PORTAL):
        return self.session.get(
            worker.base + path, headers=self._headers(host), timeout=60,
            allow_redirects=False,
        )  # fmt: skip

    def post(self, worker, path, data, host=PORTAL):
        return self.session.post(
            worker.base + path, data=data, headers=self._headers(host), timeout=60,
            allow_redirects=False,
        )  # fmt: skip

    def post_alone(self, worker, data, path="/hdjl/ldxx/query/", host=PORTAL):
        """POST from another thread: its own connection, this visitor's cookies."""
        import requests

        return requests.post(
            worker.base + path, data=data, headers=self._headers(host), timeout=60,
            cookies=self.session.cookies.get_dict(), allow_redirects=False,
        ).status_code  # fmt: skip

    def _headers(self, host):
        return {"Host": host, "X-Real-IP": self.address}

    def write_letter(self, worker):
        html = self.get(worker, "/hdjl/ldxx/write/").text
        data = letter_data(subject="两个进程的来信")
        data.update(category_value(html, "北疆市人民政府"))
        data["submission_token"] = hidden_token(html)
        data["csrfmiddlewaretoken"] = csrf_of(html)
        data.update(solve_captcha(html))
        return self.post(worker, "/hdjl/ldxx/write/", data)

    def query_form(self, worker, case_number, code):
        html = self.get(worker, "/hdjl/ldxx/query/").text
        return {"case_number": case_number, "query_code": code,
                "csrfmiddlewaretoken": csrf_of(html), **solve_captcha(html)}  # fmt: skip

    def query(self, worker, case_number, code):
        form = self.query_form(worker, case_number, code)
        return self.post(worker, "/hdjl/ldxx/query/", form)


def csrf_of(html):
    from bs4 import BeautifulSoup

    field = BeautifulSoup(html, "html.parser").find(
        "input", attrs={"name": "csrfmiddlewaretoken"}
    )
    return field["value"]


def path_of(page, site):
    return page.url_path[len(site.root_page.url_path) - 1 :]


@pytest.fixture
def drill(cluster, site_user, tmp_path):
    """Content and an admin session committed, the database copied, A and B up."""
    gzdt = column(cluster.edu, "gzdt")
    articles = []
    for title in ("两个进程都缓存的文章", "事务未提交时撤下的文章"):
        article = add_article(gzdt, title, live=False)
        article.save_revision().publish()
        article.refresh_from_db()
        articles.append(article)
    reviewer = site_user(cluster.edu, SiteRole.SITE_ADMIN, username="双进程站管")
    admin = Client()
    admin.force_login(reviewer)
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)},
        "DJANGO_SETTINGS_MODULE": "tests.site_cluster.worker_settings",
        "PYTHONPATH": str(ROOT),
        "DATA_DIR": str(tmp_path),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "SEARCH_INDEX_DIR": str(tmp_path / "search"),
        "SEARCH_PROCESS_ON_COMMIT": "0",
        "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
        "PAGE_CACHE_SECONDS": "300",
        # A day-long window: an hour-long one may roll over during a slow run.
        "INTERACTION_LETTER_RATE": "10/d",
        "INTERACTION_QUERY_RATE": "1000/d",  # the lockout is under test, not this
        **copy_database(tmp_path),
    }
    workers = [Worker(name, env, tmp_path) for name in "AB"]
    try:
        deadline = time.monotonic() + BOOT_SECONDS
        for worker in workers:
            worker.wait_ready(deadline)
        yield {
            "A": workers[0],
            "B": workers[1],
            "env": env,
            "articles": articles,
            "admin_cookie": admin.cookies[settings.SESSION_COOKIE_NAME].value,
            "cluster": cluster,
        }
    finally:
        for worker in workers:
            worker.stop()


def test_two_workers_share_the_page_cache_the_lockouts_and_the_rate_limits(drill):
    a, b, cluster = drill["A"], drill["B"], drill["cluster"]
    shown, held = drill["articles"]
    visitor = Visitor("10.1.0.1")

    # A page cached through A is a hit in B: one cache for the machine.
    path = path_of(shown, cluster.edu)
    first = visitor.get(a, path, host=EDU)
    assert first.status_code == 200 and first.headers["X-Page-Cache"] == "miss"
    assert visitor.get(b, path, host=EDU).headers["X-Page-Cache"] == "hit"

    # Withdrawn (撤稿, the way a site admin takes a page down now that only the
    # workflow publishes) through A's admin: B stops serving it at once.
    editor = Visitor("10.1.0.2")
    editor.session.cookies.set(settings.SESSION_COOKIE_NAME, drill["admin_cookie"])
    confirm = editor.get(a, f"/admin/cluster/withdraw/{shown.pk}/")
    assert confirm.status_code == 200, confirm.text[:300]
    done = editor.post(
        a,
        f"/admin/cluster/withdraw/{shown.pk}/",
        {
            "csrfmiddlewaretoken": csrf_of(confirm.text),
            "reason": "expired",
            "note": "两进程演练",
        },
    )
    assert done.status_code == 302, done.text[:300]
    assert visitor.get(b, path, host=EDU).status_code in (404, 410)
    listing = visitor.get(
        b, path_of(column(cluster.edu, "gzdt"), cluster.edu), host=EDU
    )
    assert "两个进程都缓存的文章" not in listing.text

    # A third process unpublishes inside a transaction it holds open; a visitor
    # reads the page meanwhile (the old page, from the committed state). Once
    # committed, neither worker may serve what was stored in that window.
    held_path = path_of(held, cluster.edu)
    assert visitor.get(a, held_path, host=EDU).status_code == 200
    holder = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", HOLD_SCRIPT, str(held.pk), "3"],
        cwd=ROOT, env=drill["env"], stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        in_window = visitor.get(a, held_path, host=EDU)
        assert in_window.status_code == 200  # the commit has not happened yet
        assert holder.stdout.readline().strip() == "committed"
        assert holder.wait(60) == 0
    finally:
        holder.kill()
    for worker in (b, a):
        assert visitor.get(worker, held_path, host=EDU).status_code in (404, 410)

    # The writer's letter, and a stranger guessing its code through both workers.
    writer = Visitor("10.2.0.1")
    assert writer.write_letter(a).status_code == 302
    receipt = writer.get(b, "/hdjl/ldxx/receipt/").text  # the session is shared too
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(receipt, "html.parser")
    case_number = soup.find(class_="case-number").get_text(strip=True)
    code = soup.find(class_="query-code").get_text(strip=True)
    stranger = Visitor("10.9.0.9")
    tries = [stranger.query((a, b)[n % 2], case_number, f"WRONG{n:03d}").status_code
             for n in range(5)]  # fmt: skip
    assert tries == [404] * 5
    assert stranger.query(b, case_number, "WRONG005").status_code == 429
    assert stranger.query(a, case_number, "WRONG006").status_code == 429
    # The stranger's failures are theirs: the writer gets in through either.
    assert Visitor("10.2.0.1").query(b, case_number, code).status_code == 302

    # Ten wrong codes at once through both workers: exactly five are checked.
    racer = Visitor("10.9.0.10")
    forms = [(w, racer.query_form(w, case_number, f"RACE{n:04d}"))
             for n, w in enumerate((a, b) * 5)]  # fmt: skip
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = sorted(pool.map(lambda form: racer.post_alone(*form), forms))
    assert statuses == [404] * 5 + [429] * 5

    # Ten letters a day from one address, wherever they land; the 11th refused.
    flood = Visitor("10.4.0.4")
    sent = [flood.write_letter((a, b)[n % 2]).status_code for n in range(10)]
    assert sent == [302] * 10
    assert flood.write_letter(a).status_code == 429
    assert flood.write_letter(b).status_code == 429


RENAME_SCRIPT = """
import sys
import django
django.setup()
from wagtail.models import Site
site = Site.objects.get(hostname=sys.argv[1])
site.hostname, site.site_name = sys.argv[2], sys.argv[3]
site.save()
print("saved", flush=True)
"""


def test_a_site_changed_in_another_process_is_found_by_both_workers(drill):
    """Each worker keeps the request's site per generation (sites/site_lookup.py,
    issue 15): a host renamed by a third process reaches both at once, with the
    page cache on, and the old host no longer answers with that site."""
    a, b, cluster = drill["A"], drill["B"], drill["cluster"]
    visitor = Visitor("10.3.0.1")
    name = cluster.edu.site_name
    for worker in (a, b):
        for _ in range(2):  # kept by the worker, and a cached page
            assert name in visitor.get(worker, "/", host=EDU).text
    new_host, new_name = "jyj2.bj.example.gov.cn", "北疆市教育和体育局"
    subprocess.run(  # noqa: S603
        [sys.executable, "-c", RENAME_SCRIPT, EDU, new_host, new_name],
        cwd=ROOT, env=drill["env"], check=True, stdout=subprocess.PIPE,
    )  # fmt: skip
    own = f'<meta name="SiteName" content="{new_name}">'
    for worker in (a, b):
        moved = visitor.get(worker, "/", host=new_host)
        assert moved.status_code == 200 and own in moved.text
        # The old host falls to the default site (the portal, which lists it).
        assert own not in visitor.get(worker, "/", host=EDU).text
