"""检索统计: frequent and zero-result queries per site. Site admins see their
own sites; 集群管理员, 监督员 (and superusers) see every site."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from wagtail.models import Site

from sites.isolation import is_cluster_wide
from sites.services.provisioning import SiteRole

from . import analytics
from .models import IndexTask

ADMIN_SUFFIX = f"·{SiteRole.SITE_ADMIN}"
PERIODS = (7, 30, 90, 365)


def visible_sites(user):
    """The sites whose analytics ``user`` may read (a queryset)."""
    if not user.is_authenticated:
        return Site.objects.none()
    if is_cluster_wide(user):
        return Site.objects.all()
    names = [
        name[: -len(ADMIN_SUFFIX)]
        for name in user.groups.filter(name__endswith=ADMIN_SUFFIX).values_list(
            "name", flat=True
        )
    ]
    return Site.objects.filter(site_name__in=names)


def analytics_view(request):
    sites = list(visible_sites(request.user).order_by("site_name"))
    if not sites:
        raise PermissionDenied
    by_pk = {site.pk: site for site in sites}
    try:
        chosen = by_pk.get(int(request.GET.get("site", "")))
    except ValueError:
        chosen = None
    chosen = chosen or sites[0]
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    days = days if days in PERIODS else 30
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    context = {
        "sites": sites,
        "chosen": chosen,
        "days": days,
        "periods": PERIODS,
        "frequent": analytics.top_queries([chosen.pk], since),
        "zero": analytics.top_queries([chosen.pk], since, zero_only=True),
    }
    if is_cluster_wide(request.user):
        context["queue_length"] = IndexTask.objects.count()
        context["failing"] = list(
            IndexTask.objects.filter(attempts__gt=0).order_by("-updated_at")[:20]
        )
    return render(request, "search/admin/analytics.html", context)
