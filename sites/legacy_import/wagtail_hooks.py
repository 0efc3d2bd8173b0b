from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import JobView, StartImportView


@hooks.register("register_admin_urls")
def register_legacy_import_urls():
    return [
        path("cluster/legacy-import/", StartImportView.as_view(), name="legacy_import"),
        path(
            "cluster/legacy-import/<int:job_id>/",
            JobView.as_view(),
            name="legacy_import_job",
        ),
    ]


class ClusterAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("sites.create_site")


@hooks.register("register_admin_menu_item")
def register_legacy_import_menu_item():
    return ClusterAdminMenuItem(
        "旧站迁移", reverse("legacy_import"), icon_name="download", order=1010
    )
