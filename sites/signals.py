"""Signal receivers of the cluster core (connected in SitesConfig.ready)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed, post_migrate
from django.dispatch import receiver


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
