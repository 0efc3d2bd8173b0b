"""Admin hooks of the cluster core: the create-site view and its menu entry."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from . import (
    calendar_admin,  # noqa: F401  (registers the working-day calendar)
    internal_sections,  # noqa: F401  (内部栏目: 403 for logged-in outsiders)
    page_type_rules,  # noqa: F401  (栏目 only by site admins)
    proofing_admin,  # noqa: F401  (错敏字)
    publishing_admin,  # noqa: F401  (紧急发布, 更正发布日期)
)
from .admin_access import hooks as admin_access_hooks  # noqa: F401  (2FA, lockout)
from .admin_views import CreateSiteView, SiteOverviewView, WithdrawPageView
from .audit_views import AUDIT_PERMISSION, AuditLogView
from .compliance import supervision_report_views as supervision_reports
from .compliance import views, visit_views
from .compliance.availability_check import availability_checks
from .compliance.core_checks import core_checks
from .compliance.crawl import crawl_checks
from .compliance.division_check import SiteCodeDivisionCheck
from .compliance.hostname_check import HostnameCheck
from .compliance.views import may_view
from .compliance.website_report_desk import website_report_viewset
from .compliance.yearly_columns_check import YearlyColumnsCheck
from .dashboard_panels import panels_for
from .guide.views import guide
from .isolation import CLUSTER_WIDE_REPORTS, is_cluster_wide, limit_pages_to_own_sites
from .models import ArticlePage
from .service_alarms import ServiceOutagePanel, may_see_alarms
from .services.publishing import can_withdraw
from .services.site_roles import SiteRole, site_roles
from .syndication_views import (
    InboxView,
    OutboxView,
    StatisticsView,
    SubmitArticleView,
    decide,
)


@hooks.register("register_admin_urls")
def register_create_site_url():
    return [
        path(
            "cluster/create-site/", CreateSiteView.as_view(), name="sites_create_site"
        ),
        path(
            "cluster/sites/<int:site_id>/",
            SiteOverviewView.as_view(),
            name="sites_site_overview",
        ),
        path("cluster/audit-log/", AuditLogView.as_view(), name="sites_audit_log"),
        path(
            "cluster/syndication/submit/<int:page_id>/",
            SubmitArticleView.as_view(),
            name="sites_syndication_submit",
        ),
        path(
            "cluster/syndication/", InboxView.as_view(), name="sites_syndication_inbox"
        ),
        path(
            "cluster/syndication/send/",
            OutboxView.as_view(),
            name="sites_syndication_outbox",
        ),
        path(
            "cluster/syndication/<int:submission_id>/<str:action>/",
            decide,
            name="sites_syndication_decide",
        ),
        path(
            "cluster/syndication/statistics/",
            StatisticsView.as_view(),
            name="sites_syndication_stats",
        ),
        path(
            "cluster/withdraw/<int:page_id>/",
            WithdrawPageView.as_view(),
            name="sites_withdraw_page",
        ),
        path(
            "cluster/audit-log/results/",
            AuditLogView.as_view(results_only=True),
            name="sites_audit_log_results",
        ),
    ]


class ClusterAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("sites.create_site")


@hooks.register("register_admin_menu_item")
def register_create_site_menu_item():
    return ClusterAdminMenuItem(
        "创建站点", reverse("sites_create_site"), icon_name="site", order=1000
    )


def _refuse_site_root(request, page, action):
    """A site's home page is the site: deleting or moving it would take the Site,
    its profile and every column with it, so no page permission allows that."""
    if page.depth == 2 and not request.user.is_superuser:
        messages.error(
            request,
            f"“{page.title}”是网站首页，不能{action}。停用或删除网站请联系集群管理员。",
        )
        return redirect("wagtailadmin_explore", page.pk)
    return None


@hooks.register("before_delete_page")
def refuse_deleting_site_roots(request, page):
    return _refuse_site_root(request, page, "删除")


@hooks.register("before_move_page")
def refuse_moving_site_roots(request, page, destination):
    return _refuse_site_root(request, page, "移动")


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_own_sites(pages, request):
    return limit_pages_to_own_sites(pages, request)


class AuditLogMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(AUDIT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_audit_log_menu_item():
    return AuditLogMenuItem(
        "审计日志", reverse("sites_audit_log"), icon_name="history", order=1010
    )


class WithdrawButton(PageMenuItem):
    label = "撤稿"
    icon_name = "download"
    url_name = "sites_withdraw_page"

    def is_shown(self, user):
        return can_withdraw(user, self.page)


@hooks.register("register_log_actions")
def register_cluster_log_actions(actions):
    actions.register_action("cluster.withdraw", "撤稿", "已撤稿")


class SubmitButton(PageMenuItem):
    label = "信息报送"
    icon_name = "upload"
    url_name = "sites_syndication_submit"

    def is_shown(self, user):
        return (
            self.page.live
            and self.page.specific_class is ArticlePage
            and self.page.permissions_for_user(user).can_edit()
        )


class SendMenuItem(MenuItem):
    """报送稿件: for the editors, reviewers and site admins of a site."""

    def is_shown(self, request):
        return bool(site_roles.site_ids(request.user, SiteRole.CONTENT))


class ReceiveMenuItem(MenuItem):
    """采用报送稿件: for those who may publish on a site (its 审核, 站点管理员)."""

    def is_shown(self, request):
        return request.user.is_superuser or bool(
            site_roles.site_ids(request.user, (SiteRole.REVIEWER, SiteRole.SITE_ADMIN))
        )


@hooks.register("register_admin_menu_item")
def register_syndication_menu_item():
    # Sending first: a department's editor opens 信息报送 to send an article up;
    # the receiving site's reviewers accept under 采用报送稿件 (issue #17).
    return SubmenuMenuItem(
        "信息报送",
        Menu(
            items=[
                SendMenuItem(
                    "报送稿件", reverse("sites_syndication_outbox"),
                    icon_name="upload", order=1,
                ),
                ReceiveMenuItem(
                    "采用报送稿件", reverse("sites_syndication_inbox"),
                    icon_name="tasks", order=2,
                ),
                MenuItem(
                    "报送统计", reverse("sites_syndication_stats"),
                    icon_name="table", order=3,
                ),
            ]
        ),
        icon_name="upload",
        order=900,
    )  # fmt: skip


@hooks.register("register_log_actions")
def register_syndication_log_actions(actions):
    actions.register_action("cluster.syndication.submit", "信息报送", "已报送")
    actions.register_action("cluster.syndication.accept", "采用报送稿件", "已采用")
    actions.register_action("cluster.syndication.decline", "退回报送稿件", "已退回")


@hooks.register("construct_reports_menu")
def hide_cluster_wide_reports(request, menu_items):
    if is_cluster_wide(request.user):
        return
    hidden = {reverse(f"wagtailadmin_reports:{name}") for name in CLUSTER_WIDE_REPORTS}
    menu_items[:] = [item for item in menu_items if item.url not in hidden]


# The cluster's page actions (撤稿, 信息报送), after Wagtail's own.
PAGE_ACTIONS = ((WithdrawButton, 41), (SubmitButton, 42))


@hooks.register("register_page_listing_more_buttons")
def cluster_listing_buttons(page, user, next_url=None):
    for button, priority in PAGE_ACTIONS:
        yield button(page=page, priority=priority)


@hooks.register("register_page_header_buttons")
def cluster_header_buttons(page, user, view_name, next_url=None):
    for button, priority in PAGE_ACTIONS:
        yield button(page=page, priority=priority + 20)


# --- 网站监管 (issue #7) ---------------------------------------------------------


@hooks.register("cluster_compliance_checks")
def core_compliance_checks():
    return core_checks()


@hooks.register("cluster_compliance_checks")
def crawl_compliance_checks():
    return (
        availability_checks()
        + crawl_checks()
        + [HostnameCheck(), SiteCodeDivisionCheck(), YearlyColumnsCheck()]
    )


@hooks.register("register_admin_urls")
def register_compliance_urls():
    return [
        path(
            "supervision/annual-report/",
            supervision_reports.report_list,
            name="sites_supervision_report_list",
        ),
        path(
            "supervision/annual-report/<int:year>/",
            supervision_reports.report_edit,
            name="sites_supervision_report_edit",
        ),
        path(
            "supervision/annual-report/<int:year>/export.xlsx",
            supervision_reports.report_xlsx,
            name="sites_supervision_report_xlsx",
        ),
        path("supervision/", views.dashboard, name="sites_compliance_dashboard"),
        path(
            "supervision/visits/",
            visit_views.visit_statistics,
            name="sites_visit_statistics",
        ),
        path("supervision/run/", views.start_run, name="sites_compliance_run"),
        path(
            "supervision/export.xlsx", views.export_xlsx, name="sites_compliance_export"
        ),
        path(
            "supervision/sites/<int:site_id>/",
            views.site_detail,
            name="sites_compliance_site",
        ),
    ]


@hooks.register("register_admin_viewset")
def register_website_report_desk():
    return website_report_viewset


@hooks.register("cluster_supervision_links")
def visit_statistics_link(request):
    links = [("访问统计", reverse("sites_visit_statistics"))]
    if is_cluster_wide(request.user):
        links.append(("监管年度报表", reverse("sites_supervision_report_list")))
    return links


class ComplianceMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view(request.user)


@hooks.register("register_admin_menu_item")
def register_compliance_menu_item():
    return ComplianceMenuItem(
        "网站监管", reverse("sites_compliance_dashboard"), icon_name="tasks", order=950
    )


@hooks.register("register_log_actions")
def register_compliance_log_actions(actions):
    actions.register_action("cluster.compliance.run", "监管检查", "已运行监管检查")
    for action, label in (
        ("save", "保存"),
        ("refresh", "重新统计"),
        ("publish", "发布"),
    ):
        actions.register_action(
            f"cluster.supervision_report.{action}",
            f"{label}政府网站监管年度报表",
            label,
        )
    for action, label in (
        ("save", "保存"),
        ("refresh", "重新统计"),
        ("publish", "发布"),
    ):
        actions.register_action(
            f"cluster.website_report.{action}", f"{label}政府网站工作年度报表", label
        )


@hooks.register("construct_homepage_panels")
def service_outage_panel(request, panels):
    if may_see_alarms(request.user):
        panels.append(ServiceOutagePanel())


@hooks.register("insert_global_admin_css")
def cluster_admin_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html(
        '<link rel="stylesheet" href="{}">', static("sites/admin/cluster_admin.css")
    )


@hooks.register("construct_homepage_panels")
def cluster_dashboard_panels(request, panels):
    """工作台: each role's own work first (sites/dashboard_panels.py)."""
    # Ours lists the same items in one query (待我审核/签发); Wagtail's asks
    # every task of every site's workflow and each item in turn.
    panels[:] = [
        p for p in panels if getattr(p, "name", "") != "workflow_objects_to_moderate"
    ]
    panels.extend(panels_for(request.user))


# --- 使用指南: our own user guide instead of Wagtail's English one ------------


@hooks.register("register_admin_urls")
def register_guide_urls():
    return [
        path("guide/", guide, name="sites_guide"),
        path("guide/<slug:slug>/", guide, name="sites_guide_chapter"),
    ]


@hooks.register("construct_help_menu")
def own_user_guide_in_the_help_menu(request, menu_items):
    """The help menu leads to our guide; Wagtail's English guide and release
    notes are no help to a government web office."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != "editor-guide" and not item.name.startswith("whats-new")
    ]
    menu_items.insert(
        0, MenuItem("使用指南", reverse("sites_guide"), icon_name="help", order=1000)
    )
