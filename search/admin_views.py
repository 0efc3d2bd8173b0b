"""检索统计: frequent and zero-result queries per site. Site admins see their
own sites; 集群管理员, 监督员 (and superusers) see every site."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from wagtail.models import Site

from sites.isolation import is_cluster_wide
from sites.services.site_roles import SiteRole, site_roles

from . import analytics
from .backends.base import IndexUnavailable
from .backends.whoosh_cn import ChineseWhooshBackend
from .models import IndexTask

# Whoosh holds its whole vocabulary in every web worker: at 20,000 documents a
# worker took 1 GB and queries 0.6–2 s (README). Past this size the admin page
# advises the SQLite FTS5 engine.
WHOOSH_ADVISED_MAX_DOCUMENTS = 5000
PERIODS = (7, 30, 90, 365)


def visible_sites(user):
    """The sites whose analytics ``user`` may read (a queryset)."""
    if not user.is_authenticated:
        return Site.objects.none()
    if is_cluster_wide(user):
        return Site.objects.all()
    return Site.objects.filter(pk__in=site_roles.site_ids(user, SiteRole.SITE_ADMIN))


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
        context["engine_advice"] = engine_advice()
        context["queue_length"] = IndexTask.objects.count()
        context["failing"] = list(
            IndexTask.objects.filter(attempts__gt=0).order_by("-updated_at")[:20]
        )
    return render(request, "search/admin/analytics.html", context)


def engine_advice() -> str:
    """A notice for the cluster admin when a Whoosh index (no longer the default,
    still available) outgrew what Whoosh serves well."""
    from haystack import connections

    backend = connections["default"].get_backend()
    if not isinstance(backend, ChineseWhooshBackend):
        return ""
    try:
        count = backend.document_count()
    except IndexUnavailable:
        return ""
    if count <= WHOOSH_ADVISED_MAX_DOCUMENTS:
        return ""
    return (
        f"检索索引已有 {count} 篇文档，超过 Whoosh 引擎适用的规模"
        f"（约 {WHOOSH_ADVISED_MAX_DOCUMENTS} 篇），检索会变慢、占用内存增多。"
        "建议设置 SEARCH_ENGINE=sqlite 后运行 manage.py rebuild_index --noinput。"
    )
