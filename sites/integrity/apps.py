from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "sites.integrity"
    label = "integrity"
    verbose_name = "网页防篡改"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ..audit_labels import CLUSTER_ACTIONS
        from . import signals

        CLUSTER_ACTIONS.update(
            {
                "integrity.tamper_detected": "发现网页被篡改",
                "integrity.restored": "恢复被篡改的内容",
                "integrity.baseline": "建立防篡改基准",
            }
        )
        signals.connect()
