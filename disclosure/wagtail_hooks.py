"""How disclosure plugs into the cluster core (sites never imports disclosure):
the desks' admin entries (from ``applications.hooks``, ``approvals.hooks``,
``report_hooks`` and the standard catalogue's snippet), catalog links in column
navigation, compliance checks and the audit log's names."""

from django.urls import path, reverse
from wagtail import hooks

from disclosure.annual_report import hooks as report_hooks  # noqa: F401  (registers 信息公开年报)
from disclosure.catalog.standard import desk as standard_catalogue_admin  # noqa: F401  (基层政务公开标准目录 editor)
from sites.admin_hooks import register_log_labels, register_provisional_deadlines

from .applications import hooks as application_hooks  # noqa: F401  (依申请公开 desk)
from .applications.case_terms import OPEN_STATUSES
from .applications.dashboard_panels import panels_for
from .approvals import hooks as approval_hooks  # noqa: F401  (审批公示、电子监察)
from .catalog.desk import LatePublicationList
from .catalog.standard import services as standard_catalogue
from .catalog.timeliness import PublicationTermCheck
from .compliance import disclosure_checks, website_report_figures
from .guide.compliance import GuideCheck
from .guide.services import ensure_guide
from .models import DisclosureApplication

# The standard columns whose side navigation links to the catalog: 政府信息公开 and
# its 法定主动公开内容, at their standard depth (root, home, xxgk, fdzdgk).
CATALOG_COLUMNS = {("xxgk", 3), ("fdzdgk", 4)}


@hooks.register("cluster_column_links")
def link_the_catalog(column, request):
    if (column.slug, column.depth) in CATALOG_COLUMNS:
        return [("政府信息公开目录", reverse("disclosure_catalog:catalog"))]
    return []


# Every site created from the standard starts with a published 公开指南 (R24).
hooks.register("cluster_site_created", ensure_guide)


@hooks.register("cluster_site_created")
def give_banners_the_standard_catalogue(site):
    """A banner site starts with the 基层政务公开标准目录's standard entries (R34)."""
    if standard_catalogue.catalogue_sites([site]):
        standard_catalogue.seed_catalogue(site)


register_log_labels(
    "disclosure.application",
    {
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
    },
)


@hooks.register("cluster_compliance_checks")
def disclosure_compliance_checks():
    return [
        *disclosure_checks(),
        PublicationTermCheck(),
        standard_catalogue.StandardCatalogueCheck(),
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


register_provisional_deadlines(
    DisclosureApplication.objects.filter(status__in=OPEN_STATUSES),
    "依申请公开",
    "application_desk:inspect",
)


@hooks.register("cluster_supervision_links")
def publication_term_link(request):
    return [("主动公开时限", reverse("disclosure_late_publications"))]


hooks.register("cluster_website_report_figures", website_report_figures)


@hooks.register("construct_homepage_panels")
def application_desk_panels(request, panels):
    panels.extend(panels_for(request.user))
