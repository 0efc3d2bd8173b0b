"""Serving benchmark (issue 15 item 6): the same pages served five ways, side by
side in one run, each as a ratio to nginx serving the static file.

Usage: python bench/serving.py [--sites 5] [--pages 200] [--repetitions 3]
                               [--duration 3] [--connections 8] [--workers 2]
                               [--work-dir DIR] [--base-port PORT] [--hits-only]

Seeds a ``seed_scale`` cluster (SQLite in a temporary DATA_DIR, or DATABASE_URL /
REDIS_URL when set), writes the static pages of the portal and the first
department (``export_static``), starts on loopback ports:

- nginx with the production configuration (deploy/nginx.conf.template);
- gunicorn "embedded": production settings with STATIC_PAGES_ROOT (the static
  pages answered by sites.static_output.middleware, no nginx);
- gunicorn "page cache": production settings, whole-page cache, no static pages;
- gunicorn "uncached": PAGE_CACHE_SECONDS=0, no static pages;

then runs wrk against the portal home, a column list and an article through
each, interleaved, ``--repetitions`` times, plus a whitenoise CSS file through
the page-cache gunicorn. Prints requests/second (median), the ratio to
nginx-static (median of the per-repetition ratios) and server CPU milliseconds
per request (from /proc).

The uncached anchor is Wagtail's bakerydemo: its blog post, served by its own
gunicorn (same worker count, its production settings, DEBUG off, its SQLite
database), timed in the same repetitions as our uncached article, with queries
per page counted in-process for both. It is looked for in $BAKERYDEMO_DIR
(default /work/bakerydemo, with its virtualenv in .venv and ``load_initial_data``
run; README "Production serving") and skipped with a message when absent.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
TICK = os.sysconf("SC_CLK_TCK")
DOMAIN = "scale.localhost"
PORTAL = f"www.{DOMAIN}"
DEPARTMENT = f"s0001.{DOMAIN}"
CODES = ("1598000001", "1598000002")
BAKERYDEMO_DIR = Path(os.environ.get("BAKERYDEMO_DIR", "/work/bakerydemo"))
BAKERYDEMO_POST = os.environ.get("BAKERYDEMO_POST", "/blog/wild-yeast/")
BAKERYDEMO_HOST = "127.0.0.1:8000"  # the host of its only Site (initial data)
BAKERY = "bakerydemo blog post"
OURS = "gunicorn uncached"

# Queries of one page, counted in a warm process (the second request), as a
# worker serves it; runs under either project's interpreter and settings.
COUNT_QUERIES = """
import sys, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client, (host, path) = Client(), sys.argv[1:3]
client.get(path, HTTP_HOST=host)
with CaptureQueriesContext(connection) as queries:
    status = client.get(path, HTTP_HOST=host).status_code
print(status, len(queries.captured_queries))
"""


def free_port() -> int:
    """A port nothing listens on now: the first free one of ``BENCH_PORTS``
    (e.g. ``8190-8209``, for a machine where each user has a port range), else
    the kernel's pick for port 0."""
    if span := os.environ.get("BENCH_PORTS"):
        low, high = (int(part) for part in span.split("-"))
        for port in range(low, high + 1):
            with socket.socket() as probe, contextlib.suppress(OSError):
                probe.bind(("127.0.0.1", port))
                if port not in _TAKEN:
                    _TAKEN.add(port)
                    return port
        raise SystemExit(f"BENCH_PORTS {span}: no free port")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_TAKEN: set[int] = set()


