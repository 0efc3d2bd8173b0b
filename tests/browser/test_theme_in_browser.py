"""The public theme in a real browser: elder mode, font size, phone width, keyboard.

Debian's chromium driven by Playwright (no downloaded browsers). REQUIREMENTS R66–R68.
"""

from sites.models import SiteProfile
from tests.browser.conftest import BROWSER_MARKS, url
from tests.conftest import add_article, column

pytestmark = BROWSER_MARKS


def test_elder_mode_enlarges_text_and_targets_and_persists(
    live_server, live_cluster, browser_page
):
    page = browser_page
    page.goto(url(live_server, live_cluster.edu))
    assert page.locator(".site-name").inner_text() == "北疆市教育局"
    base = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")

    page.get_by_role("button", name="长者模式").click()
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    elder = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert elder >= 18 and elder > base  # R68: elder-mode text >= 18px
    box = page.locator(".main-nav a").first.bounding_box()
    assert box["height"] >= 60 and box["width"] >= 60  # R68: targets >= 60x60
    line_height = page.evaluate(
        "parseFloat(getComputedStyle(document.body).lineHeight) / "
        "parseFloat(getComputedStyle(document.body).fontSize)"
    )
    assert line_height >= 1.3

    # The choice follows the visitor to another page of the site.
    page.goto(url(live_server, live_cluster.edu, "/gzdt/"))
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    assert (
        page.get_by_role("button", name="长者模式").get_attribute("aria-pressed")
        == "true"
    )


def test_font_size_buttons_and_high_contrast(live_server, live_cluster, browser_page):
    page = browser_page
    page.goto(url(live_server, live_cluster.health))
    size = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    before = page.evaluate(size)
    page.get_by_role("button", name="放大字号").click()
    assert page.evaluate(size) > before
    page.get_by_role("button", name="恢复默认字号").click()
    assert page.evaluate(size) == before
    page.get_by_role("button", name="高对比度").click()
    assert (
        page.evaluate("getComputedStyle(document.body).backgroundColor")
        == "rgb(0, 0, 0)"
    )


def test_phone_width_has_no_horizontal_scroll(live_server, live_cluster, browser_page):
    page = browser_page
    add_article(column(live_cluster.banner, "gzdt"), "牧区冬季防火工作部署会召开")
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/", "/gzdt/", "/wzdt/", "/xxgk/gkml/"):
        page.goto(url(live_server, live_cluster.banner, path))
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path


def test_keyboard_user_reaches_skip_link_first(live_server, live_cluster, browser_page):
    page = browser_page
    page.goto(url(live_server, live_cluster.portal))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "跳转到主要内容"
    assert page.locator(".skip-link").bounding_box()["x"] >= 0  # visible when focused
    profile = SiteProfile.objects.get(site=live_cluster.portal)
    footer = page.locator("footer").inner_text()
    assert profile.code in footer and profile.icp_number in footer


def test_pages_pass_axe_wcag_aa_checks(live_server, live_cluster, browser_page):
    """R66: automated GB/T 37668-2019 level-2 checks, approximated by axe-core's
    WCAG 2.0/2.1 A and AA rules, on each page type of a site."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.disclosure.catalog_data import publish_item

    article = add_article(
        column(live_cluster.edu, "tzgg"), "关于做好冬季校园安全工作的通知"
    )
    publish_item(live_cluster.edu, "北疆市教育局2026年部门预算", column_slug="czyjs")
    page = browser_page
    axe = Axe()
    options = {
        "runOnly": {
            "type": "tag",
            "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
        }
    }
    for path in (
        "/",
        "/tzgg/",
        article.get_url_parts()[2],
        "/wzdt/",
        "/search/?q=冬季",
        "/xxgk/gkml/?year=abc",  # the disclosure catalog, with an error message
    ):
        page.goto(url(live_server, live_cluster.edu, path))
        results = axe.run(page, options=options)
        assert results.violations_count == 0, f"{path}\n{results.generate_report()}"
    # Elder mode and high contrast keep passing.
    page.get_by_role("button", name="长者模式").click()
    page.get_by_role("button", name="高对比度").click()
    results = axe.run(page, options=options)
    assert results.violations_count == 0, results.generate_report()
