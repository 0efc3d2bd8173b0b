"""The hooks the core offers to the modules (disclosure, interaction, search …).

The core (``sites``) never imports a module; a module plugs into the core only
through one of the Wagtail hooks declared here. Each entry says when the core
calls it, with what, and what it expects back, so that a new module can be
written from this file alone. ``tests/sites/test_extension_points.py`` fails
when code registers or calls a ``cluster_*`` hook that is not declared here,
or when a declared hook is no longer called by the core.

Register with Wagtail's own decorator in the module's ``wagtail_hooks.py``::

    from wagtail import hooks

    @hooks.register(extension_points.COLUMN_LINKS)   # or the literal name
    def link_the_catalog(column, request):
        return [("政府信息公开目录", reverse("disclosure_catalog:catalog"))]
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtensionPoint:
    name: str
    called_with: str
    returns: str
    when: str


SITE_CREATED = "cluster_site_created"
COLUMN_LINKS = "cluster_column_links"
COLUMN_HIGHLIGHTS = "cluster_column_highlights"
HOME_INTERACTION_LINKS = "cluster_home_interaction_links"
HOME_HIGHLIGHTS = "cluster_home_highlights"
COMPLIANCE_CHECKS = "cluster_compliance_checks"
SUPERVISION_LINKS = "cluster_supervision_links"
WEBSITE_REPORT_FIGURES = "cluster_website_report_figures"
PROVISIONAL_DEADLINES = "cluster_provisional_deadlines"

EXTENSION_POINTS: dict[str, ExtensionPoint] = {
    point.name: point
    for point in (
        ExtensionPoint(
            SITE_CREATED,
            called_with="(site: wagtail.models.Site)",
            returns="nothing",
            when=(
                "after 创建站点 has built the standard columns, groups and workflow, "
                "inside the same transaction: a module adds its own part of the "
                "standard (公开指南, 信箱, 基层目录 …); raising rolls the site back"
            ),
        ),
        ExtensionPoint(
            COLUMN_LINKS,
            called_with="(column: ColumnPage, request)",
            returns="list of (label, url): entries a column shows that are views",
            when="while building a column's side navigation (公开目录, 双公示 …)",
        ),
        ExtensionPoint(
            COLUMN_HIGHLIGHTS,
            called_with="(column: ColumnPage, request)",
            returns="list of dict(label, title, url[, state]) for the landing page",
            when="while rendering a column's landing page",
        ),
        ExtensionPoint(
            HOME_INTERACTION_LINKS,
            called_with="(home: HomePage, request)",
            returns="list of links for the home page's 互动交流 block",
            when="while rendering a home page that has an interaction block",
        ),
        ExtensionPoint(
            HOME_HIGHLIGHTS,
            called_with="(home: HomePage, request)",
            returns="list of highlight dicts (e.g. an interview 直播中)",
            when="while rendering a home page that has an interaction block",
        ),
        ExtensionPoint(
            COMPLIANCE_CHECKS,
            called_with="()",
            returns="iterable of sites.compliance.base.Check, ids unique cluster-wide",
            when="when the supervision dashboard collects its indicators",
        ),
        ExtensionPoint(
            SUPERVISION_LINKS,
            called_with="(request)",
            returns="list of (label, url) shown in 网站监管's button row",
            when="while rendering the supervision dashboard",
        ),
        ExtensionPoint(
            WEBSITE_REPORT_FIGURES,
            called_with="(site: Site, year: int)",
            returns="dict of 网站工作年度报表 field key → figure the module counts",
            when="when the yearly website report is prefilled (R72)",
        ),
        ExtensionPoint(
            PROVISIONAL_DEADLINES,
            called_with="(site_ids: set[int] | None — None means every site)",
            returns="iterable of sites.compliance.calendar_prompt.ProvisionalDeadline",
            when=(
                "when the dashboard lists deadlines computed without next year's "
                "holiday schedule"
            ),
        ),
    )
}
