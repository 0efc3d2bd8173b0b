"""蒙古文版 (issue #21 item 2): a site's traditional-Mongolian version over HTTP —
lang and hreflang, the language switcher, Chinese pages unchanged, search with
Mongolian words, and editors translating through the admin's real forms inside
their own site only."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from demo.sites.mongolian import VERSIONS, WORK_NEWS, seed_mongolian
from sites.models import ArticlePage, ColumnPage, HomePage, SiteProfile, SiteRole
from sites.services.mongolian_version import (
    MongolianVersionError,
    enable_mongolian,
    mongolian_home,
    mongolian_locale,
)
from tests.conftest import add_article, approve_in_workflow, column


def get(client, site, path):
    response = client.get(path, HTTP_HOST=site.hostname)
    assert response.status_code == 200, (path, response.status_code)
    return response, BeautifulSoup(response.content, "html.parser")


def alternates(doc):
    return {
        link["hreflang"]: link["href"]
        for link in doc.select('link[rel="alternate"][hreflang]')
    }


@pytest.fixture
def banner_mn(cluster):
    """白云旗 with the demo's Mongolian version (home, 工作动态, two articles)."""
    add_article(column(cluster.banner, "gzdt"), "白云旗春季牧业生产工作会议")
    seed_mongolian(cluster.banner, "baiyun")
    return cluster


def test_mongolian_home_is_served_at_mn_with_lang_and_hreflang(client, banner_mn):
    site = banner_mn.banner
    response, doc = get(client, site, "/mn/")
    assert doc.html["lang"] == "mn-Mong"
    assert "lang-mn" in doc.body["class"]
    assert doc.select_one(".site-name").get_text() == VERSIONS["baiyun"].home_title
    assert doc.select_one('link[href*="mongolian.css"]') is not None
    root = site.root_url
    assert alternates(doc) == {"zh-Hans": f"{root}/", "mn-Mong": f"{root}/mn/"}
    switch = doc.select_one(".lang-switch a")
    assert switch.get_text() == "汉文" and switch["href"] == "/"
    # Its menu and lists are the Mongolian column's.
    menu = [a.get_text() for a in doc.select("#main-nav-list a")]
    assert WORK_NEWS in menu and "工作动态" not in menu
    titles = {a.get_text(strip=True) for a in doc.select("main a")}
    assert VERSIONS["baiyun"].articles[0].title in titles


def test_chinese_home_keeps_its_url_and_lists_and_links_to_mongolian(client, banner_mn):
    site = banner_mn.banner
    _, doc = get(client, site, "/")
    assert doc.html["lang"] == "zh-CN"
    assert doc.select_one('link[href*="mongolian.css"]') is None
    assert alternates(doc)["mn-Mong"] == f"{site.root_url}/mn/"
    switch = doc.select_one(".lang-switch a")
    assert (switch.get_text(), switch["href"], switch["hreflang"]) == (
        "蒙古文",
        "/mn/",
        "mn-Mong",
    )
    text = doc.select_one("main").get_text()
    assert "白云旗春季牧业生产工作会议" in text
    assert not re.search("[\u1820-\u18aa]", text)  # no Mongolian item in Chinese lists
    menu = [a.get_text() for a in doc.select("#main-nav-list a")]
    assert WORK_NEWS not in menu


def test_column_pair_links_both_ways(client, banner_mn):
    site = banner_mn.banner
    _, zh = get(client, site, "/gzdt/")
    _, mn = get(client, site, "/mn/gzdt/")
    pair = {"zh-Hans": f"{site.root_url}/gzdt/", "mn-Mong": f"{site.root_url}/mn/gzdt/"}
    assert alternates(zh) == pair and alternates(mn) == pair
    assert zh.select_one(".lang-switch a")["href"] == "/mn/gzdt/"
    assert mn.select_one(".lang-switch a")["href"] == "/gzdt/"
    assert mn.html["lang"] == "mn-Mong"
    # The breadcrumb starts at the Mongolian home, not at the Chinese one.
    crumbs = [a.get_text() for a in mn.select(".breadcrumb a")]
    assert crumbs == [VERSIONS["baiyun"].home_title]


def test_sites_without_a_mongolian_version_are_unchanged(
    client, banner_mn, django_assert_max_num_queries, settings
):
    site = banner_mn.health
    article = add_article(column(site, "gzdt"), "卫健委工作动态一则")
    _, doc = get(client, site, "/")
    assert doc.html["lang"] == "zh-CN"
    assert alternates(doc) == {} and doc.select_one(".lang-switch") is None
    assert client.get("/mn/", HTTP_HOST=site.hostname).status_code == 404
    assert not SiteProfile.objects.get(site=site).mongolian_version
    # Nothing more is read on such a site; a Chinese page of a site with a
    # Mongolian version reads its translations for the switcher and hreflang.
    other = add_article(column(banner_mn.banner, "gzdt"), "白云旗工作动态一则")
    settings.PAGE_CACHE_SECONDS = 0  # rendered, not answered from the cache
    # Both measured warm (what each process keeps per site generation is read
    # on a site's first request after a publish, on either kind of site).
    get(client, site, article.url)
    get(client, banner_mn.banner, other.url)
    with CaptureQueriesContext(connection) as plain:
        get(client, site, article.url)
    with CaptureQueriesContext(connection) as with_switch:
        get(client, banner_mn.banner, other.url)
    assert len(plain) > 0 and len(with_switch) <= len(plain) + 2
    print("Chinese article queries", len(plain), "with switcher", len(with_switch))


