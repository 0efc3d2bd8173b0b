"""Admin hooks of the cluster core: the create-site view and its menu entry."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import calendar_admin  # noqa: F401  (registers the working-day calendar)
from .admin_views import CreateSiteView
from .audit_views import AUDIT_PERMISSION, AuditLogView
from .isolation import limit_pages_to_own_sites


@hooks.register("register_admin_urls")
def register_create_site_url():
    return [
        path(
            "cluster/create-site/", CreateSiteView.as_view(), name="sites_create_site"
        ),
        path("cluster/audit-log/", AuditLogView.as_view(), name="sites_audit_log"),
        path(
            "cluster/audit-log/results/",
            AuditLogView.as_view(results_only=True),
            name="sites_audit_log_results",
        ),
    ]


class ClusterAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("sites.create_site")


@hooks.register("register_admin_menu_item")
def register_create_site_menu_item():
    return ClusterAdminMenuItem(
        "创建站点", reverse("sites_create_site"), icon_name="site", order=1000
    )


def _refuse_site_root(request, page, action):
    """A site's home page is the site: deleting or moving it would take the Site,
    its profile and every column with it, so no page permission allows that."""
    if page.depth == 2 and not request.user.is_superuser:
        messages.error(
            request,
            f"“{page.title}”是网站首页，不能{action}。停用或删除网站请联系集群管理员。",
        )
        return redirect("wagtailadmin_explore", page.pk)
    return None


@hooks.register("before_delete_page")
def refuse_deleting_site_roots(request, page):
    return _refuse_site_root(request, page, "删除")


@hooks.register("before_move_page")
def refuse_moving_site_roots(request, page, destination):
    return _refuse_site_root(request, page, "移动")


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_own_sites(pages, request):
    return limit_pages_to_own_sites(pages, request)


class AuditLogMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(AUDIT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_audit_log_menu_item():
    return AuditLogMenuItem(
        "审计日志", reverse("sites_audit_log"), icon_name="history", order=1010
    )
