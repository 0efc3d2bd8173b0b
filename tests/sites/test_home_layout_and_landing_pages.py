"""Home pages built from the standard blocks, and the landing pages of the
top-level columns (issue 18): what a visitor reads over HTTP, with fixed query
counts, and what an editor gets for a new site."""

import datetime
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from demo.sites.home import seed_home_blocks
from interaction.models import InterviewPage
from sites.home_blocks import default_home_layout
from sites.models import ColumnPage, HomePage
from tests.conftest import add_article, column
from tests.disclosure.catalog_data import publish_item
from tests.sites.test_query_counts import count_queries

pytestmark = pytest.mark.django_db


def soup(client, site, path="/"):
    response = client.get(path, HTTP_HOST=site.hostname)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_new_sites_get_the_standard_home_layout(cluster):
    home = HomePage.objects.get(pk=cluster.edu.root_page_id)
    kinds = [block.block_type for block in home.layout]
    assert kinds == [
        "carousel", "column_list", "column_list", "services", "interaction",
        "topics", "leaders", "directory",
    ]  # fmt: skip
    news = column(cluster.edu, "gzdt")
    assert [c.pk for c in home.layout[1].value["columns"]] == [news.pk]
    notices = [c.slug for c in home.layout[2].value["columns"]]
    assert notices == ["tzgg", "zcwj", "zcjd"]


def test_default_layout_leaves_out_columns_a_site_lacks():
    layout = default_home_layout({"tzgg": 7})
    lists = [b["value"]["columns"] for b in layout if b["type"] == "column_list"]
    assert lists == [[7]]  # no 要闻 block without a 工作动态 column


def test_home_shows_the_blocks_of_a_government_portal(client, cluster):
    add_article(column(cluster.edu, "gzdt"), "全市教育系统安全工作会议召开")
    add_article(column(cluster.edu, "tzgg"), "关于寒假放假安排的通知")
    seed_home_blocks(cluster.edu, SimpleNamespace(code="t", theme="blue"), "department")
    document = soup(client, cluster.edu)
    main = document.find("main")
    headings = [h.get_text() for h in main.find_all("h2")]
    for heading in ("要闻", "政务服务", "互动交流", "站群导航"):
        assert heading in headings
    assert "全市教育系统安全工作会议召开" in main.find(class_="hb-headlines").get_text()
    assert "关于寒假放假安排的通知" in main.get_text()
    slide = main.select_one(".hb-carousel .slide")
    assert "全市教育系统安全工作会议召开" in slide.get_text()
    assert slide.find("img")["src"].endswith(".webp")
    leaders = [n.get_text() for n in main.select(".hb-leaders .leader-name")]
    assert leaders == ["赵立新", "孙海燕"]
    services = [a.get_text(strip=True) for a in main.select(".hb-services .tile")]
    assert services == ["个人办事", "法人办事", "热点服务"]
    assert main.select_one(".hb-interaction a[href='/hdjl/ldxx/write/']")
    # 站群导航 and the way back to the portal, on a department site.
    directory = main.find(id="site-directory").get_text()
    assert "北疆市人民政府" in directory and "白云旗人民政府" in directory
    back = document.find("a", class_="upper-site")
    assert back.get_text() == "返回北疆市人民政府"
    assert back["href"] == f"http://{cluster.portal.hostname}/"
    # A default logo: a seal with the site's short name, no national emblem.
    assert document.select_one(".site-title svg.site-seal text").get_text() == "教育"
    assert document.find("span", attrs={"data-today": True})


def test_interaction_block_shows_a_live_interview(client, cluster):
    now = timezone.now()
    talk = InterviewPage(
        title="聚焦冬季供暖",
        guests="市住建局局长",
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(hours=1),
    )
    column(cluster.portal, "zxft").add_child(instance=talk)
    talk.save_revision().publish()
    block = soup(client, cluster.portal).find(class_="hb-interaction")
    assert "聚焦冬季供暖" in block.get_text()
    assert block.find(class_="state-live").get_text() == "直播中"


def test_home_queries_do_not_grow_with_blocks_items(client, cluster):
    for slug in ("gzdt", "tzgg", "zcwj", "zcjd"):
        add_article(column(cluster.health, slug), f"{slug}信息")
    small = count_queries(client, cluster.health, "/")
    for slug in ("gzdt", "tzgg", "zcwj", "zcjd"):
        for number in range(8):
            add_article(column(cluster.health, slug), f"{slug}信息{number}")
    assert count_queries(client, cluster.health, "/") == small <= 15


def test_top_level_columns_are_landing_pages_not_empty_lists(client, cluster):
    publish_item(cluster.banner, "白云旗2026年部门预算", column_slug="czyjs")
    for path, expected in (
        ("/xxgk/", ("政府信息公开指南", "法定主动公开内容", "白云旗2026年部门预算",
                    "政府信息公开年报", "依申请公开", "政府信息公开目录")),
        ("/zwfw/", ("办事指南", "办件公示")),
        ("/hdjl/", ("领导信箱", "意见征集", "在线访谈", "我要写信", "信件查询")),
    ):  # fmt: skip
        main = soup(client, cluster.banner, path).find("main")
        text = main.get_text()
        for words in expected:
            assert words in text, (path, words)
        assert main.find(class_="index-grid"), path
        assert "暂无信息" not in text, path


def test_landing_page_queries_do_not_grow_with_items(client, cluster):
    publish_item(cluster.health, "卫健委预算一", column_slug="czyjs")
    small = count_queries(client, cluster.health, "/xxgk/")
    for number in range(6):
        publish_item(cluster.health, f"卫健委文件{number}", column_slug="fgwj")
        publish_item(cluster.health, f"卫健委预算{number}", column_slug="czyjs")
    assert count_queries(client, cluster.health, "/xxgk/") == small <= 15


def test_an_empty_list_column_says_what_it_is_for(client, cluster):
    text = soup(client, cluster.banner, "/xxgk/gknb/").find("main").get_text()
    assert "本栏目暂未发布信息" in text and "政府信息公开工作年度报告" in text


def test_a_private_column_chosen_on_the_home_stays_hidden(client, cluster):
    from wagtail.models import PageViewRestriction

    news = column(cluster.edu, "gzdt")
    add_article(news, "内部通报")
    PageViewRestriction.objects.create(
        page=ColumnPage.objects.get(pk=news.pk),
        restriction_type=PageViewRestriction.LOGIN,
    )
    main = soup(client, cluster.edu).find("main")
    assert "内部通报" not in main.get_text()
    assert not main.find(class_="hb-headlines").find("ul")


def test_home_pictures_cost_the_same_queries_however_many(client, cluster):
    """图片新闻, 专题专栏 and 领导之窗: one query per kind of block content and one
    for every rendition, whatever the number of pictures."""
    demo = SimpleNamespace(code="q", theme="red")
    add_article(column(cluster.edu, "gzdt"), "教育动态")
    seed_home_blocks(cluster.edu, demo, "department")
    for number in range(4):
        add_article(column(cluster.health, "gzdt"), f"卫健动态{number}")
    seed_home_blocks(cluster.health, demo, "department")
    one_slide = count_queries(client, cluster.edu, "/")
    four_slides = count_queries(client, cluster.health, "/")
    assert one_slide == four_slides
