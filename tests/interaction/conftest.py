"""Fixtures of the 政民互动 tests: handlers of the portal's mailbox and of two
departments, and a supervisor."""

import pytest
from django.contrib.auth.models import Group

from sites.services.provisioning import SiteRole, site_groups
from sites.services.roles import SUPERVISOR


@pytest.fixture
def people(cluster, make_user):
    def handler(site, name, **extra):
        return make_user(
            name, site_groups(site.site_name)[SiteRole.LETTER_HANDLER], **extra
        )

    return {
        "portal": handler(cluster.portal, "xx-portal", email="xx@bj.example.gov.cn"),
        "portal2": handler(cluster.portal, "xx-portal-2"),
        "edu": handler(cluster.edu, "xx-edu", email="xx@jyj.example.gov.cn"),
        "health": handler(cluster.health, "xx-health", email="xx@wjw.example.gov.cn"),
        "supervisor": make_user("jdy", Group.objects.get(name=SUPERVISOR)),
        "edu_editor": make_user(
            "edu-editor", site_groups(cluster.edu.site_name)[SiteRole.EDITOR]
        ),
        # The 审核 of each mailbox's site: they review the replies (issue 17 item 4).
        "portal_reviewer": make_user(
            "sh-portal", site_groups(cluster.portal.site_name)[SiteRole.REVIEWER]
        ),
        "edu_reviewer": make_user(
            "sh-edu", site_groups(cluster.edu.site_name)[SiteRole.REVIEWER]
        ),
    }


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit and lock counters live in the cache: each test starts clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
