"""The fresh demo, built as an operator builds it (migrate, seed_demo on the
embedded profile), passes its own inspection and its own crawl:

- issue #17 item 5: no site is 不合格, and every site has its 2025 年报, its 报表,
  no blank columns and its footer identifiers;
- R7, R8 (issue #20 item 2): ``crawl_sites`` over all page types of every demo
  site finds every app list with its Column* meta tags and every detail page
  with its Article* tags, none empty, no page unreachable.

One demo for both (building it is the slow part: about a minute of CPU). It runs
on the embedded SQLite profile whatever database the suite uses, so the
PostgreSQL pass leaves it to the SQLite pass.
"""

import json
import re

import pytest
from django.conf import settings

from tests.demo.test_seed_commands import demo_env, free_port, manage

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        "postgresql" in settings.DATABASES["default"]["ENGINE"],
        reason="the demo runs on the embedded profile: the SQLite pass covers it",
    ),
]

VERDICTS = (
    "from sites.models import CheckOutcome, SiteScore;"
    "print([s.site_name for s in SiteScore.objects.filter(verdict='fail')]);"
    "print(sorted(set(CheckOutcome.objects.filter(check_id__in=("
    "'disclosure_annual_report', 'website_report', 'blank_columns', 'footer_identity'"
    "), status='fail').values_list('check_id', 'site__site_name'))))"
)
CRAWLS = (
    "import json; from sites.models import SiteCrawl;"
    "print(json.dumps([{'host': c.site.hostname, 'crawled': c.crawled,"
    " 'findings': c.findings} for c in SiteCrawl.objects.select_related('site')]))"
)
APP_LISTS = ("/xxgk/gkml/", "/hdjl/ldxx/", "/hdjl/yjzj/", "/hdjl/zxft/", "/gzndbb/")


def test_a_fresh_demo_passes_its_own_inspection_and_crawl(tmp_path):
    port = free_port()
    env = demo_env(tmp_path, port)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--port", str(port))

    summary = manage(env, "run_compliance_checks")
    assert re.search(r"7个网站.*不合格网站0个", summary), summary
    failing, failed_checks = (
        manage(env, "shell", "-c", VERDICTS).strip().splitlines()[-2:]
    )
    assert failing == "[]"
    # 年报, 报表, 空白栏目 and 页面底部标识 pass on every site.
    assert failed_checks == "[]"

    manage(env, "crawl_sites")
    crawls = json.loads(manage(env, "shell", "-c", CRAWLS).strip().splitlines()[-1])
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
        assert wrong == [], (crawl["host"], wrong)
    # App detail pages (letters, consultations, interviews…) were crawled too.
    assert details >= 7
