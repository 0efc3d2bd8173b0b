"""创建站点 with the demo's printed 集群管理员 account, in Chromium (issue #17
item 5): the form asks for the footer items, the admin lands on the new site's
站点概况 (it was "对不起，你没有权限访问"), and the new site's home is served."""

from wagtail.models import Site

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
NEW_SITE = {
    "code": "1599230001",
    "name": "青山旗人民政府",
    "hostname": "qsq.bj.example.gov.cn",
    "operator": "青山旗人民政府办公室",
    "address": "青山旗青山镇团结路1号",
    "postcode": "017000",
    "phone": "0477-5230000",
    "email": "webmaster@qsq.bj.example.gov.cn",
    "icp_number": "蒙ICP备05990099号-1",
    "psb_number": "蒙公网安备 15990202000099号",
    "party_gov_mark_id": "demo1599230001",
}


def test_cluster_admin_creates_a_site_and_lands_on_its_overview(
    live_server, live_cluster, demo_accounts, browser
):
    console = []
    admin = person(browser, console)
    portal = live_cluster.portal
    log_in_and_enrol(
        admin,
        url(live_server, portal, ""),
        "cluster_admin",
        demo_accounts["cluster_admin"],
    )
    screenshot(admin, "workbench-cluster-admin")
    open_menu(admin, "创建站点")
    assert admin.title().startswith("按统一标准创建站点")
    for name, value in NEW_SITE.items():
        admin.fill(f"[name={name}]", value)
    admin.select_option("[name=kind]", label="旗县区网站")
    admin.select_option("[name=parent]", index=1)
    admin.fill("[name=port]", live_server.url.rsplit(":", 1)[1])
    with admin.expect_navigation():
        admin.click("main form button[type=submit]")
    assert_no_error(admin)
    site = Site.objects.get(hostname=NEW_SITE["hostname"])
    assert admin.url.endswith(f"/admin/cluster/sites/{site.pk}/")
    assert NEW_SITE["name"] in admin.title()
    assert NEW_SITE["name"] in admin.locator("main").inner_text()
    assert english_on(admin) == []

    visitor = person(browser)
    response = visitor.goto(url(live_server, site, "/"))
    assert response.status == 200
    footer = visitor.locator("footer").inner_text()
    assert NEW_SITE["icp_number"] in footer and "公网安备" in footer
    assert console == []
