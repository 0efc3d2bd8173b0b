"""The desk of the 政府网站工作年度报表 (R50, R72), in the core.

A site's 站点管理员 generates, completes and publishes its own site's 报表;
监督员 and 集群管理员 read every site's. The list is a Wagtail report (one row
per site for the chosen year, with filters and an xlsx/csv export); a 报表 is
edited on its own page. Both keep their old addresses.
"""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, Table
from wagtail.models import Site

from ..audit import record
from ..desk_viewsets import DeskReport, DeskViewSet, StateFilter, local_text, sites_in
from ..models import SiteProfile, WebsiteReport
from ..services.site_roles import SiteRole, site_roles
from . import website_report
from .views import visible_site_ids

FIRST_YEAR = 2018  # 国办函〔2018〕12号


def _years(today=None):
    today = today or timezone.localdate()
    return list(range(today.year, FIRST_YEAR - 1, -1))


def _year_of(request) -> int:
    today = timezone.localdate()
    text = request.GET.get("year", "")
    year = int(text) if text.isdigit() else today.year - 1
    return year if year in _years(today) else today.year - 1


def _can_edit(user, site_id: int) -> bool:
    if user.is_superuser:
        return True
    site_ids = visible_site_ids(user)
    # Cluster-wide roles read every site's 报表; the site's own administrators write it.
    if site_ids is None:
        return site_roles.has_role(user, site_id, SiteRole.SITE_ADMIN)
    return site_id in site_ids


class WebsiteReportFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(
        label="报表年度", choices=(), empty_label=None, method="keep_all"
    )
    state = StateFilter(
        "状态", {"published": "已发布", "draft": "未发布", "missing": "未生成"}
    )

    class Meta:
        model = Site
        fields = ["year", "state"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        if data is not None and request is not None:
            # Without a year the list shows last year's, and says so.
            data = data.copy()
            data["year"] = str(_year_of(request))
        super().__init__(data, queryset, request=request, **kwargs)
        self.filters["year"].field.choices = [(str(y), f"{y}年") for y in _years()]

    def keep_all(self, queryset, name, value):
        return queryset  # the year picks the 报表 of each row, not the rows

    def filter_state(self, queryset, name, value):
        reports = WebsiteReport.objects.filter(
            site=OuterRef("pk"), year=int(self.form.cleaned_data["year"])
        )
        if value == "missing":
            return queryset.exclude(Exists(reports))
        published = reports.filter(published_at__isnull=False)
        if value == "published":
            return queryset.filter(Exists(published))
        return queryset.filter(Exists(reports)).exclude(Exists(published))


class ReportTable(Table):
    def get_row_attrs(self, instance):
        late = " late" if instance.report_late else ""
        return {"class": f"report-row{late}", "data-site": instance.pk}


def _action_link(site):
    url = reverse("sites_website_reports:edit", args=[site.pk, site.year])
    return format_html('<a href="{}">{}</a>', url, "查看" if site.report else "生成")


class WebsiteReportList(DeskReport):
    sites_of = staticmethod(visible_site_ids)
    page_title = "政府网站工作年度报表"
    header_icon = "table"
    model = Site
    table_class = ReportTable
    table_classname = "listing website-reports"
    filterset_class = WebsiteReportFilterSet
    index_url_name = "sites_website_reports:index"
    results_template_name = "sites/admin/website_report_results.html"
    paginate_by = None
    columns = [
        Column("site_name", label="网站"),
        Column("report_state", label="状态", classname="state"),
        Column("report_published", label="发布时间"),
        Column("action", label="操作", accessor=_action_link),
    ]
    export = {"site_name": "网站", "year": "报表年度", "report_state": "状态",
              "report_published": "发布时间"}  # fmt: skip

    def get_queryset(self):
        sites = sites_in(visible_site_ids(self.request.user))
        # The cluster's sites: those with a profile (not Wagtail's placeholder site).
        sites = sites.filter(pk__in=SiteProfile.objects.values("site_id"))
        return sites.only("pk", "site_name").order_by("site_name", "pk")

    def decorate_paginated_queryset(self, object_list):
        year, today = _year_of(self.request), timezone.localdate()
        sites = list(object_list)
        reports = {
            r.site_id: r
            for r in WebsiteReport.objects.filter(
                year=year, site__in=[s.pk for s in sites]
            ).only("pk", "site_id", "year", "published_at", "updated_at")
        }
        for site in sites:
            site.year, site.report = year, reports.get(site.pk)
            site.report_state, site.report_late = website_report.publication_state(
                site.report, today
            )
            published = site.report and site.report.published_at
            site.report_published = local_text(published, empty="—")
        return sites

    def get_context_data(self, **kwargs):
        year = _year_of(self.request)
        return super().get_context_data(
            year=year, deadline=website_report.deadline_for(year), **kwargs
        )

    def get_filename(self):
        return f"website-reports-{_year_of(self.request)}"


# The message after each action on a 报表.
DONE = {"save": "已保存。", "refresh": "已重新统计。", "publish": "已发布。"}


def report_edit(request, site_id: int, year: int):
    site_ids = visible_site_ids(request.user)
    if site_ids is not None and site_id not in site_ids:
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
                return redirect("sites_website_reports:edit", site_id, year)
            record(
                f"cluster.website_report.{action}",
                user=request.user,
                request=request,
                site=site,
                obj=report,
                title=str(report),
            )
            messages.success(request, f"{year}年度报表{DONE.get(action, '已保存。')}")
            return redirect("sites_website_reports:edit", site_id, year)
    state, late = website_report.publication_state(report if report.pk else None)
    computed = set(report.data.get("_computed", []))
    computed_sections = [
        (section, [(f, v) for f, v in rows if f.key in computed or f.source == "auto"])
        for section, rows in website_report.sections_of(report)
    ]
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
            "computed_sections": computed_sections,
        },
    )


class WebsiteReportViewSet(DeskViewSet):
    """The list and each 报表 at their old addresses under ``/admin/supervision/``."""

    name = "sites_website_reports"
    url_prefix = "supervision/website-reports"
    reports = {"": WebsiteReportList}
    views = {"<int:site_id>/<int:year>/": ("edit", report_edit)}


website_report_viewset = WebsiteReportViewSet()
