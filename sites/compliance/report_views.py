"""Public views of the 政府网站工作年度报表 (R50, R72): the public reads
published ones at ``/gzndbb/`` on each site (the admin desk is in
``website_report_desk``).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.models import Site

from ..models import SiteKind, SiteProfile, WebsiteReport
from . import website_report


def _site(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有与此域名对应的网站。")
    return site


def _render(request, site, **context):
    context.update(site=site, home_page=site.root_page.specific)
    return TemplateResponse(request, "sites/website_report_public.html", context)


def public_list(request):
    site = _site(request)
    reports = WebsiteReport.objects.filter(published_at__isnull=False)
    # The portal gathers the 报表 of every site of the cluster (R50).
    gathers = SiteProfile.objects.filter(site=site, kind=SiteKind.PORTAL).exists()
    if not gathers:
        reports = reports.filter(site=site)
    reports = list(reports.select_related("site").order_by("-year", "site_id"))
    return _render(request, site, gathers=gathers, reports=reports, report=None)


def public_detail(request, year: int):
    site = _site(request)
    report = get_object_or_404(
        WebsiteReport, site=site, year=year, published_at__isnull=False
    )
    sections = website_report.sections_of(report)
    return _render(request, site, report=report, reports=[], sections=sections)
