from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "sites"
    label = "sites"
    verbose_name = "站群核心"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals
        from .admin_access import checks  # noqa: F401  (registers the system check)
        from .admin_access import signals as access_signals  # noqa: F401

        signals.connect_page_cache()
