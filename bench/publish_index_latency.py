"""Publish → found by the search (issue 16 item 3): how long the publishing call
takes and how long until the search finds the page, with the index updated in
the publishing thread after the commit ("inline", the old behaviour) and by
the background thread ("thread", the embedded default).

Usage: python bench/publish_index_latency.py [--times 10] [--pages 200]

Seeds ``seed_scale --sites 1`` (SQLite in a temporary DATA_DIR), builds the
index with ``rebuild_index``, then in one process (as one web process) edits
and publishes the newest article ``--times`` times per mode, each with a new
word in its title, and polls the search until that word finds it. Prints the
median and maximum of both times per mode.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = "甲乙丙丁戊己庚辛壬癸"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--pages", type=int, default=200)
    options = parser.parse_args()
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="cluster-publish-index-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "site_cluster.settings.dev"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from haystack.query import SearchQuerySet

    from sites.models import ArticlePage

    call_command("migrate", verbosity=0)
    call_command("seed_scale", sites=1, pages=options.pages, verbosity=0)
    call_command("rebuild_index", interactive=False, verbosity=0)
    article = ArticlePage.objects.live().order_by("-pk").first()

    print(f"{'模式':<8}{'发布调用 中位/最大 秒':>22}{'检索可见 中位/最大 秒':>22}")
    for mode in ("inline", "thread"):
        settings.SEARCH_QUEUE_ON_COMMIT = mode
        calls, visible = [], []
        for n in range(options.times):
            word = f"演练{mode}{WORDS[n % 10]}{n}号通告"
            page = ArticlePage.objects.get(pk=article.pk)
            page.title = word
            started = time.monotonic()
            page.save_revision().publish()
            calls.append(time.monotonic() - started)
            while not SearchQuerySet().filter(content=word).count():
                if time.monotonic() - started > 60:
                    break
                time.sleep(0.02)
            else:
                visible.append(time.monotonic() - started)
        if len(visible) < len(calls):
            print(f"{mode}: {len(calls) - len(visible)} 次发布 60 秒内未检索到")
            visible = visible or [float("nan")]
        print(
            f"{mode:<10}{statistics.median(calls):>12.3f} / {max(calls):.3f}"
            f"{statistics.median(visible):>15.3f} / {max(visible):.3f}"
        )


if __name__ == "__main__":
    main()
