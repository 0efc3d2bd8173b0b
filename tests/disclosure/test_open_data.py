"""Open data: disclosure metadata by 索引号 and as a harvestable list (issue #4;
REQUIREMENTS §5.4 数据互联互通, Art. 23–24, R25, R26)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from sites.services.provisioning import SiteRole
from sites.services.withdrawal import withdraw
from tests.disclosure.catalog_data import give_agency_codes, publish_item

pytestmark = pytest.mark.django_db
LIST = "/open-data/disclosure.json"


@pytest.fixture
def agencies(cluster):
    return give_agency_codes(cluster)


def item_url(index_number):
    return f"/open-data/disclosure/{index_number}.json"


def get_json(client, path, host="www.bj.example.gov.cn", **params):
    response = client.get(path, params, HTTP_HOST=host)
    assert response["Content-Type"].startswith("application/json")
    return response.status_code, response.json()


def at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def test_item_url_is_the_index_number_itself_and_stable(agencies):
    item = publish_item(agencies.edu, "稳定地址")
    assert "/" in item.index_number
    url = reverse("disclosure_catalog:open_data_item", args=[item.index_number])
    assert url == item_url(item.index_number)
    item.title = "稳定地址（修订）"
    item.save_revision().publish()  # edits keep the 索引号, so the URL too
    item.refresh_from_db()
    assert reverse("disclosure_catalog:open_data_item", args=[item.index_number]) == url


def test_item_metadata_by_index_number_on_any_cluster_host(client, agencies):
    edu = agencies.edu
    new = publish_item(edu, "学校安全管理办法（2026年修订）")
    policy = publish_item(
        edu,
        "学校安全管理办法",
        topic="科技、教育",
        subtopic="教育",
        genre="通知",
        document_number="北教发〔2025〕7号",
        keywords="校园安全",
        summary="规定学校安全管理的职责分工。",
        written_date=datetime.date(2025, 3, 1),
        publish_date=at(2025, 3, 10),
        validity="abolished",
        effective_date=datetime.date(2025, 4, 1),
        abolished_date=datetime.date(2026, 11, 20),
        replaced_by=new,
    )
    reading = publish_item(edu, "学校安全管理办法政策解读", interprets=policy)
    publish_item(edu, "未发布的解读", interprets=policy, publish=False)

    for host in (edu.hostname, agencies.portal.hostname, agencies.banner.hostname):
        status, data = get_json(client, item_url(policy.index_number), host)
        assert status == 200
        assert data == {
            "index_number": policy.index_number,
            "title": "学校安全管理办法",
            "url": policy.get_full_url(),
            "topic": "科技、教育",
            "subtopic": "教育",
            "topic_path": "科技、教育\\教育",
            "genre": "通知",
            "issuing_agency": "北疆市教育局",
            "written_date": "2025-03-01",
            "publish_date": "2025-03-10T10:00:00+08:00",
            "document_number": "北教发〔2025〕7号",
            "validity": "abolished",
            "validity_display": "废止",
            "effective_date": "2025-04-01",
            "abolished_date": "2026-11-20",
            "replaced_by": new.get_full_url(),
            "interpretations": [
                {
                    "index_number": reading.index_number,
                    "title": reading.title,
                    "url": reading.get_full_url(),
                }
            ],
            "summary": "规定学校安全管理的职责分工。",
            "keywords": "校园安全",
            "site": {"code": "1599000002", "name": "北疆市教育局"},
            "modified": data["modified"],
        }
        assert data["url"].startswith(f"http://{edu.hostname}/")
        assert data["modified"].endswith("+08:00")


def test_unknown_index_number_is_a_json_404_in_chinese(client, agencies):
    status, data = get_json(client, item_url("11159900MB1234567X/2026-99999"))
    assert status == 404
    assert data == {
        "error": "找不到索引号为“11159900MB1234567X/2026-99999”的公开信息。"
    }
    status, data = get_json(client, item_url("../../etc/passwd"))
    assert status == 404 and "找不到索引号" in data["error"]


def test_drafts_unpublished_withdrawn_and_private_items_never_appear(
    client, agencies, site_user
):
    edu = agencies.edu
    shown = publish_item(edu, "公开的信息")
    unpublished = publish_item(edu, "已撤回的信息")
    unpublished.unpublish()
    withdrawn = publish_item(edu, "已撤稿的信息")
    withdraw(withdrawn, user=site_user(edu, SiteRole.SITE_ADMIN), reason="error")
    private = publish_item(edu, "受限的信息")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    draft_of_published = publish_item(edu, "有未发布修改的信息")
    draft_of_published.title = "不应公开的新标题"
    draft_of_published.save_revision()  # a draft revision of a live page

    for hidden in (unpublished, withdrawn, private):
        assert hidden.index_number  # they had a number while they were public
        status, _data = get_json(client, item_url(hidden.index_number))
        assert status == 404
    status, data = get_json(client, LIST, page_size=100)
    assert status == 200
    assert sorted(r["title"] for r in data["results"]) == sorted(
        [shown.title, "有未发布修改的信息"]
    )
    assert data["count"] == 2


def test_list_pages_and_filters_by_site_year_topic(client, agencies):
    for number in range(5):
        publish_item(
            agencies.edu, f"教育{number}", topic="科技、教育",
            publish_date=at(2025 + number % 2, 1 + number, 1),
        )  # fmt: skip
    for number in range(3):
        publish_item(agencies.health, f"卫健{number}", publish_date=at(2026, 5, 1))

    status, data = get_json(client, LIST, page_size=3)
    assert (status, data["count"], data["num_pages"], data["page"]) == (200, 8, 3, 1)
    assert len(data["results"]) == 3
    assert data["previous"] is None
    assert (
        data["next"]
        == "http://www.bj.example.gov.cn/open-data/disclosure.json?page_size=3&page=2"
    )
    seen = [r["index_number"] for r in data["results"]]
    status, last = get_json(client, LIST, page_size=3, page=3)
    assert len(last["results"]) == 2 and last["next"] is None
    seen += [
        r["index_number"]
        for r in get_json(client, LIST, page_size=3, page=2)[1]["results"]
    ]
    seen += [r["index_number"] for r in last["results"]]
    assert len(set(seen)) == 8  # every item exactly once across the pages

    def titles(**params):
        status, data = get_json(client, LIST, page_size=100, **params)
        assert status == 200, data
        return sorted(r["title"] for r in data["results"])

    assert titles(site="1599000003") == ["卫健0", "卫健1", "卫健2"]
    assert titles(site="1599000002", year="2025") == ["教育0", "教育2", "教育4"]
    assert titles(topic="科技、教育", year="2026") == ["教育1", "教育3"]
    status, beyond = get_json(client, LIST, page=50)
    assert status == 200 and beyond["results"] == [] and beyond["count"] == 8


def test_since_returns_what_changed_oldest_first_for_harvesting(client, agencies):
    old = publish_item(agencies.edu, "早先发布")
    recent = publish_item(agencies.edu, "近期发布")
    edited = publish_item(agencies.edu, "近期修改")
    from disclosure.models import DisclosureItem

    DisclosureItem.objects.filter(pk=old.pk).update(last_published_at=at(2026, 1, 1))
    DisclosureItem.objects.filter(pk=recent.pk).update(last_published_at=at(2026, 6, 1))
    DisclosureItem.objects.filter(pk=edited.pk).update(last_published_at=at(2026, 9, 1))
    for since in ("2026-05-01", "2026-05-01T00:00:00+08:00", "2026-04-30T17:00:00Z"):
        status, data = get_json(client, LIST, since=since)
        assert status == 200
        assert [r["title"] for r in data["results"]] == ["近期发布", "近期修改"]
        assert data["results"][0]["modified"] == "2026-06-01T10:00:00+08:00"


def test_since_lists_what_left_the_catalog_so_harvesters_drop_it(
    client, agencies, site_user
):
    """R25/R26: an incremental copy must not keep what was taken down."""
    edu, health = agencies.edu, agencies.health
    stays = publish_item(edu, "仍然公开")
    unpublished = publish_item(edu, "取消发布的信息")
    withdrawn = publish_item(edu, "撤稿的信息")
    private = publish_item(edu, "设置访问限制的信息")
    deleted = publish_item(health, "删除的信息")
    draft = publish_item(health, "从未发布的草稿")
    draft.unpublish()
    moment = timezone.now()
    numbers = {
        p.title: p.index_number for p in (unpublished, withdrawn, private, deleted)
    }

    unpublished.unpublish()
    withdraw(withdrawn, user=site_user(edu, SiteRole.SITE_ADMIN), reason="error")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    admin = site_user(health, SiteRole.SITE_ADMIN)
    # A live page is withdrawn (撤稿) before it is deleted: no site role holds
    # publish_page, which Wagtail asks of whoever deletes a live page (R76).
    withdraw(deleted, user=admin, reason="abolished")
    client.force_login(admin)
    response = client.post(
        f"/admin/pages/{deleted.pk}/delete/", HTTP_HOST="wjw.bj.example.gov.cn"
    )
    assert response.status_code == 302
    client.logout()

    status, data = get_json(client, LIST, since=moment.isoformat())
    assert status == 200
    removed = data["removed"]
    assert removed["truncated"] is False
    reasons = {r["index_number"]: r["reason"] for r in removed["items"]}
    assert reasons == {
        numbers["取消发布的信息"]: "unpublished",
        numbers["撤稿的信息"]: "unpublished",
        numbers["设置访问限制的信息"]: "restricted",
        numbers["删除的信息"]: reasons[numbers["删除的信息"]],
    }
    assert reasons[numbers["删除的信息"]] in ("unpublished", "deleted")
    assert stays.index_number not in reasons
    # The site filter applies; the first page only; nothing without since.
    _, edu_only = get_json(client, LIST, since=moment.isoformat(), site="1599000002")
    assert {r["index_number"] for r in edu_only["removed"]["items"]} == {
        numbers["取消发布的信息"],
        numbers["撤稿的信息"],
        numbers["设置访问限制的信息"],
    }
    _, second = get_json(client, LIST, since=moment.isoformat(), page=2)
    assert "removed" not in second
    assert "removed" not in get_json(client, LIST)[1]
    # An item that comes back is a result again, newer than its removal.
    unpublished.save_revision().publish()
    _, again = get_json(client, LIST, since=moment.isoformat())
    assert "取消发布的信息" in [r["title"] for r in again["results"]]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page_size": "101"}, "page_size 不能超过100"),
        ({"page_size": "0"}, "page_size 应为1到100之间的整数"),
        ({"page": "abc"}, "page 应为正整数"),
        ({"page": "0"}, "page 应为正整数"),
        ({"year": "二〇二六"}, "year 应为四位年份"),
        ({"topic": "不存在"}, "没有名为“不存在”的主题分类"),
        ({"site": "0000000000"}, "找不到网站标识码为 0000000000 的网站"),
        ({"since": "昨天"}, "since 应为日期或日期时间"),
        ({"since": "2026-13-45"}, "since 应为日期或日期时间"),
    ],
)
def test_bad_parameters_are_a_400_with_a_chinese_message(client, params, message):
    status, data = get_json(client, LIST, **params)
    assert status == 400
    assert message in data["error"], data


def test_list_queries_do_not_grow_with_the_number_of_items(client, agencies):
    policy = publish_item(agencies.edu, "被解读的政策")
    newer = publish_item(agencies.edu, "新政策")

    def count():
        with CaptureQueriesContext(connection) as context:
            status, data = get_json(client, LIST, page_size=100)
        assert status == 200
        return len(context), data["count"]

    for number in range(3):
        publish_item(
            agencies.health, f"信息{number}", interprets=policy, replaced_by=newer
        )
    count()  # warm the site-root cache
    few, few_items = count()
    for number in range(3, 30):
        publish_item(
            agencies.health, f"信息{number}", interprets=policy, replaced_by=newer
        )
    count()  # warm again: the publishes moved the site generations
    many, many_items = count()
    assert (few_items, many_items) == (5, 32)
    assert many == few, (few, many)