def manage(env, *args, quiet=True):
    subprocess.run(  # noqa: S603
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def cpu_ticks(pid: int) -> int:
    """utime + stime of a process and its live children, plus the CPU of its
    children that exited and were reaped (cutime + cstime): a worker that
    gunicorn recycled mid-run still counts."""
    total = 0
    for p in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
        if p == pid:
            total += int(fields[13]) + int(fields[14])
    return total


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(FileNotFoundError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def wait_for(url: str, host: str, seconds: float | None = None) -> None:
    """Wait for the server (``BENCH_START_TIMEOUT`` seconds, default 60; more on a
    loaded machine)."""
    if seconds is None:
        seconds = float(os.environ.get("BENCH_START_TIMEOUT", "60"))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            fetch(url, host)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"服务未启动：{url}")


def fetch(url: str, host: str):
    request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


def stop_nginx(run_dir: Path) -> None:
    """Ask the nginx started with ``run_dir``'s configuration to quit, if it runs."""
    if (run_dir / "nginx.pid").exists():
        subprocess.run(  # noqa: S603
            [
                NGINX,
                "-s",
                "quit",
                "-c",
                str(run_dir / "nginx.conf"),
                "-p",
                str(run_dir),
            ],  # fmt: skip
            check=False,
        )


def wrk(url, host, duration, connections) -> tuple[float, int]:
    out = subprocess.run(  # noqa: S603
        [WRK, "-t2", f"-c{connections}", f"-d{duration}s", "-H", f"Host: {host}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    count = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise SystemExit(f"{url} ({host}): {non2xx.group(1)} 个错误响应\n{out}")
    return rate, count


def pick_pages(pages_root: Path) -> dict[str, tuple[str, str]]:
    """home, a column list and an article, as (host, path)."""
    department = pages_root / DEPARTMENT
    column = next(
        d
        for d in sorted(department.iterdir())
        if d.is_dir() and any(c.is_dir() for c in d.iterdir())
    )
    article = next(c for c in sorted(column.iterdir()) if c.is_dir())
    return {
        "portal home": (PORTAL, "/"),
        "column list": (DEPARTMENT, f"/{column.name}/"),
        "article": (DEPARTMENT, f"/{column.name}/{article.name}/"),
    }


def bakerydemo() -> tuple[Path, dict] | None:
    """bakerydemo's interpreter and environment, or None (and why) when absent."""
    python = BAKERYDEMO_DIR / ".venv/bin/python"
    missing = [
        str(p)
        for p in (BAKERYDEMO_DIR / "manage.py", python, BAKERYDEMO_DIR / "bakerydemodb")
        if not p.exists()
    ]
    if missing:
        print(
            f"bakerydemo 锚点：跳过（缺少 {'、'.join(missing)}；"
            "按 README“生产部署”一节准备后设置 BAKERYDEMO_DIR）。"
        )
        return None
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bakerydemo.settings.production",
        DJANGO_SECRET_KEY="bench-only-" + "y" * 40,
        SECURE_SSL_REDIRECT="false",
        DJANGO_LOG_LEVEL="WARNING",
    )
    return python, env


def count_queries(python, cwd, env, host, path) -> str:
    out = subprocess.run(  # noqa: S603
        [str(python), "-c", COUNT_QUERIES, host, path],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    status, count = out[-2:]
    return count if status == "200" else f"HTTP {status}"


def vs_whitenoise(label, mode, runs, css_runs) -> str:
    """A page served through gunicorn against the whitenoise CSS file through
    the same kind of gunicorn, per repetition."""
    pairs = list(zip(runs, css_runs, strict=True))
    by_rate = statistics.median(r[0] / c[0] for r, c in pairs)
    by_cpu = statistics.median(c[1] / r[1] for r, c in pairs)
    each = "、".join(f"{r[0] / c[0]:.2f}" for r, c in pairs)
    return (
        f"{label}, {mode} / whitenoise CSS: {by_rate:.2f} by req/s "
        f"(each repetition: {each}), {by_cpu:.2f} by CPU per request"
    )


def ratio_line(ours, theirs) -> str:
    """Our uncached article against bakerydemo's blog post, per repetition."""
    pairs = list(zip(ours, theirs, strict=True))
    by_cpu = statistics.median(t[1] / o[1] for o, t in pairs)
    by_rate = statistics.median(o[0] / t[0] for o, t in pairs)
    each = "、".join(f"{t[1] / o[1]:.2f}" for o, t in pairs)
    return (
        f"uncached article vs bakerydemo blog post: {by_cpu:.2f}× by CPU per request "
        f"(each repetition: {each}), {by_rate:.2f}× by req/s"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=5)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--duration", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--work-dir", default="", help="keep the seeded cluster here and reuse it"
    )
    parser.add_argument(
        "--base-port",
        type=int,
        default=0,
        help="use the five ports from this one (default: any free ports)",
    )
    parser.add_argument(
        "--hits-only",
        action="store_true",
        help="time only the page-cache hits and the whitenoise CSS file (more "
        "repetitions in the same time, for the hit/whitenoise ratios)",
    )
    options = parser.parse_args()
    for tool in (NGINX, WRK):
        if not Path(tool).exists():
            raise SystemExit(f"缺少 {tool}（Debian: apt-get install nginx wrk）")

    work = Path(options.work_dir or tempfile.mkdtemp(prefix="cluster-serving-"))
    work.mkdir(parents=True, exist_ok=True)
    seeded = (work / "seeded").exists()
    from cryptography.fernet import Fernet

    base_env = {
        **os.environ,
        "DATA_DIR": str(work / "data"),
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": f".{DOMAIN}",
        "PERSONAL_DATA_KEYS": Fernet.generate_key().decode(),
        "SECURE_SSL_REDIRECT": "0",
        "SEARCH_PROCESS_ON_COMMIT": "0",
        "WAGTAILADMIN_BASE_URL": f"http://{PORTAL}",
    }
    dev = {**base_env, "DJANGO_SETTINGS_MODULE": "site_cluster.settings.dev"}
    prod = {**base_env, "DJANGO_SETTINGS_MODULE": "site_cluster.settings.production"}
    pages_root = work / "pages"
    started = time.monotonic()
    with_pages = {**prod, "STATIC_PAGES_ROOT": str(pages_root)}
    if not seeded:
        print(f"播种 seed_scale：{options.sites} 个网站 × {options.pages} 篇文章 …")
        manage(dev, "migrate", "--noinput")
        manage(
            dev,
            "seed_scale",
            "--sites",
            str(options.sites),
            "--pages",
            str(options.pages),
        )
        manage(prod, "collectstatic", "--noinput")
        for code in CODES:
            manage(with_pages, "export_static", "--site", code)
        (work / "seeded").touch()
        print(f"  完成，{time.monotonic() - started:.0f} 秒")
    pages = pick_pages(pages_root)

    names = ("nginx", "embedded", "cache", "uncached", "bakerydemo")
    ports = {
        name: options.base_port + i if options.base_port else free_port()
        for i, name in enumerate(names)
    }
    servers = {}
    anchor = bakerydemo()
    try:
        if anchor:
            servers["bakerydemo"] = subprocess.Popen(  # noqa: S603
                [
                    str(anchor[0]),
                    "-m",
                    "gunicorn",
                    "-b",
                    f"127.0.0.1:{ports['bakerydemo']}",
                    "-w",
                    str(options.workers),
                    "--access-logfile",
                    "/dev/null",
                    "bakerydemo.wsgi:application",
                ],  # fmt: skip
                cwd=BAKERYDEMO_DIR,
                env=anchor[1],
            )
        for name, extra in (
            ("embedded", {"STATIC_PAGES_ROOT": str(pages_root)}),
            ("cache", {}),
            ("uncached", {"PAGE_CACHE_SECONDS": "0"}),
        ):
            env = {
                **prod,
                **extra,
                "GUNICORN_BIND": f"127.0.0.1:{ports[name]}",
                "GUNICORN_WORKERS": str(options.workers),
                # Workers are never recycled while timed: an exited worker's
                # CPU time leaves /proc with it (cpu_ticks reads live ones).
                "GUNICORN_MAX_REQUESTS": "0",
            }
            servers[name] = subprocess.Popen(  # noqa: S603
                [
                    PY,
                    "-m",
                    "gunicorn",
                    "-c",
                    "deploy/gunicorn.conf.py",
                    "site_cluster.wsgi:application",
                ],  # fmt: skip
                cwd=ROOT,
                env=env,
            )
        run_dir = work / "run"
        manage(
            with_pages,
            "render_nginx_conf",
            "--listen",
            f"127.0.0.1:{ports['nginx']}",
            "--app",
            f"127.0.0.1:{ports['embedded']}",
            "--run-dir",
            str(run_dir),
        )
        subprocess.run(  # noqa: S603
            [NGINX, "-c", str(run_dir / "nginx.conf"), "-p", str(run_dir)], check=True
        )
        nginx_pid = int((run_dir / "nginx.pid").read_text())
        pids = {
            "nginx": nginx_pid,
            **{name: proc.pid for name, proc in servers.items()},
        }
        url = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        for name in servers:
            if name == "bakerydemo":
                wait_for(url[name] + BAKERYDEMO_POST, BAKERYDEMO_HOST)
            else:
                wait_for(url[name] + "/", PORTAL)

        modes = {
            "nginx static": "nginx",
            "gunicorn static (embedded)": "embedded",
            "gunicorn page-cache hit": "cache",
            "gunicorn uncached": "uncached",
        }
        # Check each mode serves what it claims before timing it.
        for label, (host, path) in pages.items():
            bodies = {}
            for mode, server in modes.items():
                for _ in range(4 * options.workers):  # warm every worker's cache
                    fetch(url[server] + path, host)
                status, headers, body = fetch(url[server] + path, host)
                assert status == 200, (mode, label, status)
                expect = {
                    "nginx": ("X-Static-Page", "hit"),
                    "embedded": ("X-Static-Page", "hit"),
                    "cache": ("X-Page-Cache", "hit"),
                }.get(server)
                if expect:
                    assert headers.get(expect[0]) == expect[1], (mode, label, headers)
                bodies[mode] = len(body)
            print(f"  {label}: {host}{path} ({bodies['nginx static']} 字节)")
        if anchor:  # the same warm-up: every worker has loaded its templates
            for _ in range(4 * options.workers):
                status, _headers, body = fetch(
                    url["bakerydemo"] + BAKERYDEMO_POST, BAKERYDEMO_HOST
                )
            assert status == 200, ("bakerydemo", status)
            print(f"  {BAKERY}: {BAKERYDEMO_POST} ({len(body)} 字节)")

        manifest = json.loads((ROOT / "static_collected/staticfiles.json").read_text())
        css = next(v for k, v in manifest["paths"].items() if k.endswith(".css"))
        css_path = f"/static/{css}"

        results: dict[tuple[str, str], list[tuple[float, float]]] = {}
        loads = []
        for repetition in range(options.repetitions):
            loads.append(os.getloadavg()[0])
            print(
                f"第 {repetition + 1}/{options.repetitions} 轮 …"
                f"（负载 {loads[-1]:.1f}）",
                flush=True,
            )
            runs = [
                (label, mode, host, path)
                for label, (host, path) in pages.items()
                for mode in modes
                if not options.hits_only or mode == "gunicorn page-cache hit"
            ] + [("whitenoise CSS", "gunicorn page-cache hit", PORTAL, css_path)]
            if anchor and not options.hits_only:
                runs.append((BAKERY, BAKERY, BAKERYDEMO_HOST, BAKERYDEMO_POST))
            for label, mode, host, path in runs:
                server = "bakerydemo" if mode == BAKERY else modes[mode]
                before = cpu_ticks(pids[server])
                duration = options.duration
                rate, count = wrk(
                    url[server] + path, host, duration, options.connections
                )
                cpu_ms = (
                    (cpu_ticks(pids[server]) - before) * 1000 / TICK / max(count, 1)
                )
                results.setdefault((label, mode), []).append((rate, cpu_ms))

        print()
        print(
            f"{options.sites} 个网站，每站 {options.pages} 篇；wrk -t2 "
            f"-c{options.connections} -d{options.duration}s，{options.repetitions} 轮，"
            f"gunicorn {options.workers} 个 worker，{os.cpu_count()} 核；"
            f"每轮开始时的 1 分钟负载 {'、'.join(f'{x:.1f}' for x in loads)}"
        )
        header = f"{'page':<14} {'served by':<28} {'req/s':>9} {'× nginx':>8} {'CPU ms/req':>11}"
        print(header)
        print("-" * len(header))
        for label in [*pages, "whitenoise CSS"]:
            base = results.get((label, "nginx static"))
            for mode in modes:
                runs = results.get((label, mode))
                if not runs:
                    continue
                rate = statistics.median(r for r, _ in runs)
                cpu = statistics.median(c for _, c in runs)
                ratio = (
                    statistics.median(
                        r / b for (r, _), (b, _) in zip(runs, base, strict=True)
                    )
                    if base
                    else float("nan")
                )
                print(f"{label:<14} {mode:<28} {rate:>9.0f} {ratio:>8.3f} {cpu:>11.3f}")
        css_runs = results[("whitenoise CSS", "gunicorn page-cache hit")]
        print()
        for label in pages:
            for mode in ("gunicorn page-cache hit", "gunicorn static (embedded)"):
                if (label, mode) in results:
                    print(vs_whitenoise(label, mode, results[(label, mode)], css_runs))
        article_host, article_path = pages["article"]
        uncached = {**prod, "PAGE_CACHE_SECONDS": "0"}
        ours = count_queries(PY, ROOT, uncached, article_host, article_path)
        print(f"queries per page: our uncached article {ours}", end="")
        if anchor and (BAKERY, BAKERY) in results:
            theirs = count_queries(
                anchor[0], BAKERYDEMO_DIR, anchor[1], BAKERYDEMO_HOST, BAKERYDEMO_POST
            )
            print(f", bakerydemo blog post {theirs}")
            bakery = results[(BAKERY, BAKERY)]
            print(
                f"{BAKERY} ({BAKERYDEMO_POST}): "
                f"{statistics.median(r for r, _ in bakery):.0f} req/s, "
                f"{statistics.median(c for _, c in bakery):.3f} ms CPU/req"
            )
            print(ratio_line(results[("article", OURS)], bakery))
        else:
            print()
    finally:
        for proc in servers.values():
            proc.send_signal(signal.SIGTERM)
        stop_nginx(work / "run")
        for proc in servers.values():
            try:  # a loaded machine can take longer than the graceful timeout
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if not options.work_dir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
