"""Admin entries of 信息公开年报 (imported by ``wagtail_hooks``)."""

from wagtail import hooks

from disclosure.annual_report.desk import annual_report_viewset


@hooks.register("register_admin_viewset")
def register_report_desk():
    return annual_report_viewset


@hooks.register("register_log_actions")
def register_report_log_actions(actions):
    actions.register_action(
        "disclosure.annual_report.generate", "生成年度报告", "已生成"
    )
    actions.register_action(
        "disclosure.annual_report.regenerate", "重新生成年度报告", "已重新生成"
    )
    actions.register_action("disclosure.annual_report.edit", "修改年度报告", "已修改")
    actions.register_action(
        "disclosure.annual_report.published", "发布年度报告", "已发布"
    )
    actions.register_action(
        "disclosure.annual_report.submitted", "提交年度报告审核", "已提交审核"
    )
    actions.register_action("disclosure.annual_report.export", "导出年度报告", "已导出")
