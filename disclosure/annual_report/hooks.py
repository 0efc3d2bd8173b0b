"""Admin entries of 信息公开年报 (imported by ``wagtail_hooks``)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from disclosure.annual_report import desk as views
from disclosure.annual_report.permissions import may_use_reports


@hooks.register("register_admin_urls")
def register_report_urls():
    prefix = "disclosure/annual-reports"
    return [
        path(f"{prefix}/", views.report_list, name="disclosure_report_list"),
        path(
            f"{prefix}/generate/",
            views.report_generate,
            name="disclosure_report_generate",
        ),
        path(
            f"{prefix}/<int:pk>/", views.report_detail, name="disclosure_report_detail"
        ),
        path(
            f"{prefix}/<int:pk>/regenerate/",
            views.report_regenerate,
            name="disclosure_report_regenerate",
        ),
        path(
            f"{prefix}/<int:pk>/publish/",
            views.report_publish,
            name="disclosure_report_publish",
        ),
        path(
            f"{prefix}/<int:pk>/xlsx/", views.report_xlsx, name="disclosure_report_xlsx"
        ),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_reports(request.user)


@hooks.register("register_admin_menu_item")
def register_report_menu_item():
    return ReportMenuItem(
        "信息公开年报",
        reverse("disclosure_report_list"),
        icon_name="table",
        order=910,
    )


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
