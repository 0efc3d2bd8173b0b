"""Chinese search over HTTP on both embedded engines (issue #6; REQUIREMENTS R10,
R33, §1.7): segmentation, phrases, synonyms, scope, filters, sorting, exact
索引号/文号 look-up, highlighting and paging."""

import datetime

import pytest
from django.utils import timezone

from search.models import SearchTerm, Synonym
from tests.conftest import add_article, column
from tests.disclosure.catalog_data import give_agency_codes, publish_item

from .conftest import index_now
from .helpers import search, soup


@pytest.fixture
def corpus(cluster):
    edu, health, banner, portal = (
        column(cluster.edu, "gzdt"),
        column(cluster.health, "gzdt"),
        column(cluster.banner, "tzgg"),
        column(cluster.portal, "gzdt"),
    )
    add_article(edu, "推进社保卡一卡通服务", days_ago=3, summary="全市社保卡申领指南")
    add_article(health, "政务公开工作要点发布", days_ago=2)
    add_article(health, "医疗保险改革实施方案", days_ago=5)
    add_article(edu, "医疗费用保险与教育改革并行", days_ago=6)
    add_article(banner, "白云旗社会保险缴费基数调整的通知", days_ago=1)
    add_article(portal, "全市政府信息公开目录更新", days_ago=4)
    return cluster


def test_r10_two_character_word_inside_longer_runs_is_found(client, corpus, engine):
    index_now()
    _, titles = search(client, corpus.edu, q="社保")
    assert titles == ["推进社保卡一卡通服务"]
    _, titles = search(client, corpus.portal, q="公开", scope="all")
    assert set(titles) == {"政务公开工作要点发布", "全市政府信息公开目录更新"}


def test_phrase_query_needs_the_words_together(client, corpus, engine):
    index_now()
    _, loose = search(client, corpus.portal, q="医疗 改革", scope="all")
    assert "医疗保险改革实施方案" in loose
    _, phrase = search(client, corpus.portal, q='"医疗保险改革"', scope="all")
    assert phrase == ["医疗保险改革实施方案"]
    # Chinese quotation marks work the same way.
    _, phrase = search(client, corpus.portal, q="“医疗保险改革”", scope="all")
    assert phrase == ["医疗保险改革实施方案"]


def test_r10_cluster_wide_finds_every_site_and_a_site_only_its_own(
    client, cluster, engine
):
    for site in cluster.all:
        add_article(column(site, "gzdt"), f"{site.site_name}草原防火工作部署")
    index_now()
    _, everywhere = search(client, cluster.edu, q="草原防火", scope="all")
    assert sorted(everywhere) == sorted(
        f"{s.site_name}草原防火工作部署" for s in cluster.all
    )
    for site in cluster.all:
        _, own = search(client, site, q="草原防火", scope="site")
        assert own == [f"{site.site_name}草原防火工作部署"]
    # The portal searches the whole cluster by default; the others their own site.
    _, portal_default = search(client, cluster.portal, q="草原防火")
    assert len(portal_default) == 4
    _, edu_default = search(client, cluster.edu, q="草原防火")
    assert len(edu_default) == 1
    # One site of the cluster chosen in the filter.
    _, chosen = search(client, cluster.portal, q="草原防火", scope="all",
                       site=cluster.banner.pk)  # fmt: skip
    assert chosen == [f"{cluster.banner.site_name}草原防火工作部署"]


def test_synonyms_and_dictionary_words_from_the_admin(client, corpus, engine):
    index_now()
    _, before = search(client, corpus.banner, q="社保")
    assert before == []
    Synonym.objects.create(term="社保", synonym="社会保险")
    _, after = search(client, corpus.banner, q="社保")
    assert after == ["白云旗社会保险缴费基数调整的通知"]
    # A dictionary word is kept whole from then on: 一卡通服务 as one word.
    SearchTerm.objects.create(word="一卡通服务")
    add_article(column(corpus.edu, "tzgg"), "开通一卡通服务窗口")
    index_now()
    _, titles = search(client, corpus.edu, q="一卡通服务")
    assert "开通一卡通服务窗口" in titles


