"""The 基层政务公开标准目录 editor (R34): a snippet viewset for the banner
(旗县区) site's own 站点管理员 and 编辑, scoped to their sites.

Who may do what is asked of ``sites.services.site_roles`` only: a user edits the
entries of the banner sites on which they are 站点管理员 or 编辑; superusers and
holders of ``disclosure.change_catalogueentry`` edit every site's. Another
site's entry answers 403, and never appears in the list.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views

from disclosure.models import CatalogueEntry
from sites.desk_viewsets import SiteScopedForm, SiteScopedPolicy
from sites.models import ColumnPage, SiteKind, SiteProfile
from sites.services.site_roles import SiteRole, site_roles

EDITING_ROLES = (SiteRole.SITE_ADMIN, SiteRole.EDITOR)


def editable_site_ids(user) -> set[int] | None:
    """Banner sites whose catalogue ``user`` edits; ``None`` means every site."""
    if user.is_superuser or user.has_perm("disclosure.change_catalogueentry"):
        return None
    ids = site_roles.site_ids(user, EDITING_ROLES)
    banners = SiteProfile.objects.filter(site_id__in=ids, kind=SiteKind.BANNER)
    return set(banners.values_list("site_id", flat=True)) if ids else set()


class CatalogueEntryForm(SiteScopedForm):
    """The site and the columns offered are the user's own; the columns must be
    the entry's site's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sites = self.fields["site"].queryset.order_by("site_name")
        self.fields["site"].queryset = sites
        names = dict(sites.values_list("root_page__path", "site_name"))
        within = Q(pk__in=[])
        for path in names:
            within |= Q(path__startswith=path)
        columns = self.fields["columns"]
        columns.queryset = ColumnPage.objects.filter(within).order_by("path")
        columns.label_from_instance = lambda column: _column_label(column, names)
        if len(names) == 1 and not self.instance.pk:
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
                titles = "、".join(c.title for c in foreign)
                self.add_error(
                    "columns",
                    f"只能关联本网站的栏目：{titles} 不属于{site.site_name}。",
                )
        return cleaned


def _column_label(column: Page, names: dict[str, str]) -> str:
    name = names.get(column.path[: Page.steplen * 2])
    prefix = f"{name} › " if name else ""
    return f"{prefix}{column.title}（{column.url_path.rstrip('/').split('/', 2)[-1]}）"


class _OwnSitesOnly:
    """Edit, delete, history and usage views: another site's entry is refused
    before anything of it is shown. Not ``sites.desk_viewsets.OwnSitesOnly``:
    its ``get_base_queryset`` (the entries of the user's sites) would replace
    the history view's listing of the entry's log entries."""

    def get_object(self, *args):
        # History and usage views take no queryset argument; edit and delete do.
        entry = super().get_object(*args)
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


class CatalogueEntryViewSet(snippet_views.SnippetViewSet):
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
    edit_handler = ObjectList(
        [
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
            FieldPanel("columns", widget=forms.CheckboxSelectMultiple),
            FieldRowPanel([FieldPanel("active"), FieldPanel("sort_order")]),
        ],
        base_form_class=CatalogueEntryForm,
    )

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_any_permission_for(
            request.user, ["change"]
        ).select_related("site")


register_permission_policy(
    CatalogueEntry, SiteScopedPolicy(CatalogueEntry, editable_site_ids)
)
register_snippet(CatalogueEntryViewSet)
