"""Public pages issue a fixed number of queries, whatever the number of sites or items.

DESIGN §4: list pages never query per item; the portal's aggregated blocks are
windowed queries, not one query per member site.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sites.models import SiteKind
from sites.services.provisioning import create_site
from tests.conftest import add_article, column, member_spec

pytestmark = pytest.mark.django_db


def count_queries(client, site, path):
    # Warm up once so that one-off caches (site root paths) are equal in both runs.
    client.get(path, HTTP_HOST=site.hostname)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_HOST=site.hostname)
    assert response.status_code == 200
    return len(captured.captured_queries)


def fill(site, per_column):
    for slug in ("gzdt", "tzgg", "zcwj"):
        parent = column(site, slug)
        for number in range(per_column):
            add_article(parent, f"{site.site_name}{slug}信息{number}", days_ago=number)


def add_members(count, start):
    sites = []
    for offset in range(count):
        number = start + offset
        kind = SiteKind.BANNER if offset % 2 else SiteKind.DEPARTMENT
        sites.append(
            create_site(
                member_spec(
                    f"159900{number:04d}",
                    f"北疆市测试单位{number}",
                    f"t{number}.bj.example.gov.cn",
                    kind,
                    psb=f"1599000200{number:04d}",
                )
            )
        )
    return sites


def test_portal_home_queries_do_not_grow_with_sites_or_items(client, cluster):
    for site in cluster.all:
        fill(site, 2)
    small = count_queries(client, cluster.portal, "/")

    for site in [*cluster.all, *add_members(2, 100)]:
        fill(site, 4)
    large = count_queries(client, cluster.portal, "/")
    assert large == small, f"{small} queries with 4 sites, {large} with 6"
    assert large <= 20


def test_member_home_queries_do_not_grow_with_items(client, cluster):
    fill(cluster.edu, 1)
    small = count_queries(client, cluster.edu, "/")
    fill(cluster.edu, 8)
    assert count_queries(client, cluster.edu, "/") == small


def test_column_list_queries_do_not_grow_with_items(client, cluster):
    parent = column(cluster.health, "gzdt")
    add_article(parent, "唯一一条")
    small = count_queries(client, cluster.health, "/gzdt/")
    for number in range(22):
        add_article(parent, f"动态{number}")
    large = count_queries(client, cluster.health, "/gzdt/")
    assert large == small
    assert large <= 20


def test_article_queries_do_not_grow_with_sites(client, cluster):
    article = add_article(column(cluster.banner, "gzdt"), "旗县文章")
    path = article.get_url_parts()[2]
    small = count_queries(client, cluster.banner, path)
    add_members(2, 200)
    assert count_queries(client, cluster.banner, path) == small
    assert small <= 20


def test_site_map_queries_do_not_grow_with_columns(client, cluster):
    small = count_queries(client, cluster.edu, "/wzdt/")
    news = column(cluster.edu, "gzdt")
    from sites.models import ColumnPage

    for number in range(5):
        news.add_child(
            instance=ColumnPage(title=f"子栏目{number}", slug=f"sub{number}")
        )
    assert count_queries(client, cluster.edu, "/wzdt/") == small
