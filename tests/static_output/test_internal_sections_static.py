"""An internal section (内部栏目, issue #21 item 3) is never written as a static
file: nginx would serve it to anyone without asking the application."""

import pytest
from wagtail.models import PageViewRestriction

from sites.models import ColumnPage
from sites.models.roles import SiteRole
from sites.services.site_roles import site_roles
from tests.conftest import add_article

from .conftest import run_writer, snapshot

pytestmark = pytest.mark.django_db


def test_making_a_section_internal_removes_its_files(exported, cluster):
    section = ColumnPage(title="内部通知", slug="nbtz", show_in_menus=True)
    cluster.edu.root_page.add_child(instance=section)
    section.save_revision().publish()
    article = add_article(section, "内部值班安排甲乙丙")
    article.save_revision().publish()
    run_writer()
    host = cluster.edu.hostname
    assert f"{host}/nbtz/" in snapshot()

    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([site_roles.group(cluster.edu, SiteRole.INTERNAL_READER)])
    run_writer()
    files = snapshot()
    assert not [address for address in files if "/nbtz/" in address]
    assert not [
        address
        for address, body in files.items()
        if "内部值班安排甲乙丙".encode() in body
    ]
