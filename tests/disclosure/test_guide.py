"""The 政府信息公开指南 (issue #4 item 3; REQUIREMENTS §3.3, R24): one structured
page per agency with every Art. 12 item, seeded from the site's own data."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text

from disclosure.guide.services import guide_for_site
from disclosure.models import DisclosureGuidePage
from sites.models import ColumnLayout
from sites.services.provisioning import SiteRole
from tests.conftest import approve_in_workflow, column

pytestmark = pytest.mark.django_db

ART_12_ITEMS = (
    "政府信息的分类", "编排体系", "获取方式", "名称", "办公地址", "办公时间", "联系电话",
    "传真号码", "互联网联系方式",
)  # fmt: skip


def seed():
    out = io.StringIO()
    call_command("seed_disclosure_guides", stdout=out)
    return out.getvalue()


def guide_html(client, site):
    response = client.get("/xxgk/gkzn/", HTTP_HOST=site.hostname, follow=True)
    assert response.status_code == 200
    return response


def test_the_guide_column_leads_to_a_guide_with_every_article_12_item(client, cluster):
    seed()
    response = guide_html(client, cluster.portal)
    guide = guide_for_site(cluster.portal)
    assert response.redirect_chain[-1][0].endswith(
        guide.url_path[len(cluster.portal.root_page.url_path) - 1 :]
    )
    soup = BeautifulSoup(response.content, "html.parser")
    text = soup.select_one("main").get_text(" ", strip=True)
    for item in ART_12_ITEMS:  # R24
        assert item in text, item
    # Filled from the site profile.
    office = soup.select_one("table.guide-office").get_text(" ", strip=True)
    for value in (
        "北疆市人民政府办公室",
        "北疆市政务服务中心",
        "0477-8123456",
        "webmaster@bj.example.gov.cn",
        "017000",
        "http://www.bj.example.gov.cn",
    ):
        assert value in office, value
    assert "更新日期" in text and guide.last_published_at is not None
    # 获取方式: the online form and the case look-up.
    hrefs = {a["href"] for a in soup.select("main a[href]")}
    assert {"/xxgk/ysqgk/", "/xxgk/ysqgk/query/"} <= hrefs
    # 分类 from the site's real columns, as links.
    classification = soup.find(id="guide-classification").parent
    for title in (
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
    ):
        link = classification.find("a", string=title)
        assert link is not None, title
        assert link["href"].startswith(
            ("/xxgk/", "http://www.bj.example.gov.cn/xxgk/")
        ), title
    assert "行政复议" in text and "行政诉讼" in text and "投诉、举报" in text  # fmt: skip


def test_a_department_guide_names_its_supervising_office(client, cluster):
    seed()
    text = BeautifulSoup(
        guide_html(client, cluster.edu).content, "html.parser"
    ).get_text()
    assert "监督机关：北疆市人民政府办公室（政府信息公开工作主管部门）" in text
    assert "0477-8123400" in text  # the department's own phone
    assert (
        "办公地址" in text and "待补充" in text
    )  # what the profile lacks is marked, not invented


def test_a_site_created_from_the_standard_starts_with_its_guide(cluster):
    """create_site runs the ``cluster_site_created`` hook: no site lacks a guide."""
    guides = [guide_for_site(site) for site in cluster.all]
    assert all(g is not None and g.live and g.generated_default for g in guides)
    assert "新生成政府信息公开指南 0 个" in seed()


def drop_guides():
    """Sites created before the hook existed had no guide."""
    for guide in DisclosureGuidePage.objects.all():
        column = guide.get_parent().specific
        column.layout, column.link_page = ColumnLayout.LIST, None
        column.save_revision().publish()
        guide.delete()


def test_seeding_is_idempotent_and_guide_for_site_finds_the_page(cluster):
    drop_guides()
    assert guide_for_site(cluster.edu) is None
    first = seed()
    assert "新生成政府信息公开指南 4 个" in first
    guides = {site.pk: guide_for_site(site) for site in cluster.all}
    assert all(isinstance(g, DisclosureGuidePage) and g.live for g in guides.values())
    assert all(g.generated_default for g in guides.values())
    assert guides[cluster.edu.pk].get_parent().slug == "gkzn"
    gkzn = column(cluster.edu, "gkzn")
    assert (
        gkzn.layout == ColumnLayout.LINK
        and gkzn.link_page_id == guides[cluster.edu.pk].pk
    )

    second = seed()
    assert "新生成政府信息公开指南 0 个" in second
    assert DisclosureGuidePage.objects.count() == 4
    assert {site.pk: guide_for_site(site).pk for site in cluster.all} == {
        pk: g.pk for pk, g in guides.items()
    }


def test_guide_for_site_ignores_drafts_unless_asked(cluster):
    seed()
    guide = guide_for_site(cluster.health)
    guide.unpublish()
    assert guide_for_site(cluster.health) is None
    assert guide_for_site(cluster.health, live_only=False).pk == guide.pk
    assert "新生成政府信息公开指南 0 个" in seed()  # a draft guide is not replaced


def test_a_site_admin_edits_the_guide_and_it_is_no_longer_default(
    client, cluster, site_user
):
    seed()
    guide = guide_for_site(cluster.edu)
    admin = Client()
    admin.force_login(site_user(cluster.edu, SiteRole.SITE_ADMIN, "edu-admin"))
    assert (
        admin.get(reverse("wagtailadmin_pages:edit", args=[guide.pk])).status_code
        == 200
    )
    data = nested_form_data({
        "title": "政府信息公开指南", "slug": guide.slug,
        "classification": rich_text("<p>按栏目分类。</p>"),
        "arrangement": rich_text("<p>按索引号编排。</p>"),
        "proactive_access": rich_text("<p>网站公开。</p>"),
        "request_access": rich_text("<p>在线申请。</p>"),
        "office_name": "北疆市教育局办公室", "office_address": "北疆市文明路18号",
        "office_hours": "工作日9:00—17:00", "phone": "0477-8120000", "fax": "0477-8120001",
        "email": "xxgk@jyj.bj.example.gov.cn", "website": "http://jyj.bj.example.gov.cn",
        "postcode": "017000", "supervisor_body": "北疆市人民政府办公室",
        "supervision": rich_text("<p>可以投诉、举报，申请行政复议或者提起行政诉讼。</p>"),
        "action-publish": "publish",
    })  # fmt: skip
    response = admin.post(reverse("wagtailadmin_pages:edit", args=[guide.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    # 发布 pressed by a site admin saves a draft; the workflow publishes it
    # (issue 13 item 1, R76).
    approve_in_workflow(
        guide,
        site_user(cluster.edu, SiteRole.REVIEWER, "edu-reviewer"),
        site_user(cluster.edu, SiteRole.SITE_ADMIN, "edu-signer"),
    )
    guide.refresh_from_db()
    assert not guide.generated_default and guide.fax == "0477-8120001"
    text = guide_html(client, cluster.edu).content.decode()
    assert "0477-8120001" in text and "北疆市文明路18号" in text


def test_guides_are_created_only_in_the_guide_column(cluster):
    drop_guides()
    assert DisclosureGuidePage.can_create_at(column(cluster.edu, "gkzn"))
    assert not DisclosureGuidePage.can_create_at(column(cluster.edu, "gzdt"))


def test_the_guide_page_issues_a_fixed_number_of_queries(client, cluster):
    from disclosure.guide.services import classification_html
    from sites.models import ColumnPage

    seed()
    site = cluster.portal
    guide = guide_for_site(site)
    path = guide.url_path[len(site.root_page.url_path) - 1 :]

    def count():
        client.get(path, HTTP_HOST=site.hostname)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, HTTP_HOST=site.hostname).status_code == 200
        return len(captured.captured_queries)

    few = count()
    parent = column(site, "fdzdgk")
    for number in range(6):  # more columns: more links in 政府信息的分类
        parent.add_child(
            instance=ColumnPage(title=f"子栏目{number}", slug=f"zl{number}")
        )
    guide.classification = classification_html(site)
    guide.save_revision().publish()
    assert guide.classification.count('linktype="page"') >= 11
    assert count() == few
