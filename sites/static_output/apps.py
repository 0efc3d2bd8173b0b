from django.apps import AppConfig


class StaticOutputConfig(AppConfig):
    name = "sites.static_output"
    label = "static_output"
    verbose_name = "静态化发布"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
