"""Fixtures of the disclosure tests."""

import pytest

from sites.services.provisioning import SiteRole, site_groups


@pytest.fixture
def people(cluster, make_user):
    groups = site_groups(cluster.edu.site_name)
    return {
        "handler": make_user("gk-handler", groups[SiteRole.DISCLOSURE_HANDLER]),
        "head": make_user("gk-head", groups[SiteRole.SITE_ADMIN]),
        "other_handler": make_user(
            "gk-other",
            site_groups(cluster.health.site_name)[SiteRole.DISCLOSURE_HANDLER],
        ),
    }
