"""Every public page template of every site kind on a 390×844 phone (issue 18).

No page may scroll sideways, neither in the normal view nor in elder mode at the
largest font; the phone menu is a button that opens the column list. The
screenshots of the normal view are kept in tests/browser/artefacts/390/ (the
committed set shows what a phone visitor sees; a run overwrites them).
"""

from pathlib import Path
from types import SimpleNamespace

import pytest

from demo.sites.home import seed_home_blocks
from disclosure.models import DisclosureGuidePage
from tests.browser.conftest import BROWSER_MARKS, url
from tests.conftest import add_article, column
from tests.disclosure.catalog_data import publish_item
from tests.interaction.test_consultations_and_interviews import (
    consultation,
    interview,
)

pytestmark = BROWSER_MARKS

ARTEFACTS = Path(__file__).parent / "artefacts" / "390"
PHONE = {"width": 390, "height": 844}
SCROLL_WIDTH = "document.documentElement.scrollWidth"


def site_pages(site) -> dict[str, str]:
    """Name → path of one page of each template on ``site``, with content in it."""
    home = site.root_page
    news = column(site, "gzdt")
    for number in range(3):
        add_article(news, f"{site.site_name}召开冬季供暖保障工作推进会{number}")
    article = add_article(
        column(site, "tzgg"),
        "关于2026年度城乡居民基本医疗保险集中参保缴费工作的通知（含缴费标准、"
        "缴费渠道和特殊群体资助参保说明）",
    )
    item = publish_item(site, f"{site.site_name}2026年部门预算公开", "czyjs")
    talk = interview(column(site, "zxft"), starts_in_hours=-1)
    draft = consultation(column(site, "yjzj"))
    seed_home_blocks(
        site, SimpleNamespace(code=f"t{site.pk}", theme="red"), "department"
    )
    guide = DisclosureGuidePage.objects.descendant_of(home).live().first()
    pages = {
        "home": "/",
        "column": "/gzdt/",
        "article": article.get_url_parts()[2],
        "xxgk-landing": "/xxgk/",
        "zwfw-landing": "/zwfw/",
        "hdjl-landing": "/hdjl/",
        "gknb-empty-column": "/xxgk/gknb/",
        "catalog": "/xxgk/gkml/",
        "disclosure-item": item.get_url_parts()[2],
        "sitemap": "/wzdt/",
        "search": "/search/?q=供暖",
        "letters": "/hdjl/ldxx/",
        "letter-form": "/hdjl/ldxx/write/",
        "letter-query": "/hdjl/ldxx/query/",
        "letter-statistics": "/hdjl/ldxx/tj/",
        "apply-form": "/xxgk/ysqgk/",
        "apply-query": "/xxgk/ysqgk/query/",
        "case-list": "/zwfw/bjgs/",
        "decision-list": "/xxgk/sgs/",
        "consultations": "/hdjl/yjzj/",
        "consultation": draft.get_url_parts()[2],
        "interviews": "/hdjl/zxft/",
        "interview": talk.get_url_parts()[2],
        "website-reports": "/gzndbb/",
        "not-found": "/no-such-page/",
    }
    if guide is not None:
        pages["guide"] = guide.get_url_parts()[2]
    return pages


@pytest.mark.parametrize("kind", ["portal", "edu", "banner"])
def test_every_page_fits_a_phone_also_in_elder_mode(
    live_server, live_cluster, browser_page, kind
):
    site = getattr(live_cluster, kind)
    pages = site_pages(site)
    page = browser_page
    page.set_viewport_size(PHONE)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for name, path in pages.items():
        page.goto(url(live_server, site, path))
        assert page.evaluate(SCROLL_WIDTH) <= 390, f"{kind} {name}: {path}"
        page.screenshot(path=ARTEFACTS / f"{kind}-{name}.png", full_page=True)

    # Elder mode at the largest font (the choice is a cluster cookie: it holds
    # for every following page).
    page.goto(url(live_server, site))
    page.get_by_role("button", name="长者模式").click()
    for _ in range(8):
        page.get_by_role("button", name="放大字号").click()
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    for name, path in pages.items():
        page.goto(url(live_server, site, path))
        font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert font >= 32, name  # 16px × 1.25 (elder) × 1.6 or more
        assert page.evaluate(SCROLL_WIDTH) <= 390, f"elder {kind} {name}: {path}"


def test_phone_menu_is_a_button_that_opens_the_columns(
    live_server, live_cluster, browser_page
):
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(url(live_server, live_cluster.edu))
    menu = page.locator("#main-nav-list")
    toggle = page.get_by_role("button", name="栏目导航")
    assert not menu.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.focus()
    page.keyboard.press("Enter")
    assert menu.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="政府信息公开").is_visible()
    page.keyboard.press("Escape")
    assert not menu.is_visible()
    # The phone home is a column of blocks, not the desktop page squeezed.
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 7341  # the home before the blocks (issue 18)


def test_without_javascript_the_menu_is_a_plain_list(live_server, live_cluster):
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--host-resolver-rules=MAP * 127.0.0.1"],
        )
        context = browser.new_context(java_script_enabled=False, viewport=PHONE)
        page = context.new_page()
        page.goto(url(live_server, live_cluster.edu))
        assert page.locator("#main-nav-list").is_visible()
        assert not page.locator("[data-nav-toggle]").is_visible()
        assert page.evaluate(SCROLL_WIDTH) <= 390
        browser.close()
