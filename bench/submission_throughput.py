"""Public submission throughput (issue 16 item 6): letters per second through
the production-like app, on PostgreSQL and on SQLite.

Usage: python bench/submission_throughput.py [--duration 30] [--clients 8]
           [--workers 2] [--databases postgres,sqlite]
           [--postgres-url postgres://postgres@127.0.0.1:5432/cluster_bench_submissions]
           [--redis-url redis://127.0.0.1:6379/3]

For each database: a fresh cluster (``seed_scale --sites 1`` plus the default
领导信箱 of every site; the PostgreSQL database named in --postgres-url is
DROPPED and created again), gunicorn with deploy/gunicorn.conf.py and the
production settings (--workers sync workers; Redis for the PostgreSQL run when
--redis-url or REDIS_URL is given, the embedded database cache otherwise), then
three phases, each a browser's step: (1, not timed) --forms letter forms are
fetched, each in its own session, and the captcha answered from the page (as the
tests do); (2, timed) --clients concurrent visitors POST them for --duration
seconds (or until the forms run out), every tenth sent twice at once (a double
click); (3, not timed) each browser's receipt page is read. The letter rate
limit is raised for the run (all clients share one address). Prints letters/s
(acknowledged per second of phase 2), p50/p99 latency of the POST,
acknowledged vs stored vs duplicated letters, double clicks whose two receipts
differ, receipts whose query code does not open the letter (a sample of 200,
checked afterwards), and the server's CPU milliseconds per letter with the rate
two cores allow at that cost (the wall-clock rate depends on whatever else the
machine runs).
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import PY, ROOT, TICK, cpu_ticks, free_port, manage, wait_for  # noqa: E402

DOMAIN = "scale.localhost"
PORTAL = f"www.{DOMAIN}"
WRITE = "/hdjl/ldxx/write/"
RECEIPT = "/hdjl/ldxx/receipt/"
QUERY = "/hdjl/ldxx/query/"
NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九十")}
SUBJECT = "压力测试来信"


def spoken_to_int(text: str) -> int:
    if "十" not in text:
        return NUMERALS[text]
    tens, _, ones = text.partition("十")
    return (NUMERALS[tens] if tens else 1) * 10 + (NUMERALS[ones] if ones else 0)


def field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    if match is None:
        raise ValueError(f"no field {name}")
    return match.group(1)


def solved(html: str) -> dict:
    """The captcha answered from the page's own question, as a visitor does."""
    left, right = re.search(
        r"([零一二三四五六七八九十]+)加([零一二三四五六七八九十]+)等于几", html
    ).groups()
    return {
        "captcha_token": field(html, "captcha_token"),
        "captcha_answer": str(spoken_to_int(left) + spoken_to_int(right)),
    }


def addressee(html: str) -> dict:
    """The first 写信对象 and its first 信件类型, as a visitor picks them."""
    selects = {
        name: re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
        for name in ("mailbox", "letter_type")
    }
    return {
        "mailbox": re.search(r'<option value="(\d+)"', selects["mailbox"]).group(1),
        "letter_type": re.search(
            r'<option value="([^"]+)"', selects["letter_type"]
        ).group(1),
    }


def _session_get(base, path, cookies):
    import requests

    response = requests.get(
        base + path, headers={"Host": PORTAL}, cookies=cookies, timeout=300
    )
    return response, {**cookies, **response.cookies.get_dict()}


def fetch_form(base: str, number: int) -> tuple[dict, dict] | None:
    """A filled letter form of its own browser session: (POST data, cookies).
    The production cookies are Secure; the bench speaks plain HTTP, so they are
    handed over explicitly."""
    response, cookies = _session_get(base, WRITE, {})
    if response.status_code != 200:
        return None
    html = response.text
    return {
        "csrfmiddlewaretoken": field(html, "csrfmiddlewaretoken"),
        "submission_token": field(html, "submission_token"),
        **addressee(html),
        "subject": f"{SUBJECT}{number}",
        "content": "请问小学入学报名需要哪些材料？这是一封用于吞吐量测试的来信。",
        "name": "测试用户",
        "phone": "13912345678",
        "email": "",
        "id_number": "",
        "address": "",
        "may_publish": "yes",
        **solved(html),
    }, cookies


