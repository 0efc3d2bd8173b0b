"""Admin entries of the disclosure app: the 依申请公开 case desk (and, from
``report_hooks``, the annual reports)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import (
    casework_views,
    report_hooks,  # noqa: F401  (registers 信息公开年报)
)


@hooks.register("register_admin_urls")
def register_application_urls():
    return [
        path(
            "disclosure/applications/",
            casework_views.application_list,
            name="disclosure_application_list",
        ),
        path(
            "disclosure/applications/<int:pk>/",
            casework_views.application_detail,
            name="disclosure_application_detail",
        ),
        path(
            "disclosure/applications/<int:pk>/<str:action>/",
            casework_views.application_action,
            name="disclosure_application_action",
        ),
    ]


class ApplicationMenuItem(MenuItem):
    def is_shown(self, request):
        return casework_views.may_use(request.user)


@hooks.register("register_admin_menu_item")
def register_application_menu_item():
    return ApplicationMenuItem(
        "依申请公开",
        reverse("disclosure_application_list"),
        icon_name="mail",
        order=900,
    )
