"""CPU of a page-cache hit against a WhiteNoise file, in-process, through the
production WSGI handler and middleware (issue 15: "the hit path must cost about
what whitenoise costs").

Usage: python bench/hit_path.py --work-dir DIR [--requests 300] [--rounds 20]
                                [--profile PAGE] [--redis]

DIR is a cluster seeded by ``bench/serving.py --work-dir DIR`` (its SQLite
database, file cache and collected static files). Each request is a WSGI
environ as gunicorn builds it, answered by ``site_cluster.wsgi.application``
with the production settings, its body read and closed; the time is
``process_time`` (CPU, not wall clock), so the load of other jobs on the
machine matters less than to requests/second — but it still moves CPU time
(shared caches and cores): many short rounds, the pages interleaved, and both
the median and the fastest round are printed, in microseconds per request,
with the ratios whitenoise / hit (≥ 0.85 is the target). ``--profile "portal home"`` runs cProfile over one round of
that page (or ``css``) and prints the top functions by own time.
``--redis`` uses ``REDIS_URL`` (the production profile with Redis) instead of
the file cache.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

# The cluster and the pages are the ones bench/serving.py seeds and times.
from serving import DOMAIN, PORTAL, pick_pages

ROOT = Path(__file__).resolve().parents[1]
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"


def environ(host: str, path: str, agent: str) -> dict:
    """What gunicorn's sync worker hands the application for a plain GET."""
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "RAW_URI": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8001",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "40000",
        "HTTP_HOST": host,
        "HTTP_ACCEPT": "*/*",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.file_wrapper": None,
    }
    if agent:
        environ["HTTP_USER_AGENT"] = agent
    return environ


def request(application, host: str, path: str, agent: str = "") -> tuple[str, dict]:
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    body = application(environ(host, path, agent), start_response)
    try:
        for _chunk in body:
            pass
    finally:
        if hasattr(body, "close"):
            body.close()
    return seen["status"], seen["headers"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--profile", default="")
    parser.add_argument("--redis", action="store_true")
    parser.add_argument(
        "--agent",
        default="",
        help="User-Agent of the requests (empty: none, as wrk sends; "
        "'browser': a browser's, so the hit is counted as a visit)",
    )
    options = parser.parse_args()
    work = Path(options.work_dir)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="site_cluster.settings.production",
        DATA_DIR=str(work / "data"),
        SECRET_KEY="bench-only-" + "x" * 40,
        ALLOWED_HOSTS=f".{DOMAIN}",
        SECURE_SSL_REDIRECT="0",
        SEARCH_PROCESS_ON_COMMIT="0",
        WAGTAILADMIN_BASE_URL=f"http://{PORTAL}",
    )
    if not options.redis:
        os.environ.pop("REDIS_URL", None)
    from cryptography.fernet import Fernet

    os.environ.setdefault("PERSONAL_DATA_KEYS", Fernet.generate_key().decode())
    sys.path.insert(0, str(ROOT))
    from site_cluster.wsgi import application

    agent = BROWSER if options.agent == "browser" else options.agent
    manifest = json.loads((ROOT / "static_collected/staticfiles.json").read_text())
    css = next(v for k, v in manifest["paths"].items() if k.endswith(".css"))
    targets = {"css": (PORTAL, f"/static/{css}"), **pick_pages(work / "pages")}
    for name, (host, path) in targets.items():
        for _ in range(3):  # the first stores the page, the next ones hit
            status, headers = request(application, host, path, agent)
        assert status.startswith("200"), (name, status)
        if name != "css":
            assert headers.get("X-Page-Cache") == "hit", (name, headers)

    if options.profile:
        host, path = targets[options.profile]
        profiler = cProfile.Profile(time.process_time)  # CPU, not the wall clock
        profiler.enable()
        for _ in range(options.requests):
            request(application, host, path, agent)
        profiler.disable()
        stats = pstats.Stats(profiler).strip_dirs()
        stats.sort_stats("tottime").print_stats(35)
        stats.sort_stats("cumulative").print_stats(45)
        return

    timings: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(options.rounds):
        for name, (host, path) in targets.items():  # interleaved
            started = time.process_time()
            for _ in range(options.requests):
                request(application, host, path, agent)
            elapsed = time.process_time() - started
            timings[name].append(elapsed * 1e6 / options.requests)
    css_median = statistics.median(timings["css"])
    css_best = min(timings["css"])
    print(
        f"{options.requests} requests × {options.rounds} rounds, "
        f"{'Redis' if options.redis else 'file cache'}, user agent "
        f"{options.agent or 'none'}, load {os.getloadavg()[0]:.1f}"
    )
    print(f"{'':<12} {'median µs':>10} {'fastest µs':>11} {'whitenoise/hit':>15}")
    for name, values in timings.items():
        median, best = statistics.median(values), min(values)
        ratio = (
            ""
            if name == "css"
            else f"{css_median / median:.2f} / {css_best / best:.2f}"
        )
        print(f"{name:<12} {median:>10.1f} {best:>11.1f} {ratio:>15}")


if __name__ == "__main__":
    main()
