"""How approval notices plug into the cluster: admin pages and menu, column links,
compliance checks and demo data (imported by ``disclosure/wagtail_hooks.py``)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from disclosure.approvals import desk as admin_views

# Standard columns (slug, depth) that link to the public lists.
CASE_COLUMNS = {("zwfw", 3)}
DECISION_COLUMNS = {("xxgk", 3), ("xzxk", 5), ("xzcf", 5)}


@hooks.register("register_admin_urls")
def register_approval_admin_urls():
    return [
        path("approvals/supervision/", admin_views.supervision_list,
             name="approvals_supervision"),
        path("approvals/supervision/<int:pk>/", admin_views.alert_detail,
             name="approvals_alert_detail"),
        path("approvals/supervision/export.xlsx", admin_views.supervision_export,
             name="approvals_supervision_export"),
        path("approvals/cases/<int:pk>/", admin_views.case_detail,
             name="approvals_case_detail"),
        path("approvals/upload/", admin_views.upload, name="approvals_upload"),
        path("approvals/decisions/", admin_views.decision_list,
             name="approvals_decisions"),
        path("approvals/decisions/<int:pk>/change/", admin_views.decision_change,
             name="approvals_decision_change"),
        path("approvals/upload/<str:kind>-template.csv", admin_views.upload_template,
             name="approvals_upload_template"),
        path("approvals/tokens/", admin_views.tokens, name="approvals_tokens"),
        path("approvals/tokens/<int:pk>/revoke/", admin_views.token_revoke,
             name="approvals_token_revoke"),
    ]  # fmt: skip


def _access(request) -> tuple[bool, bool]:
    """(may watch, may manage), worked out once per request: the menu is on every
    admin page and asks four times."""
    if not hasattr(request, "_approvals_access"):
        request._approvals_access = admin_views.access(request.user)
    return request._approvals_access


class _WatchItem(MenuItem):
    def is_shown(self, request):
        return _access(request)[0]


class _ManageItem(MenuItem):
    def is_shown(self, request):
        return _access(request)[1]


class _ApprovalsMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return _access(request)[0]


@hooks.register("register_admin_menu_item")
def register_approvals_menu():
    menu = Menu(
        items=[
            _WatchItem(
                "电子监察",
                reverse("approvals_supervision"),
                icon_name="warning",
                order=10,
            ),
            _ManageItem(
                "导入数据", reverse("approvals_upload"), icon_name="upload", order=20
            ),
            _ManageItem(
                "双公示决定",
                reverse("approvals_decisions"),
                icon_name="list-ul",
                order=25,
            ),
            _ManageItem(
                "接口令牌", reverse("approvals_tokens"), icon_name="key", order=30
            ),
        ]  # fmt: skip
    )
    return _ApprovalsMenu("审批公示", menu, icon_name="tasks", order=910)


@hooks.register("cluster_column_links")
def link_approval_notices(column, request):
    key = (column.slug, column.depth)
    links = []
    if key in CASE_COLUMNS:
        links.append(("办件公示", reverse("approvals:case_list")))
    if key in DECISION_COLUMNS:
        url = reverse("approvals:decision_list")
        if column.slug == "xzxk":
            url += "?kind=licence"
        elif column.slug == "xzcf":
            url += "?kind=penalty"
        links.append(("双公示", url))
    return links


@hooks.register("cluster_compliance_checks")
def approval_checks():
    from .compliance import checks

    return checks()


@hooks.register("cluster_seed_demo")
def seed_approvals_demo(sites, stdout):
    from .demo import seed_demo_approvals

    seed_demo_approvals(sites, stdout)


@hooks.register("cluster_website_report_figures")
def approval_report_figures(site, year):
    """办件量 for the 政府网站工作年度报表 (REQUIREMENTS §1.9), when the site keeps cases."""
    from .statistics import case_counts

    counts = case_counts([site.pk], year)[site.pk]
    if not counts["total"]:
        return {}
    return {
        "cases_total": counts["total"],
        "cases_person": counts["natural"],
        "cases_legal": counts["legal"],
    }


@hooks.register("register_log_actions")
def register_approvals_actions(actions):
    for action, label in (
        ("approvals_import", "导入审批公示"),
        ("approvals_supervision_export", "导出审批公示监管数据"),
        ("approvals_token_created", "创建数据接口令牌"),
        ("approvals_token_revoked", "停用数据接口令牌"),
        ("approvals_disposition", "处置审批公示预警"),
        ("approvals_decision_status", "变更/撤销双公示决定"),
    ):
        actions.register_action(f"disclosure.{action}", label, label)
