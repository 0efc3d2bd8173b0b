"""The 基层政务公开标准目录 editor (R34): a snippet viewset for the banner
(旗县区) site's own 站点管理员 and 编辑, scoped to their sites.

Who may do what is asked of ``sites.services.site_roles`` only: a user edits the
entries of the banner sites on which they are 站点管理员 or 编辑; superusers and
holders of ``disclosure.change_catalogueentry`` edit every site's. Another
site's entry answers 403, and never appears in the list.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.models import Page, Site
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from disclosure.models import CatalogueEntry
from sites.models import ColumnPage, SiteKind, SiteProfile
from sites.services.site_roles import SiteRole, site_roles

EDITING_ROLES = (SiteRole.SITE_ADMIN, SiteRole.EDITOR)
ALL_SITES_PERMISSION = "disclosure.change_catalogueentry"


def editable_site_ids(user) -> set[int] | None:
    """Banner sites whose catalogue ``user`` edits; ``None`` means every site."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser or user.has_perm(ALL_SITES_PERMISSION):
        return None
    ids = site_roles.site_ids(user, EDITING_ROLES)
    if not ids:
        return set()
    return set(
        SiteProfile.objects.filter(site_id__in=ids, kind=SiteKind.BANNER).values_list(
            "site_id", flat=True
        )
    )


def _editable(user) -> set[int] | None:
    """:func:`editable_site_ids`, once per request (the menu asks often)."""
    memo = user.__dict__.get("_catalogue_site_ids", False)
    if memo is False:
        memo = editable_site_ids(user)
        user.__dict__["_catalogue_site_ids"] = memo
    return memo


class CatalogueEntryPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        ids = _editable(user)
        return ids is None or bool(ids)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        banners = SiteProfile.objects.filter(kind=SiteKind.BANNER).values("site_id")
        editors = Q(
            groups__site_role__role__in=EDITING_ROLES,
            groups__site_role__site_id__in=banners,
        )
        return users.filter(Q(is_superuser=True) | editors).distinct()

    def user_has_permission_for_instance(self, user, action, instance):
        ids = _editable(user)
        return ids is None or instance.site_id in ids

    def instances_user_has_any_permission_for(self, user, actions):
        ids = _editable(user)
        entries = CatalogueEntry.objects.all()
        return entries if ids is None else entries.filter(site_id__in=ids)

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.users_with_any_permission(actions).filter(
            Q(is_superuser=True) | Q(groups__site_role__site_id=instance.site_id)
        )


class CatalogueEntryForm(WagtailAdminModelForm):
    """The site and the columns offered are the user's own; the columns must be
    the entry's site's."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        ids = _editable(for_user) if for_user is not None else set()
        sites = Site.objects.order_by("site_name")
        if ids is not None:
            sites = sites.filter(pk__in=ids)
        self.fields["site"].queryset = sites
        self.fields["site"].label_from_instance = lambda site: site.site_name
        names = dict(sites.values_list("root_page__path", "site_name"))
        roots = list(names)
        columns = ColumnPage.objects.none()
        if roots:
            within = Q()
            for path in roots:
                within |= Q(path__startswith=path)
            columns = ColumnPage.objects.filter(within).order_by("path")
        self.fields["columns"].queryset = columns
        self.fields["columns"].label_from_instance = lambda column: _column_label(
            column, names
        )
        self.fields["columns"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["columns"].choices
        )
        if len(roots) == 1 and not self.instance.pk:
            self.fields["site"].initial = sites.first()

    def clean(self):
        cleaned = super().clean()
        site = cleaned.get("site")
        if site is not None:
            root = site.root_page.path
            foreign = [
                c for c in cleaned.get("columns") or [] if not c.path.startswith(root)
            ]
            if foreign:
                self.add_error(
                    "columns",
                    "只能关联本网站的栏目："
                    + "、".join(c.title for c in foreign)
                    + " 不属于"
                    + site.site_name
                    + "。",
                )
        return cleaned


def _column_label(column: Page, names: dict[str, str]) -> str:
    name = names.get(column.path[: Page.steplen * 2])
    prefix = f"{name} › " if name else ""
    return f"{prefix}{column.title}（{column.url_path.rstrip('/').split('/', 2)[-1]}）"


class _OwnSitesOnly:
    """Edit, delete, history, usage and inspect views: another site's entry is
    refused before anything of it is shown."""

    def get_object(self, queryset=None):
        entry = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", entry
        ):
            raise PermissionDenied
        return entry


class EditView(_OwnSitesOnly, snippet_views.EditView):
    pass


class DeleteView(_OwnSitesOnly, snippet_views.DeleteView):
    pass


class HistoryView(_OwnSitesOnly, snippet_views.HistoryView):
    pass


class UsageView(_OwnSitesOnly, snippet_views.UsageView):
    pass


class CatalogueEntryViewSet(SnippetViewSet):
    model = CatalogueEntry
    icon = "list-ul"
    menu_label = "基层政务公开标准目录"
    menu_name = "catalogue_entries"
    menu_order = 260
    add_to_admin_menu = True
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView
    usage_view_class = UsageView
    inspect_view_enabled = False
    copy_view_enabled = False
    list_display = ["name", "domain", "site", "time_limit", "subject", "active"]
    list_filter = ["domain", "active"]
    search_fields = ["domain", "name", "content", "subject"]
    ordering = ["site", "sort_order", "pk"]
    list_per_page = 50
    edit_handler_panels = [
        FieldPanel("site"),
        FieldRowPanel([FieldPanel("domain"), FieldPanel("name")]),
        FieldPanel("content"),
        MultiFieldPanel(
            [
                FieldPanel("basis"),
                FieldPanel("time_limit"),
                FieldPanel("window_days"),
                FieldPanel("subject"),
                FieldPanel("channels"),
            ],
            heading="依据、时限、主体和渠道",
        ),
        FieldRowPanel(
            [FieldPanel("audience"), FieldPanel("manner"), FieldPanel("level")]
        ),
        FieldPanel("columns"),
        FieldRowPanel([FieldPanel("active"), FieldPanel("sort_order")]),
    ]
    edit_handler = ObjectList(edit_handler_panels, base_form_class=CatalogueEntryForm)

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_any_permission_for(
            request.user, ["change"]
        ).select_related("site")


register_permission_policy(CatalogueEntry, CatalogueEntryPolicy(CatalogueEntry))
register_snippet(CatalogueEntryViewSet)
