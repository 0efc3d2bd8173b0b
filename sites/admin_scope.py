"""Keep Wagtail's generic admin views inside the user's own sites (issue #14 item 5).

Wagtail checks permissions before it *acts*, but several views *show* what they
were asked about first: the bulk-action confirmation lists the title of every
page, image or document id in its query string (those the user may not touch
under "no permission"), and the page chooser shows the page it browses into.
An editor could read every site's titles, drafts included, by counting ids.

This middleware narrows what those views are given to what the user's sites
hold, before the view runs: ids outside the user's pages or collections are
dropped (none left: 404, as for an id that does not exist), and the chooser may
only browse the user's own pages and the pages above them (the way down from
the root). Cluster-wide roles (集群管理员, 监督员) read every site anyway.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from wagtail.models import GroupCollectionPermission, Page

from .isolation import is_cluster_wide, own_subtrees_q

PAGE_MODELS = {("wagtailcore", "page")}
MEDIA_MODELS = {("wagtailimages", "image"), ("wagtaildocs", "document")}


def _own_page_paths(user) -> list[str]:
    from wagtail.models import GroupPagePermission

    return list(
        GroupPagePermission.objects.filter(group__user=user)
        .values_list("page__path", flat=True)
        .distinct()
    )


def _own_collections_q(user) -> Q:
    """Objects in the collections (and their sub-collections) ``user`` holds any
    permission on."""
    paths = (
        GroupCollectionPermission.objects.filter(group__user=user)
        .values_list("collection__path", flat=True)
        .distinct()
    )
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(collection__path__startswith=path)
    return condition


def _restrict_ids(request, kept: list[str]) -> None:
    query = request.GET.copy()
    query.setlist("id", kept)
    request.GET = query


def _bulk_page_ids(request, user) -> list[str]:
    ids = request.GET.getlist("id")
    pages = Page.objects.filter(own_subtrees_q(user))
    if "all" in ids:
        # "Select all" acts on the listing under ``childOf``: the children (or,
        # when searching, the descendants) of a page, which must be the user's.
        parent = pages.filter(pk=_int(request.GET.get("childOf"))).first()
        if parent is None:
            return []
        below = (
            parent.get_descendants() if request.GET.get("q") else parent.get_children()
        )
        return [
            str(pk)
            for pk in below.filter(own_subtrees_q(user)).values_list("pk", flat=True)
        ]
    wanted = [pk for pk in (_int(i) for i in ids) if pk is not None]
    return [str(pk) for pk in pages.filter(pk__in=wanted).values_list("pk", flat=True)]


def _bulk_media_ids(request, user, model) -> list[str] | None:
    ids = request.GET.getlist("id")
    if "all" in ids:
        return None  # Wagtail lists only what the user may change (permission policy)
    wanted = [pk for pk in (_int(i) for i in ids) if pk is not None]
    found = model.objects.filter(pk__in=wanted).filter(_own_collections_q(user))
    return [str(pk) for pk in found.values_list("pk", flat=True)]


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def may_browse(user, page_id: int) -> bool:
    """The chooser may open the user's own pages and the pages above them."""
    page = Page.objects.filter(pk=page_id).only("path").first()
    if page is None:
        return True  # the view answers 404 itself
    return any(
        page.path.startswith(own) or own.startswith(page.path)
        for own in _own_page_paths(user)
    )


class AdminScopeMiddleware:
    """After authentication: narrow the bulk-action and chooser views (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name not in (
            "wagtail_bulk_action",
            "wagtailadmin_choose_page_child",
            "wagtailadmin_choose_page_chosen_multiple",
        ):
            return None
        user = request.user
        if not user.is_authenticated or is_cluster_wide(user):
            return None
        if match.url_name == "wagtailadmin_choose_page_child":
            if not may_browse(user, view_kwargs["parent_page_id"]):
                raise Http404
            return None
        if match.url_name == "wagtailadmin_choose_page_chosen_multiple":
            _restrict_ids(request, _bulk_page_ids(request, user))
            return None
        key = (view_kwargs.get("app_label"), view_kwargs.get("model_name"))
        if key in PAGE_MODELS:
            kept = _bulk_page_ids(request, user)
        elif key in MEDIA_MODELS:
            from django.apps import apps

            kept = _bulk_media_ids(request, user, apps.get_model(*key))
            if kept is None:
                return None
        else:
            return None
        if not kept:
            raise Http404
        _restrict_ids(request, kept)
        return None


__all__ = ["AdminScopeMiddleware", "may_browse"]
