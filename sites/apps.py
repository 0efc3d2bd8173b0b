from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "sites"
    label = "sites"
    verbose_name = "站群核心"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from . import (
            key_check,  # noqa: F401  (registers the system check)
            signals,
            workflow_mail,
        )
        from .admin_access import checks  # noqa: F401  (registers the system check)
        from .admin_access import signals as access_signals  # noqa: F401
        from .services.dates import keep_true_publish_date

        # Before the cache and index receivers, so they see the true date.
        page_published.connect(keep_true_publish_date, dispatch_uid="true_publish_date")
        signals.connect_page_cache()
        workflow_mail.connect()
