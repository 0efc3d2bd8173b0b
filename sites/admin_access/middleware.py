"""Every /admin/ request passes here (after authentication and OTPMiddleware).

- In production no superuser may use the admin (三员分立, R75): the session is
  ended. The start-up refusal is in ``checks.py``.
- An admin session idle longer than ``ADMIN_IDLE_TIMEOUT_SECONDS`` is logged out.
- With ``ADMIN_2FA_REQUIRED``, a session that has not passed the second factor is
  sent to verification, or to enrolment when the user has no device yet; no other
  admin URL answers it.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse

from .checks import refuse_superusers_at_start_up

LAST_ACTIVITY = "admin_last_activity"
# Views an unverified session may still reach.
OPEN_URL_NAMES = (
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "cluster_otp_verify",
    "cluster_otp_setup",
    # What the enrolment and verification pages themselves load: the icon
    # sprite and the JavaScript translations (the same for every user, no data).
    # Redirected, the sprite was the whole setup page again, drawn a second
    # time under the first (issue #17, found walking the demo in Chromium).
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
)


class AdminAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Runs once per worker when gunicorn or runserver loads the application.
        refuse_superusers_at_start_up()

    def __call__(self, request):
        admin_prefix = reverse("wagtailadmin_home")
        user = getattr(request, "user", None)
        if (
            not request.path.startswith(admin_prefix)
            or user is None
            or not user.is_authenticated
        ):
            return self.get_response(request)
        if user.is_superuser and getattr(settings, "ADMIN_FORBID_SUPERUSER", False):
            logout(request)
            return HttpResponseForbidden(
                "生产环境不允许超级用户登录管理后台（三员分立）。".encode(),
                content_type="text/plain; charset=utf-8",
            )
        if self._idle_too_long(request):
            logout(request)
            messages.warning(request, "长时间未操作，已自动退出，请重新登录。")
            login = reverse("wagtailadmin_login")
            return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
        if getattr(settings, "ADMIN_2FA_REQUIRED", True) and not self._verified(user):
            open_paths = {reverse(name) for name in OPEN_URL_NAMES}
            if request.path not in open_paths:
                from django_otp import devices_for_user

                name = (
                    "cluster_otp_verify"
                    if any(devices_for_user(user, confirmed=True))
                    else "cluster_otp_setup"
                )
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(name)}?{query}")
        return self.get_response(request)

    @staticmethod
    def _verified(user) -> bool:
        is_verified = getattr(user, "is_verified", None)
        return bool(is_verified and is_verified())

    @staticmethod
    def _idle_too_long(request) -> bool:
        timeout = getattr(settings, "ADMIN_IDLE_TIMEOUT_SECONDS", 30 * 60)
        now = int(time.time())
        last = request.session.get(LAST_ACTIVITY)
        if timeout and last is not None and now - int(last) > timeout:
            return True
        # Written at most once a minute: a session save per admin request would
        # cost a query each time for nothing.
        if last is None or now - int(last) >= 60:
            request.session[LAST_ACTIVITY] = now
        return False
