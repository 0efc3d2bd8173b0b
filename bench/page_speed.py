"""Time the public hot path in-process: portal home, a column list and an article.

Usage: python bench/page_speed.py [--data-dir DIR] [--requests 200]
Without --data-dir it seeds a small synthetic cluster (20 sites x 200 pages) first.
Prints, per page: median and p95 milliseconds and requests per second (one process),
with the whole-page cache off and on (``PAGE_CACHE_SECONDS``, sites/page_cache.py).
Query counts per page are asserted in tests/sites/test_query_counts.py.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default="")
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()
    data_dir = options.data_dir or tempfile.mkdtemp(prefix="cluster-speed-")
    os.environ.update(
        {"DJANGO_SETTINGS_MODULE": "site_cluster.settings.dev", "DATA_DIR": data_dir}
    )
    if not options.data_dir:
        for args in (
            ["migrate", "-v0"],
            ["seed_scale", "--sites", "20", "--pages", "200"],
        ):
            subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)  # noqa: S603

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from sites.models import ArticlePage, SiteProfile

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    portal = SiteProfile.objects.get(kind="portal").site
    member = (
        SiteProfile.objects.filter(kind="department")
        .select_related("site")
        .first()
        .site
    )
    article = ArticlePage.objects.live().descendant_of(member.root_page).first()
    targets = [
        ("portal home", portal.hostname, "/"),
        ("column list", member.hostname, "/gzdt/"),
        ("column list page 3", member.hostname, "/gzdt/?page=3"),
        ("article", member.hostname, article.get_url_parts()[2]),
    ]
    sites = SiteProfile.objects.count()
    pages = ArticlePage.objects.count()
    print(
        f"cluster: {sites} sites, {pages} articles; {options.requests} requests per page"
    )
    client = Client()
    for seconds in (0, 300):
        settings.PAGE_CACHE_SECONDS = seconds
        print(f"-- page cache {'on' if seconds else 'off'}")
        for name, host, path in targets:
            client.get(path, HTTP_HOST=host)  # warm caches and imports
            response = client.get(path, HTTP_HOST=host)
            assert response.status_code == 200, (name, response.status_code)
            assert bool(seconds) == (response.get("X-Page-Cache") == "hit"), name
            timings = []
            for _ in range(options.requests):
                started = time.perf_counter()
                client.get(path, HTTP_HOST=host)
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            p95 = timings[int(len(timings) * 0.95) - 1]
            print(
                f"{name:20s} median {statistics.median(timings):6.1f} ms  "
                f"p95 {p95:6.1f} ms  {1000 / statistics.mean(timings):6.0f} req/s"
            )


if __name__ == "__main__":
    main()
