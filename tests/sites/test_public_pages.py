"""Public pages of every site: identity, footer, meta tags, navigation (R4–R9, R66–R67)."""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from sites.models import ClusterSettings, ColumnPage, SiteProfile
from tests.conftest import add_article, column

pytestmark = pytest.mark.django_db


def get(client, site, path="/", **extra):
    return client.get(path, HTTP_HOST=site.hostname, **extra)


def path_of(page):
    """The path of ``page`` on its own site's hostname."""
    return page.get_url_parts()[2]


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def meta(document, name):
    tag = document.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


def test_every_site_answers_on_its_own_hostname_with_its_footer(client, cluster):
    for site in cluster.all:
        profile = SiteProfile.for_site(site)
        response = get(client, site)
        assert response.status_code == 200
        document = soup(response)
        assert document.find(class_="site-name").get_text() == site.site_name
        footer = document.find("footer")
        text = footer.get_text(" ", strip=True)
        # R4: the six mandatory footer items.
        assert footer.find("img", alt="党政机关网站标识")
        assert profile.sponsor in footer.find(class_="sponsor").get_text()
        assert profile.phone in footer.find(class_="contact").get_text()
        assert f"网站标识码： {profile.code}" in text
        icp = footer.find("a", class_="icp")
        assert icp.get_text(strip=True) == profile.icp_number
        assert icp["href"].startswith("https://beian.miit.gov.cn/")
        assert re.match(r"^.ICP备\d+号(-\d+)?$", icp.get_text(strip=True))
        psb = footer.find("a", class_="psb")
        digits = re.search(r"(\d{14})", psb.get_text()).group(1)
        assert psb["href"].endswith(f"recordcode={digits}")
        # R5: the 我为政府网站找错 entry, carrying this site's code.
        jiucuo = footer.find("a", string="我为政府网站找错")
        assert f"site_code={profile.code}" in jiucuo["href"]
        # R6: site meta tags.
        assert meta(document, "SiteName") == site.site_name
        assert meta(document, "SiteDomain") == site.hostname
        assert meta(document, "SiteIDCode") == profile.code


def test_unknown_host_falls_back_to_the_portal(client, cluster):
    response = client.get("/", HTTP_HOST="unknown.example.gov.cn")
    assert response.status_code == 200
    assert (
        soup(response).find(class_="site-name").get_text() == cluster.portal.site_name
    )


def test_column_page_lists_its_articles_with_column_meta(client, cluster):
    news = column(cluster.edu, "gzdt")
    for number in range(25):
        add_article(news, f"教育动态第{number}条", days_ago=number)
    response = get(client, cluster.edu, "/gzdt/")
    document = soup(response)
    # R7: column meta tags, none empty.
    assert meta(document, "ColumnName") == "工作动态"
    assert meta(document, "ColumnType") == "动态要闻"
    assert meta(document, "ColumnDescription")
    assert meta(document, "ColumnKeywords")
    titles = [a.get_text() for a in document.select(".article-list a")]
    assert titles[0] == "教育动态第0条"  # newest first
    assert len(titles) == 20
    assert "共 25 条" in document.find(class_="pagination").get_text()
    second = soup(get(client, cluster.edu, "/gzdt/?page=2"))
    assert len(second.select(".article-list a")) == 5
    # Bad page numbers fall back to a valid page instead of failing.
    assert get(client, cluster.edu, "/gzdt/?page=abc").status_code == 200
    assert get(client, cluster.edu, "/gzdt/?page=999").status_code == 200


