"""The desks rebuilt as Wagtail viewsets (issue 19 item 3), in Chromium, as the
demo's 教育局站点管理员: each opens from the menu or its old address, in
Chinese only, with its filters, and without an error."""

from tests.browser.conftest import BROWSER_MARKS, url
from tests.browser.demo_flows import (
    assert_no_error,
    english_on,
    log_in_and_enrol,
    open_menu,
    person,
)

pytestmark = BROWSER_MARKS

# Old addresses a user may have bookmarked, and a word each page must show.
DESKS = [
    ("/admin/disclosure/annual-reports/", "生成年度报告"),
    ("/admin/supervision/website-reports/", "报表年度"),
    ("/admin/supervision/publication-term/", "发布机构"),
    ("/admin/interaction/moderation/", "征集"),
    ("/admin/interaction/moderation/questions/", "访谈"),
    ("/admin/interaction/feedback/", "反馈"),
]


def test_a_site_admin_opens_each_desk_in_chinese(
    live_server, live_cluster, demo_accounts, browser
):
    console = []
    admin = person(browser, console)
    base = url(live_server, live_cluster.edu, "")
    log_in_and_enrol(admin, base, "jyj_admin", demo_accounts["jyj_admin"])
    open_menu(admin, "政民互动", "信箱设置")
    assert_no_error(admin)
    assert live_cluster.edu.site_name in admin.locator("main").inner_text()
    assert english_on(admin) == []
    for path, word in DESKS:
        admin.goto(f"{base}{path}")
        assert_no_error(admin)
        assert word in admin.locator("main").inner_text(), path
        assert english_on(admin) == [], (path, english_on(admin))
    assert console == []
