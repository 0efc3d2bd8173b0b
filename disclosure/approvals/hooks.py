"""How approval notices plug into the cluster: the admin desk (viewsets), column links
and compliance checks (imported by ``disclosure/wagtail_hooks.py``)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from sites.desk_viewsets import moved

from .desk.data import DecisionViewSet, TokenViewSet, UploadViewSet
from .desk.supervision import SupervisionViewSet

# Standard columns (slug, depth) that link to the public lists, and the link.
COLUMN_LINKS = {
    ("zwfw", 3): ("办件公示", "approvals:case_list", ""),
    ("xxgk", 3): ("双公示", "approvals:decision_list", ""),
    ("xzxk", 5): ("双公示", "approvals:decision_list", "?kind=licence"),
    ("xzcf", 5): ("双公示", "approvals:decision_list", "?kind=penalty"),
}
# The desk's pages before it was made of viewsets (bookmarks): the old name, the
# address and where the page is now. Registered after the viewsets, so that an
# address that did not move is theirs and its old name still reverses.
OLD_URLS = {
    "supervision": ("supervision/", "supervision:index"),
    "alert_detail": ("supervision/<int:pk>/", "supervision:inspect"),
    "supervision_export": ("supervision/export.xlsx", "supervision:index?export=xlsx"),
    "case_detail": ("cases/<int:pk>/", "supervision:case"),
    "upload": ("upload/", "upload:index"),
    "upload_template": ("upload/<str:kind>-template.csv", "upload:template"),
    "decisions": ("decisions/", "decisions:index"),
    "decision_change": ("decisions/<int:pk>/change/", "decisions:edit"),
    "tokens": ("tokens/", "tokens:index"),
    "token_revoke": ("tokens/<int:pk>/revoke/", "tokens:revoke"),
}


class ApprovalsDesk(ViewSetGroup):
    menu_label = "审批公示"
    menu_icon = "tasks"
    menu_order = 910
    items = (SupervisionViewSet, UploadViewSet, DecisionViewSet, TokenViewSet)


@hooks.register("register_admin_viewset")
def register_approvals_desk():
    return ApprovalsDesk()


@hooks.register("register_admin_urls", order=1)
def keep_old_approvals_urls():
    urls = []
    for old, (route, new) in OLD_URLS.items():
        name, _, query = new.partition("?")
        view = moved(f"approvals_{name}", query)
        urls.append(path(f"approvals/{route}", view, name=f"approvals_{old}"))
    return urls


@hooks.register("cluster_column_links")
def link_approval_notices(column, request):
    link = COLUMN_LINKS.get((column.slug, column.depth))
    return [(link[0], reverse(link[1]) + link[2])] if link else []


@hooks.register("cluster_compliance_checks")
def approval_checks():
    from .compliance import checks

    return checks()


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
