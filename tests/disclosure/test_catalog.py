"""The public 政府信息公开目录 of each site and its export (issue #4;
REQUIREMENTS §3.3 Art. 12, §3.4 Art. 23–24, §5.4, R23, R25)."""

import csv
import datetime
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from sites.services.provisioning import SiteRole
from sites.services.withdrawal import withdraw
from tests.disclosure.catalog_data import give_agency_codes, publish_item

pytestmark = pytest.mark.django_db
CATALOG = "/xxgk/gkml/"


@pytest.fixture
def agencies(cluster):
    return give_agency_codes(cluster)


def get(client, on, path=CATALOG, **params):
    """GET ``path`` on the site ``on`` (``site`` is one of the catalog's filters)."""
    return client.get(path, params, HTTP_HOST=on.hostname)


def soup(response):
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.content.decode(), "html.parser")


def row_titles(page):
    return [a.get_text() for a in page.select("table.catalog-table tbody th a")]


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 10))


def test_catalog_lists_only_published_public_items_with_the_art12_columns(
    client, agencies, site_user
):
    """R25/Art. 12: 索引号, 名称, 内容概述, 生成日期 (plus 发布日期, 文号); never a
    draft, an unpublished, withdrawn or restricted item."""
    edu = agencies.edu
    shown = publish_item(
        edu,
        "关于印发北疆市中小学学籍管理办法的通知",
        document_number="北教发〔2026〕8号",
        summary="规范中小学学籍的建立、转学、休学和复学。" * 5,
        written_date=datetime.date(2026, 10, 9),
        publish_date=at(2026, 10, 15),
    )
    publish_item(edu, "尚未发布的草稿", publish=False)
    unpublished = publish_item(edu, "已撤回的信息")
    unpublished.unpublish()
    withdrawn = publish_item(edu, "已撤稿的信息")
    withdraw(withdrawn, user=site_user(edu, SiteRole.SITE_ADMIN), reason="error")
    private = publish_item(edu, "仅限内部查看的信息")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    page = soup(get(client, edu))
    table = page.find("table", class_="catalog-table")
    assert "北疆市教育局政府信息公开目录" in table.caption.get_text()
    headers = [th.get_text() for th in table.thead.find_all("th")]
    assert headers[:6] == ["索引号", "名称", "内容概述", "生成日期", "发布日期", "文号"]
    assert all(th["scope"] == "col" for th in table.thead.find_all("th"))
    assert row_titles(page) == [shown.title]
    cells = [c.get_text(strip=True) for c in table.tbody.tr.find_all(["th", "td"])]
    assert cells[0] == shown.index_number
    assert shown.summary.startswith(cells[2][:57]) and len(cells[2]) <= 62  # truncated
    assert cells[3:6] == ["2026-10-09", "2026-10-15", "北教发〔2026〕8号"]
    link = table.tbody.find("a")["href"]
    assert client.get(link, HTTP_HOST=edu.hostname).status_code == 200


def test_the_disclosure_column_links_to_the_catalog(client, agencies):
    for path in ("/xxgk/", "/xxgk/fdzdgk/"):
        nav = soup(get(client, agencies.edu, path)).find("nav", class_="column-side")
        assert nav.find("a", string="政府信息公开目录")["href"] == CATALOG
    page = soup(get(client, agencies.edu))
    crumbs = [a.get_text() for a in page.select("nav.breadcrumb a")]
    assert crumbs == ["首页", "政府信息公开"]
    side = [a.get_text() for a in page.select("nav.column-side a")]
    assert "法定主动公开内容" in side and "政府信息公开目录" in side


