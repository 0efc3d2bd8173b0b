"""Admin and public views of the 政府网站监管年度报表 (R51).

Only the cluster-wide roles (监督员, 集群管理员) generate, complete, export and
publish it; site roles are refused. The public reads published years at
``/jgndbb/`` on the portal.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import Site

from ..audit import record
from ..isolation import is_cluster_wide
from ..models import SiteKind, SiteProfile, SupervisionReport
from . import supervision_report as spec

FIRST_YEAR = 2018  # 国办函〔2018〕12号
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(request) -> None:
    if not is_cluster_wide(request.user):
        raise PermissionDenied


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404("没有这一年度的报表。")
    return year


def report_list(request):
    _require(request)
    today = timezone.localdate()
    reports = {r.year: r for r in SupervisionReport.objects.all()}
    years = [
        {"year": y, "report": reports.get(y), "deadline": spec.deadline_for(y)}
        for y in range(today.year, FIRST_YEAR - 1, -1)
    ]
    return TemplateResponse(
        request, "sites/admin/supervision_report_list.html", {"years": years}
    )


def report_edit(request, year: int):
    _require(request)
    year = _year(year)
    report = SupervisionReport.objects.filter(year=year).first()
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action not in ("save", "refresh", "publish"):
            messages.error(request, "未知的操作。")
            return redirect("sites_supervision_report_edit", year=year)
        draft = report or SupervisionReport(year=year)
        form = spec.report_form(draft, request.POST)
        if not form.is_valid():
            messages.error(request, "报表有填写错误，请按提示修改后再保存。")
            return _edit_page(request, year, report, form)
        spec.apply_form(draft, form)
        if action == "refresh" or draft.computed_at is None:
            spec.refresh(draft)
        if action == "publish" and not draft.published_at:
            draft.published_at = timezone.now()
            draft.published_by = request.user
        try:
            with transaction.atomic():
                draft.save()
        except IntegrityError:
            messages.error(request, "该报表已被他人同时创建，请刷新页面后重试。")
            return redirect("sites_supervision_report_edit", year=year)
        record(
            f"cluster.supervision_report.{action}",
            user=request.user,
            request=request,
            obj=draft,
            title=str(draft),
        )
        done = {"refresh": "已重新统计。", "publish": "已发布。"}
        messages.success(request, f"{year}年度监管报表{done.get(action, '已保存。')}")
        return redirect("sites_supervision_report_edit", year=year)
    form = spec.report_form(report or SupervisionReport(year=year))
    return _edit_page(request, year, report, form)


def _edit_page(request, year, report, form):
    return TemplateResponse(
        request,
        "sites/admin/supervision_report_edit.html",
        {
            "year": year,
            "report": report,
            "form": form,
            "sections": spec.sections_of(report) if report else [],
            "deadline": spec.deadline_for(year),
        },
    )


def report_xlsx(request, year: int):
    _require(request)
    report = get_object_or_404(SupervisionReport, year=_year(year))
    response = HttpResponse(spec.workbook_bytes(report), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="supervision-report-{report.year}.xlsx"'
    )
    return response


def _portal(request) -> Site:
    site = Site.find_for_request(request)
    if (
        site is None
        or not SiteProfile.objects.filter(site=site, kind=SiteKind.PORTAL).exists()
    ):
        raise Http404("政府网站监管年度报表在门户网站发布。")
    return site


def public_list(request):
    site = _portal(request)
    reports = list(SupervisionReport.objects.filter(published_at__isnull=False))
    return TemplateResponse(
        request,
        "sites/supervision_report_public.html",
        {"reports": reports, "report": None, "home_page": site.root_page.specific},
    )


def public_detail(request, year: int):
    site = _portal(request)
    report = get_object_or_404(SupervisionReport, year=year, published_at__isnull=False)
    return TemplateResponse(
        request,
        "sites/supervision_report_public.html",
        {
            "reports": [],
            "report": report,
            "sections": spec.sections_of(report),
            "home_page": site.root_page.specific,
        },
    )
