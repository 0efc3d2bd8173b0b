"""Query analytics per site and role, the vocabulary admin, and bounded query
counts on the results page (issue #6 items 4, 5; DESIGN §4)."""

from django.urls import reverse

from search.models import QueryStat, SearchTerm
from sites.services.provisioning import SiteRole, site_groups
from sites.services.roles import CLUSTER_ADMIN, SUPERVISOR
from tests.conftest import add_article, column

from .conftest import index_now
from .helpers import search, soup

ANALYTICS = "/admin/search/analytics/"


def test_queries_are_counted_per_site_without_personal_data(client, cluster, engine):
    add_article(column(cluster.edu, "gzdt"), "义务教育招生政策解读")
    index_now()
    for _ in range(3):
        search(client, cluster.edu, q="招生 政策")
    search(client, cluster.edu, q="招生 政策", page=2)  # paging is not a new search
    search(client, cluster.edu, q="火星移民")
    search(client, cluster.health, q="招生")
    search(client, cluster.edu, q="身份证152101199001011234")
    search(client, cluster.edu, q="13912345678")
    search(client, cluster.edu, q="someone@example.com")
    rows = {
        (r.site_id, r.query): (r.searches, r.zero_results)
        for r in QueryStat.objects.all()
    }
    assert rows == {
        (cluster.edu.pk, "招生 政策"): (3, 0),
        (cluster.edu.pk, "火星 移民"): (1, 1),
        (cluster.health.pk, "招生"): (1, 1),
    }


def test_analytics_are_visible_to_site_admins_for_their_site_only(
    client, cluster, make_user, whoosh_only
):
    index_now()
    search(client, cluster.edu, q="教育局独有检索词")
    search(client, cluster.health, q="卫健委独有检索词")
    edu_admin = make_user(
        "edu-admin", site_groups(cluster.edu.site_name)[SiteRole.SITE_ADMIN]
    )
    client.force_login(edu_admin)
    html = client.get(ANALYTICS, HTTP_HOST=cluster.edu.hostname).content.decode()
    assert "教育局 独有 检索 词" in html or "教育局独有检索词" in html.replace(" ", "")
    assert "卫健委" not in html.replace("北疆市卫生健康委员会", "")
    # Asking for another site's figures shows their own site instead.
    html = client.get(
        ANALYTICS, {"site": cluster.health.pk}, HTTP_HOST=cluster.edu.hostname
    ).content.decode()
    assert "卫健委独有" not in html.replace(" ", "")

    for role in (SiteRole.EDITOR, SiteRole.REVIEWER):
        user = make_user(f"edu-{role}", site_groups(cluster.edu.site_name)[role])
        client.force_login(user)
        response = client.get(ANALYTICS, HTTP_HOST=cluster.edu.hostname)
        assert response.status_code in (302, 403)

    for name, group in (("cluster-admin", CLUSTER_ADMIN), ("supervisor", SUPERVISOR)):
        from django.contrib.auth.models import Group

        user = make_user(name, Group.objects.get(name=group))
        client.force_login(user)
        html = client.get(
            ANALYTICS, {"site": cluster.health.pk}, HTTP_HOST=cluster.edu.hostname
        ).content.decode()
        assert "卫健委独有检索词" in html.replace(" ", "")
        assert "索引更新队列" in html


def test_only_the_cluster_admin_edits_the_vocabulary(client, cluster, make_user):
    from django.contrib.auth.models import Group

    add_url = reverse("wagtailsnippets_search_searchterm:add")
    site_admin = make_user(
        "vocab-site-admin", site_groups(cluster.edu.site_name)[SiteRole.SITE_ADMIN]
    )
    client.force_login(site_admin)
    response = client.post(add_url, {"word": "乡村振兴", "note": ""})
    assert response.status_code in (302, 403)
    assert not SearchTerm.objects.exists()

    admin = make_user("vocab-cluster-admin", Group.objects.get(name=CLUSTER_ADMIN))
    client.force_login(admin)
    response = client.post(add_url, {"word": "乡村振兴", "note": "政策用语"})
    assert response.status_code == 302
    assert SearchTerm.objects.filter(word="乡村振兴").exists()
    synonyms = reverse("wagtailsnippets_search_synonym:add")
    response = client.post(synonyms, {"term": "医保", "synonym": "医保"})
    assert "同义词不能与词语相同" in response.content.decode()


def test_results_page_queries_do_not_grow_with_results(
    client, cluster, engine, django_assert_max_num_queries
):
    parent = column(cluster.edu, "gzdt")
    for n in range(3):
        add_article(parent, f"营商环境优化第{n}号")
    index_now()
    search(client, cluster.edu, q="营商环境")  # warm caches (site root paths)
    # The postgres engine answers in the same database: one statement, inside a
    # savepoint in the test's transaction (two more).
    name, _path = engine
    own = 3 if name == "postgres" else 0
    with django_assert_max_num_queries(14 + own) as few:
        search(client, cluster.edu, q="营商环境")
    for n in range(3, 30):
        add_article(parent, f"营商环境优化第{n}号")
    index_now()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response, titles = search(client, cluster.edu, q="营商环境", scope="all")
    assert len(titles) == 10
    assert soup(response).select(".search-meta")


def test_one_engine_query_per_results_page(client, cluster, engine):
    from haystack import connections

    parent = column(cluster.edu, "gzdt")
    for n in range(25):
        add_article(parent, f"数字政府建设第{n}号")
    index_now()
    backend = connections["default"].get_backend()
    calls = []
    original = backend.search

    def counting(*args, **kwargs):
        calls.append(kwargs.get("start_offset"))
        return original(*args, **kwargs)

    backend.search = counting
    try:
        for page in (1, 2, 3):
            calls.clear()
            _, titles = search(client, cluster.edu, q="数字政府", page=page)
            assert len(titles) == (10 if page < 3 else 5)
            assert len(calls) == 1, calls
    finally:
        backend.search = original


def test_the_cluster_admin_is_advised_to_leave_whoosh_when_the_index_grows(
    client, cluster, make_user, engine, monkeypatch
):
    from django.contrib.auth.models import Group

    from search import admin_views

    name, _path = engine
    for title in ("防汛抗旱工作通知", "森林防火工作部署"):
        add_article(column(cluster.edu, "gzdt"), title)
    index_now()
    client.force_login(make_user("advice-admin", Group.objects.get(name=CLUSTER_ADMIN)))

    def advice():
        response = client.get(ANALYTICS, HTTP_HOST=cluster.edu.hostname)
        notice = soup(response).select_one(".engine-advice")
        return notice.get_text(strip=True) if notice else ""

    assert advice() == ""  # small enough for Whoosh
    monkeypatch.setattr(admin_views, "WHOOSH_ADVISED_MAX_DOCUMENTS", 1)
    if name == "whoosh":
        assert "SEARCH_ENGINE=sqlite" in advice() and "已有 2 篇文档" in advice()
    else:
        assert advice() == ""  # already on the engine for large clusters
