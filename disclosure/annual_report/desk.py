"""Admin views of 信息公开年报: list with deadlines, generate, edit, publish, export."""

from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.models import Site

from disclosure.annual_report import building as service
from disclosure.annual_report.format import SECTION_HEADINGS, grids
from disclosure.annual_report.forms import GenerateForm, ReportEditForm
from disclosure.annual_report.models import processing_fee_sentence
from disclosure.annual_report.permissions import (
    can_edit_report,
    may_use_reports,
    report_site_ids,
    sees_every_report,
)
from disclosure.models import AnnualReport
from sites.audit import record

PER_PAGE = 50
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


def report_list(request, form=None, status=200):
    user = request.user
    if not may_use_reports(user):
        raise PermissionDenied
    visible = _visible_site_ids(user)
    sites = Site.objects.order_by("pk")
    if visible is not None:
        sites = sites.filter(pk__in=visible)
    sites = list(sites)
    editable_ids = report_site_ids(user)
    editable_sites = [s for s in sites if s.pk in editable_ids]
    today = timezone.localdate()
    last_year = today.year - 1
    kinds = service.site_kinds(s.pk for s in sites)

    # Last year's report of every visible site: published? on time? (R45)
    last = {
        r.site_id: r
        for r in AnnualReport.objects.filter(
            year=last_year, site_id__in=[s.pk for s in sites]
        ).select_related("page")
    }
    page_obj = Paginator(
        _visible_reports(user).order_by("-year", "site_id"), PER_PAGE
    ).get_page(request.GET.get("p"))
    reports = list(page_obj.object_list)
    in_review = service.pages_in_review(
        [r.page_id for r in last.values()] + [r.page_id for r in reports]
    )

    def state(report, kind, year):
        return service.publication(
            report,
            kind,
            year,
            report is not None and report.page_id in in_review,
            today,
        )

    deadline_rows = [
        (site, last.get(site.pk), state(last.get(site.pk), kinds.get(site.pk, ""), last_year))
        for site in sites
    ]  # fmt: skip
    report_rows = [
        (report, state(report, kinds.get(report.site_id, ""), report.year))
        for report in reports
    ]
    if form is None and editable_sites:
        form = GenerateForm(sites=editable_sites)
    return render(
        request,
        "disclosure/admin/report_list.html",
        {
            "last_year": last_year,
            "deadline_rows": deadline_rows,
            "report_rows": report_rows,
            "page_obj": page_obj,
            "form": form,
            "read_only": not editable_sites,
        },
        status=status,
    )


@require_POST
@refuses_read_only
def report_generate(request):
    user = request.user
    if not may_use_reports(user):
        raise PermissionDenied
    editable = report_site_ids(user)
    sites = list(Site.objects.filter(pk__in=editable).order_by("pk"))
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
            return redirect("disclosure_report_detail", report.pk)
    return report_list(request, form=form, status=400)


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
            return redirect("disclosure_report_detail", report.pk)
        status = 400
        report.refresh_from_db()
    elif editable:
        form = ReportEditForm(instance=report)

    kinds = service.site_kinds([report.site_id])
    in_review = service.pages_in_review([report.page_id])
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
            "publication": service.publication(
                report,
                kinds.get(report.site_id, ""),
                report.year,
                report.page_id in in_review,
            ),
            "fee_sentence": processing_fee_sentence(report.processing_fee),
        },
        status=status,
    )


@require_POST
@refuses_read_only
def report_regenerate(request, pk):
    report = _editable_report(request.user, pk)
    try:
        service.generate(report.site, report.year, request.user, request=request)
    except service.ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已按当前记录重新生成统计表，文字部分保持不变。")
    return redirect("disclosure_report_detail", report.pk)


@require_POST
@refuses_read_only
def report_publish(request, pk):
    report = _editable_report(request.user, pk)
    try:
        outcome = service.publish(report, request.user, request=request)
    except service.ReportError as exc:
        messages.error(request, str(exc))
    else:
        if outcome == "published":
            messages.success(request, "已发布到本网站“政府信息公开年报”栏目。")
        else:
            messages.success(
                request, "已提交审核，审核通过后发布到“政府信息公开年报”栏目。"
            )
    return redirect("disclosure_report_detail", report.pk)


def report_xlsx(request, pk):
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
