"""信箱设置: each site's 站点管理员 configures their site's mailboxes and categories
(names, reply and acknowledge deadlines in working days); 集群管理员 all sites'.

A viewset over ``Mailbox`` (its categories are an InlinePanel), scoped to the
sites of :func:`configurable_site_ids`, with a 网站 filter and an export.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.models import Site
from wagtail.permissions import register_permission_policy

from sites.desk_viewsets import (
    OwnSitesOnly,
    SiteFilter,
    SiteScopedForm,
    SiteScopedIndexView,
    SiteScopedPolicy,
    SiteScopedViewSet,
    moved,
    own_sites,
)
from sites.services.site_roles import SiteRole

from .models import Mailbox
from .services.permissions import site_ids_with_roles


def configurable_site_ids(user) -> set[int] | None:
    """Sites whose mailboxes ``user`` configures; ``None`` means every site."""
    if user.is_superuser or user.has_perm("interaction.change_mailbox"):
        return None
    return site_ids_with_roles(user, (SiteRole.SITE_ADMIN,))


class MailboxPolicy(SiteScopedPolicy):
    """Mailboxes are configured, never deleted: their letters keep them (the
    old desk had no delete either)."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return action != "delete" and super().user_has_permission_for_instance(
            user, action, instance
        )


mailbox_policy = MailboxPolicy(Mailbox, configurable_site_ids)
register_permission_policy(Mailbox, mailbox_policy)


class MailboxForm(SiteScopedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A mailbox stays on its site; a new one starts on the site asked for
        # (the list's "为网站新增信箱").
        if self.instance.pk:
            self.fields["site"].disabled = True

    def clean(self):
        cleaned = super().clean()
        site, name = cleaned.get("site"), cleaned.get("name")
        if site and name:
            taken = Mailbox.objects.filter(site=site, name=name)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error("name", "本网站已有同名信箱。")
        return cleaned

    def is_valid(self):
        valid = super().is_valid()
        # A category letters were written under stays (it can be switched off).
        for category in self.formsets["categories"].deleted_forms:
            if category.instance.pk and category.instance.letters.exists():
                self.add_error(
                    None,
                    f"类别“{category.instance.name}”已有来信，不能删除；可取消“启用”。",
                )
                valid = False
        return valid

    def validate_unique(self):
        # The clean() above says it in words a site admin reads.
        pass


class CategoriesColumn(Column):
    def get_value(self, instance):
        return "、".join(
            f"{c.name}（{c.reply_working_days}个工作日）"
            for c in instance.categories.all()
        )


class ActiveColumn(Column):
    def get_value(self, instance):
        return "启用" if instance.is_active else "停用"


class MailboxFilterSet(WagtailFilterSet):
    site = SiteFilter(label="网站", queryset=Site.objects.none())
    is_active = django_filters.BooleanFilter(label="启用")

    class Meta:
        model = Mailbox
        fields = ["site", "is_active"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = request.user if request else None
        self.filters["site"].queryset = own_sites(mailbox_policy, user)


class IndexView(SiteScopedIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("site")
            .prefetch_related("categories")
        )

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["site"] = item.site.site_name
        row["is_active"] = "启用" if item.is_active else "停用"
        row["categories"] = CategoriesColumn("categories").get_value(item)
        return row


class AddView(generic.CreateView):
    def get_initial(self):
        # A new mailbox for a site (the old desk's address ?site=<pk>) starts on
        # that site; another site's is refused, as it was.
        initial = super().get_initial()
        site = self.request.GET.get("site", "")
        if site:
            ids = mailbox_policy.site_ids(self.request.user)
            if not site.isdigit() or not (ids is None or int(site) in ids):
                raise PermissionDenied
            initial["site"] = int(site)
        return initial


class EditView(OwnSitesOnly, generic.EditView):
    pass


class DeleteView(OwnSitesOnly, generic.DeleteView):
    pass


class MailboxViewSet(SiteScopedViewSet):
    model = Mailbox
    name = "interaction_mailboxes"
    url_prefix = "interaction/mailboxes"
    icon = "cog"
    menu_label = "信箱设置"
    add_to_admin_menu = False  # an item of the 政民互动 menu
    index_view_class = IndexView
    add_view_class = AddView
    edit_view_class = EditView
    delete_view_class = DeleteView
    copy_view_enabled = False
    inspect_view_enabled = False
    sort_order_field = None
    list_display = [
        Column("site", label="网站", accessor="site.site_name"),
        "name",
        CategoriesColumn("categories", label="类别与答复时限"),
        ActiveColumn("is_active", label="状态"),
    ]
    filterset_class = MailboxFilterSet
    list_export = ["site", "name", "description", "categories", "is_active"]
    export_headings = {
        "site": "网站",
        "name": "信箱名称",
        "description": "说明",
        "categories": "类别与答复时限",
        "is_active": "状态",
    }
    export_filename = "mailboxes"
    edit_handler = ObjectList(
        [
            FieldPanel("site"),
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("is_active"),
            FieldPanel("sort_order"),
            InlinePanel("categories", heading="信件类别", min_num=1),
        ],
        base_form_class=MailboxForm,
    )

    def get_urlpatterns(self):
        # The desk's old address of a mailbox (bookmarks): .../mailboxes/<pk>/.
        return super().get_urlpatterns() + [
            path(
                "<int:pk>/", moved(f"{self.name}:edit", permanent=True), name="old_edit"
            ),
        ]


mailbox_viewset = MailboxViewSet()