def test_a_department_catalog_lists_its_own_items_and_the_portal_all(client, agencies):
    edu_item = publish_item(agencies.edu, "教育局公开信息")
    office = publish_item(
        agencies.edu, "教育局办公室公开信息", issuing_agency="北疆市教育局办公室"
    )
    health_item = publish_item(agencies.health, "卫健委公开信息", column_slug="jdjc")
    portal_item = publish_item(agencies.portal, "市政府公开信息", column_slug="ghjh")

    assert set(row_titles(soup(get(client, agencies.edu)))) == {
        edu_item.title,
        office.title,
    }
    assert row_titles(soup(get(client, agencies.health))) == [health_item.title]

    portal = soup(get(client, agencies.portal))
    assert set(row_titles(portal)) == {
        edu_item.title,
        office.title,
        health_item.title,
        portal_item.title,
    }
    # 按发布机构 on the portal: grouped by site, with the agencies inside a site.
    groups = portal.find("h3", string="按发布机构").find_next("ul")
    text = groups.get_text(" ", strip=True)
    assert "北疆市教育局 （2）" in text and "北疆市教育局办公室 （1）" in text
    assert "北疆市卫生健康委员会 （1）" in text
    site_link = groups.find("a", string="北疆市教育局")["href"]
    assert set(row_titles(soup(get(client, agencies.portal, CATALOG + site_link)))) == {
        edu_item.title,
        office.title,
    }


def test_browse_and_filter_by_topic_genre_validity_year_and_agency(client, agencies):
    edu = agencies.edu
    school = publish_item(
        edu, "学校安全管理办法", topic="科技、教育", genre="通知",
        publish_date=at(2025, 6, 1),
    )  # fmt: skip
    budget = publish_item(
        edu, "2026年部门预算", column_slug="czyjs", topic="财政、金融、审计",
        genre="公告", publish_date=at(2026, 3, 1),
    )  # fmt: skip
    old = publish_item(
        edu, "旧版学籍管理办法", topic="科技、教育", genre="通知",
        validity="expired", publish_date=at(2024, 2, 1),
        issuing_agency="北疆市教育局办公室",
    )  # fmt: skip

    page = soup(get(client, edu))
    topics = page.find("h3", string="按主题分类").find_next("ul")
    assert topics.get_text(" ", strip=True) == (
        "财政、金融、审计 （1） 科技、教育 （2）"
    )  # in vocabulary order, with counts
    years = page.find("h3", string="按年份").find_next("ul").get_text(" ", strip=True)
    assert years == "2026年 （1） 2025年 （1） 2024年 （1）"

    def titles(**params):
        return set(row_titles(soup(get(client, edu, **params))))

    assert titles(topic="科技、教育") == {school.title, old.title}
    assert titles(genre="公告") == {budget.title}
    assert titles(validity="expired") == {old.title}
    assert titles(year="2025") == {school.title}
    assert titles(agency="北疆市教育局办公室") == {old.title}
    assert titles(topic="科技、教育", validity="valid") == {school.title}
    # Following a facet link keeps the other filters and drops the page number.
    topic_link = (
        soup(get(client, edu, validity="valid", page="1"))
        .find("h3", string="按主题分类")
        .find_next("ul")
        .find("a", string="科技、教育")["href"]
    )
    assert "validity=valid" in topic_link and "page" not in topic_link
    assert set(row_titles(soup(get(client, edu, CATALOG + topic_link)))) == {
        school.title
    }


def test_browse_counts_follow_the_other_filters(client, agencies):
    """Each browse list counts what the other active filters leave, so a count
    is what its link shows; the list's own filter does not narrow it."""
    edu = agencies.edu
    publish_item(edu, "学校安全管理办法", topic="科技、教育",
                 publish_date=at(2025, 6, 1))  # fmt: skip
    publish_item(edu, "2026年部门预算", column_slug="czyjs", topic="财政、金融、审计",
                 publish_date=at(2026, 3, 1))  # fmt: skip
    publish_item(edu, "旧版学籍管理办法", topic="科技、教育", validity="expired",
                 publish_date=at(2024, 2, 1))  # fmt: skip

    def lists(**params):
        page = soup(get(client, edu, **params))
        return tuple(
            page.find("h3", string=heading).find_next("ul").get_text(" ", strip=True)
            for heading in ("按主题分类", "按年份")
        )

    topics, years = lists(validity="valid")
    assert topics == "财政、金融、审计 （1） 科技、教育 （1）"
    assert years == "2026年 （1） 2025年 （1）"
    topics, years = lists(topic="科技、教育")
    assert topics == "财政、金融、审计 （1） 科技、教育 （2）"  # its own filter ignored
    assert years == "2025年 （1） 2024年 （1）"
    # A chosen year that the other filters empty stays selectable in the form.
    page = soup(get(client, edu, topic="财政、金融、审计", year="2024"))
    assert page.select_one('select[name="year"] option[selected]')["value"] == "2024"


