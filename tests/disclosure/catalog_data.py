"""Disclosure items for the catalog, export and open-data tests."""

import datetime

from disclosure.models import DisclosureItem
from sites.models import SiteProfile
from tests.conftest import column

# 机构代码 for the test cluster's sites (the portal already has 11159900MB0000000X).
AGENCY_CODES = {
    "jyj.bj.example.gov.cn": "11159900MB1234567X",
    "wjw.bj.example.gov.cn": "012345678",
    "www.byq.example.gov.cn": "11159921MB7654321Y",
}


def give_agency_codes(cluster):
    for site in cluster.all:
        code = AGENCY_CODES.get(site.hostname)
        if code:
            profile = SiteProfile.for_site(site)
            profile.org_code = code
            profile.save()
    return cluster


def publish_item(site, title, column_slug="fgwj", publish=True, **fields):
    """A DisclosureItem under the site's 法定主动公开内容 sub-column ``column_slug``."""
    item = DisclosureItem(
        title=title,
        body=[("paragraph", f"<p>{title}正文</p>")],
        issuing_agency=fields.pop("issuing_agency", site.site_name),
        written_date=fields.pop("written_date", datetime.date(2026, 11, 2)),
        summary=fields.pop("summary", f"{title}的内容概述"),
        live=False,
        **fields,
    )
    column(site, column_slug).add_child(instance=item)
    if publish:
        item.save_revision().publish()
        item.refresh_from_db()
    return item
