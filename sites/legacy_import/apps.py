from django.apps import AppConfig


class LegacyImportConfig(AppConfig):
    name = "sites.legacy_import"
    label = "legacy_import"
    verbose_name = "旧站迁移"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import LegacyHost
        from .redirects import forget_host

        post_save.connect(forget_host, sender=LegacyHost)
        post_delete.connect(forget_host, sender=LegacyHost)
