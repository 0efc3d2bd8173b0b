"""The Content-Security-Policy in a real browser (issue 14 item 7, SECURITY.md
§2): the public home, the letter form and an interview page, and the Wagtail
admin's page editor as an editor, all work with no CSP violation reported."""

from django.contrib.auth import get_user_model

from sites.services.provisioning import SiteRole, site_groups
from tests.browser.conftest import BROWSER_MARKS, url
from tests.conftest import add_article, column

pytestmark = BROWSER_MARKS

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def _violations(page, console):
    return page.evaluate("window.__csp || []") + [
        text for text in console if "Content Security Policy" in text
    ]


def test_public_pages_and_the_admin_editor_run_under_the_csp(
    live_server, live_cluster, browser_page
):
    page = browser_page
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH)

    site = live_cluster.edu
    for path in ("/", "/hdjl/ldxx/write/"):
        response = page.goto(url(live_server, site, path))
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert _violations(page, console) == [], path
    # The theme's own script ran (the elder-mode button works).
    page.goto(url(live_server, site))
    page.get_by_role("button", name="长者模式").click()
    assert page.evaluate("document.documentElement.classList.contains('elder')")

    article = add_article(column(site, "gzdt"), "CSP测试文章", days_ago=1)
    user = get_user_model().objects.create_user(
        "csp-browser", password="测试密码-Abc12345"
    )
    user.groups.add(site_groups(site.site_name)[SiteRole.EDITOR])
    page.goto(url(live_server, site, "/admin/login/"))
    page.fill("#id_username", "csp-browser")
    page.fill("#id_password", "测试密码-Abc12345")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(url(live_server, site, f"/admin/pages/{article.pk}/edit/"))
    # Wagtail's editor scripts ran: the title field is bound and the
    # StreamField rendered its blocks.
    page.wait_for_selector("[data-streamfield-stream-container]", timeout=10_000)
    assert page.input_value("#id_title") == "CSP测试文章"
    assert _violations(page, console) == []
