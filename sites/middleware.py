"""Public notice or redirect for withdrawn pages (撤稿), instead of a bare 404."""

from django.shortcuts import redirect, render
from wagtail.models import Site

from .models import Withdrawal


class WithdrawnPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        if request.path.startswith(("/admin/", "/static/", "/media/", "/documents/")):
            return response

        site = Site.find_for_request(request)
        if site is None:
            return response
        withdrawal = (
            Withdrawal.objects.filter(site=site, path=request.path)
            .select_related("replacement")
            .order_by("-withdrawn_at")
            .first()
        )
        if withdrawal is None or withdrawal.page.live:
            return response
        if withdrawal.replacement is not None and withdrawal.replacement.live:
            return redirect(withdrawal.replacement.get_url(request), permanent=True)
        home_page = site.root_page.specific
        return render(
            request,
            "sites/withdrawn.html",
            {"withdrawal": withdrawal, "home_page": home_page},
            status=410,
        )
