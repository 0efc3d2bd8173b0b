"""The fresh demo passes its own inspection (issue #17 item 5): the whole
``seed_demo`` on an empty database, then the supervision run: no site is
不合格, and every site has its 2025 年报 and 报表 published on time.

Slow (the whole demo: about 1 minute of CPU, 1–2 minutes on a busy machine):
marked ``slow``.
"""

import re

import pytest

from tests.sites.test_seed_commands import demo_env, free_port, manage

pytestmark = pytest.mark.slow

RESULTS = (
    "from sites.models import CheckOutcome, SiteScore;"
    "print([s.site_name for s in SiteScore.objects.filter(verdict='fail')]);"
    "print(sorted(set(CheckOutcome.objects.filter(check_id__in=("
    "'disclosure_annual_report', 'website_report', 'blank_columns', 'footer_identity'"
    "), status='fail').values_list('check_id', 'site__site_name'))))"
)


def test_a_fresh_demo_has_no_failing_site(tmp_path):
    env = demo_env(tmp_path, free_port())
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")
    summary = manage(env, "run_compliance_checks")
    assert re.search(r"7个网站.*不合格网站0个", summary), summary
    failing, failed_checks = (
        manage(env, "shell", "-c", RESULTS).strip().splitlines()[-2:]
    )
    assert failing == "[]"
    # 年报, 报表, 空白栏目 and 页面底部标识 pass on every site.
    assert failed_checks == "[]"
