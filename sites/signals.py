"""Signal receivers of the cluster core (connected in SitesConfig.ready)."""

from django.apps import apps
from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def create_cluster_groups(sender, app_config=None, **kwargs):
    # Permissions are created per app on post_migrate; wait for the last app so
    # that every permission the cluster roles need exists.
    if app_config is None or app_config is not list(apps.get_app_configs())[-1]:
        return
    from .services.roles import ensure_cluster_groups

    ensure_cluster_groups()