def test_results_are_highlighted_and_escaped(client, cluster, engine):
    add_article(column(cluster.edu, "gzdt"), "关于<script>低保标准</script>的说明")
    index_now()
    response, titles = search(client, cluster.edu, q="低保")
    html = response.content.decode()
    assert "<mark>低保</mark>" in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_filters_sort_and_paging(client, cluster, engine):
    edu = column(cluster.edu, "gzdt")
    for day in range(25):
        add_article(edu, f"乡村振兴第{day}期简报", days_ago=day)
    give_agency_codes(cluster)
    publish_item(cluster.edu, "乡村振兴资金管理办法")
    index_now()
    response, first = search(client, cluster.edu, q="乡村振兴", sort="date")
    assert len(first) == 10
    assert first[0] in ("乡村振兴第0期简报", "乡村振兴资金管理办法")
    assert "第 1 / 3 页" in response.content.decode()
    _, third = search(client, cluster.edu, q="乡村振兴", sort="date", page=3)
    assert third[-1] == "乡村振兴第24期简报"
    _, only_items = search(client, cluster.edu, q="乡村振兴", type="disclosure")
    assert only_items == ["乡村振兴资金管理办法"]
    today = timezone.localdate()
    _, window = search(
        client, cluster.edu, q="乡村振兴", type="article",
        **{"from": str(today - datetime.timedelta(days=3)), "to": str(today - datetime.timedelta(days=2))},
    )  # fmt: skip
    assert sorted(window) == ["乡村振兴第2期简报", "乡村振兴第3期简报"]
    # Nonsense parameters are ignored, not errors.
    search(client, cluster.edu, q="乡村振兴", page="x", type="nope", site="abc",
           sort="up", scope="mars", **{"from": "2026-13-45"})  # fmt: skip


def test_index_number_and_document_number_land_first(client, cluster, engine):
    give_agency_codes(cluster)
    item = publish_item(
        cluster.edu, "关于做好2026年秋季学期义务教育招生工作的通知",
        document_number="北疆教发〔2026〕12号",
    )  # fmt: skip
    for n in range(3):
        add_article(column(cluster.edu, "gzdt"), f"义务教育招生问答{n}")
    index_now()
    for typed in (item.index_number, "北疆教发〔2026〕12号"):
        response, titles = search(client, cluster.edu, q=typed)
        document = soup(response)
        exact = document.select(".search-exact h3 a")
        assert [a.get_text() for a in exact] == [item.title], typed
        assert titles[0] == item.title


def test_last_years_low_income_standard(client, cluster, engine):
    """“去年的低保标准文件”: last year's documents about 低保标准, not this year's."""
    edu = column(cluster.portal, "gzdt")
    last_year = timezone.localdate().year - 1
    old = add_article(edu, f"关于调整{last_year}年城乡低保标准的通知")
    old.publish_date = old.publish_date.replace(year=last_year)
    old.save()
    add_article(edu, "关于调整今年城乡低保标准的通知")
    index_now()
    response, titles = search(client, cluster.portal, q="去年的低保标准文件")
    assert titles == [f"关于调整{last_year}年城乡低保标准的通知"]
    assert f"{last_year}年" in soup(response).select_one(".search-note").get_text()


def test_zero_results_page_offers_ways_on(client, corpus, engine):
    index_now()
    response, titles = search(client, corpus.edu, q="草原 社保卡")
    assert titles == []
    empty = soup(response).select_one(".search-empty")
    text = empty.get_text()
    assert "没有找到相关信息" in text
    assert "包含任一关键词的 1 条信息" in text
    assert "在全站群中搜索" in text
    _, any_word = search(client, corpus.edu, q="草原 社保卡", any="1")
    assert any_word == ["推进社保卡一卡通服务"]


def test_syndicated_article_is_found_on_the_site_that_accepted_it(
    client, cluster, engine, site_user
):
    """信息报送: an article the portal accepted is in the portal's own search."""
    from sites.services import syndication
    from sites.services.provisioning import SiteRole

    article = add_article(column(cluster.edu, "gzdt"), "全市中小学开展冬季安全教育")
    article.save_revision().publish()
    editor = site_user(cluster.edu, SiteRole.EDITOR, "syn-editor")
    reviewer = site_user(cluster.portal, SiteRole.REVIEWER, "syn-reviewer")
    submission = syndication.submit(article, column(cluster.portal, "gzdt"), editor)
    index_now()
    assert search(client, cluster.portal, q="冬季安全", scope="site")[1] == []
    syndication.accept(submission, reviewer)
    index_now()
    _, titles = search(client, cluster.portal, q="冬季安全", scope="site")
    assert titles == ["全市中小学开展冬季安全教育"]
    assert search(client, cluster.health, q="冬季安全", scope="site")[1] == []
