"""网站监管 with the demo's printed 监督员 account, in Chromium (issue #17 item 6,
R51): the supervisor runs the checks, reads the ranking with its colour-plus-
text signals and opens one site's drill-down."""

from tests.browser.conftest import BROWSER_MARKS, url
from tests.browser.demo_flows import (
    assert_no_error,
    english_on,
    log_in_and_enrol,
    open_menu,
    person,
    screenshot,
)

pytestmark = BROWSER_MARKS


def test_supervisor_runs_the_checks_and_drills_down(
    live_server, live_cluster, demo_accounts, browser
):
    console = []
    supervisor = person(browser, console)
    log_in_and_enrol(
        supervisor,
        url(live_server, live_cluster.portal, ""),
        "supervisor",
        demo_accounts["supervisor"],
    )
    screenshot(supervisor, "workbench-supervisor")
    open_menu(supervisor, "网站监管")
    assert supervisor.title().startswith("网站监管")
    with supervisor.expect_navigation():
        supervisor.click("button:has-text('立即检查')")
    assert_no_error(supervisor)
    assert "已完成检查：4个网站" in " ".join(
        supervisor.locator(".messages").all_inner_texts()
    )
    rows = supervisor.locator("td.site a")
    assert rows.count() == 4
    screenshot(supervisor, "supervision-ranking")
    name = live_cluster.edu.site_name
    with supervisor.expect_navigation():
        supervisor.locator(f"td.site a:text-is('{name}')").click()
    assert_no_error(supervisor)
    assert supervisor.title().startswith(f"{name} · 网站监管")
    assert "评分规则" in supervisor.locator("main").inner_text()
    assert english_on(supervisor) == []
    assert console == []
