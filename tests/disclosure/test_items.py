"""Disclosure items: 索引号, statutory metadata, validity, interpretations
(issue #4 item 2; REQUIREMENTS R25–R29, R32)."""

import datetime
import re
import threading

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from disclosure.catalog.index_numbers import next_sequence
from disclosure.models import DisclosureItem
from sites.models import SiteProfile
from tests.conftest import column

pytestmark = pytest.mark.django_db
INDEX_RE = re.compile(r"^([0-9A-Z]{18}|[0-9]{9})/[0-9]{4}-[0-9]{5}$")  # R26


def make_item(site, title, publish=True, **fields):
    parent = column(site, "fdzdgk")
    item = DisclosureItem(
        title=title,
        body=[("paragraph", f"<p>{title}正文</p>")],
        issuing_agency=fields.pop("issuing_agency", site.site_name),
        written_date=fields.pop("written_date", datetime.date(2026, 11, 2)),
        summary=fields.pop("summary", f"{title}的内容概述"),
        live=False,
        **fields,
    )
    parent.add_child(instance=item)
    if publish:
        item.save_revision().publish()
        item.refresh_from_db()
    return item


@pytest.fixture
def agencies(cluster):
    """Give two sites agency codes (the test cluster's portal already has one)."""
    for site, code in (
        (cluster.edu, "11159900MB1234567X"),
        (cluster.health, "012345678"),
    ):
        profile = SiteProfile.for_site(site)
        profile.org_code = code
        profile.save()
    return cluster


def test_index_numbers_follow_the_format_and_count_per_agency_and_year(agencies):
    cluster = agencies
    first = make_item(cluster.edu, "关于印发学校安全管理办法的通知")
    second = make_item(cluster.edu, "关于开展教师资格认定的公告")
    other = make_item(cluster.health, "家庭医生签约服务规范")
    year = timezone.localdate().year
    assert INDEX_RE.match(first.index_number)
    assert first.index_number == f"11159900MB1234567X/{year}-00001"
    assert second.index_number == f"11159900MB1234567X/{year}-00002"
    assert other.index_number == f"012345678/{year}-00001"


def test_index_number_is_stable_across_edits_and_republishing(agencies):
    item = make_item(agencies.edu, "北疆市义务教育招生办法")
    number = item.index_number
    old_revision = item.latest_revision
    item.title = "北疆市义务教育招生入学办法"
    item.save_revision().publish()
    item.refresh_from_db()
    assert item.index_number == number
    old_revision.publish()  # republishing a revision saved before the number existed
    item.refresh_from_db()
    assert item.index_number == number
    item.unpublish()
    item.save_revision().publish()
    item.refresh_from_db()
    assert item.index_number == number


def test_a_copied_item_gets_its_own_index_number(agencies, admin_client):
    """Copying a published item in the admin is a new document: R25 uniqueness."""
    item = make_item(agencies.edu, "关于印发学校安全管理办法的通知")
    response = admin_client.post(
        f"/admin/pages/{item.pk}/copy/",
        {"new_title": "副本", "new_slug": "fuben",
         "new_parent_page": column(agencies.edu, "fdzdgk").pk,
         "copy_subpages": False, "publish_copies": False, "alias": False},
    )  # fmt: skip
    assert response.status_code == 302
    copy = DisclosureItem.objects.get(slug="fuben")
    assert copy.index_number is None
    copy.save_revision().publish()
    copy.refresh_from_db()
    assert INDEX_RE.match(copy.index_number)
    assert copy.index_number != item.index_number


def test_unpublished_items_have_no_index_number_yet(agencies):
    item = make_item(agencies.edu, "草稿", publish=False)
    assert item.index_number is None


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need a server database",
)
@pytest.mark.django_db(transaction=True)
def test_sequences_stay_unique_under_concurrent_allocation():
    numbers, errors = [], []

    def worker():
        try:
            for _ in range(10):
                numbers.append(next_sequence("11159900MB1234567X", 2026))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(numbers) == list(range(1, 61))


