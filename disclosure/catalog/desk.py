"""The supervisors' per-agency list of items published late under Art. 26 (R30).

监督员 and 集群管理员 see every site; a site's ·站点管理员 sees their own
site; others are refused (the dashboard's rule, ``visible_site_ids``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone

from disclosure.catalog.timeliness import (
    LOOKBACK_DAYS,
    TERM_WORKING_DAYS,
    by_agency,
    late_items,
)
from sites.compliance.runner import cluster_sites
from sites.compliance.views import visible_site_ids


def late_publication_list(request):
    site_ids = visible_site_ids(request.user)
    if site_ids == set():
        raise PermissionDenied
    sites = cluster_sites()
    if site_ids is not None:
        sites = [s for s in sites if s.pk in site_ids]
    today = timezone.localdate()
    names = {s.pk: s.site_name for s in sites}
    groups = [
        {"site": names[site_id], "agency": agency, "items": items}
        for (site_id, agency), items in sorted(
            by_agency(late_items(sites, today)).items(),
            key=lambda pair: (names[pair[0][0]], pair[0][1]),
        )
    ]
    return TemplateResponse(
        request,
        "disclosure/admin/late_publications.html",
        {
            "groups": groups,
            "today": today,
            "lookback_days": LOOKBACK_DAYS,
            "term": TERM_WORKING_DAYS,
        },
    )
