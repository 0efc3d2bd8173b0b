"""政府网站工作年度报表 (国办函〔2018〕12号; R50, R72): figures from the platform's own
data, the rest typed in by the site admin, published by 31 January, public on the site."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from sites.compliance import website_report
from sites.models import ArticlePage, AuditEvent, ColumnPage, ColumnType, WebsiteReport
from tests.conftest import add_article, column
from tests.export_helpers import csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year - 1


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 10))


def edit_url(site, year=YEAR):
    return reverse("sites_website_reports:edit", args=[site.pk, year])


def test_r72_figures_equal_independent_counts_of_the_sites_data(cluster):
    site = cluster.edu
    news, policies = column(site, "gzdt"), column(site, "zcwj")
    for n, (col, day) in enumerate(
        [(news, at(YEAR, 3, 1)), (news, at(YEAR, 6, 1)), (news, at(YEAR, 12, 31)),
         (column(site, "zcjd"), at(YEAR, 5, 5)), (policies, at(YEAR, 5, 1)),
         (news, at(YEAR - 1, 12, 31)), (column(cluster.health, "gzdt"), at(YEAR, 3, 1))]
    ):  # fmt: skip
        article = add_article(col, f"信息{n}")
        article.publish_date = day
        article.save_revision().publish()
    topic = ColumnPage(title="专题：教育强市", column_type=ColumnType.TOPIC)
    site.root_page.add_child(instance=topic)

    figures = website_report.core_figures(site, YEAR)
    start, end = at(YEAR, 1, 1), at(YEAR + 1, 1, 1)
    own = ArticlePage.objects.live().descendant_of(site.root_page)
    in_year = own.filter(
        publish_date__gte=start.replace(hour=0), publish_date__lt=end.replace(hour=0)
    )
    assert figures["info_total"] == in_year.count() == 5
    assert figures["info_news"] == in_year.child_of(news).count() == 3
    assert figures["interpretation_total"] == 1
    assert figures["topics_maintained"] == 1
    assert figures["site_code"] == "1599000002"
    assert figures["home_url"] == "http://jyj.bj.example.gov.cn/"


def test_the_site_admin_completes_and_publishes_the_report(cluster, client, site_user):
    admin = site_user(cluster.edu, "站点管理员")
    client.force_login(admin)
    page = client.get(edit_url(cluster.edu))
    assert page.status_code == 200
    assert "信息发布总数" in page.content.decode()
    assert not WebsiteReport.objects.exists()  # viewing creates nothing

    bad = client.post(edit_url(cluster.edu), {"action": "save", "page_views": "-3"})
    assert bad.status_code == 200
    assert "报表有填写错误" in bad.content.decode()
    assert not WebsiteReport.objects.exists()

    client.post(
        edit_url(cluster.edu),
        {
            "action": "save",
            "page_views": "120000",
            "security_officer": "yes",
            "filler": "王五",
        },
    )
    report = WebsiteReport.objects.get(site=cluster.edu, year=YEAR)
    assert (report.data["page_views"], report.data["security_officer"]) == (
        120000,
        True,
    )
    assert report.published_at is None
    assert (
        client.get(f"/gzndbb/{YEAR}/", HTTP_HOST=cluster.edu.hostname).status_code
        == 404
    )

    client.post(edit_url(cluster.edu), {"action": "publish", "page_views": "120000"})
    report.refresh_from_db()
    assert report.published_at is not None
    assert AuditEvent.objects.filter(action="cluster.website_report.publish").exists()
    public = client.get(f"/gzndbb/{YEAR}/", HTTP_HOST=cluster.edu.hostname)
    assert public.status_code == 200
    html = public.content.decode()
    assert "网站总访问量" in html and "120000" in html
    assert (
        f"{YEAR}年政府网站工作年度报表"
        in client.get("/gzndbb/", HTTP_HOST=cluster.edu.hostname).content.decode()
    )
    # Another site's address does not show it.
    assert (
        client.get(f"/gzndbb/{YEAR}/", HTTP_HOST=cluster.health.hostname).status_code
        == 404
    )
    # The portal gathers every site's published 报表 (R50), linked from the
    # footer of every page, home pages included.
    gathered = client.get("/gzndbb/", HTTP_HOST=cluster.portal.hostname)
    assert f"北疆市教育局{YEAR}年政府网站工作年度报表" in gathered.content.decode()
    assert f"{cluster.edu.root_url}/gzndbb/{YEAR}/" in gathered.content.decode()
    home = client.get("/", HTTP_HOST=cluster.edu.hostname).content.decode()
    assert 'href="/gzndbb/"' in home


def test_supervisors_read_every_report_but_change_none(cluster, client, roles):
    client.force_login(roles["supervisor"])
    listing = client.get(reverse("sites_website_reports:index"), {"year": YEAR})
    assert listing.content.decode().count('class="report-row') == 4
    assert client.get(edit_url(cluster.health)).status_code == 200
    response = client.post(edit_url(cluster.health), {"action": "publish"})
    assert response.status_code in (302, 403) and not WebsiteReport.objects.exists()

    client.force_login(roles["editor"])
    assert client.get(edit_url(cluster.edu)).status_code in (302, 403)
    client.force_login(roles["site_admin"])
    listing = client.get(reverse("sites_website_reports:index"), {"year": YEAR})
    assert listing.content.decode().count('class="report-row') == 1
    assert client.get(edit_url(cluster.health)).status_code in (302, 403)


def test_an_app_fills_interaction_figures_through_the_hook(cluster, client, site_user):
    """The interaction app, when installed, provides letters figures; they are read-only."""

    def letters(site, year):
        return {
            "letters_received": 42,
            "letters_answered": 40,
            "letters_average_days": 4.5,
        }

    with hooks.register_temporarily("cluster_website_report_figures", letters):
        client.force_login(site_user(cluster.edu, "站点管理员"))
        client.post(edit_url(cluster.edu), {"action": "save", "letters_received": "7"})
        html = client.get(edit_url(cluster.edu)).content.decode()
    report = WebsiteReport.objects.get()
    assert report.data["letters_received"] == 42  # the typed value is not accepted
    assert 'name="letters_received"' not in html
    assert 'data-key="letters_received"' in html
    # Without the app the field is typed in.
    form = website_report.report_form(
        WebsiteReport(site=cluster.edu, year=YEAR, data={})
    )
    assert "letters_received" in form.fields


def test_the_report_list_exports_and_filters_the_users_sites(cluster, client, roles):
    WebsiteReport.objects.create(
        site=cluster.edu, year=YEAR, published_at=at(YEAR + 1, 1, 10)
    )
    WebsiteReport.objects.create(site=cluster.health, year=YEAR)
    client.force_login(roles["supervisor"])
    url = reverse("sites_website_reports:index")
    rows = xlsx_rows(client.get(url, {"year": YEAR, "export": "xlsx"}))
    assert rows[0] == ["网站", "报表年度", "状态", "发布时间"]
    states = {r[0]: r[2] for r in rows[1:]}
    assert states == {"北疆市人民政府": "未生成", "北疆市教育局": "已发布",
                      "北疆市卫生健康委员会": states["北疆市卫生健康委员会"],
                      "白云旗人民政府": "未生成"}  # fmt: skip
    assert states["北疆市卫生健康委员会"].startswith("未发布")
    published = csv_rows(
        client.get(url, {"year": YEAR, "state": "published", "export": "csv"})
    )
    assert [r[0] for r in published[1:]] == ["北疆市教育局"]
    missing = csv_rows(
        client.get(url, {"year": YEAR, "state": "missing", "export": "csv"})
    )
    assert sorted(r[0] for r in missing[1:]) == ["北疆市人民政府", "白云旗人民政府"]
    # Another year: nothing generated yet.
    earlier = xlsx_rows(client.get(url, {"year": YEAR - 1, "export": "xlsx"}))
    assert {r[2] for r in earlier[1:]} == {"未生成"}
    # A site's admin exports their own site's row only.
    client.force_login(roles["site_admin"])
    rows = xlsx_rows(client.get(url, {"year": YEAR, "export": "xlsx"}))
    assert [r[0] for r in rows[1:]] == ["北疆市教育局"]


def test_the_report_desk_keeps_its_addresses(cluster, client, roles):
    client.force_login(roles["site_admin"])
    assert (
        reverse("sites_website_reports:index") == "/admin/supervision/website-reports/"
    )
    assert (
        edit_url(cluster.edu)
        == f"/admin/supervision/website-reports/{cluster.edu.pk}/{YEAR}/"
    )
    listing = client.get("/admin/supervision/website-reports/?year=" + str(YEAR))
    assert listing.status_code == 200 and "报表年度" in listing.content.decode()
    assert client.get(edit_url(cluster.edu)).status_code == 200
