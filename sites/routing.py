"""Route a public request to its page with a fixed number of queries.

Wagtail's routing walks the URL one segment at a time: the site's root page,
its specific form, then for every segment the child with that slug and its
specific form — two queries per segment, six for an article. Here the site's
home comes with the site look-up (Wagtail reads it with the site), every page
along the path is read in one query (slug and depth within the home's subtree,
answered by the slug index) and the page found in its specific form: two
queries whatever the depth, one for a home page. The site comes from the
process's kept look-up (sites/site_lookup.py), and the paths of the site's
restricted pages are read once per site generation, so each page found knows
whether a view restriction sits on it or above it and an unrestricted page
needs no restriction query.

The result is handed to Wagtail's own ``serve`` view through the attribute it
caches its routing in (``request._wagtail_route_for_request``), so its hooks
(view restrictions, ``before_serve_page``) run unchanged. Pages along the way
keep Wagtail's semantics: only the page found must be live, and a page type
with its own ``route`` (e.g. a routable page) answers the rest of the path
itself. The ancestors found are kept on the page (``_route_ancestors``) so the
breadcrumb and the site home need no query of their own.
"""

from __future__ import annotations

from contextlib import suppress

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from .models import HomePage
from .services.tree import descendants_q
from .site_lookup import ROOT_PATHS_ATTR, per_generation, site_for_request

ROUTE_ATTR = "_wagtail_route_for_request"  # where Wagtail caches a request's route


def _routes_itself(page) -> bool:
    model = page.specific_class
    return model is None or model.route is not Page.route


def _restricted_paths(request, home) -> frozenset[str]:
    """The tree paths of the pages under view restrictions in ``home``'s site
    (and above its home), read once per site generation in each process
    (sites/site_lookup.py): restricting or freeing a page moves its site's
    generation (sites/signals.py). A page is restricted when one of them heads
    its path; then its restrictions are read as Wagtail reads them."""
    from wagtail.models import PageViewRestriction

    above = [home.path[:end] for end in range(home.steplen, len(home.path) + 1,
                                              home.steplen)]  # fmt: skip

    def read():
        return frozenset(
            PageViewRestriction.objects.filter(
                Q(page__path__in=above) | descendants_q(home.path, "page__")
            ).values_list("page__path", flat=True)
        )

    return per_generation(request, f"restricted-paths:{home.pk}", read)


def _mark_restricted(page, restricted_paths) -> None:
    page.restricted = any(page.path.startswith(p) for p in restricted_paths)


def _found(request, page, path_pages):
    """The page found, in its specific form, with what its route learned."""
    if not any(p.alias_of_id for p in path_pages):
        # An alias answers with its original's restrictions: Wagtail's query then.
        page._route_unrestricted = not page.restricted
    specific = _specific(page)
    _share_root_paths(request, [specific, *path_pages])
    return specific


def _specific(page):
    """``page.specific``, reading only what the route has not read: the row of
    ``wagtailcore_page`` came with the route, so the query selects the columns
    of the page type's own table (and what its context needs besides them,
    ``route_annotations``). Building Django's query for every column of both
    tables and the objects from them cost more than the rest of the route."""
    model = page.specific_class
    if model is None or isinstance(page, model):
        return page.specific
    # Wagtail's copy without a query: the page's values, its other attributes
    # (route ancestors, restrictions), the type's own fields deferred.
    specific = page.get_specific(deferred=True)
    specific._state.db = page._state.db
    missing = [f.attname for f in model._meta.concrete_fields
               if f.attname not in specific.__dict__]  # fmt: skip
    annotations = getattr(model, "route_annotations", None)
    extra = annotations() if annotations is not None else {}
    if missing or extra:
        row = (
            model._default_manager.filter(pk=page.pk)
            .annotate(**extra)
            .values_list(*missing, *extra)
            .get()
        )
        for name, value in zip((*missing, *extra), row, strict=True):
            setattr(specific, name, value)
    page.__dict__["specific"] = specific  # as ``page.specific`` keeps it
    return specific


def _share_root_paths(request, pages) -> None:
    """The request's site root paths (sites/site_lookup.py) on the pages routed,
    for the links they make without the request (``full_url``)."""
    root_paths = getattr(request, ROOT_PATHS_ATTR, None)
    if root_paths is not None:
        for page in pages:
            setattr(page, ROOT_PATHS_ATTR, root_paths)


def _route(request, site, components: list[str]) -> RouteResult | None:
    root = site.root_page  # read with the site
    if root.specific_class is not HomePage or _routes_itself(root):
        raise LookupError("site root is not a standard home page")
    restricted_paths = _restricted_paths(request, root)
    if not components:
        home = HomePage.objects.filter(pk=root.pk).first()
        if home is None or not home.live:
            return None
        _mark_restricted(home, restricted_paths)
        home._route_unrestricted = not home.alias_of_id and not home.restricted
        _share_root_paths(request, [home])
        return RouteResult(home)

    # The home's own fields (body, introduction) load if something reads them.
    home = root.get_specific(deferred=True)
    wanted = Q()
    for level, slug in enumerate(components, start=1):
        wanted |= Q(depth=home.depth + level, slug=slug)
    found = list(
        Page.objects.filter(descendants_q(home.path)).filter(wanted).order_by("path")
    )
    for page in found:
        _mark_restricted(page, restricted_paths)
    chain, parent = [home], home
    for level, slug in enumerate(components, start=1):
        child = next(
            (
                page
                for page in found
                if page.depth == parent.depth + 1
                and page.slug == slug
                and page.path.startswith(parent.path)
            ),
            None,
        )
        if child is None:
            return None
        child._cached_parent_obj = parent
        child._route_ancestors = chain[:]
        if _routes_itself(child):
            # Its own route answers the rest (raising Http404 if it cannot).
            return child.specific.route(request, components[level:])
        chain.append(child)
        parent = child
    if not parent.live:
        return None
    return RouteResult(_found(request, parent, chain))


def route_for_request(request, path: str) -> RouteResult | None:
    """What ``Page.route_for_request`` returns, in fewer queries."""
    site, _generations = site_for_request(request)
    if site is None:
        return None
    try:
        return _route(request, site, [c for c in path.split("/") if c])
    except Http404:
        return None


def serve(request, path):
    """Wagtail's ``serve`` view, routed here first (same URL name and pattern)."""
    if not hasattr(request, ROUTE_ATTR) and not getattr(
        settings, "WAGTAIL_I18N_ENABLED", False
    ):
        # A site whose root is not a standard home page is routed by Wagtail.
        with suppress(LookupError):
            setattr(request, ROUTE_ATTR, route_for_request(request, path))
    return wagtail_views.serve(request, path)
