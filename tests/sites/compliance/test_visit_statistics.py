"""Visit statistics without third-party trackers (R72): page views and unique
visitors per site and day, counted from the app's spool (cached pages too) or
nginx's access log, never storing an address; shown to site admins and
supervisors and feeding the 政府网站工作年度报表."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from sites.compliance.website_report import computed_figures
from sites.models import SiteVisitDay

pytestmark = pytest.mark.django_db
CLIENTS = [
    ("10.1.0.1", "Mozilla/5.0 (Windows NT 10.0) Firefox/130.0"),
    ("10.1.0.2", "Mozilla/5.0 (X11; Linux) Chrome/131.0"),
    ("10.1.0.2", "Mozilla/5.0 (iPhone) Safari/18.0"),  # same address, other device
]


def visit(client, site, path, address, agent):
    return client.get(
        path, HTTP_HOST=site.hostname, REMOTE_ADDR=address, HTTP_USER_AGENT=agent
    )


def test_r72_n_page_views_are_counted_and_unique_visitors_are_the_distinct_clients(
    cluster, client
):
    today = timezone.localdate()
    n = 0
    for _repeat in range(3):
        for address, agent in CLIENTS:
            response = visit(client, cluster.edu, "/", address, agent)
            assert response.status_code == 200
            n += 1
    assert response["X-Page-Cache"] == "hit"  # cached pages are counted too
    visit(client, cluster.health, "/", *CLIENTS[0])
    # Not page views: assets, the admin, robots, errors.
    visit(client, cluster.edu, "/static/css/site.css", *CLIENTS[0])
    visit(client, cluster.edu, "/admin/login/", *CLIENTS[0])
    visit(client, cluster.edu, "/", "10.1.0.9", "Baiduspider/2.0")
    visit(client, cluster.edu, "/no-such-page/", *CLIENTS[0])

    spooled = "".join(
        p.read_text() for p in settings.VISIT_SPOOL_DIR.glob(f"{today}/*.log")
    )
    assert "10.1.0." not in spooled and "Mozilla" not in spooled  # pseudonyms only

    out = io.StringIO()
    call_command("flush_visits", "--through", today.isoformat(), stdout=out)
    edu = SiteVisitDay.objects.get(site=cluster.edu, day=today)
    assert (edu.page_views, edu.unique_visitors) == (n, len(CLIENTS))
    health = SiteVisitDay.objects.get(site=cluster.health, day=today)
    assert (health.page_views, health.unique_visitors) == (1, 1)
    assert not list(settings.VISIT_SPOOL_DIR.glob(f"{today}/*.log"))

    # Flushing again adds nothing.
    call_command("flush_visits", "--through", today.isoformat(), stdout=out)
    edu.refresh_from_db()
    assert edu.page_views == n

    # The 工作年度报表 takes the counted figures instead of typed ones.
    figures, computed = computed_figures(cluster.edu, today.year)
    assert (figures["page_views"], figures["unique_visitors"]) == (n, len(CLIENTS))
    assert {"page_views", "unique_visitors"} <= computed
    assert "page_views" not in computed_figures(cluster.portal, today.year)[1]


LOG = (
    '10.2.0.1 - [{d}:09:00:01 +0800] "GET / HTTP/1.1" 200 5120 "Mozilla/5.0 A" 0.000 {h}\n'
    '10.2.0.1 - [{d}:09:00:05 +0800] "GET /xxgk/ HTTP/1.1" 200 5120 "Mozilla/5.0 A" 0.000 {h}\n'
    '10.2.0.2 - [{d}:10:00:00 +0800] "GET /xwzx/t20261120_1.html HTTP/1.1" 200 9000 "Mozilla/5.0 B" 0.012 {h}\n'
    '10.2.0.2 - [{d}:10:00:01 +0800] "GET /static/css/site.css HTTP/1.1" 200 900 "Mozilla/5.0 B" 0.000 {h}\n'
    '10.2.0.3 - [{d}:10:00:02 +0800] "POST /hd/ HTTP/1.1" 200 900 "Mozilla/5.0 C" 0.100 {h}\n'
    '10.2.0.3 - [{d}:10:00:03 +0800] "GET /missing/ HTTP/1.1" 404 100 "Mozilla/5.0 C" 0.001 {h}\n'
    '10.2.0.4 - [{d}:23:59:59 +0800] "GET / HTTP/1.1" 200 5120 "Mozilla/5.0 D" 0.000 unknown.example\n'
    "a line of another format\n"
)


def test_r72_nginx_access_log_is_counted_once_per_day(cluster, tmp_path):
    day = datetime.date(2026, 11, 20)
    log = tmp_path / "access.log"
    log.write_text(LOG.format(d="20/Nov/2026", h=cluster.banner.hostname))
    out = io.StringIO()
    call_command("import_access_log", str(log), "--through", "2026-11-20", stdout=out)
    row = SiteVisitDay.objects.get(site=cluster.banner, day=day)
    assert (row.page_views, row.unique_visitors) == (3, 2)
    assert SiteVisitDay.objects.filter(day=day).count() == 1

    call_command("import_access_log", str(log), "--through", "2026-11-20", stdout=out)
    row.refresh_from_db()
    assert row.page_views == 3
    assert "已统计过" in out.getvalue()


def test_r72_site_admins_see_their_sites_and_supervisors_every_site(
    cluster, client, roles
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for site, views in ((cluster.edu, 40), (cluster.health, 7)):
        SiteVisitDay.objects.create(
            site=site, day=yesterday, page_views=views, unique_visitors=views // 2
        )

    def totals():
        page = BeautifulSoup(
            client.get("/admin/supervision/visits/").content, "html.parser"
        )
        return {
            int(tr["data-site"]): tr.select_one(".views").get_text()
            for tr in page.select(".visit-row")
        }

    client.force_login(roles["supervisor"])
    shown = totals()
    assert (shown[cluster.edu.pk], shown[cluster.health.pk]) == ("40", "7")
    assert len(shown) == 4
    client.force_login(roles["site_admin"])
    assert totals() == {cluster.edu.pk: "40"}
    client.force_login(roles["editor"])
    response = client.get("/admin/supervision/visits/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
