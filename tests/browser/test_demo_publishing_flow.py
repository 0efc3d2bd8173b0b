"""写稿 → 审核 → 签发 with the demo's printed accounts, in Chromium (issue #17
"Must show"; R76: author, reviewer and signer are three people).

教育局编辑 (jyj_editor) binds the authenticator at first login, lands on the
工作台, writes an article in 工作动态 through the page editor (title, body) and
submits it; 教育局审核 (jyj_reviewer) finds it on the 工作台 and approves it;
教育局站点管理员 (jyj_admin) finds it at 待签发 and signs it (签发并发布); the
article is then on the public site at its platform address.
"""

from sites.models import ArticlePage
from tests.browser.conftest import BROWSER_MARKS, url
from tests.browser.demo_flows import (
    assert_no_error,
    english_on,
    log_in_and_enrol,
    person,
    screenshot,
    write_rich_text,
)
from tests.conftest import column

pytestmark = BROWSER_MARKS
TITLE = "市教育局召开2027年寒假校园安全工作部署会"
BODY = (
    "为切实做好寒假期间校园安全工作，市教育局召开专题部署会，对寒假安全工作作出安排。"
)


def test_write_review_and_sign_with_the_printed_accounts(
    live_server, live_cluster, demo_accounts, browser
):
    edu = live_cluster.edu
    base = url(live_server, edu, "")
    admin = f"{base}/admin"
    news = column(edu, "gzdt")
    console = []

    editor = person(browser, console)
    log_in_and_enrol(editor, base, "jyj_editor", demo_accounts["jyj_editor"])
    screenshot(editor, "workbench-editor")
    editor.goto(f"{admin}/pages/{news.pk}/")
    editor.click("header a[aria-label='添加子页面']")
    editor.click("main a:has-text('文章')")
    editor.fill("#id_title", TITLE)
    editor.locator("button.c-sf-add-button").first.click()
    editor.locator("[role=option]:has-text('正文段落')").first.click()
    write_rich_text(editor, ".public-DraftEditor-content", BODY)
    with editor.expect_navigation():
        editor.click("button:has-text('保存草稿')")
    editor.wait_for_url("**/edit/")
    assert_no_error(editor)
    editor.locator("button:has-text('更多动作')").first.click()
    with editor.expect_navigation():
        editor.click("button:has-text('提交给北疆市教育局审核发布流程')")
    assert "已经提交进行审核" in " ".join(editor.locator(".messages").all_inner_texts())
    article = ArticlePage.objects.get(title=TITLE)
    assert article.slug.startswith("t") and not article.live

    reviewer = person(browser, console)
    log_in_and_enrol(reviewer, base, "jyj_reviewer", demo_accounts["jyj_reviewer"])
    waiting = reviewer.locator("main section:has-text('待我审核/签发')")
    assert "待审核" in waiting.inner_text()
    screenshot(reviewer, "workbench-reviewer")
    waiting.locator(f"a:has-text('{TITLE}')").click()
    reviewer.locator("button:has-text('更多动作')").first.click()
    with reviewer.expect_navigation():
        reviewer.locator("footer button:text-is('批准')").click()
    assert_no_error(reviewer)

    signer = person(browser, console)
    log_in_and_enrol(signer, base, "jyj_admin", demo_accounts["jyj_admin"])
    waiting = signer.locator("main section:has-text('待我审核/签发')")
    assert "待签发" in waiting.inner_text()
    screenshot(signer, "workbench-site-admin")
    waiting.locator(f"a:has-text('{TITLE}')").click()
    signer.locator("button:has-text('更多动作')").first.click()
    with signer.expect_navigation():
        signer.locator("footer button:text-is('签发并发布')").click()
    assert_no_error(signer)
    assert english_on(signer) == []

    article.refresh_from_db()
    assert article.live
    visitor = person(browser)
    response = visitor.goto(url(live_server, edu, f"/gzdt/{article.slug}/"))
    assert response.status == 200
    assert visitor.locator("h1").inner_text() == TITLE
    assert BODY in visitor.locator("main").inner_text()
    assert console == []
