"""信息报送 → 采用 on the portal with the demo's printed accounts, in Chromium
(issue #17 "Must show"; DESIGN §3 shared content).

Found walking the demo: the menu item 信息报送 opened the receiving inbox,
empty for a department editor, while sending hid in each page's "…" menu; and
no seeded account could accept on the portal. Now 教育局编辑 (jyj_editor) opens
信息报送 → 报送稿件, sends a published article to the portal's 工作动态, and
门户网站审核 (mh_reviewer) finds it on the 工作台 and under 信息报送 → 采用报送稿件,
accepts it, and the portal's column lists it with its source.
"""

from sites.models import Submission, SubmissionStatus
from tests.browser.conftest import BROWSER_MARKS, url
from tests.browser.demo_flows import (
    assert_no_error,
    english_on,
    log_in_and_enrol,
    open_menu,
    person,
    screenshot,
)
from tests.conftest import add_article, column

pytestmark = BROWSER_MARKS
TITLE = "全市中小学开展冬季校园安全大检查"


def test_send_to_the_portal_and_accept_there(
    live_server, live_cluster, demo_accounts, browser
):
    edu, portal = live_cluster.edu, live_cluster.portal
    article = add_article(column(edu, "gzdt"), TITLE)
    article.save_revision().publish()
    console = []

    editor = person(browser, console)
    log_in_and_enrol(
        editor, url(live_server, edu, ""), "jyj_editor", demo_accounts["jyj_editor"]
    )
    open_menu(editor, "信息报送", "报送稿件")
    assert editor.title().startswith("报送稿件")
    row = editor.locator(f"tr:has-text('{TITLE}')")
    assert "未报送" in row.inner_text()
    row.locator("a:text-is('报送')").click()
    editor.select_option("select[name=column]", label=f"{portal.site_name} / 工作动态")
    with editor.expect_navigation():
        editor.click("main form button[type=submit]")
    assert_no_error(editor)
    assert "已报送" in " ".join(editor.locator(".messages").all_inner_texts())
    assert (
        f"{portal.site_name}：待处理"
        in editor.locator(f"tr:has-text('{TITLE}')").first.inner_text()
    )
    assert english_on(editor) == []

    receiver = person(browser, console)
    log_in_and_enrol(
        receiver,
        url(live_server, portal, ""),
        "mh_reviewer",
        demo_accounts["mh_reviewer"],
    )
    incoming = receiver.locator("main section:has-text('待采用的报送稿件')")
    assert TITLE in incoming.inner_text()
    screenshot(receiver, "workbench-portal-reviewer")
    open_menu(receiver, "信息报送", "采用报送稿件")
    assert receiver.title().startswith("采用报送稿件")
    with receiver.expect_navigation():
        receiver.locator(f"tr:has-text('{TITLE}') button:text-is('采用')").click()
    assert_no_error(receiver)
    assert Submission.objects.get(article=article).status == SubmissionStatus.ACCEPTED

    visitor = person(browser)
    visitor.goto(url(live_server, portal, "/gzdt/"))
    listed = visitor.locator(f"a:has-text('{TITLE}')")
    assert listed.count() >= 1
    assert "（来源：北疆市教育局）" in visitor.locator("main").inner_text()
    editor.goto(url(live_server, edu, "/admin/cluster/syndication/send/"))
    assert "已采用" in editor.locator(f"tr:has-text('{TITLE}')").first.inner_text()
    assert console == []
