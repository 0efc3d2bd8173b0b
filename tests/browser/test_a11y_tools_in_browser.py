"""The 无障碍/长者模式 toolbar across the cluster, in a real browser (issue 18).

The visitor's choice is a cookie on the cluster's parent domain, set and read by
a11y.js only: the cached HTML stays the same for everybody, and the choice
follows the visitor from the portal to a department site. Speech uses the
browser's own speechSynthesis; the test records what the page asks it to say.
"""

from types import SimpleNamespace

import pytest
from wagtail.models import Site

from demo.sites.home import seed_home_blocks
from tests.browser.conftest import BROWSER_MARKS, url
from tests.conftest import add_article, column
from tests.disclosure.catalog_data import publish_item

pytestmark = BROWSER_MARKS

SIZES = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1366, "height": 768},
}
IS_ELDER = "document.documentElement.classList.contains('elder')"
# Records the utterances the page hands to the browser's speech synthesis.
RECORD_SPEECH = """
window.__spoken = [];
if (window.speechSynthesis) {
  window.speechSynthesis.speak = function (u) { window.__spoken.push([u.lang, u.text]); };
}
"""


@pytest.mark.parametrize("size", SIZES)
def test_elder_mode_follows_the_visitor_to_a_department_site(
    live_server, live_cluster, browser_page, size
):
    # The cluster's links carry the sites' own port: the live server's here.
    Site.objects.update(port=int(live_server.url.rsplit(":", 1)[1]))
    page = browser_page
    page.set_viewport_size(SIZES[size])
    page.goto(url(live_server, live_cluster.portal))
    page.get_by_role("button", name="长者模式").click()
    assert page.evaluate(IS_ELDER)
    # The 站群导航 of the portal links the department on its own host.
    page.locator("#site-directory").get_by_role("link", name="北疆市教育局").click()
    page.wait_for_url(f"http://{live_cluster.edu.hostname}:*/")
    assert page.evaluate(IS_ELDER)
    button = page.get_by_role("button", name="长者模式")
    assert button.get_attribute("aria-pressed") == "true"
    # … and the department links back to the portal.
    back = page.get_by_role("link", name="返回北疆市人民政府")
    assert back.get_attribute("href").startswith(
        f"http://{live_cluster.portal.hostname}"
    )
    # 重置 ends it on every host.
    page.get_by_role("button", name="重置").click()
    assert not page.evaluate(IS_ELDER)
    back.click()
    page.wait_for_url(f"http://{live_cluster.portal.hostname}:*/")
    assert not page.evaluate(IS_ELDER)


def test_read_aloud_point_reading_guides_and_zoom_by_keyboard(
    live_server, live_cluster, browser_page
):
    page = browser_page
    page.add_init_script(RECORD_SPEECH)
    article = add_article(
        column(live_cluster.edu, "gzdt"), "全市中小学冬季体育活动启动"
    )
    page.goto(url(live_server, live_cluster.edu, article.get_url_parts()[2]))

    # Keyboard only: focus the button, press Enter.
    page.get_by_role("button", name="语音朗读").focus()
    page.keyboard.press("Enter")
    spoken = page.evaluate("window.__spoken")
    assert spoken and spoken[-1][0] == "zh-CN"
    assert "全市中小学冬季体育活动启动" in spoken[-1][1]

    page.get_by_role("button", name="指读").focus()
    page.keyboard.press("Enter")
    page.locator("h1").hover()
    assert page.evaluate("window.__spoken")[-1] == [
        "zh-CN",
        "全市中小学冬季体育活动启动",
    ]

    page.get_by_role("button", name="辅助线").focus()
    page.keyboard.press("Enter")
    page.mouse.move(300, 200)
    assert (
        page.locator(".guide-x").is_visible() and page.locator(".guide-y").is_visible()
    )
    assert "200" in page.locator(".guide-x").get_attribute("style")

    width = page.locator("h1").bounding_box()["height"]
    page.get_by_role("button", name="页面放大").focus()
    page.keyboard.press("Enter")
    assert page.locator("h1").bounding_box()["height"] > width

    page.get_by_role("button", name="重置").focus()
    page.keyboard.press("Enter")
    pressed = page.locator("[data-a11y][aria-pressed=true]").count()
    assert pressed == 0 and not page.locator(".guide-x").is_visible()


@pytest.mark.parametrize("size", SIZES)
def test_axe_finds_nothing_serious_in_any_mode(
    live_server, live_cluster, browser_page, size
):
    from axe_playwright_python.sync_playwright import Axe

    article = add_article(
        column(live_cluster.portal, "tzgg"), "关于做好冬季校园安全工作的通知"
    )
    publish_item(live_cluster.portal, "北疆市2026年财政预算", column_slug="czyjs")
    # The home with pictures, topics and leaders, as the demo fills it.
    demo = SimpleNamespace(code="axe", theme="red")
    seed_home_blocks(live_cluster.portal, demo, "portal")
    page = browser_page
    page.set_viewport_size(SIZES[size])
    axe = Axe()
    options = {
        "runOnly": {
            "type": "tag",
            "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
        }
    }
    paths = ("/", article.get_url_parts()[2], "/xxgk/gkml/", "/hdjl/ldxx/write/")
    for mode in ("normal", "elder", "contrast"):
        if mode != "normal":
            page.goto(url(live_server, live_cluster.portal))
            page.get_by_role("button", name="重置").click()
            page.get_by_role(
                "button", name="长者模式" if mode == "elder" else "高对比度"
            ).click()
        for path in paths:
            page.goto(url(live_server, live_cluster.portal, path))
            results = axe.run(page, options=options)
            serious = [
                v for v in results.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]  # fmt: skip
            assert not serious, f"{mode} {path}\n{results.generate_report()}"
