"""Admin and public views of the 政府网站工作年度报表 (R50, R72).

A site's ·站点管理员 generates, completes and publishes its own site's 报表;
监督员 and 集群管理员 read every site's; the public reads published ones at
``/gzndbb/`` on each site.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import Site

from ..audit import record
from ..models import SiteKind, SiteProfile, WebsiteReport
from ..services.site_roles import SiteRole, site_roles
from . import website_report
from .views import visible_site_ids

FIRST_YEAR = 2018  # 国办函〔2018〕12号


def _years(today=None):
    today = today or timezone.localdate()
    return list(range(today.year, FIRST_YEAR - 1, -1))


def _can_edit(user, site_id: int) -> bool:
    if user.is_superuser:
        return True
    site_ids = visible_site_ids(user)
    # Cluster-wide roles read every site's 报表; the site's own administrators write it.
    if site_ids is None:
        return site_roles.has_role(user, site_id, SiteRole.SITE_ADMIN)
    return site_id in site_ids


def report_list(request):
    site_ids = visible_site_ids(request.user)
    if site_ids == set():
        raise PermissionDenied
    today = timezone.localdate()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else today.year - 1
    if year not in _years(today):
        year = today.year - 1
    # The cluster's sites: those with a profile (not Wagtail's placeholder site).
    sites = Site.objects.filter(pk__in=SiteProfile.objects.values("site_id")).order_by(
        "site_name", "pk"
    )
    if site_ids is not None:
        sites = sites.filter(pk__in=site_ids)
    sites = list(sites.only("pk", "site_name"))
    reports = {
        r.site_id: r
        for r in WebsiteReport.objects.filter(
            year=year, site__in=[s.pk for s in sites]
        ).only("pk", "site_id", "year", "published_at", "updated_at")
    }
    rows = []
    for site in sites:
        report = reports.get(site.pk)
        label, late = website_report.publication_state(report, today)
        rows.append({"site": site, "report": report, "state": label, "late": late})
    return TemplateResponse(
        request,
        "sites/admin/website_report_list.html",
        {
            "rows": rows,
            "year": year,
            "years": _years(today),
            "deadline": website_report.deadline_for(year),
        },
    )


def report_edit(request, site_id: int, year: int):
    site_ids = visible_site_ids(request.user)
    if site_ids == set() or (site_ids is not None and site_id not in site_ids):
        raise PermissionDenied
    if year not in _years():
        raise Http404("没有该年度的报表。")
    site = get_object_or_404(Site.objects.select_related("root_page"), pk=site_id)
    editable = _can_edit(request.user, site_id)
    report = WebsiteReport.objects.filter(site=site, year=year).first()
    if report is None:
        report = WebsiteReport(site=site, year=year)
        website_report.refresh(report)
    form = website_report.report_form(report)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        action = request.POST.get("action", "save")
        form = website_report.report_form(report, data=request.POST)
        if not form.is_valid():
            messages.error(request, "报表有填写错误，请按提示修改后再保存。")
        else:
            website_report.apply_form(report, form)
            if action == "refresh":
                website_report.refresh(report)
            if action == "publish" and not report.published_at:
                report.published_at = timezone.now()
                report.published_by = request.user
            try:
                with transaction.atomic():
                    report.save()
            except IntegrityError:
                messages.error(request, "该报表已被他人同时创建，请刷新页面后重试。")
                return redirect("sites_website_report_edit", site_id, year)
            record(
                f"cluster.website_report.{action}",
                user=request.user,
                request=request,
                site=site,
                obj=report,
                title=str(report),
            )
            done = {
                "save": "已保存。",
                "refresh": "已重新统计。",
                "publish": "已发布。",
            }
            messages.success(request, f"{year}年度报表{done.get(action, '已保存。')}")
            return redirect("sites_website_report_edit", site_id, year)
    state, late = website_report.publication_state(report if report.pk else None)
    computed = set(report.data.get("_computed", []))
    return TemplateResponse(
        request,
        "sites/admin/website_report_edit.html",
        {
            "site": site,
            "year": year,
            "report": report,
            "form": form,
            "editable": editable,
            "state": state,
            "late": late,
            "deadline": website_report.deadline_for(year),
            "computed_sections": [
                (
                    section,
                    [
                        (f, v)
                        for f, v in rows
                        if f.key in computed or f.source == "auto"
                    ],
                )
                for section, rows in website_report.sections_of(report)
            ],
        },
    )


def public_list(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有与此域名对应的网站。")
    reports = WebsiteReport.objects.filter(published_at__isnull=False)
    # The portal gathers the 报表 of every site of the cluster (R50).
    gathers = SiteProfile.objects.filter(site=site, kind=SiteKind.PORTAL).exists()
    if not gathers:
        reports = reports.filter(site=site)
    reports = list(reports.select_related("site").order_by("-year", "site_id"))
    return TemplateResponse(
        request,
        "sites/website_report_public.html",
        {
            "site": site,
            "gathers": gathers,
            "reports": reports,
            "report": None,
            "home_page": site.root_page.specific,
        },
    )


def public_detail(request, year: int):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有与此域名对应的网站。")
    report = get_object_or_404(
        WebsiteReport, site=site, year=year, published_at__isnull=False
    )
    return TemplateResponse(
        request,
        "sites/website_report_public.html",
        {
            "site": site,
            "report": report,
            "reports": [],
            "sections": website_report.sections_of(report),
            "home_page": site.root_page.specific,
        },
    )
