"""Signal receivers of the cluster core (connected in SitesConfig.ready)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import ModelLogEntry, PageLogEntry


@receiver(post_migrate)
def create_cluster_groups(sender, app_config=None, **kwargs):
    # Permissions are created per app on post_migrate; wait for the last app so
    # that every permission the cluster roles need exists.
    if app_config is None or app_config is not list(apps.get_app_configs())[-1]:
        return
    from .services.roles import ensure_cluster_groups

    ensure_cluster_groups()


@receiver(m2m_changed, sender=get_user_model().groups.through)
def enforce_separation_of_duties(sender, instance, action, pk_set, reverse, **kwargs):
    """Last line of defence for 三员分立 when groups are assigned outside the forms."""
    if action != "pre_add" or reverse or not pk_set:
        return
    from django.contrib.auth.models import Group

    from .services.roles import separation_error

    names = set(instance.groups.values_list("name", flat=True))
    names |= set(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
    error = separation_error(names)
    if error:
        raise ValidationError(error)


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    from .audit import record

    record("cluster.login", user=user, request=request)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    from .audit import record

    record("cluster.logout", user=user, request=request)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    from .audit import record

    # Only the name typed in: never the password or anything else submitted.
    record(
        "cluster.login_failed",
        username=str(credentials.get("username", "")),
        request=request,
    )


@receiver(post_save, sender=PageLogEntry)
@receiver(post_save, sender=ModelLogEntry)
def audit_wagtail_log_entry(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .audit import mirror_log_entry

        mirror_log_entry(instance)
