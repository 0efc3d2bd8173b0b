"""Latency of the shared caches the embedded default could use (issue 14 item 3).

Measures get / get_many / set / add+incr of Django's database cache (on the
SQLite file of the embedded default, WAL as in settings/base.py) and of the
file-based cache (Django's, and ours that culls less often), with local memory as the per-process reference, for a small
value (a generation, a counter) and a page-sized one (a pickled response of
~40 KB), with ENTRIES entries already stored. Run from the repository root:

    .venv/bin/python bench/cache_backends.py [--entries 2000] [--rounds 2000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(data_dir: Path, entries: int) -> None:
    os.environ["DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "site_cluster.settings.dev"
    import django
    from django.conf import settings

    big = {"MAX_ENTRIES": entries * 4}
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "locmem": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": big,
        },
        "database": {
            "BACKEND": "sites.cache_backends.DatabaseCache",
            "LOCATION": "bench_cache",
            "OPTIONS": big,
        },
        "file": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(data_dir / "cache"),
            "OPTIONS": big,
        },
        "filecache": {
            "BACKEND": "sites.cache_backends.FileCache",
            "LOCATION": str(data_dir / "cache2"),
            "OPTIONS": big,
        },
    }
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, run_syncdb=False)
    call_command("createcachetable", verbosity=0)


def timed(fn, rounds: int) -> tuple[float, float]:
    samples = []
    for i in range(rounds):
        start = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - start) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def run(name: str, entries: int, rounds: int) -> None:
    from django.core.cache import caches

    cache = caches[name]
    page = "<p>" + "政务公开" * 3300 + "</p>"  # ~40 KB of UTF-8, like a page
    for i in range(entries):
        cache.set(f"fill:{i}", page if i % 4 == 0 else i, 3600)
    cache.set("gen:a", "x", None)
    cache.set("gen:b", "y", None)
    rows = {
        "get small": lambda i: cache.get("gen:a"),
        "get_many 2": lambda i: cache.get_many(["gen:a", "gen:b"]),
        "get page": lambda i: cache.get("fill:0"),
        "get miss": lambda i: cache.get(f"absent:{i}"),
        "set small": lambda i: cache.set(f"small:{i % 50}", i, 300),
        "set page": lambda i: cache.set(f"page:{i % 50}", page, 300),
        "add+incr": lambda i: (
            cache.add(f"ctr:{i % 20}", 0, 300),
            cache.incr(f"ctr:{i % 20}"),
        ),  # fmt: skip
    }
    for label, fn in rows.items():
        p50, p99 = timed(fn, rounds)
        print(f"{name:9} {label:11} p50 {p50:8.1f} µs   p99 {p99:8.1f} µs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument(
        "--backends", nargs="+", default=["locmem", "database", "file", "filecache"]
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cache-bench-") as tmp:
        configure(Path(tmp), args.entries)
        print(f"{args.entries} entries stored, {args.rounds} rounds each")
        for name in args.backends:
            run(name, args.entries, args.rounds)


if __name__ == "__main__":
    main()
