"""The page-cache hit path (issue 15 item 2, embedded profile): a hit finds its
site in the shared cache — no database query, no connection — and a changed
host is looked up again."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_a_hit_runs_no_query(client, cluster):
    host = cluster.edu.hostname
    assert client.get("/", HTTP_HOST=host)["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        hit = client.get("/", HTTP_HOST=host)
    assert hit["X-Page-Cache"] == "hit"
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_a_host_moved_to_another_site_is_looked_up_again(client, cluster):
    old_host = cluster.health.hostname
    health_home = client.get("/", HTTP_HOST=old_host).content
    assert client.get("/", HTTP_HOST=old_host)["X-Page-Cache"] == "hit"
    # The health site gets a new name; its old name now falls to the default
    # site (the portal), which must not be answered from the health site's copy.
    cluster.health.hostname = "wjw-new.bj.example.gov.cn"
    cluster.health.save()
    moved = client.get("/", HTTP_HOST=old_host).content
    assert moved != health_home
    cache.clear()
    assert moved == client.get("/", HTTP_HOST=old_host).content  # as rendered now
    renamed = client.get("/", HTTP_HOST="wjw-new.bj.example.gov.cn")
    assert cluster.health.site_name in renamed.content.decode()
