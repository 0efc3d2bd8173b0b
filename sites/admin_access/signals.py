"""Auth signals feeding the lockout (connected in SitesConfig.ready)."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import lockout
from .middleware import LAST_ACTIVITY


@receiver(user_login_failed)
def count_failed_login(sender, credentials, request=None, **kwargs):
    lockout.register_failure(str(credentials.get("username") or ""), request)


@receiver(user_logged_in)
def clear_failed_logins(sender, request, user, **kwargs):
    lockout.register_success(user.get_username())


@receiver(user_logged_in)
def start_idle_clock(sender, request, user, **kwargs):
    import time

    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = int(time.time())
