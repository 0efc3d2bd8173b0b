"""The 审批公示 admin desk: viewsets under one menu, scoped by the site policy in
:mod:`.policy`, and the addresses the desk had before (bookmarks) as redirects."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.urls import path, reverse
from wagtail.admin.viewsets.base import ViewSetGroup

from disclosure.approvals.desk.decisions import DecisionViewSet
from disclosure.approvals.desk.imports import TokenViewSet, UploadViewSet
from disclosure.approvals.desk.supervision import SupervisionViewSet


class ApprovalsDesk(ViewSetGroup):
    menu_label = "审批公示"
    menu_icon = "tasks"
    menu_order = 910
    items = (SupervisionViewSet, UploadViewSet, DecisionViewSet, TokenViewSet)


def moved(url_name: str, query: str = ""):
    """A temporary redirect to where the page is now (307 keeps a POST a POST)."""

    def view(request, **kwargs):
        params = "&".join(p for p in (query, request.GET.urlencode()) if p)
        target = reverse(url_name, kwargs=kwargs) + (f"?{params}" if params else "")
        response = HttpResponseRedirect(target)
        if request.method not in ("GET", "HEAD"):
            response.status_code = 307
        return response

    return view


OLD_URLS = [
    path("approvals/supervision/<int:pk>/", moved("approvals_supervision:inspect")),
    path("approvals/supervision/export.xlsx",
         moved("approvals_supervision:index", "export=xlsx")),
    path("approvals/cases/<int:pk>/", moved("approvals_supervision:case")),
    path("approvals/decisions/<int:pk>/change/", moved("approvals_decisions:edit")),
    path("approvals/tokens/<int:pk>/revoke/", moved("approvals_tokens:revoke")),
]  # fmt: skip
