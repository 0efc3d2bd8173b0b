"""A civil servant reads an internal section (内部栏目) in Chromium: the door
sends them to the site's own login, and back to the page after it (issue #21
item 3). A visitor of another site's staff meets the 403 page."""

from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

from sites.models import ColumnPage
from sites.models.roles import SiteRole
from sites.services.site_roles import site_roles
from tests.browser.conftest import BROWSER_MARKS, url
from tests.conftest import add_article

pytestmark = BROWSER_MARKS
PASSWORD = "测试密码-Abc12345"


def test_reader_logs_in_at_the_door_and_reads_the_section(
    live_server, live_cluster, browser_page
):
    site = live_cluster.edu
    section = ColumnPage(title="内部通知", slug="nbtz")
    site.root_page.add_child(instance=section)
    section.save_revision().publish()
    article = add_article(section, "局机关周例会纪要")
    article.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([site_roles.group(site, SiteRole.INTERNAL_READER)])
    users = get_user_model().objects
    reader = users.create_user("browser-reader", password=PASSWORD)
    reader.groups.add(site_roles.group(site, SiteRole.INTERNAL_READER))
    outsider = users.create_user("browser-outsider", password=PASSWORD)
    outsider.groups.add(site_roles.group(live_cluster.health, SiteRole.INTERNAL_READER))

    page = browser_page
    address = article.url_path[len(site.root_page.url_path) - 1 :]
    page.goto(url(live_server, site, address))
    assert "/nbdl/" in page.url
    assert page.locator("h1").inner_text() == "内部人员登录"
    assert "局机关周例会纪要" not in page.content()
    page.fill("#id_username", "browser-reader")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**{address}")
    assert page.locator("h1").inner_text() == "局机关周例会纪要"

    page.goto(url(live_server, site, "/nbdl/"))
    page.click("text=退出登录")
    page.goto(url(live_server, site, "/nbdl/"))
    page.fill("#id_username", "browser-outsider")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    response = page.goto(url(live_server, site, address))
    assert response.status == 403
    assert page.locator("h1").inner_text() == "无权访问"
    assert "局机关周例会纪要" not in page.content()
