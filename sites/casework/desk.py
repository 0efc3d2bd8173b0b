"""The case desk (办理台) every casework module builds its admin desk on.

A desk is a Wagtail ``ModelViewSet`` of one case model: a list scoped to the
user's sites by ``site_roles`` (cluster roles see every case), filters built
from the desk's declarations, spreadsheet export through ``list_export``, the
case page as the inspect view and the actions dispatched from a declarative
table. The desk's permission policy is registered with Wagtail, so the menu,
the views and any other Wagtail code ask the same question.

The core knows no case model: ``disclosure`` and ``interaction`` declare their
desks here and register them from their own hooks.
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django_filters import CharFilter, ChoiceFilter, ModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import multigetattr
from wagtail.models import Site
from wagtail.permissions import register_permission_policy

from sites.audit import record
from sites.desk_viewsets import SiteScopedPolicy, moved
from sites.services.site_roles import site_roles

# --- who sees which cases ---------------------------------------------------


@dataclass(frozen=True)
class DeskScope:
    """The cases one group of roles works: those whose site, in any of
    ``fields``, is one of the user's sites in ``roles`` (narrowed by ``when``)."""

    roles: tuple[str, ...]
    fields: tuple[str, ...]
    when: Q | None = None


class CaseDeskPolicy(SiteScopedPolicy):
    """ "view" (the desk and its cases) for the roles of ``scopes`` on their sites,
    and on every case for holders of ``every_case_permission`` (监督员、集群管理员)."""

    # Only "view" is granted: the memo must not answer another action with it.
    per_action = True

    def __init__(self, model, scopes: Iterable[DeskScope], every_case_permission):
        super().__init__(model)
        self.scopes = tuple(scopes)
        self.every_case_permission = every_case_permission

    def sites_for(self, user, action) -> set[int] | None:
        if action != "view":
            return set()
        if user.is_superuser or user.has_perm(self.every_case_permission):
            return None
        return set().union(*(site_roles.site_ids(user, s.roles) for s in self.scopes))

    def scope(self, user, queryset: QuerySet, actions=("view",)) -> QuerySet:
        """``queryset`` narrowed to the cases ``user`` may see (one query to
        the roles per request, none per case): a case is seen through the site
        of a scope's ``fields``, by that scope's roles only."""
        if "view" not in actions:
            return queryset.none()
        if self.site_ids(user, "view") is None:
            return queryset
        seen = Q(pk__in=[])
        for scope in self.scopes:
            site_ids = site_roles.site_ids(user, scope.roles)
            if site_ids:
                on_sites = [Q(**{f"{field}__in": site_ids}) for field in scope.fields]
                on_any = functools.reduce(operator.or_, on_sites, Q(pk__in=[]))
                seen |= on_any & (scope.when or Q())
        return queryset.filter(seen)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        rows = self.model._default_manager.filter(pk=instance.pk)
        return self.scope(user, rows, (action,)).exists()


# --- actions ---------------------------------------------------------------


@dataclass(frozen=True)
class CaseAction:
    """One row of a desk's action table.

    ``run(request, case, data)`` calls the module's service (which refuses a
    wrong state in its own words); ``states`` are where the case page offers it,
    narrowed by ``offered(case, user, facts)``; ``allowed(user, case)`` refuses
    others with 403; ``form`` validates the POST first; ``done(case, result)``
    is the message; ``button`` the form's button where it says more than
    ``label``."""

    label: str
    run: Callable
    states: tuple[str, ...] = ()
    allowed: Callable | None = None
    form: type | None = None
    done: Callable | str = ""
    offered: Callable | None = None
    button: str = ""

    def is_offered(self, case, user, facts=None) -> bool:
        return (
            (not self.states or case.status in self.states)
            and (self.allowed is None or self.allowed(user, case))
            and (self.offered is None or self.offered(case, user, facts))
        )


def calls(service, *fields, **constants):
    """The ``run`` of an action that is one service call:
    ``service(case, user, *(the posted fields), **constants, request=request)``."""

    def run(request, case, data):
        values = [data.get(field, "") for field in fields]
        return service(case, request.user, *values, **constants, request=request)

    return run


class CaseActionView(View):
    """POST an action of the desk's table on one case, then back to the case."""

    desk = None  # set by the viewset
    http_method_names = ["post"]

    def post(self, request, pk, action):
        entry = self.desk.actions.get(action)
        if entry is None:
            raise PermissionDenied
        case = self.desk.get_case(request, pk)
        if entry.allowed is not None and not entry.allowed(request.user, case):
            raise PermissionDenied
        data, form = request.POST, None
        if entry.form is not None:
            form = entry.form(request.POST, request.FILES, prefix=action)
            if not form.is_valid():
                return self.desk.refused(request, case, action, form, None)
            data = form.cleaned_data
        try:
            result = entry.run(request, case, data)
        except self.desk.case_error as error:
            return self.desk.refused(request, case, action, form, error)
        self.desk.succeeded(request, case, action, result)
        return redirect(self.desk.get_url_name("inspect"), pk=case.pk)


