"""robots.txt, favicon.ico, sitemap.xml, titles and meta descriptions of every
site (issue 18 item 6), over HTTP as a crawler and a visitor see them."""

import io

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from PIL import Image
from wagtail.models import PageViewRestriction

from sites.models import ArticlePage
from sites.services.withdrawal import withdraw
from tests.conftest import add_article, column

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def get(client, site, path, **extra):
    return client.get(path, HTTP_HOST=site.hostname, **extra)


def head(client, site, path):
    document = BeautifulSoup(get(client, site, path).content, "html.parser")
    tag = document.find("meta", attrs={"name": "description"})
    return document.title.get_text(), tag["content"] if tag else None


def test_robots_and_favicon_answer_on_every_site(client, cluster):
    for site in cluster.all:
        robots = get(client, site, "/robots.txt")
        assert robots.status_code == 200
        assert robots["Content-Type"].startswith("text/plain")
        lines = robots.content.decode().splitlines()
        assert f"Sitemap: http://{site.hostname}/sitemap.xml" in lines
        assert "Disallow: /admin/" in lines
        icon = get(client, site, "/favicon.ico")
        assert icon.status_code == 200 and icon["Content-Type"] == "image/x-icon"
        image = Image.open(io.BytesIO(b"".join(icon.streaming_content)))
        assert image.format == "ICO"


def _locs(client, site):
    response = get(client, site, "/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    prefix = f"http://{site.hostname}"
    rows = {}
    for url in root.findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        assert loc.startswith(prefix + "/")
        lastmod = url.find("s:lastmod", NS)
        rows[loc[len(prefix) :]] = lastmod.text if lastmod is not None else None
    return rows


def test_sitemap_lists_every_public_page_and_nothing_hidden(client, cluster, make_user):
    site = cluster.edu
    news = column(site, "gzdt")
    shown = add_article(news, "公开的教育动态")
    shown.save_revision().publish()
    draft = add_article(news, "尚未发布的稿件")
    draft.unpublish()
    gone = add_article(news, "已撤稿的教育动态")
    withdraw(gone, user=make_user("wd-admin"), reason="error", note="错误发布")
    private = add_article(news, "内部通知")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    rows = _locs(client, site)
    own = ArticlePage.objects.get(pk=shown.pk)
    assert rows["/gzdt/" + own.slug + "/"] is not None  # lastmod
    assert rows["/"] is not None and "/gzdt/" in rows
    for hidden in (draft, gone, private):
        assert not any(path.endswith(f"/{hidden.slug}/") for path in rows), hidden
    for path in ("/xxgk/gkml/", "/zwfw/bjgs/", "/xxgk/sgs/", "/hdjl/ldxx/query/"):
        assert path in rows
    # Every page it names answers, and no other site's page is in it.
    for path in rows:
        assert get(client, site, path, follow=True).status_code == 200, path
    assert not any("教育" in p for p in _locs(client, cluster.health))


def test_titles_name_the_site_once_and_every_page_has_a_description(client, cluster):
    site, name = cluster.portal, cluster.portal.site_name
    news = column(site, "gzdt")
    summary = add_article(
        news, "秋季开学工作部署", summary="全市秋季开学工作有序推进。"
    )
    plain = add_article(news, "供暖季准备")
    paths = {
        "/": None,
        "/hdjl/ldxx/": "领导信箱",
        "/gzdt/": None,
        summary.get_url_parts()[2]: "全市秋季开学工作有序推进。",
        plain.get_url_parts()[2]: "供暖季准备的正文。",
        "/search/?q=开学": None,
        "/xxgk/gkml/": None,
        "/wzdt/": None,
    }
    for path, expected in paths.items():
        title, description = head(client, site, path)
        assert title.count(name) == 1 and title.endswith(name), (path, title)
        assert description, path
        if expected:
            assert expected in (description if path != "/hdjl/ldxx/" else title)
    assert head(client, site, "/hdjl/ldxx/")[0] == f"领导信箱 - {name}"
    assert head(client, site, "/")[0] == name
    assert name in head(client, site, "/")[1]


def test_the_site_map_page_leads_to_the_catalogue_lists_and_look_ups(client, cluster):
    for site in (cluster.portal, cluster.edu):
        document = BeautifulSoup(get(client, site, "/wzdt/").content, "html.parser")
        links = {
            a.get_text(): a["href"] for a in document.select(".sitemap-entrances a")
        }
        for label in ("政府信息公开目录", "办件公示", "双公示", "信件查询",
                      "依申请公开办理查询"):  # fmt: skip
            assert label in links
        for href in links.values():
            assert get(client, site, href).status_code == 200, href
