"""Benchmark of the unified search on a synthetic cluster (issue #6 item 6).

Builds a fresh cluster with ``seed_scale`` in a temporary DATA_DIR, indexes it
with ``update_index`` (one writer, one commit) and runs 200 queries of 1-3 common
terms (policy topics and everyday words; the text is ``demo/synthetic.py``'s),
half over the whole cluster on the portal and half on one department site, twice:
through Django's test client on /search/ (the whole page) and at the engine
(SearchQuerySet: count + first page). Prints indexing throughput, query
p50/p99, index size and the RSS of the indexing process and of the query worker.

Usage:
    python bench/search_bench.py --engine sqlite --sites 100 --pages 1000
    python bench/search_bench.py --engine whoosh --sites 20 --pages 1000
    DATABASE_URL=postgres://user@host/db python bench/search_bench.py --engine postgres
The postgres engine indexes into the cluster's own database, so the cluster is
seeded there (DATABASE_URL, PostgreSQL; its index is dropped and rebuilt, its
content kept: --no-seed measures a database seeded before with the same sizes).
Options: --no-seed (the database already holds the seed_scale cluster), --words (body phrases per article, ~5 characters each; 160 ≈ 800
characters), --queries, --keep (leave the temporary directory), --reuse (with --data-dir of a kept
run: measure the queries again without seeding and indexing).
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(args, env):
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603
    return time.monotonic() - started


def child_cpu_s():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def child_rss_mb():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def dir_size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


QUERY_WORKER = r"""
import json, os, random, resource, statistics, sys, time
import django
django.setup()
from django.conf import settings
settings.DEBUG = False  # no query log in a measurement
from django.test import Client
from haystack.query import SearchQuerySet
from search.query import Scope, parse, search
from demo.synthetic import TOPICS

# Policy topics (each leads ~5% of the articles) and everyday words of
# government prose, from 医疗 (in ~3% of the articles) to 工作 (~40%).
terms = list(TOPICS) + ["公开", "服务", "安全", "保护", "建设", "医疗", "环境", "工作", "发展"]
rng = random.Random(6)
queries = [" ".join(rng.sample(terms, rng.randint(1, 3))) for _ in range(int(sys.argv[1]))]
# The portal of the seed_scale cluster (not Wagtail's default localhost site)
# and its first department: scope=site searches a site of 1,000 articles.
from demo.management.commands.seed_scale import PORTAL_CODE
from sites.models import SiteProfile
profiles = SiteProfile.objects.select_related("site")
portal = profiles.get(code=PORTAL_CODE).site
member = profiles.exclude(code=PORTAL_CODE).filter(code__startswith="1598").order_by("code").first().site
client = Client()
# Warm up: jieba's dictionary and the index readers load once per process.
client.get("/search/", {"q": "推进"}, HTTP_HOST=portal.hostname)

def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]

page, engine, hits = [], [], []
for number, q in enumerate(queries):
    host, scope = (portal.hostname, "all") if number % 2 else (member.hostname, "site")
    started = time.perf_counter()
    response = client.get("/search/", {"q": q, "scope": scope}, HTTP_HOST=host)
    page.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200, response.status_code
    assert b"class=\"notice\"" not in response.content, "index unavailable"
    parsed = parse(q)
    site_ids = None if scope == "all" else [member.pk]
    started = time.perf_counter()
    results = search(parsed, Scope(site_ids))
    total = results.count()
    first = list(results[:10])
    engine.append((time.perf_counter() - started) * 1000)
    hits.append(total)
extra = {}
if settings.HAYSTACK_CONNECTIONS["default"]["ENGINE"].endswith("PostgresFTSEngine"):
    # The index lives in the database: its size, and the memory of the database
    # process that served this worker (shared buffers it touched included).
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('search_fts_document') + "
                       "pg_total_relation_size('search_fts_document_data'), pg_backend_pid()")
        size, pid = cursor.fetchone()
    extra["index_mb"] = size / 2**20
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    extra["db_backend_rss_mb"] = int(line.split()[1]) / 1024
    except OSError:
        pass