def test_query_counts_of_a_mongolian_article_and_a_chinese_one(client, banner_mn):
    site = banner_mn.banner
    chinese = add_article(column(site, "gzdt"), "白云旗一则新闻")
    mongolian = ArticlePage.objects.get(title=VERSIONS["baiyun"].articles[0].title)
    counts = {}
    for name, page in (("zh", chinese), ("mn", mongolian)):
        cache.clear()  # measure the rendering, not the page cache
        with CaptureQueriesContext(connection) as queries:
            get(client, site, page.url)
        counts[name] = len(queries)
    # Routing one level deeper reads no more rows; the Mongolian page looks its
    # language home up among the ancestors the router read.
    assert 0 < counts["mn"] <= counts["zh"] + 1, counts
    print("query counts", counts)


def test_enable_is_idempotent_and_refuses_a_clashing_slug(cluster):
    home = enable_mongolian(cluster.edu)
    assert enable_mongolian(cluster.edu).pk == home.pk
    assert home.url_path.endswith("/mn/") and not home.live
    assert home.locale == mongolian_locale()
    assert home.translation_key == cluster.edu.root_page.translation_key
    ColumnPage.objects.filter(pk=column(cluster.health, "gzdt").pk).update(slug="mn")
    with pytest.raises(MongolianVersionError):
        enable_mongolian(cluster.health)
    assert mongolian_home(cluster.health.root_page) is None


# --- Editors translate through the admin's real forms --------------------------


def test_editor_translates_an_article_and_it_goes_through_review(
    client, banner_mn, site_user
):
    site = banner_mn.banner
    editor = site_user(site, SiteRole.EDITOR)
    chinese = add_article(column(site, "gzdt"), "白云旗召开旗务会议")
    locale = mongolian_locale()
    client.force_login(editor)
    form = client.get(f"/admin/translation/submit/page/{chinese.pk}/")
    assert form.status_code == 200
    assert f'value="{locale.pk}"' in form.content.decode()
    response = client.post(
        f"/admin/translation/submit/page/{chinese.pk}/", {"locales": [locale.pk]}
    )
    assert response.status_code == 302
    translation = ArticlePage.objects.get(
        translation_key=chinese.translation_key, locale=locale
    )
    assert not translation.live  # a draft in the Mongolian column
    assert translation.get_parent().url_path.endswith("/mn/gzdt/")

    # The editor writes the Mongolian text in the ordinary edit form and submits
    # it to the site's workflow; an editor cannot publish.
    from tests.conftest import article_form

    title = f"ᠬᠣᠰᠢᠭᠤ{chr(0x202F)}ᠨᠤ ᠬᠤᠷᠠᠯ"
    response = client.post(
        f"/admin/pages/{translation.pk}/edit/",
        article_form(title, slug=translation.slug, **{"action-submit": "1"}),
    )
    assert response.status_code == 302, response.content[:2000]
    translation.refresh_from_db()
    assert not translation.live and translation.workflow_in_progress
    client.logout()
    assert (
        client.get(f"/mn/gzdt/{translation.slug}/", HTTP_HOST=site.hostname).status_code
        == 404
    )

    reviewer = site_user(site, SiteRole.REVIEWER)
    admin = site_user(site, SiteRole.SITE_ADMIN)
    approve_in_workflow(translation, reviewer, admin)
    translation = Page.objects.get(pk=translation.pk).specific
    assert translation.live and translation.title == title
    _, mn = get(client, site, f"/mn/gzdt/{translation.slug}/")
    assert mn.html["lang"] == "mn-Mong"
    assert mn.select_one(".lang-switch a")["href"] == f"/gzdt/{chinese.slug}/"
    _, zh = get(client, site, f"/gzdt/{chinese.slug}/")
    assert zh.select_one(".lang-switch a")["href"] == f"/mn/gzdt/{translation.slug}/"
    assert alternates(zh)["mn-Mong"] == f"{site.root_url}/mn/gzdt/{translation.slug}/"


def test_editor_of_another_site_cannot_translate(client, banner_mn, site_user):
    seed_mongolian(banner_mn.portal, "portal")  # both sites hold the permission
    chinese = add_article(column(banner_mn.banner, "gzdt"), "白云旗一则动态")
    outsider = site_user(banner_mn.portal, SiteRole.EDITOR)
    assert outsider.has_perm("simple_translation.submit_translation")
    client.force_login(outsider)
    url = f"/admin/translation/submit/page/{chinese.pk}/"
    # Wagtail answers "permission denied" with a redirect to the dashboard.
    assert client.get(url).status_code in (302, 403, 404)
    locale = mongolian_locale()
    assert client.post(url, {"locales": [locale.pk]}).status_code in (302, 403, 404)
    assert not ArticlePage.objects.filter(
        translation_key=chinese.translation_key, locale=locale
    ).exists()
    # Nor edit the other site's Mongolian pages.
    mn_home = mongolian_home(banner_mn.banner.root_page)
    assert client.get(f"/admin/pages/{mn_home.pk}/edit/").status_code in (302, 403)


def test_sites_without_a_mongolian_version_hold_no_translate_permission(
    banner_mn, site_user
):
    assert site_user(banner_mn.banner, SiteRole.EDITOR).has_perm(
        "simple_translation.submit_translation"
    )
    assert not site_user(banner_mn.health, SiteRole.EDITOR).has_perm(
        "simple_translation.submit_translation"
    )
    assert isinstance(mongolian_home(banner_mn.banner.root_page), HomePage)


def test_enable_mongolian_command(cluster):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("enable_mongolian", "1599000003", stdout=out)
    assert "/mn/（草稿" in out.getvalue()
    assert SiteProfile.objects.get(site=cluster.health).mongolian_version
    with pytest.raises(CommandError, match="没有网站标识码"):
        call_command("enable_mongolian", "0000000000")
