"""A desk over site-owned records, as a Wagtail viewset (issue 19).

The one site-scoped permission policy every desk builds on. Which sites a user
may act on is the desk's own rule, ``site_ids(user) -> set[int] | None`` (or,
per action, :meth:`SiteScopedPolicy.sites_for`) built on
``sites.services.site_roles``; ``None`` means every site (superusers and
cluster-wide roles). The policy turns that rule into Wagtail's terms, so the
list, the filters, the forms, the object views and the menu item all ask the
same question. :func:`moved` answers the desks' old, bookmarkable addresses.

A desk's reports are :class:`DeskReport` s at the addresses of a
:class:`DeskViewSet`; each declares only what is its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.middleware.csrf import get_token
from django.urls import path, reverse
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import policy_registry

SiteIds = Callable[[object], "set[int] | None"]


class SiteScopedPolicy(BasePermissionPolicy):
    """An action on a row is allowed to the users whose sites for that action
    hold the row's site (``site_field`` names the row's site foreign key)."""

    # True when the sites differ by action (the memo then keys on the action).
    per_action = False

    def __init__(self, model, site_ids: SiteIds | None = None, site_field="site"):
        super().__init__(model)
        self._site_ids = site_ids
        self.site_field = site_field

    def sites_for(self, user, action) -> set[int] | None:
        return self._site_ids(user)

    def site_ids(self, user, action="change") -> set[int] | None:
        # Asked several times a request (menu, list, buttons): once per user object.
        memo = user.__dict__.setdefault("_desk_site_ids", {})
        key = (self, action) if self.per_action else self
        if key not in memo:
            active = getattr(user, "is_authenticated", False) and user.is_active
            memo[key] = self.sites_for(user, action) if active else set()
        return memo[key]

    def scope(self, user, queryset, actions=("view",)):
        """``queryset`` narrowed to the rows ``user`` may act on in any of ``actions``."""
        found: set[int] = set()
        for action in actions:
            ids = self.site_ids(user, action)
            if ids is None:
                return queryset
            found |= ids
        return queryset.filter(**{f"{self.site_field}__in": found})

    def user_has_permission(self, user, action):
        ids = self.site_ids(user, action)
        return ids is None or bool(ids)

    def user_has_permission_for_instance(self, user, action, instance):
        ids = self.site_ids(user, action)
        return ids is None or getattr(instance, f"{self.site_field}_id") in ids

    def instances_user_has_any_permission_for(self, user, actions):
        return self.scope(user, self.model._default_manager.all(), actions)

    def users_with_any_permission(self, actions):
        # Superusers and the members of any site-role group; the per-user rule
        # above is the exact answer.
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__site_role__isnull=False))
            .distinct()
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        site_id = getattr(instance, f"{self.site_field}_id")
        return self.users_with_any_permission(actions).filter(
            Q(is_superuser=True) | Q(groups__site_role__site_id=site_id)
        )


def sites_in(ids: set[int] | None):
    """The sites of ``ids`` (``None``: every site), in the order of their keys."""
    sites = Site.objects.order_by("pk")
    return sites if ids is None else sites.filter(pk__in=ids)


def own_sites(policy, user, action="change"):
    """The sites ``user`` may act on in ``action``, for a site field."""
    return sites_in(policy.site_ids(user, action) if user is not None else set())


class SiteField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.site_name


class SiteFilter(django_filters.ModelChoiceFilter):
    """A site filter offering the user's sites; left out when that is one site."""

    field_class = SiteField

    @classmethod
    def limit(cls, filterset, ids: set[int] | None) -> None:
        if ids is not None and len(ids) <= 1:
            del filterset.filters["site"]
            return
        filterset.filters["site"].queryset = sites_in(ids)


class StateFilter(django_filters.ChoiceFilter):
    """A filter on the rows' state (``{value: label}``), by the filterset's
    ``filter_state``."""

    def __init__(self, label, states: dict[str, str]):
        choices = list(states.items())
        super().__init__(label=label, choices=choices, method="filter_state")


