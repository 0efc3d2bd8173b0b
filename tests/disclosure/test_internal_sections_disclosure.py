"""A disclosure item inside an internal section (内部栏目, issue #21 item 3) is
in no public channel of 政府信息公开: not the 公开目录 or its exports, not the
open-data list or its item URL."""

import pytest
from wagtail.models import PageViewRestriction

from sites.models.roles import SiteRole
from sites.services.site_roles import site_roles
from tests.disclosure.catalog_data import give_agency_codes, publish_item

pytestmark = pytest.mark.django_db


def test_an_internal_item_is_in_no_disclosure_channel(client, cluster):
    give_agency_codes(cluster)
    shown = publish_item(cluster.edu, "公开的学校安全办法")
    hidden = publish_item(cluster.edu, "内部的值班排班表")
    number = hidden.index_number
    assert number
    restriction = PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([site_roles.group(cluster.edu, SiteRole.INTERNAL_READER)])

    for site in (cluster.edu, cluster.portal):
        host = site.hostname
        for path in (
            "/xxgk/gkml/",
            "/xxgk/gkml/export.csv",
            "/xxgk/gkml/export.json",
            "/open-data/disclosure.json",
        ):
            response = client.get(path, HTTP_HOST=host)
            assert response.status_code == 200, (host, path)
            body = (
                b"".join(response.streaming_content)
                if response.streaming
                else response.content
            ).decode("utf-8-sig")
            assert "内部的值班排班表" not in body, (host, path)
            assert number not in body, (host, path)
        assert (
            shown.title
            in client.get(
                "/xxgk/gkml/", HTTP_HOST=cluster.edu.hostname
            ).content.decode()
        )
    response = client.get(
        f"/open-data/disclosure/{number}.json", HTTP_HOST=cluster.portal.hostname
    )
    assert response.status_code == 404