def test_article_page_shows_metadata_and_meta_tags(client, cluster):
    article = add_article(
        column(cluster.health, "tzgg"),
        "关于开展家庭医生签约服务的通知",
        days_ago=3,
        source="北疆市卫生健康委员会",
        author="基层卫生科",
        responsible_editor="王编辑",
        subtitle="2026年度",
    )
    response = get(client, cluster.health, path_of(article))
    assert response.status_code == 200
    document = soup(response)
    assert document.find("h1").get_text() == article.title
    # R8: ArticleTitle, PubDate equal to the displayed date, ContentSource.
    assert meta(document, "ArticleTitle") == article.title
    shown = document.select_one(".article-meta time").get_text()
    assert meta(document, "PubDate") == shown
    assert re.match(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", shown)
    assert meta(document, "ContentSource") == "北疆市卫生健康委员会"
    meta_text = document.find(class_="article-meta").get_text()
    assert "来源：北疆市卫生健康委员会" in meta_text and "作者：基层卫生科" in meta_text
    assert "责任编辑：王编辑" in document.get_text()
    assert document.find("button", attrs={"data-a11y": "print"})
    # The breadcrumb leads back through the column to the home page.
    crumbs = [a.get_text() for a in document.select(".breadcrumb a")]
    assert crumbs == ["首页", "通知公告"]


def test_site_map_lists_every_column_and_each_link_resolves(client, cluster):
    site = cluster.banner
    response = get(client, site, "/wzdt/")
    document = soup(response)
    links = [a["href"] for a in document.select(".sitemap a")]
    columns = ColumnPage.objects.descendant_of(site.root_page).live()
    assert len(links) == columns.count()  # R9
    for href in links:
        # A link column (the 指南 column leads to its guide) redirects once.
        assert get(client, site, href, follow=True).status_code == 200


def test_link_column_redirects(client, cluster):
    service = column(cluster.edu, "zwfw")
    service.layout = "link"
    service.link_url = "https://zwfw.example.gov.cn/"
    service.save_revision().publish()
    response = get(client, cluster.edu, "/zwfw/")
    assert response.status_code == 302
    assert response["Location"] == "https://zwfw.example.gov.cn/"


def test_portal_home_aggregates_member_sites_and_directory(client, cluster):
    add_article(column(cluster.edu, "gzdt"), "教育局最新动态")
    add_article(column(cluster.banner, "gzdt"), "白云旗最新动态")
    add_article(column(cluster.portal, "gzdt"), "市政府常务会议召开")
    document = soup(get(client, cluster.portal))
    dept = document.find(id="dept-heading").find_parent("section").get_text()
    assert "北疆市教育局" in dept and "教育局最新动态" in dept
    banners = document.find(id="banner-heading").find_parent("section").get_text()
    assert "白云旗最新动态" in banners
    directory = document.find(id="directory-heading").find_parent("section")
    names = {a.get_text() for a in directory.find_all("a")}
    assert names == {"北疆市教育局", "北疆市卫生健康委员会", "白云旗人民政府"}
    # Links to member sites carry their own hostname.
    assert any("jyj.bj.example.gov.cn" in a["href"] for a in directory.find_all("a"))
    # The portal's own news leads its 要闻 block (the home's standard layout).
    assert "市政府常务会议召开" in document.find(class_="hb-headlines").get_text()
    # A department home shows only its own items, not the cluster blocks.
    edu = soup(get(client, cluster.edu))
    assert edu.find(id="dept-heading") is None
    assert "白云旗最新动态" not in edu.get_text()


def test_mourning_mode_turns_every_site_grey(client, cluster):
    settings = ClusterSettings.load()
    settings.mourning_mode = True
    settings.save()
    for site in cluster.all:
        html = soup(get(client, site)).find("html")
        assert "mourning" in html["class"]


def test_pages_offer_accessibility_and_elder_mode_controls(client, cluster):
    document = soup(get(client, cluster.edu))
    html = document.find("html")
    assert html["lang"] == "zh-CN"  # R66
    assert document.find("a", class_="skip-link")["href"] == "#main"
    assert document.find("main", id="main")
    assert document.find("nav", attrs={"aria-label": "主导航"})
    for action in ("elder", "contrast", "font-up", "font-down"):  # R67
        assert document.find("button", attrs={"data-a11y": action})
    label = document.find("label", attrs={"for": "site-search-q"})
    assert label and document.find("input", id="site-search-q")
    # No external assets: every script and stylesheet is served by the project.
    for tag in document.find_all(["script", "link"]):
        url = tag.get("src") or tag.get("href") or ""
        assert url.startswith("/static/"), url


def test_public_pages_are_the_same_for_every_visitor(client, cluster, site_user):
    """No per-user content, so whole pages can be cached (DESIGN §4)."""
    article = add_article(column(cluster.edu, "gzdt"), "缓存测试文章")
    paths = ["/", "/gzdt/", path_of(article), "/wzdt/"]
    anonymous = {p: get(client, cluster.edu, p).content for p in paths}
    logged_in = Client()
    logged_in.force_login(site_user(cluster.edu))
    for path in paths:
        assert get(logged_in, cluster.edu, path).content == anonymous[path]
        assert b"csrfmiddlewaretoken" not in anonymous[path]


def test_unknown_page_gives_a_chinese_404(client, cluster):
    response = get(client, cluster.edu, "/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