def test_text_query_matches_title_summary_and_numbers_exact_number_first(
    client, agencies
):
    edu = agencies.edu
    wanted = publish_item(
        edu, "课后服务管理办法", document_number="北教发〔2026〕3号",
        publish_date=at(2026, 1, 5),
    )  # fmt: skip
    newer = publish_item(
        edu, "课后服务收费标准", summary="依据北教发〔2026〕3号制定。",
        document_number="北教发〔2026〕31号", publish_date=at(2026, 9, 1),
    )  # fmt: skip
    publish_item(edu, "无关信息", summary="与课后无关。")

    def titles(query):
        return row_titles(soup(get(client, edu, q=query)))

    assert titles("课后服务") == [newer.title, wanted.title]  # newest first
    assert titles("北教发〔2026〕3号") == [wanted.title, newer.title]  # exact 文号
    assert titles(wanted.index_number) == [wanted.title]
    assert titles(newer.index_number) == [newer.title]
    assert titles("服务收费") == [newer.title]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "abc"}, "年份应为四位数字"),
        ({"year": "99999"}, "年份应为四位数字"),
        ({"topic": "不存在的分类"}, "没有名为“不存在的分类”的主题分类"),
        ({"genre": "诗歌"}, "没有名为“诗歌”的体裁"),
        ({"validity": "maybe"}, "有效性只能是有效、失效或废止"),
        ({"q": "长" * 101}, "检索词不能超过100个字"),
        ({"q": "a\x07b"}, "检索词包含无效字符"),
        ({"site": "9999999999"}, "本目录不包含网站标识码为 9999999999 的网站"),
    ],
)
def test_invalid_filters_are_reported_in_chinese_and_ignored(
    client, agencies, params, message
):
    item = publish_item(agencies.edu, "一条公开信息")
    response = get(client, agencies.edu, **params)
    page = soup(response)
    assert message in page.find(class_="form-errors").get_text()
    assert row_titles(page) == [item.title]  # the invalid filter is ignored
    export = get(client, agencies.edu, CATALOG + "export.csv", **params)
    assert export.status_code == 400 and message in export.content.decode()
    export = get(client, agencies.edu, CATALOG + "export.json", **params)
    assert export.status_code == 400 and message in export.json()["error"]


def test_twenty_items_per_page_and_paging_keeps_the_filters(client, agencies):
    for number in range(23):
        publish_item(
            agencies.edu, f"教育公开信息{number:02d}", topic="科技、教育",
            publish_date=at(2026, 1, 1) + datetime.timedelta(days=number),
        )  # fmt: skip
    publish_item(agencies.edu, "其他分类的信息", topic="综合政务")
    first = soup(get(client, agencies.edu, topic="科技、教育"))
    assert len(row_titles(first)) == 20
    assert row_titles(first)[0] == "教育公开信息22"
    next_link = first.find("a", rel="next")["href"]
    assert "topic=" in next_link and "page=2" in next_link
    second = soup(get(client, agencies.edu, CATALOG + next_link))
    assert row_titles(second) == ["教育公开信息02", "教育公开信息01", "教育公开信息00"]
    # A page number that is no number shows the first page, one out of range the
    # last: never an error page.
    assert len(row_titles(soup(get(client, agencies.edu, page="abc")))) == 20
    for out_of_range in ("0", "-1", "999"):
        assert len(row_titles(soup(get(client, agencies.edu, page=out_of_range)))) == 4


