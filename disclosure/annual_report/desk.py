"""The desk of 政府信息公开工作年度报告 (信息公开年报), as a Wagtail viewset.

- The list: last year's report of every visible site with its deadline and
  lateness (R45), the generate form for the user's own sites, and every report
  as a Wagtail report with 网站/年度 filters and an xlsx/csv export.
- A report's page: tables, checks, the narrative form; regenerate, publish, and
  the statutory spreadsheet in the official table layout (a document, not a
  list export).

A site's 编辑, 审核 and 站点管理员 work on their own site's reports; 监督员 and
集群管理员 read every site's, read-only (``report_permissions``).
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import quote

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.models import Site

from disclosure.annual_report import building as service
from disclosure.annual_report.format import SECTION_HEADINGS, grids
from disclosure.annual_report.forms import GenerateForm, ReportEditForm
from disclosure.annual_report.models import processing_fee_sentence
from disclosure.annual_report.permissions import (
    can_edit_report,
    may_use_reports,
    report_site_ids,
    report_sites_seen,
    sees_every_report,
)
from disclosure.models import AnnualReport
from sites import desk_viewsets as desk
from sites.audit import record

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
READ_ONLY = "您对该年度报告只有查看和下载权限，不能修改、生成或发布。"


def _visible_site_ids(user) -> set[int] | None:
    """None means every site (cluster-wide read access)."""
    return None if sees_every_report(user) else report_site_ids(user)


def _visible_reports(user):
    reports = AnnualReport.objects.select_related("site", "page")
    visible = _visible_site_ids(user)
    return reports if visible is None else reports.filter(site_id__in=visible)


def _report_or_404(user, pk) -> AnnualReport:
    if not may_use_reports(user):
        raise PermissionDenied
    return get_object_or_404(_visible_reports(user), pk=pk)


class ReadOnly(Exception):
    """A user who may read the report tried to change it."""


def _editable_report(user, pk) -> AnnualReport:
    report = _report_or_404(user, pk)
    if not can_edit_report(user, report.site_id):
        raise ReadOnly
    return report


def refuses_read_only(view):
    """Answer a change by a read-only role (监督员, 集群管理员) with a plain 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ReadOnly:
            return HttpResponseForbidden(READ_ONLY)

    return wrapped


# --- the list -----------------------------------------------------------------


