"""Admin URLs and menu entry of admin access (imported by sites/wagtail_hooks.py)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import otp_views, security_views


@hooks.register("register_admin_urls")
def register_admin_access_urls():
    return [
        path("otp/verify/", otp_views.verify, name="cluster_otp_verify"),
        path("otp/setup/", otp_views.setup, name="cluster_otp_setup"),
        path(
            "cluster/login-locks/",
            security_views.login_locks,
            name="cluster_login_locks",
        ),
        path(
            "cluster/login-locks/<int:pk>/unlock/",
            security_views.unlock,
            name="cluster_login_unlock",
        ),
        path(
            "cluster/otp-reset/",
            security_views.reset_second_factor,
            name="cluster_otp_reset",
        ),
    ]


class SecurityAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return security_views.is_security_admin(request.user)


@hooks.register("register_admin_menu_item")
def register_login_locks_menu_item():
    return SecurityAdminMenuItem(
        "登录安全", reverse("cluster_login_locks"), icon_name="lock", order=1020
    )