def audit(request, action, case, site, **detail):
    """Record ``action`` by the request's user on ``case`` of ``site``: the
    case number, never personal data."""
    record(
        action, user=request.user, site=site, obj=case, title=case.case_number,
        request=request, **detail,
    )  # fmt: skip


# --- the desk --------------------------------------------------------------


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None)


class CaseIndexView(generic.IndexView):
    """The desk's list: only the user's cases, filtered, paginated, exported,
    each row with its alarm level (one clock, so one calendar read, a list)."""

    any_permission_required = ["view"]
    desk = None
    # Times as the desk shows them (Asia/Shanghai), not as UTC.
    custom_value_preprocess = {
        **generic.IndexView.custom_value_preprocess,
        datetime.datetime: {
            "xlsx": _local,
            "csv": lambda value: _local(value).strftime("%Y-%m-%d %H:%M"),
        },
    }

    @cached_property
    def clock(self):
        return self.desk.alarm_clock()

    def export_value(self, case, field):
        if field == "alarm":
            return self.desk.alarm_label(self.clock.level(case))
        if field in self.desk.export_values:
            return self.desk.export_values[field](case)
        return multigetattr(case, field)

    def to_row_dict(self, item):
        return {field: self.export_value(item, field) for field in self.list_export}

    def get_base_queryset(self):
        return self.desk.permission_policy.scope(self.request.user, self.desk.cases())

    def order_queryset(self, queryset):
        # The desk's order (most urgent first), not a column the user picked.
        return queryset.order_by(*self.default_ordering)

    def get_page_title(self):
        return self.page_title or self.desk.menu_label

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        clock, user = self.clock, self.request.user
        context.update(
            rows=[(case, clock.level(case)) for case in context["object_list"]],
            # Those who see every site's cases get the site filter.
            sites=self.desk.permission_policy.site_ids(user, "view") is None,
            today=clock.on,
            **self.desk.index_context(user),
        )
        return context


class CaseInspectView(generic.InspectView):
    """The case page; a case of another site is refused (403), as it always was."""

    any_permission_required = ["view"]
    desk = None

    def get_object(self, queryset=None):
        return self.desk.get_case(self.request, self.pk, case_page=True)

    def get_fields(self):
        # The desk's own page shows the case; Wagtail's field dump would read
        # (and decrypt) every personal-data field.
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.desk.case_context(self.request, self.object))
        return context