print(json.dumps({
    **extra,
    "page_p50": percentile(page, .5), "page_p99": percentile(page, .99),
    "engine_p50": percentile(engine, .5), "engine_p99": percentile(engine, .99),
    "median_hits": statistics.median(hits),
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--engine", choices=["whoosh", "sqlite", "postgres"], default="sqlite"
    )
    parser.add_argument("--no-seed", action="store_true")
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--words", type=int, default=160)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--data-dir", default="")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    options = parser.parse_args()

    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    if options.engine == "postgres" and not on_postgres:
        sys.exit(
            "--engine postgres: set DATABASE_URL=postgres://… (the cluster's database)"
        )
    data_dir = Path(
        options.data_dir or tempfile.mkdtemp(prefix="cluster-search-bench-")
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_cluster.settings.dev",
        "DATA_DIR": str(data_dir),
        "SEARCH_ENGINE": options.engine,
        "SEARCH_INDEX_DIR": str(data_dir / f"search-{options.engine}"),
        "SEARCH_PROCESS_ON_COMMIT": "0",
    }
    docs = options.sites * options.pages
    reuse = options.reuse and (
        options.engine == "postgres" or (data_dir / f"search-{options.engine}").exists()
    )
    try:
        if reuse:
            seed = index = index_cpu = before = index_rss = float("nan")
        else:
            fresh = not (data_dir / "cluster.sqlite3").exists() or not options.data_dir
            if fresh or on_postgres:
                run(["migrate", "--noinput", "-v0"], env)
            seed = float("nan")
            if not options.no_seed:
                seed = run(
                    ["seed_scale", "--sites", str(options.sites), "--pages",
                     str(options.pages), "--words", str(options.words)],
                    env,
                )  # fmt: skip
            before = child_rss_mb()
            cpu_before = child_cpu_s()
            index = run(["rebuild_index", "--noinput", "-v0"], env)
            index_cpu = child_cpu_s() - cpu_before
            index_rss = child_rss_mb()
        index_dir = data_dir / f"search-{options.engine}"
        size = dir_size_mb(index_dir) if index_dir.exists() else float("nan")
        started = time.monotonic()
        output = subprocess.run(  # noqa: S603
            [sys.executable, "-c", QUERY_WORKER, str(options.queries)],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        figures = json.loads(output.strip().splitlines()[-1])
        print(f"engine: {options.engine}; documents: {docs:,} "
              f"({options.sites} sites x {options.pages}, ~{options.words * 5} characters each)")  # fmt: skip
        print(f"seed_scale: {seed:.0f} s")
        print(f"indexing (rebuild_index, one writer, one commit): {index:.0f} s = "
              f"{docs / index:.0f} docs/s wall; {index_cpu:.0f} CPU-s = "
              f"{docs / index_cpu:.0f} docs per CPU-second; "
              f"indexer RSS {max(index_rss, before):.0f} MB")  # fmt: skip
        print(f"index size: {figures.get('index_mb', size):.0f} MB")
        print(f"{options.queries} queries of 1-3 terms (median {figures['median_hits']:.0f} hits), "
              f"measured in {time.monotonic() - started:.0f} s:")  # fmt: skip
        print(f"  search page (Django test client): p50 {figures['page_p50']:.1f} ms, "
              f"p99 {figures['page_p99']:.1f} ms")  # fmt: skip
        print(f"  engine (count + first 10): p50 {figures['engine_p50']:.1f} ms, "
              f"p99 {figures['engine_p99']:.1f} ms")  # fmt: skip
        print(f"  query worker RSS: {figures['rss_mb']:.0f} MB")
        if "db_backend_rss_mb" in figures:
            print(f"  its PostgreSQL backend process: {figures['db_backend_rss_mb']:.0f} MB "
                  "peak RSS (shared buffers it touched included)")  # fmt: skip
        print(
            f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
    finally:
        if not options.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