def test_markup_is_accessible(client, agencies):
    publish_item(agencies.edu, "可访问性检查")
    page = soup(get(client, agencies.edu))
    form = page.find("form", class_="catalog-filter")
    for field in form.find_all(["input", "select"]):
        if field.get("type") == "hidden":
            continue
        assert page.find("label", attrs={"for": field["id"]}), field
    table = page.find("table", class_="catalog-table")
    assert table.caption.get_text(strip=True)
    assert table.tbody.find("th")["scope"] == "row"
    assert page.title.get_text() == "政府信息公开目录 - 北疆市教育局"


def queries_for(client, site, path, **params):
    with CaptureQueriesContext(connection) as context:
        response = get(client, site, path, **params)
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "path", [CATALOG, CATALOG + "export.csv", CATALOG + "export.json"]
)
def test_queries_do_not_grow_with_the_number_of_items(client, agencies, path):
    sites = [agencies.edu, agencies.health, agencies.portal]
    policy = publish_item(agencies.edu, "政策文件")
    newer = publish_item(agencies.edu, "新版政策文件")
    publish_item(
        agencies.edu, "政策解读", interprets=policy, replaced_by=newer,
        validity="expired",
    )  # fmt: skip
    for number in range(2):
        publish_item(sites[number % 3], f"信息{number}")
    queries_for(client, agencies.portal, path, q="信息")  # warm the site-root cache
    few = queries_for(client, agencies.portal, path, q="信息")
    for number in range(2, 27):
        publish_item(sites[number % 3], f"信息{number}", interprets=policy)
    # Publishing moved the site generation: the menu is read once more (it is
    # kept per generation), then never per item.
    queries_for(client, agencies.portal, path, q="信息")
    many = queries_for(client, agencies.portal, path, q="信息")
    assert many == few, (few, many)


def test_csv_export_opens_in_excel_and_follows_the_filters(client, agencies):
    item = publish_item(
        agencies.edu, "关于做好冬季校园安全工作的通知", topic="科技、教育",
        document_number="北教发〔2026〕31号", summary="=HYPERLINK(\"x\")提醒",
    )  # fmt: skip
    publish_item(agencies.edu, "财政信息", topic="财政、金融、审计")
    response = get(client, agencies.edu, CATALOG + "export.csv", topic="科技、教育")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="gkml-1599000002-'
    )
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel detects the encoding
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["索引号", "名称", "内容概述", "生成日期", "发布日期", "文号",
                       "发布机构", "主题分类", "体裁", "有效性", "网址"]  # fmt: skip
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["索引号"] == item.index_number
    assert record["文号"] == "北教发〔2026〕31号"
    assert record["内容概述"] == '\'=HYPERLINK("x")提醒'  # no formula injection
    assert record["网址"] == item.get_full_url()


def test_json_export_carries_every_item_of_the_filtered_catalog(client, agencies):
    items = [publish_item(agencies.edu, f"导出信息{n}") for n in range(3)]
    publish_item(agencies.health, "其他网站的信息")
    response = get(client, agencies.edu, CATALOG + "export.json", q="导出")
    assert response.status_code == 200
    data = json.loads(b"".join(response.streaming_content).decode())
    assert data["site"] == {"code": "1599000002", "name": "北疆市教育局"}
    assert data["filters"] == {"q": "导出"}
    assert [r["index_number"] for r in data["items"]] == [
        i.index_number for i in reversed(items)
    ]
    assert data["items"][0]["site"]["name"] == "北疆市教育局"


def test_catalog_on_a_site_without_items_says_so(client, agencies):
    page = soup(get(client, agencies.banner))
    assert "没有找到符合条件的公开信息" in page.find("table").get_text()
