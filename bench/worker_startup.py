"""Worker start-up (issue 16 item 5): how long until a process serves its first page.

Usage: python bench/worker_startup.py [--repetitions 5] [--kills 10] [--work-dir DIR]

Seeds a small ``seed_scale`` cluster (SQLite in a temporary DATA_DIR, or
DATABASE_URL when set), then measures with the production settings:

1. cold import: a fresh ``python`` that imports ``site_cluster.wsgi`` and
   answers one request to the portal home through the WSGI callable (no
   server), from process start to the 200 — what a worker without
   ``preload_app`` pays;
2. gunicorn (deploy/gunicorn.conf.py, preload_app) from ``Popen`` to the first
   200 on the portal home;
3. replacement: gunicorn with one worker; the worker is SIGKILLed and the home
   is requested every 10 ms until it answers 200 again (``--kills`` times);
4. where the cold import spends its time: ``python -X importtime``, summed per
   top-level package (the heaviest ten).

Prints medians and maxima in seconds.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import PY, ROOT, children, manage  # noqa: E402

DOMAIN = "scale.localhost"
PORTAL = f"www.{DOMAIN}"

COLD = """
import time, os
started = float(os.environ["BENCH_STARTED"])
from io import BytesIO
import site_cluster.wsgi as w
imported = time.time()
status = []
host = os.environ["BENCH_HOST"]
environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "SERVER_NAME": host,
    "SERVER_PORT": "80", "HTTP_HOST": host, "wsgi.input": BytesIO(),
    "wsgi.url_scheme": "http", "SERVER_PROTOCOL": "HTTP/1.1", "QUERY_STRING": ""}
body = b"".join(w.application(environ, lambda s, h: status.append(s)))
assert status[0].startswith("200"), status
print(imported - started, time.time() - started)
"""


def get(url: str, timeout: float = 2.0, host: str = PORTAL) -> int:
    request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, http.client.HTTPException):
        return 0


def free_port() -> int:
    """A port nobody listens on now (the kernel's choice, not a guess)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def until_200(url: str, limit: float = 120.0, host: str = PORTAL) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if get(url, timeout=5, host=host) == 200:
            return time.monotonic() - started
        time.sleep(0.01)
    raise SystemExit(f"{url} 在 {limit:.0f} 秒内没有返回 200")


def gunicorn(env: dict, port: int, workers: int, **popen) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [
            PY,
            "-m",
            "gunicorn",
            "-c",
            "deploy/gunicorn.conf.py",
            "site_cluster.wsgi:application",
        ],  # fmt: skip
        cwd=ROOT,
        env={
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(workers),
        },
        **popen,  # fmt: skip
    )


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def import_costs(env: dict) -> list[tuple[str, float]]:
    result = subprocess.run(  # noqa: S603
        [PY, "-X", "importtime", "-c", "import site_cluster.wsgi"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    per_package: Counter[str] = Counter()
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = line[len("import time:") :].split("|")
        per_package[name.strip().split(".")[0]] += int(self_us)
    return [(name, us / 1e6) for name, us in per_package.most_common(10)]


def summary(values: list[float]) -> str:
    return f"中位数 {statistics.median(values):.2f} 秒，最大 {max(values):.2f} 秒（{len(values)} 次）"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--work-dir")
    options = parser.parse_args()
    from cryptography.fernet import Fernet

    work = Path(options.work_dir or tempfile.mkdtemp(prefix="cluster-startup-"))
    work.mkdir(parents=True, exist_ok=True)
    base = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATA_DIR": str(work / "data"),
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": f".{DOMAIN}",
        "WAGTAILADMIN_BASE_URL": f"http://{PORTAL}",
        "PERSONAL_DATA_KEYS": Fernet.generate_key().decode(),
        "SECURE_SSL_REDIRECT": "0",
        "SEARCH_PROCESS_ON_COMMIT": "0",
        "PAGE_CACHE_SECONDS": "0",  # every request renders: the worker's real work
    }
    dev = {**base, "DJANGO_SETTINGS_MODULE": "site_cluster.settings.dev"}
    prod = {**base, "DJANGO_SETTINGS_MODULE": "site_cluster.settings.production"}
    if not (work / "seeded").exists():
        print("播种 seed_scale（1 个网站 × 10 篇）…", flush=True)
        manage(dev, "migrate", "--noinput")
        manage(dev, "seed_scale", "--sites", "1", "--pages", "10")
        manage(prod, "collectstatic", "--noinput")
        (work / "seeded").touch()

    cold_import, cold_first = [], []
    for _ in range(options.repetitions):
        env = {**prod, "BENCH_STARTED": repr(time.time()), "BENCH_HOST": PORTAL}
        out = subprocess.run(  # noqa: S603
            [PY, "-c", COLD], cwd=ROOT, env=env, capture_output=True, text=True,
            check=True,
        ).stdout.split()  # fmt: skip
        cold_import.append(float(out[0]))
        cold_first.append(float(out[1]))

    first_200 = []
    for _ in range(options.repetitions):
        port = free_port()
        started = time.monotonic()
        process = gunicorn(prod, port, workers=2)
        try:
            until_200(f"http://127.0.0.1:{port}/")
            first_200.append(time.monotonic() - started)
        finally:
            stop(process)

    replaced = []
    port = free_port()
    process = gunicorn(prod, port, workers=1)
    url = f"http://127.0.0.1:{port}/"
    try:
        until_200(url)
        for _ in range(options.kills):
            (worker,) = children(process.pid)
            os.kill(worker, signal.SIGKILL)
            started = time.monotonic()
            # The master notices the death (SIGCHLD) and forks a new worker.
            replaced.append(until_200(url))
            time.sleep(0.2)
    finally:
        stop(process)

    print()
    print(f"{os.cpu_count()} 核；负载（1 分钟）{os.getloadavg()[0]:.1f}")
    print(
        f"冷启动 import site_cluster.wsgi（含 fork 前预加载）：{summary(cold_import)}"
    )
    print(f"冷启动到第一个 200（进程内 WSGI）：{summary(cold_first)}")
    print(f"gunicorn（preload_app，2 个 worker）启动到第一个 200：{summary(first_200)}")
    print(f"SIGKILL 一个 worker 后重新返回 200：{summary(replaced)}")
    print("import 耗时最多的包（-X importtime，自身时间合计）：")
    for name, seconds in import_costs(prod):
        print(f"  {name:<24} {seconds:.2f} 秒")


if __name__ == "__main__":
    main()
