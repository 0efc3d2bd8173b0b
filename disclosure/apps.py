from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "政府信息公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from disclosure.catalog import system_checks as checks  # noqa: F401

        from . import signals  # noqa: F401
