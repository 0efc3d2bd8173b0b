"""Internal sections (内部栏目, issue #21 item 3) are never in the cluster search:
not for the public, not for their own readers (search pages are shared by
everyone and their results are not per reader)."""

from django.test import Client
from wagtail.models import PageViewRestriction

from sites.models import ColumnPage
from sites.models.roles import SiteRole
from sites.services.site_roles import site_roles
from tests.conftest import add_article

from .conftest import index_now
from .helpers import search


def test_an_internal_section_is_never_found(client, cluster, engine, make_user):
    section = ColumnPage(title="内部通知", slug="nbtz")
    cluster.edu.root_page.add_child(instance=section)
    section.save_revision().publish()
    article = add_article(section, "内部防汛值班安排")
    article.save_revision().publish()
    public = add_article(section.get_parent(), "公开防汛工作部署")
    public.save_revision().publish()
    index_now()
    assert set(search(client, cluster.edu, q="防汛")[1]) == {
        "内部防汛值班安排",
        "公开防汛工作部署",
    }

    group = site_roles.group(cluster.edu, SiteRole.INTERNAL_READER)
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    index_now()
    reader = Client()
    reader.force_login(make_user("edu-reader", group))
    for who in (client, reader):
        for site in (cluster.edu, cluster.portal):
            assert search(who, site, q="防汛")[1] == ["公开防汛工作部署"]
