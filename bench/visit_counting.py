"""Visit counting on the page-cache hit path (R72): throughput with the counter
off and on, side by side, interleaved.

Usage: python bench/visit_counting.py [--sites 2] [--pages 20] [--repetitions 5]
                                      [--duration 3] [--connections 8]

Seeds a small ``seed_scale`` cluster (as bench/serving.py does), starts two
gunicorns with the production settings and the whole-page cache, one with
``VISIT_COUNTING=off`` and one with ``VISIT_COUNTING=app``, and runs wrk (with
a browser User-Agent, so that every request is a counted page view) against
the portal home through each. Prints the median requests/second of each and
their ratio, then flushes the spool and checks the stored page views equal the
requests wrk made.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from serving import PORTAL, PY, ROOT, TICK, WRK, cpu_ticks, free_port, manage, wait_for

AGENT = "Mozilla/5.0 (X11; Linux x86_64) bench-visit-counting"


def wrk(url, duration, connections) -> tuple[float, int]:
    out = subprocess.run(  # noqa: S603
        [
            WRK,
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "-H",
            f"Host: {PORTAL}",
            "-H",
            f"User-Agent: {AGENT}",
            url,
        ],  # fmt: skip
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    count = int(re.search(r"(\d+) requests in", out).group(1))
    if "Non-2xx" in out:
        raise SystemExit(out)
    return rate, count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=2)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--duration", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    from cryptography.fernet import Fernet

    work = Path(tempfile.mkdtemp(prefix="cluster-visits-"))
    env = {
        **os.environ,
        "DATA_DIR": str(work / "data"),
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": ".scale.localhost",
        "PERSONAL_DATA_KEYS": Fernet.generate_key().decode(),
        "SECURE_SSL_REDIRECT": "0",
        "SEARCH_PROCESS_ON_COMMIT": "0",
        "WAGTAILADMIN_BASE_URL": f"http://{PORTAL}",
    }
    env.pop("REDIS_URL", None)
    dev = {**env, "DJANGO_SETTINGS_MODULE": "site_cluster.settings.dev"}
    prod = {**env, "DJANGO_SETTINGS_MODULE": "site_cluster.settings.production"}
    print(f"播种 seed_scale：{options.sites} 个网站 × {options.pages} 篇文章 …")
    manage(dev, "migrate", "--noinput")
    manage(
        dev, "seed_scale", "--sites", str(options.sites), "--pages", str(options.pages)
    )
    manage(prod, "collectstatic", "--noinput")

    spool = work / "visits"
    servers, url = {}, {}
    try:
        for mode in ("off", "app"):
            port = free_port()
            url[mode] = f"http://127.0.0.1:{port}/"
            servers[mode] = subprocess.Popen(  # noqa: S603
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
                    **prod,
                    "VISIT_COUNTING": mode,
                    "VISIT_SPOOL_DIR": str(spool),
                    "GUNICORN_BIND": f"127.0.0.1:{port}",
                    "GUNICORN_WORKERS": str(options.workers),
                },
            )
        for mode in servers:
            wait_for(url[mode], PORTAL)
            wrk(url[mode], 1, 2)  # warm every worker's page cache
        # Never unlink a spool file a worker holds open: count what is there.
        warm = _spooled(spool)
        rates: dict[str, list[float]] = {"off": [], "app": []}
        cpu: dict[str, list[float]] = {"off": [], "app": []}
        counted = 0
        for repetition in range(options.repetitions):
            print(f"第 {repetition + 1}/{options.repetitions} 轮 …", flush=True)
            for mode in ("off", "app"):
                before = cpu_ticks(servers[mode].pid)
                rate, count = wrk(url[mode], options.duration, options.connections)
                used = cpu_ticks(servers[mode].pid) - before
                rates[mode].append(rate)
                cpu[mode].append(used * 1000 / TICK / max(count, 1))
                if mode == "app":
                    counted += count
        time.sleep(0.5)
    finally:
        for proc in servers.values():
            proc.send_signal(signal.SIGTERM)
        for proc in servers.values():
            proc.wait(timeout=30)

    off, on = statistics.median(rates["off"]), statistics.median(rates["app"])
    ratios = [a / b for a, b in zip(rates["app"], rates["off"], strict=True)]
    print()
    print(
        f"page-cache hit, portal home; wrk -t2 -c{options.connections} "
        f"-d{options.duration}s × {options.repetitions}，gunicorn {options.workers} 个 worker，"
        f"{os.cpu_count()} 核"
    )
    for mode, rate in (("off", off), ("app", on)):
        print(
            f"VISIT_COUNTING={mode:<4} {rate:9.0f} req/s  "
            f"{statistics.median(cpu[mode]):.3f} server CPU ms/req"
        )
    print(f"app / off (median of per-round ratios): {statistics.median(ratios):.3f}")
    print(
        f"spooled page views {_spooled(spool) - warm}, wrk requests {counted} "
        "(wrk counts completed responses only)"
    )


def _spooled(spool: Path) -> int:
    return sum(len(p.read_text().splitlines()) for p in spool.glob("*/*.log"))


if __name__ == "__main__":
    main()
