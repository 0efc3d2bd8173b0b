"""Where the public pages of a case stand: on the site the request is for,
inside that site's column (依申请公开 /xxgk/ysqgk/, 领导信箱 /hdjl/ldxx/), whose
page gives them their breadcrumbs and navigation."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from sites.models import ColumnPage


def public_site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有与此域名对应的网站。")
    return site


def column_context(site, slug: str, **extra) -> dict:
    """The template context of a page shown inside the site's column ``slug``."""
    column = (
        ColumnPage.objects.live()
        .descendant_of(site.root_page)
        .filter(slug=slug)
        .first()
    )
    return {
        "home_page": site.root_page.specific,
        "page": column,
        "column": column,
        **extra,
    }


def receipt_view(slug: str, session_key: str, template_name: str, lookup_url: str):
    """The receipt page (case number and query code) for the session that
    submitted the case; any other visitor is sent to the look-up page."""

    @never_cache
    def receipt(request):
        data = request.session.get(session_key)
        if not data:
            return redirect(lookup_url)
        context = column_context(public_site(request), slug, receipt=data)
        return render(request, template_name, context)

    return receipt
