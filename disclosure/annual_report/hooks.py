"""Admin entries of 信息公开年报 (imported by ``wagtail_hooks``)."""

from wagtail import hooks

from disclosure.annual_report.desk import annual_report_viewset

# The audit log's words for each action on a report: (action, done).
LOG_ACTIONS = {
    "generate": ("生成年度报告", "已生成"),
    "regenerate": ("重新生成年度报告", "已重新生成"),
    "edit": ("修改年度报告", "已修改"),
    "published": ("发布年度报告", "已发布"),
    "submitted": ("提交年度报告审核", "已提交审核"),
    "export": ("导出年度报告", "已导出"),
}


@hooks.register("register_admin_viewset")
def register_report_desk():
    return annual_report_viewset


@hooks.register("register_log_actions")
def register_report_log_actions(actions):
    for name, (label, message) in LOG_ACTIONS.items():
        actions.register_action(f"disclosure.annual_report.{name}", label, message)
