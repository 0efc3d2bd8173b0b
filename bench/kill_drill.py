"""SIGKILL drill (issue 16 item 4): submissions go on while workers are killed.

Usage: DATABASE_URL=postgres://…/drill [REDIS_URL=redis://…/4] \\
       python bench/kill_drill.py [--kills 200] [--clients 6] [--workers 3]
                                  [--max-seconds 420] [--work-dir DIR]

The production profile (gunicorn with deploy/gunicorn.conf.py, production
settings, PostgreSQL from DATABASE_URL — a database of its own: the demo is
seeded into it — and Redis from REDIS_URL when set) serves the demo cluster.
``--clients`` threads submit, as citizens do, letters to 领导信箱 and 依申请公开
applications alternately: GET the form, solve the captcha, POST, follow to the
receipt. A submission that gets no receipt (connection reset by a killed
worker, a 5xx) is submitted again with the same submission token and a fresh
captcha, as a citizen pressing the button again does, until it gets a receipt.
Meanwhile one SIGKILL goes to a random worker every 0.5–1 s, ``--kills`` times
(or until ``--max-seconds``).

Every submission carries a unique marker. Afterwards the database is asked how
many rows hold each marker: acknowledged (a receipt with a query code was
shown), stored, lost (acknowledged, not stored), duplicated (stored twice).
Expected: 0 lost, 0 duplicated. Prints the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import requests
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import PY, ROOT, children, manage  # noqa: E402
from worker_startup import free_port, gunicorn, stop, until_200  # noqa: E402

DOMAIN = "bj.example.gov.cn"
PORTAL = f"www.{DOMAIN}"
EDU = f"jyj.{DOMAIN}"
LETTER_URL = "/hdjl/ldxx/write/"
APPLY_URL = "/xxgk/ysqgk/"
VALID_ID = "11010519491231002X"
MAX_ATTEMPTS = 30
NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九")}

COUNT = """
import json, re
from collections import Counter
from interaction.models import Letter
from disclosure.models import DisclosureApplication
run = {run!r}
found = Counter()
for text in Letter.objects.filter(subject__contains=run).values_list("subject", flat=True):
    found[re.search(run + r"-\\d+", text).group(0)] += 1
for text in DisclosureApplication.objects.filter(info_title__contains=run).values_list(
        "info_title", flat=True):
    found[re.search(run + r"-\\d+", text).group(0)] += 1