class SiteScopedForm(WagtailAdminModelForm):
    """The ``site`` field offers the user's own sites only."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("site")
        if field is not None:
            policy = policy_registry.get_by_type(self._meta.model)
            field.queryset = own_sites(policy, for_user)
            field.label_from_instance = SiteField.label_from_instance.__get__(field)


class OwnSitesOnly:
    """Generic views: only the rows of the user's sites (the list, its export);
    another site's row is refused (``other_site``: 403, or 404 to deny it exists)
    before anything of it shows. Not for a history view: its listing
    (``get_base_queryset``) is the row's log entries, not the model's rows."""

    scope_action = "change"
    other_site = PermissionDenied

    def scoped(self, action=None):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, [action or self.scope_action]
        )

    def get_base_queryset(self):
        return self.scoped()

    def get_object(self, *args):
        # Forward what was passed: the edit and delete views take a queryset,
        # the history and usage views' get_object() takes no argument.
        instance = super().get_object(*args)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.scope_action, instance
        ):
            raise self.other_site
        return instance


class SitesRequired:
    """A desk's report view refuses (403) a user without a site in its rule
    ``sites_of(user) -> set[int] | None`` (``None``: every site)."""

    sites_of: SiteIds

    def dispatch(self, request, *args, **kwargs):
        if self.sites_of(request.user) == set():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PolicyOnly:
    """Viewsets answering to a site policy alone offer no model permissions in
    the group editor: ticking them would grant nothing."""

    def get_permissions_to_register(self):
        return Permission.objects.none()


class SiteScopedIndexView(OwnSitesOnly, generic.IndexView):
    pass


class SiteScopedViewSet(ModelViewSet):
    index_view_class = SiteScopedIndexView


DAY = "%Y-%m-%d"


def local_text(value, fmt=f"{DAY} %H:%M", empty=""):
    """A date, or a time in the cluster's time zone, as the desks write it."""
    if not value:
        return empty
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return f"{value:{fmt}}"


class TemplateColumn(Column):
    """A cell drawn by the desk's ``template`` (with a CSRF token for its forms)."""

    def __init__(self, name, template, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["csrf_token"] = get_token(parent_context["request"])
        return context


class DeskReport(SitesRequired, ReportView):
    """A desk's list as a Wagtail report, refused to a user without a site in
    ``sites_of``. ``export`` (``{field: heading}``) is the spreadsheet, named
    ``<export_name>-<today>``, its times as :func:`local_text`; the results URL
    is ``index_url_name`` + ``_results``. ``decorate_paginated_queryset`` runs
    once, before the table is built, for the page shown and the export alike."""

    export: dict[str, str] = {}
    export_name = "export"
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        datetime.datetime: dict.fromkeys(ReportView.FORMATS, local_text),
    }

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.list_export = list(cls.export)
        cls.export_headings = cls.export

    def get_filename(self):
        return f"{self.export_name}-{timezone.localdate():%Y-%m-%d}"

    def get_index_results_url(self):
        return reverse(self.index_results_url_name or f"{self.index_url_name}_results")

    def get(self, request, *args, **kwargs):
        self.object_list = self.get_filtered_queryset()
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.decorate_paginated_queryset(context["object_list"])
        context.update(object_list=rows, table=self.get_table(rows))
        return context


class DeskViewSet(ViewSet):
    """A desk's addresses: ``reports`` ``{route: DeskReport}`` (each with its
    results URL, named by the view's ``index_url_name``), then ``views``
    ``{route: (url name, view)}``."""

    reports: dict[str, type[DeskReport]] = {}
    views: dict[str, tuple[str, Callable]] = {}

    @staticmethod
    def report_urls(route, view):
        name = view.index_url_name.rpartition(":")[2]
        return [
            path(route, view.as_view(), name=name),
            path(
                f"{route}results/",
                view.as_view(results_only=True),
                name=f"{name}_results",
            ),
        ]

    def get_urlpatterns(self):
        urls = [
            u for r, view in self.reports.items() for u in self.report_urls(r, view)
        ]
        return urls + [path(r, view, name=n) for r, (n, view) in self.views.items()]


def moved(url_name: str, query: str = "", *, permanent=False, **fixed):
    """A view answering an old, bookmarkable admin address with a redirect to
    where the desk lives now (``fixed`` and the path's own arguments fill the
    new address; ``query`` goes before the request's own). A temporary one
    keeps a POST a POST (307)."""

    def view(request, **kwargs):
        url = reverse(url_name, kwargs={**kwargs, **fixed} or None)
        params = "&".join(p for p in (query, request.META.get("QUERY_STRING")) if p)
        response = HttpResponseRedirect(f"{url}?{params}" if params else url)
        if permanent:
            response.status_code = 301
        elif request.method not in ("GET", "HEAD"):
            response.status_code = 307
        return response

    return view
