"""Publish → visible through nginx on every page that shows it (issue 15 item 7).

Run against a started production profile (make serve-production), with the same
environment, from the project directory:

    python bench/publish_visibility.py --nginx http://127.0.0.1:8080 [--times 5]

Each round edits the title of the newest article of the first department
(seed_scale's s0001) and publishes it in this process — the editor's request —
then polls nginx for the article, its column, the department's home and the
portal home until each shows the new title. Times are from the start of the
publish call (the click), not from the commit. ``--kick thread`` lets this
process write the files after its commit (as a web process does);
``--kick off`` leaves them to the standing writer (``process_static_queue``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def get(url: str, host: str) -> str:
    request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.read().decode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nginx", required=True)
    parser.add_argument("--times", type=int, default=5)
    parser.add_argument("--kick", choices=("thread", "off"), default="thread")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_cluster.settings.production")
    os.environ["STATIC_PAGES_ON_COMMIT"] = options.kick
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from wagtail.models import Site

    from sites.models import ArticlePage

    site = Site.objects.get(hostname="s0001.scale.localhost")
    portal = Site.objects.get(hostname="www.scale.localhost")
    article = (
        ArticlePage.objects.live()
        .descendant_of(site.root_page)
        .order_by("-publish_date")
        .first()
    )
    column = article.get_parent()
    watched = {
        "article": (site.hostname, article.get_url_parts()[2]),
        "column": (site.hostname, column.get_url_parts()[2]),
        "department home": (site.hostname, "/"),
        "portal home": (portal.hostname, "/"),
    }
    print(f"发布 {options.times} 次，写入方式：{options.kick}")
    totals = []
    for round_ in range(options.times):
        title = f"可见性测试{round_}-{time.time_ns() % 10**9}"
        clicked = time.monotonic()
        revision = article.save_revision()
        revision.content["title"] = title
        revision.save()
        revision.publish()
        published = time.monotonic() - clicked
        seen = {}
        while len(seen) < len(watched) and time.monotonic() - clicked < 30:
            for name, (host, path) in watched.items():
                if name not in seen and title in get(options.nginx + path, host):
                    seen[name] = time.monotonic() - clicked
            time.sleep(0.02)
        article.refresh_from_db()
        slowest = max(seen.values()) if len(seen) == len(watched) else float("inf")
        totals.append(slowest)
        print(
            f"  第{round_ + 1}次：发布请求 {published:.2f} 秒；"
            + "，".join(f"{k} {v:.2f} 秒" for k, v in seen.items())
        )
        time.sleep(1)
    print(
        f"全部页面可见（点击起）：中位数 {statistics.median(totals):.2f} 秒，最慢 {max(totals):.2f} 秒"
    )


if __name__ == "__main__":
    main()