class ReportFilterSet(WagtailFilterSet):
    site = desk.SiteFilter(label="网站", queryset=Site.objects.none())
    year = django_filters.NumberFilter(label="年度")

    class Meta:
        model = AnnualReport
        fields = ["site", "year"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self.filters["site"].queryset = desk.sites_in(_visible_site_ids(request.user))


LINK_CELL = "disclosure/admin/report_link_cell.html"


class ReportList(desk.DeskReport):
    sites_of = staticmethod(report_sites_seen)
    page_title = "政府信息公开工作年度报告"
    header_icon = "table"
    model = AnnualReport
    filterset_class = ReportFilterSet
    index_url_name = "disclosure_annual_reports:index"
    results_template_name = "disclosure/admin/report_list_results.html"
    table_classname = "listing report-listing"
    columns = [
        desk.TemplateColumn("site", LINK_CELL, label="报告"),
        Column("year", label="年度", accessor=lambda report: f"{report.year}年"),
        Column("generated_at", label="生成时间", accessor="generated_label"),
        desk.TemplateColumn(
            "state", "disclosure/admin/report_state_cell.html", label="状态"
        ),
        Column("deadline_label", label="发布期限"),
        desk.TemplateColumn("xlsx", LINK_CELL, label="下载"),
    ]
    export = {"site.site_name": "网站", "year": "年度", "generated_label": "生成时间",
              "state.label": "状态", "deadline_label": "发布期限"}  # fmt: skip
    export_name = "annual-reports"
    generate_form = None  # the generate view's form, shown again with its errors

    def post(self, request, *args, **kwargs):
        # Reached only through ``report_generate`` with an invalid form.
        response = self.get(request, *args, **kwargs)
        response.status_code = 400
        return response

    def get_queryset(self):
        return _visible_reports(self.request.user).order_by("-year", "site_id", "pk")

    @cached_property
    def sites(self):
        return list(desk.sites_in(_visible_site_ids(self.request.user)))

    def decorate_paginated_queryset(self, object_list):
        """Publication state of each report (and last year's of each site):
        one query for the sites' kinds and one for the pages in review."""
        reports = list(object_list)
        self.today = timezone.localdate()
        self.kinds = service.site_kinds(
            {s.pk for s in self.sites} | {r.site_id for r in reports}
        )
        in_review = service.pages_in_review([r.page_id for r in reports])
        for report in reports:
            report.state = service.publication(
                report, self.kinds.get(report.site_id, ""), report.year,
                report.page_id in in_review, self.today,
            )  # fmt: skip
            report.generated_label = desk.local_text(report.generated_at)
            report.deadline_label = desk.local_text(report.state.deadline, desk.DAY)
        return reports

    def _deadline_rows(self, sites):
        """Last year's report of every visible site: published? on time? (R45)"""
        last_year = self.today.year - 1
        last = {
            r.site_id: r
            for r in AnnualReport.objects.filter(
                year=last_year, site_id__in=[s.pk for s in sites]
            ).select_related("page")
        }
        in_review = service.pages_in_review([r.page_id for r in last.values()])
        return last_year, [
            (site, last.get(site.pk), service.publication(
                last.get(site.pk), self.kinds.get(site.pk, ""), last_year,
                site.pk in last and last[site.pk].page_id in in_review, self.today,
            ))
            for site in sites
        ]  # fmt: skip

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        last_year, deadline_rows = self._deadline_rows(self.sites)
        editable_ids = report_site_ids(self.request.user)
        editable_sites = [s for s in self.sites if s.pk in editable_ids]
        form = self.generate_form
        if form is None and editable_sites:
            form = GenerateForm(sites=editable_sites)
        context.update(
            last_year=last_year,
            deadline_rows=deadline_rows,
            form=form,
            read_only=not editable_sites,
        )
        return context


@require_POST
@refuses_read_only
def report_generate(request):
    user = request.user
    if not may_use_reports(user):
        raise PermissionDenied
    editable = report_site_ids(user)
    sites = list(desk.sites_in(editable))
    if not sites:
        raise ReadOnly
    form = GenerateForm(request.POST, sites=sites)
    if form.is_valid():
        site = next(s for s in sites if s.pk == form.cleaned_data["site"])
        try:
            report = service.generate(
                site, form.cleaned_data["year"], user, request=request
            )
        except service.ReportError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已生成{report.title}。")
            return redirect("disclosure_annual_reports:detail", report.pk)
    return ReportList.as_view(generate_form=form)(request)


# --- one report ---------------------------------------------------------------


@refuses_read_only
def report_detail(request, pk):
    user = request.user
    report = _report_or_404(user, pk)
    editable = can_edit_report(user, report.site_id)
    form = None
    status = 200
    if request.method == "POST":
        if not editable:
            raise ReadOnly
        form = ReportEditForm(request.POST, instance=report)
        if form.is_valid():
            form.save()
            record(
                "disclosure.annual_report.edit", user=user, site=report.site,
                obj=report, title=report.title, request=request,
            )  # fmt: skip
            messages.success(request, "已保存年度报告。")
            return redirect("disclosure_annual_reports:detail", report.pk)
        status = 400
        report.refresh_from_db()
    elif editable:
        form = ReportEditForm(instance=report)

    kind = service.site_kinds([report.site_id]).get(report.site_id, "")
    in_review = report.page_id in service.pages_in_review([report.page_id])
    table1, table2, table3 = grids(report.tables)
    differences = service.stale_differences(report)
    return render(
        request,
        "disclosure/admin/report_detail.html",
        {
            "report": report,
            "form": form,
            "editable": editable,
            "sections": SECTION_HEADINGS,
            "table1": table1,
            "table2": table2,
            "table3": table3,
            "arithmetic": service.check_tables(report.tables),
            "differences": differences,
            "publish_problems": service.publish_problems(report, differences),
            "publication": service.publication(report, kind, report.year, in_review),
            "fee_sentence": processing_fee_sentence(report.processing_fee),
        },
        status=status,
    )


def _report_action(act):
    """A change of one report by its editors: ``act(report, request)`` says
    what was done; a refusal of the service is shown instead."""

    @require_POST
    @refuses_read_only
    def view(request, pk):
        report = _editable_report(request.user, pk)
        try:
            messages.success(request, act(report, request))
        except service.ReportError as exc:
            messages.error(request, str(exc))
        return redirect("disclosure_annual_reports:detail", report.pk)

    return view


@_report_action
def report_regenerate(report, request):
    service.generate(report.site, report.year, request.user, request=request)
    return "已按当前记录重新生成统计表，文字部分保持不变。"


@_report_action
def report_publish(report, request):
    if service.publish(report, request.user, request=request) == "published":
        return "已发布到本网站“政府信息公开年报”栏目。"
    return "已提交审核，审核通过后发布到“政府信息公开年报”栏目。"


def report_xlsx(request, pk):
    """The statutory tables in the official layout (a document, not a list export)."""
    report = _report_or_404(request.user, pk)
    if not report.tables:
        raise Http404("报告尚无统计表。")
    # openpyxl (about 0.9 s to import) only when a spreadsheet is asked for.
    from disclosure.annual_report.export import xlsx_bytes

    content = xlsx_bytes(report.title, report.tables)
    record(
        "disclosure.annual_report.export", user=request.user, site=report.site,
        obj=report, title=report.title, request=request,
    )  # fmt: skip
    response = HttpResponse(content, content_type=XLSX_TYPE)
    filename = f"{report.title}.xlsx"
    response["Content-Disposition"] = (
        f'attachment; filename="annual-report-{report.year}.xlsx"; '
        f"filename*=UTF-8''{quote(filename)}"
    )
    return response


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_reports(request.user)


class AnnualReportViewSet(desk.DeskViewSet):
    """信息公开年报 at its old addresses under ``/admin/disclosure/annual-reports/``."""

    name = "disclosure_annual_reports"
    url_prefix = "disclosure/annual-reports"
    icon = "table"
    menu_label = "信息公开年报"
    menu_order = 910
    add_to_admin_menu = True
    menu_item_class = ReportMenuItem
    reports = {"": ReportList}
    views = {
        "generate/": ("generate", report_generate),
        "<int:pk>/": ("detail", report_detail),
        "<int:pk>/regenerate/": ("regenerate", report_regenerate),
        "<int:pk>/publish/": ("publish", report_publish),
        "<int:pk>/xlsx/": ("xlsx", report_xlsx),
    }


annual_report_viewset = AnnualReportViewSet()
