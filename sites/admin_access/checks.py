"""No superuser in production (三员分立, R75; issue #13 item 5).

With ``ADMIN_FORBID_SUPERUSER`` (on in the production profile) a superuser in the
database is an Error of Django's system checks (``manage.py check``, runserver,
migrate refuse) and stops every app worker at start-up (the admin middleware
calls ``refuse_superusers_at_start_up`` when the application is loaded).
``manage.py report_superusers`` lists them; the three administrators cover what
a superuser did (``services/roles.py``).
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError


def superuser_names() -> list[str] | None:
    """Usernames of the superusers, or None when the database cannot say (not
    migrated yet)."""
    from django.contrib.auth import get_user_model

    try:
        return sorted(
            get_user_model()
            .objects.filter(is_superuser=True)
            .values_list("username", flat=True)
        )
    except DatabaseError:
        return None


def _message(names) -> str:
    return (
        "生产环境不允许存在超级用户（三员分立），请改用系统管理员、安全管理员和审计管理员账号："
        + "、".join(names)
        + "。用 `manage.py report_superusers --demote` 取消其超级用户身份。"
    )


@checks.register(checks.Tags.security)
def check_no_superuser(app_configs=None, databases=None, **kwargs):
    if not getattr(settings, "ADMIN_FORBID_SUPERUSER", False):
        return []
    names = superuser_names()
    if not names:
        return []
    return [checks.Error(_message(names), id="sites.E101")]


def refuse_superusers_at_start_up() -> None:
    if getattr(settings, "ADMIN_FORBID_SUPERUSER", False):
        names = superuser_names()
        if names:
            raise ImproperlyConfigured(_message(names))