class CaseDeskViewSet(ModelViewSet):
    """A case desk. Subclasses set ``model``, ``name``, ``url_prefix``,
    ``menu_label``, ``permission_policy``, ``actions``, ``case_error``, the
    filters with ``alarm_filters(clock)``, the export, the alarm clock and
    ``template_prefix`` (``index``, ``index_results`` and ``inspect.html``),
    and fill the case page (``case_context``)."""

    index_view_class = CaseIndexView
    inspect_view_class = CaseInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    icon = "mail"
    list_per_page = 50
    permission_policy: CaseDeskPolicy = None
    actions: dict[str, CaseAction] = {}
    case_error: type[Exception] = Exception
    ordering = ("due_on", "-submitted_at", "-pk")
    # The joins of the list and of an action's case; the case page adds its own.
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    case_related: tuple[str, ...] = ()
    case_prefetch: tuple[str, ...] = ()
    # The list's filters: 状态 (every state, and ("open", label) for every one
    # of the open states), 预警 (``alarm_choices``, each the cases of
    # ``alarm_filters(clock)``), the site (label, field), a text (label, fields).
    open_filter: tuple[str, tuple[str, ...]] = ("", ())
    alarm_choices: list[tuple[str, str]] = []
    site_filter = ("", "site")
    text_filter: tuple[str, tuple[str, ...]] = ("", ("case_number",))
    # {field: heading} of the export; ``alarm`` is the row's alarm level
    # (``alarm_label``), ``export_values`` the columns computed from the case.
    export_columns: dict[str, str] = {}
    export_values: dict[str, Callable] = {}
    alarm_clock: type = None
    alarm_label: Callable = staticmethod(str)
    # The message of an action whose row has none.
    done_message = "{label}已完成。"
    # The desk's URLs before it was a viewset: the old name of each new url
    # name, and the old addresses that moved as (route, old name, new name).
    legacy_names: dict[str, str] = {}
    moved_routes: tuple[tuple[str, str, str], ...] = ()

    def register_permissions(self):
        # The desk's policy answers for the model everywhere in Wagtail.
        register_permission_policy(self.model, self.permission_policy, exact_class=True)

    @property
    def list_export(self):
        return list(self.export_columns)

    @property
    def export_headings(self):
        return self.export_columns

    def filters(self, *names) -> type[WagtailFilterSet]:
        """A FilterSet of the list's filters ``names`` (by default all four)."""
        open_label, open_statuses = self.open_filter
        site_label, site_field = self.site_filter
        text_label, text_fields = self.text_filter

        def by_status(cases, name, value):
            if value == "open":
                return cases.filter(status__in=open_statuses)
            return cases.filter(status=value)

        def by_alarm(cases, name, value):
            return cases.filter(self.alarm_filters(self.alarm_clock())[value])

        def by_text(cases, name, value):
            text = value.strip()[:30]
            found = [Q(**{f"{field}__icontains": text}) for field in text_fields]
            return cases.filter(functools.reduce(operator.or_, found))

        statuses = self.model._meta.get_field("status").choices
        every = {
            "status": ChoiceFilter(
                label="状态", empty_label="全部", method=by_status,
                choices=[("open", open_label), *statuses],
            ),
            "alarm": ChoiceFilter(
                label="预警", empty_label="全部", method=by_alarm,
                choices=self.alarm_choices,
            ),
            "site": ModelChoiceFilter(
                label=site_label, empty_label="全部", field_name=site_field,
                queryset=Site.objects.order_by("pk"),
            ),
            "q": CharFilter(label=text_label, method=by_text),
        }  # fmt: skip
        chosen = {name: every[name] for name in names or every}
        meta = type("Meta", (), {"model": self.model, "fields": []})
        name = f"{self.model.__name__}FilterSet"
        return type(name, (WagtailFilterSet,), {**chosen, "Meta": meta})

    @cached_property
    def filterset_class(self):
        return self.filters()

    def cases(self, case_page=False) -> QuerySet:
        related = self.related + (self.case_related if case_page else ())
        prefetch = self.prefetch + (self.case_prefetch if case_page else ())
        manager = self.model._default_manager
        return manager.select_related(*related).prefetch_related(*prefetch)

    def get_case(self, request, pk, case_page=False):
        """Case ``pk`` for the user who may see it (404 if none, else 403)."""
        case = get_object_or_404(self.cases(case_page), pk=pk)
        if not self.permission_policy.user_has_permission_for_instance(
            request.user, "view", case
        ):
            raise PermissionDenied
        return case

    def index_context(self, user) -> dict:
        return {}

    def case_context(self, request, case, bound=None) -> dict:
        """The case page's context; ``bound`` is (action, form) of a refused
        action whose form shows again with its errors."""
        return {}

    def succeeded(self, request, case, action, result):
        entry = self.actions[action]
        done = entry.done(case, result) if callable(entry.done) else entry.done
        default = self.done_message.format(case=case, label=entry.label)
        messages.success(request, done or default)

    def refused(self, request, case, action, form, error):
        """A refused action: without a form, the service's refusal as a message
        on the case page; else the case page again, the form bound with its
        errors (``error`` None: the form itself is invalid)."""
        if form is None:
            messages.error(request, str(error))
            return redirect(self.get_url_name("inspect"), pk=case.pk)
        if error is not None:
            form.add_error(None, str(error))
        case = self.cases(case_page=True).get(pk=case.pk)
        context = self.case_context(request, case, bound=(action, form))
        return render(request, self.inspect_template_name, context, status=400)

    def get_common_view_kwargs(self, **kwargs):
        # A desk adds, edits and deletes nothing: cases move by their actions.
        return super().get_common_view_kwargs(
            desk=self, add_url_name=None, edit_url_name=None,
            delete_url_name=None, history_url_name=None, usage_url_name=None,
            **kwargs,
        )  # fmt: skip

    def extra_urlpatterns(self) -> list:
        """Further views of the desk (lists, downloads), under its prefix."""
        return []

    def get_urlpatterns(self):
        # A case keeps the address it had before the desk became a viewset.
        action_view = CaseActionView.as_view(desk=self)
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            *self.extra_urlpatterns(),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/<str:action>/", action_view, name="action"),
        ]

    def legacy_urlpatterns(self) -> list:
        """The URLs by which the desk was known before it was a viewset, for the
        admin's URL list: the old names of unmoved addresses (aliases, so every
        ``reverse`` still works) and redirects from the addresses that moved."""
        now = {pattern.name: pattern for pattern in self.get_urlpatterns()}
        return [
            path(f"{self.url_prefix}/{now[new].pattern}", now[new].callback, name=old)
            for new, old in self.legacy_names.items()
        ] + [
            path(route, moved(self.get_url_name(new)), name=old)
            for route, old, new in self.moved_routes
        ]
