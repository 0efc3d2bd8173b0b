from django.urls import path
from wagtail import hooks

from .compliance import TamperCheck
from .views import alarm_list


@hooks.register("cluster_compliance_checks")
def integrity_checks():
    return [TamperCheck()]


@hooks.register("register_admin_urls")
def integrity_urls():
    return [path("supervision/tamper/", alarm_list, name="integrity_alarms")]


@hooks.register("register_log_actions")
def register_integrity_actions(actions):
    actions.register_action("integrity.baseline", "建立页面防篡改基线", "已建立基线")
    actions.register_action("integrity.tamper_detected", "发现页面被篡改", "发现篡改")
    actions.register_action("integrity.restored", "恢复被篡改页面", "已恢复")
