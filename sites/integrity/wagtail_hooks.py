from django.urls import path
from wagtail import hooks


@hooks.register("cluster_compliance_checks")
def integrity_checks():
    from .compliance import TamperCheck

    return [TamperCheck()]


@hooks.register("register_admin_urls")
def integrity_urls():
    from .views import alarm_list

    return [path("supervision/tamper/", alarm_list, name="integrity_alarms")]
