"""R7, R8: a crawl over all page types of every demo site, run as an operator
runs it (seed_demo, then crawl_sites): every app list carries the Column* meta
tags and every detail page the Article* tags, none empty."""

import json
import os
import subprocess
import sys

from tests.sites.test_seed_commands import ROOT, free_port


def manage(env, *args):
    # seed_demo takes minutes on a loaded machine: a longer bound than the
    # seed tests' helper.
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500, check=True,
    ).stdout  # fmt: skip


REPORT = (
    "import json; from sites.models import SiteCrawl;"
    "print(json.dumps([{'host': c.site.hostname, 'crawled': c.crawled,"
    " 'findings': c.findings} for c in SiteCrawl.objects.select_related('site')]))"
)
APP_LISTS = ("/xxgk/gkml/", "/hdjl/ldxx/", "/hdjl/yjzj/", "/hdjl/zxft/", "/gzndbb/")


def test_r7_r8_every_page_type_of_every_demo_site_carries_its_meta_tags(tmp_path):
    port = free_port()
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "REDIS_URL")
        },
        "DJANGO_SETTINGS_MODULE": "site_cluster.settings.dev",
        "DATA_DIR": str(tmp_path),
        "CLUSTER_PORT": str(port),
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--articles", "2", "--port", str(port))
    manage(env, "crawl_sites")
    crawls = json.loads(manage(env, "shell", "-c", REPORT).strip().splitlines()[-1])
    assert len(crawls) == 7
    details = 0
    for crawl in crawls:
        paths = {url.split(f":{port}", 1)[1]: kind for url, kind in crawl["crawled"]}
        for path in APP_LISTS:
            assert paths.get(path) == "column", (crawl["host"], path)
        details += sum(
            1
            for path, kind in paths.items()
            if kind == "article" and path.startswith(("/hdjl/", "/xxgk/sgs/", "/zwfw/"))
        )
        wrong = [
            f
            for f in crawl["findings"]
            if "元数据" in f["title"]
            or "页面底部" in f["title"]
            or "无法访问" in f["title"]
        ]
        assert wrong == [], crawl["host"]
    assert (
        details >= 7
    )  # app detail pages (letters, consultations, interviews…) were crawled