def test_document_number_needs_full_width_brackets(agencies):
    item = make_item(agencies.edu, "文号测试", publish=False)
    for bad in (
        "北教发[2026]12号",
        "北教发（2026）12号",
        "北教发〔26〕12号",
        "北教发〔2026〕12",
    ):
        item.document_number = bad
        with pytest.raises(ValidationError) as excinfo:
            item.full_clean()
        assert "文号格式不正确" in str(excinfo.value)
    item.document_number = "北教发〔2026〕12号"
    item.full_clean()


def test_publishing_without_an_agency_code_is_refused_in_chinese(cluster, site_user):
    from django.test import Client
    from django.urls import reverse

    from sites.services.provisioning import SiteRole
    from tests.conftest import article_form

    reviewer = Client()
    reviewer.force_login(site_user(cluster.banner, SiteRole.REVIEWER, "byq-reviewer"))
    parent = column(cluster.banner, "fdzdgk")
    url = reverse(
        "wagtailadmin_pages:add", args=["disclosure", "disclosureitem", parent.pk]
    )
    data = article_form(
        "旗县公开信息",
        topic="综合政务",
        genre="通知",
        issuing_agency="白云旗人民政府",
        written_date="2026-11-02",
        validity="valid",
        **{"action-publish": "publish"},
    )
    response = reviewer.post(url, data)
    assert response.status_code == 200
    assert "未设置有效的机构代码" in response.content.decode()
    assert not DisclosureItem.objects.filter(title="旗县公开信息").exists()
    # Saving a draft is fine; the number comes when it is published.
    data.pop("action-publish")
    assert reviewer.post(url, data).status_code == 302
    draft = DisclosureItem.objects.get(title="旗县公开信息")
    assert not draft.live and draft.index_number is None


def test_public_page_shows_the_metadata_table(client, agencies):
    item = make_item(
        agencies.edu,
        "关于做好2026年冬季校园安全工作的通知",
        document_number="北教发〔2026〕31号",
        keywords="校园安全",
        topic="科技、教育",
        subtopic="教育",
        genre="通知",
    )
    html = client.get(
        item.get_url_parts()[2], HTTP_HOST=agencies.edu.hostname
    ).content.decode()
    table = BeautifulSoup(html, "html.parser").find(
        "table", class_="disclosure-metadata"
    )
    text = table.get_text(" ", strip=True)
    for expected in (item.index_number, "科技、教育\\教育", "北疆市教育局", "2026年11月02日",
                     "北教发〔2026〕31号", "有效", "通知", "校园安全", "内容概述"):  # fmt: skip
        assert expected in text, expected


def test_abolished_document_shows_a_banner_and_its_replacement(client, agencies):
    new = make_item(agencies.edu, "学校安全管理办法（2026年修订）")
    old = make_item(agencies.edu, "学校安全管理办法")
    old.validity = "abolished"
    old.replaced_by = new
    with pytest.raises(ValidationError):
        old.full_clean()  # R29: an abolished item needs its 废止日期
    old.abolished_date = datetime.date(2026, 11, 20)
    old.full_clean()
    old.save_revision().publish()
    html = client.get(
        old.get_url_parts()[2], HTTP_HOST=agencies.edu.hostname
    ).content.decode()
    banner = BeautifulSoup(html, "html.parser").find(class_="validity-banner")
    assert "本文件已于 2026年11月20日 废止" in banner.get_text()
    assert banner.find("a").get_text() == new.title


def test_policy_and_interpretation_link_both_ways(client, agencies):
    policy = make_item(agencies.edu, "北疆市中小学课后服务管理办法")
    reading = make_item(
        agencies.edu, "《北疆市中小学课后服务管理办法》政策解读", interprets=policy
    )
    host = agencies.edu.hostname
    policy_html = client.get(policy.get_url_parts()[2], HTTP_HOST=host).content.decode()
    reading_html = client.get(
        reading.get_url_parts()[2], HTTP_HOST=host
    ).content.decode()
    assert reading.title in policy_html  # R32: the link shows on both pages
    assert policy.title in reading_html


def test_disclosure_items_are_listed_like_articles(client, agencies):
    make_item(agencies.edu, "法定主动公开内容示例")
    html = client.get("/xxgk/fdzdgk/", HTTP_HOST=agencies.edu.hostname).content.decode()
    assert "法定主动公开内容示例" in html
