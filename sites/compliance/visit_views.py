"""访问统计 in the admin (R72): a site's ·站点管理员 sees their own sites,
监督员 and 集群管理员 every site. Two queries whatever the number of sites."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone

from ..models import SiteVisitDay
from .runner import cluster_sites
from .views import visible_site_ids

DAYS = 30


def visit_statistics(request):
    site_ids = visible_site_ids(request.user)
    if site_ids == set():
        raise PermissionDenied
    sites = [s for s in cluster_sites() if site_ids is None or s.pk in site_ids]
    last = timezone.localdate() - datetime.timedelta(days=1)
    days = [last - datetime.timedelta(days=n) for n in range(DAYS)]
    counts = {
        (row.site_id, row.day): row
        for row in SiteVisitDay.objects.filter(
            site_id__in=[s.pk for s in sites], day__gte=days[-1], day__lte=last
        )
    }
    rows = []
    for site in sites:
        cells = [counts.get((site.pk, day)) for day in days]
        rows.append(
            {
                "site": site,
                "cells": cells,
                "views": sum(c.page_views for c in cells if c),
                "visitors": sum(c.unique_visitors for c in cells if c),
            }
        )
    return TemplateResponse(
        request,
        "sites/admin/visit_statistics.html",
        {"rows": rows, "days": days, "first": days[-1], "last": last},
    )
