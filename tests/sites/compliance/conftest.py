"""Helpers of the compliance (网站监管) tests."""

import pytest
from django.utils import timezone

from sites.services.provisioning import SiteRole, site_groups
from sites.services.roles import CLUSTER_ADMIN, SUPERVISOR


def result(check, cluster, site, today=None):
    """Run ``check`` over the whole test cluster and return ``site``'s result."""
    return check.run(cluster.all, today or timezone.localdate())[site.pk]


@pytest.fixture
def roles(cluster, make_user):
    from django.contrib.auth.models import Group

    edu = site_groups(cluster.edu.site_name)
    return {
        "supervisor": make_user("jd-supervisor", Group.objects.get(name=SUPERVISOR)),
        "cluster_admin": make_user("jd-admin", Group.objects.get(name=CLUSTER_ADMIN)),
        "site_admin": make_user("jd-edu-admin", edu[SiteRole.SITE_ADMIN]),
        "editor": make_user("jd-edu-editor", edu[SiteRole.EDITOR]),
    }
