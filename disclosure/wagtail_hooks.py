"""How disclosure plugs into the cluster core (sites never imports disclosure):
the 依申请公开 case desk in the admin (``applications.hooks``), catalog links in
column navigation (and, from ``report_hooks``, the annual reports)."""

from django.urls import path, reverse
from wagtail import hooks

from disclosure.annual_report import hooks as report_hooks  # noqa: F401  (registers 信息公开年报)
from disclosure.catalog.standard import desk as standard_catalogue_admin  # noqa: F401  (基层政务公开标准目录 editor)

from .applications import hooks as application_hooks  # noqa: F401  (依申请公开 desk)
from .approvals import hooks as approval_hooks  # noqa: F401  (审批公示、电子监察)
from .catalog.desk import LatePublicationList

# The standard columns whose side navigation links to the catalog: 政府信息公开 and
# its 法定主动公开内容, at their standard depth (root, home, xxgk, fdzdgk).
CATALOG_COLUMNS = {("xxgk", 3), ("fdzdgk", 4)}


@hooks.register("cluster_column_links")
def link_the_catalog(column, request):
    if (column.slug, column.depth) in CATALOG_COLUMNS:
        return [("政府信息公开目录", reverse("disclosure_catalog:catalog"))]
    return []


@hooks.register("cluster_site_created")
def give_the_new_site_a_guide(site):
    """Every site created from the standard starts with a published 公开指南 (R24)."""
    from disclosure.guide.services import ensure_guide

    ensure_guide(site)


@hooks.register("cluster_site_created")
def give_banners_the_standard_catalogue(site):
    """A banner site starts with the 基层政务公开标准目录's standard entries (R34)."""
    from disclosure.catalog.standard.services import catalogue_sites, seed_catalogue

    if catalogue_sites([site]):
        seed_catalogue(site)


APPLICATION_ACTIONS = {
    "register": "登记依申请公开",
    "void": "作废依申请公开",
    "request_correction": "要求补正",
    "receive_correction": "收到补正",
    "review": "转入审核",
    "handle": "转入办理",
    "extend": "批准延期答复",
    "consult": "征求第三方意见",
    "consulted": "收到第三方意见",
    "reply_submit": "提交依申请公开答复稿审核",
    "reply_return": "退回依申请公开答复稿",
    "reply": "答复依申请公开",
    "notice_download": "下载答复告知书",
    "notice_print": "打印答复告知书",
    "attachment_download": "下载答复附件",
    "fee": "发出收费通知",
    "fee_paid": "登记缴费",
    "archive": "归档依申请公开",
    "view_personal_data": "查看申请人完整身份信息",
    "appeal": "登记行政复议或行政诉讼",
    "appeal_decided": "登记复议或诉讼结果",
}


@hooks.register("register_log_actions")
def register_application_actions(actions):
    for action, label in APPLICATION_ACTIONS.items():
        actions.register_action(f"disclosure.application.{action}", label, label)


@hooks.register("cluster_compliance_checks")
def disclosure_compliance_checks():
    from disclosure.catalog.standard.services import StandardCatalogueCheck
    from disclosure.catalog.timeliness import PublicationTermCheck
    from disclosure.guide.compliance import GuideCheck

    from .compliance import disclosure_checks

    return [
        *disclosure_checks(),
        PublicationTermCheck(),
        StandardCatalogueCheck(),
        GuideCheck(),
    ]


@hooks.register("register_admin_urls")
def register_publication_term_urls():
    view = LatePublicationList
    return [
        path("supervision/publication-term/", view.as_view(),
             name="disclosure_late_publications"),
        path("supervision/publication-term/results/", view.as_view(results_only=True),
             name="disclosure_late_publications_results"),
    ]  # fmt: skip


@hooks.register("cluster_provisional_deadlines")
def provisional_application_deadlines(site_ids):
    from disclosure.applications.case_terms import OPEN_STATUSES
    from sites.compliance.calendar_prompt import cases_due_provisionally

    from .models import DisclosureApplication

    return cases_due_provisionally(
        DisclosureApplication.objects.filter(status__in=OPEN_STATUSES),
        site_ids,
        "依申请公开",
        "application_desk:inspect",
    )


@hooks.register("cluster_supervision_links")
def publication_term_link(request):
    return [("主动公开时限", reverse("disclosure_late_publications"))]


@hooks.register("cluster_website_report_figures")
def disclosure_website_report_figures(site, year):
    from .compliance import website_report_figures

    return website_report_figures(site, year)


@hooks.register("construct_homepage_panels")
def application_desk_panels(request, panels):
    from disclosure.applications.dashboard_panels import panels_for

    panels.extend(panels_for(request.user))