print(json.dumps(found))
"""


def spoken(text: str) -> int:
    if "十" not in text:
        return NUMERALS[text]
    tens, _, ones = text.partition("十")
    return (NUMERALS[tens] if tens else 1) * 10 + (NUMERALS[ones] if ones else 0)


def form_fields(html: str, data: dict) -> dict:
    """The hidden fields, the captcha answered, and the first choice of any
    list the submission does not fill itself (category, agency)."""
    soup = BeautifulSoup(html, "html.parser")
    form = next(
        f for f in soup.find_all("form") if f.find(attrs={"name": "captcha_token"})
    )
    fields = {
        tag["name"]: tag.get("value", "")
        for tag in form.find_all("input", attrs={"type": "hidden"})
        if tag.get("name")
    }
    question = form.find(id=re.compile("captcha_answer_helptext")).get_text()
    left, right = re.match(r"(\S+?)加(\S+?)等于几", question).groups()
    fields["captcha_answer"] = str(spoken(left) + spoken(right))
    for select in form.find_all("select"):
        if select.get("name") not in data:
            fields[select["name"]] = next(
                o["value"] for o in select.find_all("option") if o.get("value")
            )
    return fields


def letter(marker: str) -> dict:
    return {
        "subject": f"演练信件 {marker}",
        "content": "询问小学入学报名需要哪些材料。",
        "name": "李四",
        "phone": "13912345678",
        "email": "lisi@example.com",
        "id_number": VALID_ID,
        "address": "北疆市新城区幸福路8号",
        "may_publish": "yes",
    }


def application(marker: str) -> dict:
    return {
        "applicant_type": "natural",
        "name": "张三",
        "contact_person": "",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13912345678",
        "email": "zhangsan@example.com",
        "address": "北疆市新城区幸福路8号",
        "postcode": "017000",
        "info_title": f"演练申请 {marker}",
        "info_document_number": "",
        "description": "申请公开2026年北疆市各公立小学的招生计划和学区划分文件。",
        "delivery_form": "electronic",
        "delivery_channel": "email",
    }


class Drill:
    def __init__(self, base_url: str, run: str):
        self.base_url = base_url
        self.run = run
        self.lock = threading.Lock()
        self.acknowledged: set[str] = set()
        self.attempts = 0
        self.failures = 0
        self.stopping = threading.Event()
        self.counter = 0
        self.abandoned: set[str] = set()
        self.reasons: Counter[str] = Counter()

    def next_marker(self) -> str:
        with self.lock:
            self.counter += 1
            return f"{self.run}-{self.counter}"

    def submit_once(self, session, host, url, data, token, address) -> bool:
        # As behind nginx with TLS: the scheme and the client's address in headers.
        headers = {"Host": host, "X-Real-IP": address, "X-Forwarded-Proto": "https"}
        page = session.get(self.base_url + url, headers=headers, timeout=30)
        if page.status_code != 200:
            return f"表单 {page.status_code}"
        for cookie in session.cookies:
            cookie.secure = False  # Secure cookies; this leg to gunicorn is plain HTTP
        fields = form_fields(page.text, data)
        fields["submission_token"] = token
        response = session.post(
            self.base_url + url,
            data={**data, **fields},
            headers={
                **headers,
                "Referer": f"https://{host}{url}",
                "Origin": f"https://{host}",
            },
            timeout=60,
            allow_redirects=False,
        )
        if response.status_code in (301, 302, 303):
            for cookie in session.cookies:
                cookie.secure = False
            location = response.headers["Location"].split("://", 1)[-1]
            location = (
                "/" + location.split("/", 1)[1]
                if "://" in response.headers["Location"]
                else location
            )
            response = session.get(
                self.base_url + location, headers=headers, timeout=30
            )
        if response.status_code != 200:
            return f"提交 {response.status_code}"
        receipt = BeautifulSoup(response.text, "html.parser")
        code = receipt.find(class_="query-code")
        if code is None or not code.get_text(strip=True):
            error = receipt.find(class_=re.compile("error"))
            return "无回执：" + (error.get_text(" ", strip=True)[:60] if error else "")
        return True

    def client(self, number: int) -> None:
        kinds = [(PORTAL, LETTER_URL, letter), (EDU, APPLY_URL, application)]
        while not self.stopping.is_set():
            host, url, build = kinds[number % 2]
            number += 1
            marker = self.next_marker()
            data = build(marker)
            # One token for every attempt of this submission (the hidden field
            # of the page the citizen keeps resubmitting).
            token = str(uuid.uuid4())
            address = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"  # noqa: S311
            for _attempt in range(MAX_ATTEMPTS):
                with self.lock:
                    self.attempts += 1
                session = requests.Session()
                try:
                    ok = self.submit_once(session, host, url, data, token, address)
                except requests.RequestException as exc:
                    ok = type(exc).__name__
                except (AttributeError, TypeError, StopIteration, KeyError, IndexError):
                    ok = "页面不完整"  # a worker killed while writing the page
                if ok is True:
                    with self.lock:
                        self.acknowledged.add(marker)
                    break
                with self.lock:
                    self.failures += 1
                    self.reasons[ok] += 1
                time.sleep(0.2)
            else:
                with self.lock:
                    self.abandoned.add(marker)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--max-seconds", type=float, default=420)
    parser.add_argument("--work-dir")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit(
            "请设置 DATABASE_URL 为一个专用的 PostgreSQL 数据库（演练会写入演示数据）。"
        )
    from cryptography.fernet import Fernet

    work = Path(options.work_dir or tempfile.mkdtemp(prefix="cluster-drill-"))
    work.mkdir(parents=True, exist_ok=True)
    keys = work / "keys"
    if not keys.exists():
        keys.write_text(Fernet.generate_key().decode())
    base = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATA_DIR": str(work / "data"),
        "SECRET_KEY": "drill-only-" + "x" * 40,
        "ALLOWED_HOSTS": f".{DOMAIN}",
        "WAGTAILADMIN_BASE_URL": f"http://{PORTAL}",
        "PERSONAL_DATA_KEYS": keys.read_text(),
        "SECURE_SSL_REDIRECT": "0",
        # The client's address comes from nginx's X-Real-IP (as in production);
        # every drill submission has its own, so rate limits do not refuse them.
        "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
    }
    dev = {**base, "DJANGO_SETTINGS_MODULE": "site_cluster.settings.dev"}
    prod = {**base, "DJANGO_SETTINGS_MODULE": "site_cluster.settings.production"}
    if not (work / "seeded").exists():
        print("迁移并播种演示站群 …", flush=True)
        manage(dev, "migrate", "--noinput")
        manage(dev, "seed_demo", "--domain", DOMAIN, "--articles", "2", "--port", "80")
        manage(prod, "collectstatic", "--noinput")
        (work / "seeded").touch()

    port = free_port()
    server = gunicorn(prod, port, options.workers, stderr=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    run = "D" + uuid.uuid4().hex[:8]
    drill = Drill(base_url, run)
    kills = 0
    started = time.monotonic()
    try:
        until_200(base_url + "/", limit=300, host=PORTAL)
        clients = [
            threading.Thread(target=drill.client, args=(n,), daemon=True)
            for n in range(options.clients)
        ]
        for thread in clients:
            thread.start()
        while (
            kills < options.kills and time.monotonic() - started < options.max_seconds
        ):
            time.sleep(random.uniform(0.5, 1.0))  # noqa: S311
            workers = children(server.pid)
            if workers:
                try:
                    os.kill(random.choice(workers), signal.SIGKILL)  # noqa: S311
                    kills += 1
                except ProcessLookupError:
                    pass
        killing = time.monotonic() - started
        drill.stopping.set()
        # Submissions under way finish (each retries until acknowledged).
        for thread in clients:
            thread.join(timeout=180)
        unfinished = sum(thread.is_alive() for thread in clients)
    finally:
        stop(server)
    out = subprocess.run(  # noqa: S603
        [PY, "manage.py", "shell", "-c", COUNT.format(run=run)],
        cwd=ROOT, env=prod, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    stored = json.loads(out.strip().splitlines()[-1])
    acknowledged = drill.acknowledged
    lost = [m for m in acknowledged if m not in stored]
    duplicated = {m: n for m, n in stored.items() if n > 1}
    print()
    print(f"{os.cpu_count()} 核，gunicorn {options.workers} 个 worker，{options.clients} 个客户端，"
          f"PostgreSQL{'，Redis' if os.environ.get('REDIS_URL') else ''}")  # fmt: skip
    print(f"SIGKILL：{kills} 次，历时 {killing:.0f} 秒")
    print(
        f"提交尝试：{drill.attempts} 次，其中未得到回执 {drill.failures} 次（随后重新提交）"
    )
    for reason, count in drill.reasons.most_common(5):
        print(f"  未得到回执的原因：{reason} × {count}")
    print(f"显示回执（已确认）：{len(acknowledged)}")
    print(f"已存储：{len(stored)}（信件与申请，按标记计）")
    print(f"丢失（已确认未存储）：{len(lost)}")
    print(f"重复（同一提交存储多次）：{sum(n - 1 for n in duplicated.values())}")
    print(f"放弃（{MAX_ATTEMPTS} 次仍无回执）：{len(drill.abandoned)}")
    print(
        f"存储但未确认：{len(set(stored) - acknowledged)}；未结束的客户端：{unfinished}"
    )
    if lost or duplicated:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
