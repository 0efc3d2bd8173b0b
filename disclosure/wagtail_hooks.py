"""How disclosure plugs into the cluster core (sites never imports disclosure)."""

from django.urls import reverse
from wagtail import hooks

# The standard columns whose side navigation links to the catalog: 政府信息公开 and
# its 法定主动公开内容, at their standard depth (root, home, xxgk, fdzdgk).
CATALOG_COLUMNS = {("xxgk", 3), ("fdzdgk", 4)}


@hooks.register("cluster_column_links")
def link_the_catalog(column, request):
    if (column.slug, column.depth) in CATALOG_COLUMNS:
        return [("政府信息公开目录", reverse("disclosure_catalog:catalog"))]
    return []


@hooks.register("cluster_seed_demo")
def seed_disclosure_demo(sites, stdout):
    from .demo import seed_demo_items

    seed_demo_items(sites, stdout)
