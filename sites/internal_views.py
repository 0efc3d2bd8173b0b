"""The site's own login for its civil servants (内部人员登录) and the list of the
internal sections they may read. Never cached: app views are outside the page
cache, and every response here says so."""

from django.contrib.auth import login, logout
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.models import Site

from .internal_sections import InternalLoginForm, display_name, readable_sections


def _site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有与此域名对应的网站。")
    return site


def _safe_next(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return ""


@never_cache
def internal_login(request):
    site = _site(request)
    form = InternalLoginForm(request, data=request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            login(request, form.get_user())
            return redirect(_safe_next(request) or "sites_internal_login")
        status = 400
    context = {
        "home_page": site.root_page.specific,
        "form": form,
        "next": _safe_next(request),
        "sections": readable_sections(site, request.user),
        "reader_name": display_name(request.user)
        if request.user.is_authenticated
        else "",
    }
    return render(request, "sites/internal_login.html", context, status=status)


@never_cache
@require_POST
def internal_logout(request):
    logout(request)
    return redirect("sites_internal_login")