def post(base: str, data: dict, cookies: dict):
    import requests

    started = time.monotonic()
    response = requests.post(
        base + WRITE, data=data, headers={"Host": PORTAL}, cookies=cookies,
        timeout=300, allow_redirects=False,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    return elapsed, response.status_code, {**cookies, **response.cookies.get_dict()}


def receipt(base: str, cookies: dict) -> tuple[str, str] | None:
    html = _session_get(base, RECEIPT, cookies)[0].text
    number = re.search(r'class="case-number">([^<]+)<', html)
    code = re.search(r'class="query-code">([^<]+)<', html)
    return (number.group(1), code.group(1)) if number and code else None


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.sent: list[list[dict]] = []  # per letter: the cookies of each 302
        self.errors: dict[str, int] = {}
        self.last_done = 0.0

    def error(self, kind: str):
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1


def fetch_forms(base: str, count: int, clients: int) -> list:
    """Phase 1 (not timed): the forms, captchas answered."""

    def one(number):
        try:
            return fetch_form(base, number)
        except Exception:  # noqa: BLE001 - a form less; the run goes on
            return None

    with ThreadPoolExecutor(clients) as pool:
        forms = list(pool.map(one, range(count)))
    return [f for f in forms if f is not None]


def send_all(base: str, forms: list, clients: int, duration: float, tally: Tally):
    """Phase 2 (timed): ``clients`` visitors POST the letters for ``duration``
    seconds (or until the forms run out); every tenth is sent twice at once."""
    queue = list(enumerate(forms))
    taken = threading.Lock()
    stop = time.monotonic() + duration

    def one(args):
        data, cookies = args
        return post(base, data, dict(cookies))

    def client():
        with ThreadPoolExecutor(2) as pair:
            while time.monotonic() < stop:
                with taken:
                    if not queue:
                        return
                    number, (data, cookies) = queue.pop()
                copies = 2 if number % 10 == 9 else 1
                try:
                    results = list(pair.map(one, [(data, cookies)] * copies))
                except Exception as error:  # noqa: BLE001 - counted, the run goes on
                    tally.error(f"{type(error).__name__}: {error}"[:80])
                    continue
                acknowledged = []
                with tally.lock:
                    for elapsed, status, after in results:
                        tally.latencies.append(elapsed)
                        if status == 302:
                            acknowledged.append(after)
                        else:
                            tally.errors[f"POST {status}"] = (
                                tally.errors.get(f"POST {status}", 0) + 1
                            )
                    if acknowledged:
                        tally.sent.append(acknowledged)
                    tally.last_done = time.monotonic()

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return max(tally.last_done, started + 0.001) - started


def stored_counts(env: dict) -> tuple[int, int]:
    """(letters stored, distinct submission tokens among them)."""
    sql = (
        "SELECT count(*), count(DISTINCT submission_token) FROM interaction_letter "
        "WHERE subject LIKE {}"
    )
    pattern = SUBJECT + "%"
    if env.get("DATABASE_URL"):
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as conn:
            return conn.execute(sql.format("%s"), [pattern]).fetchone()
    with sqlite3.connect(Path(env["DATA_DIR"]) / "cluster.sqlite3") as conn:
        return conn.execute(sql.format("?"), [pattern]).fetchone()


def codes_that_fail(env: dict, sample: dict[str, str]) -> int:
    """Receipts (a sample) whose query code does not open their letter."""
    script = (
        "import json, sys\n"
        "from interaction.services.letter_workflow import find_for_writer\n"
        "pairs = json.loads(sys.stdin.read())\n"
        "print(sum(find_for_writer(n, c) is None for n, c in pairs))\n"
    )
    import json

    out = subprocess.run(  # noqa: S603
        [PY, "manage.py", "shell", "-c", script],
        cwd=ROOT, env=env, input=json.dumps(list(sample.items())),
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return int(out.strip().splitlines()[-1])


def recreate_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def run(kind: str, options, work: Path) -> dict:
    from cryptography.fernet import Fernet

    data_dir = work / kind
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        {
            "DATA_DIR": str(data_dir),
            "SECRET_KEY": "bench-only-" + "x" * 40,
            "ALLOWED_HOSTS": f".{DOMAIN}",
            "PERSONAL_DATA_KEYS": Fernet.generate_key().decode(),
            "WAGTAILADMIN_BASE_URL": f"http://{PORTAL}",
            "SECURE_SSL_REDIRECT": "0",
            "INTERACTION_LETTER_RATE": "1000000/h",
        }
    )
    if kind == "postgres":
        recreate_postgres(options.postgres_url)
        env["DATABASE_URL"] = options.postgres_url
        if options.redis_url:
            env["REDIS_URL"] = options.redis_url
    dev = {**env, "DJANGO_SETTINGS_MODULE": "site_cluster.settings.dev"}
    prod = {**env, "DJANGO_SETTINGS_MODULE": "site_cluster.settings.production"}
    print(f"[{kind}] 准备站群 …", flush=True)
    manage(dev, "migrate", "--noinput")
    manage(dev, "seed_scale", "--sites", "1", "--pages", "3", "--domain", DOMAIN)
    manage(dev, "ensure_interaction_columns")
    manage(prod, "collectstatic", "--noinput")
    if options.redis_url and kind == "postgres":
        import redis

        redis.Redis.from_url(options.redis_url).flushdb()

    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [PY, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
         "site_cluster.wsgi:application"],
        cwd=ROOT, start_new_session=True,
        env={**prod, "GUNICORN_BIND": f"127.0.0.1:{port}",
             "GUNICORN_WORKERS": str(options.workers), "GUNICORN_TIMEOUT": "120"},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + WRITE, PORTAL, 120)
        print(
            f"[{kind}] {options.clients} 个客户端，{options.duration} 秒 …", flush=True
        )
        print(f"[{kind}] 取得 {options.forms} 份表单（不计时）…", flush=True)
        forms = fetch_forms(base, options.forms, options.clients)
        print(
            f"[{kind}] {options.clients} 个客户端提交，{options.duration} 秒 …",
            flush=True,
        )
        tally = Tally()
        ticks = cpu_ticks(server.pid)
        elapsed = send_all(base, forms, options.clients, options.duration, tally)
        ticks = cpu_ticks(server.pid) - ticks
        acknowledged, mismatched = {}, 0
        for copies in tally.sent:  # phase 3 (not timed): what each browser shows
            shown = [receipt(base, cookies) for cookies in copies]
            shown = [r for r in shown if r is not None]
            if len(shown) < len(copies):
                tally.error("receipt missing")
            mismatched += len(set(shown)) > 1
            for number, code in shown:
                acknowledged.setdefault(number, code)
    finally:
        server.terminate()
        server.wait(30)
    stored, distinct = stored_counts(env)
    sample = dict(list(acknowledged.items())[:200])
    failing = codes_that_fail(prod, sample) if sample else 0
    latencies = sorted(tally.latencies) or [0.0]
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return {
        "kind": kind,
        "rate": len(acknowledged) / elapsed,
        "p50": statistics.median(latencies),
        "p99": p99,
        "posts": len(tally.latencies),
        # Server CPU per acknowledged letter (its POST, double clicks included):
        # on a machine shared with other jobs the wall-clock rate understates
        # what the cores can do, this does not.
        "cpu_ms": 1000 * ticks / TICK / max(1, len(acknowledged)),
        "acknowledged": len(acknowledged),
        "stored": stored,
        "duplicated": stored - distinct,
        "pairs": sum(len(copies) == 2 for copies in tally.sent),
        "pair_mismatch": mismatched,
        "failing": failing,
        "sample": len(sample),
        "errors": tally.errors,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--forms", type=int, default=2000, help="预先取得的表单数（提交的上限）"
    )
    parser.add_argument("--databases", default="postgres,sqlite")
    parser.add_argument(
        "--postgres-url",
        default="postgres://postgres@127.0.0.1:5432/cluster_bench_submissions",
        help="这个数据库会被删除并重建",
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cluster-submissions-"))
    results = [run(kind, options, work) for kind in options.databases.split(",")]
    print(
        f"\n{options.clients} 个客户端 × {options.duration:.0f} 秒，"
        f"gunicorn {options.workers} 个 worker，CPU {os.cpu_count()} 核"
    )
    print(
        f"{'数据库':<10}{'信件/秒':>8}{'p50 秒':>9}{'p99 秒':>9}{'POST':>7}"
        f"{'已回执':>8}{'已存储':>8}{'重复':>6}{'双击对':>8}{'码不一致':>8}{'码失效':>8}"
        f"{'CPU毫秒/封':>11}{'2核上限/秒':>11}"
    )
    for r in results:
        print(
            f"{r['kind']:<12}{r['rate']:>8.1f}{r['p50']:>9.3f}{r['p99']:>9.3f}"
            f"{r['posts']:>7}{r['acknowledged']:>9}{r['stored']:>9}"
            f"{r['duplicated']:>7}{r['pairs']:>9}{r['pair_mismatch']:>9}"
            f"{r['failing']:>6}/{r['sample']}"
            f"{r['cpu_ms']:>12.1f}{2000 / max(r['cpu_ms'], 0.001):>12.1f}"
        )
        if r["errors"]:
            print(f"  错误：{r['errors']}")


if __name__ == "__main__":
    main()
