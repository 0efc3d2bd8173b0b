"""How approval notices plug into the cluster: the admin desk (viewsets), column links
and compliance checks (imported by ``disclosure/wagtail_hooks.py``)."""

from django.urls import reverse
from wagtail import hooks

from .desk import OLD_URLS, ApprovalsDesk

# Standard columns (slug, depth) that link to the public lists.
CASE_COLUMNS = {("zwfw", 3)}
DECISION_COLUMNS = {("xxgk", 3), ("xzxk", 5), ("xzcf", 5)}


@hooks.register("register_admin_viewset")
def register_approvals_desk():
    return ApprovalsDesk()


@hooks.register("register_admin_urls")
def keep_old_approvals_urls():
    return OLD_URLS


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
