"""Admin hooks of the cluster core: the create-site view and its menu entry."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import calendar_admin  # noqa: F401  (registers the working-day calendar)
from .admin_views import CreateSiteView


@hooks.register("register_admin_urls")
def register_create_site_url():
    return [
        path("cluster/create-site/", CreateSiteView.as_view(), name="sites_create_site")
    ]


class ClusterAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("sites.create_site")


@hooks.register("register_admin_menu_item")
def register_create_site_menu_item():
    return ClusterAdminMenuItem(
        "创建站点", reverse("sites_create_site"), icon_name="site", order=1000
    )
