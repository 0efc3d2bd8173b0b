"""信箱设置: each site's 站点管理员 configures their site's mailboxes and categories
(names, reply and acknowledge deadlines in working days); 集群管理员 all sites'.

A viewset over ``Mailbox`` (its categories are an InlinePanel), scoped to the
sites of :class:`MailboxPolicy`, with a 网站 filter and an export.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
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


class MailboxPolicy(SiteScopedPolicy):
    """A site's 站点管理员 configures its mailboxes; superusers and holders of
    ``interaction.change_mailbox`` every site's. Mailboxes are configured, never
    deleted: their letters keep them (the old desk had no delete either)."""

    per_action = True

    def sites_for(self, user, action):
        if action == "delete":
            return set()
        if user.is_superuser or user.has_perm("interaction.change_mailbox"):
            return None
        return site_ids_with_roles(user, (SiteRole.SITE_ADMIN,))


mailbox_policy = MailboxPolicy(Mailbox)
register_permission_policy(Mailbox, mailbox_policy)


class MailboxForm(SiteScopedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A mailbox stays on its site.
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
    site = SiteFilter(
        label="网站",
        queryset=lambda request: own_sites(
            mailbox_policy, getattr(request, "user", None)
        ),
    )
    # A select, as before (the model field would give Wagtail's radio buttons).
    is_active = django_filters.BooleanFilter(label="启用")

    class Meta:
        model = Mailbox
        fields = ["site", "is_active"]


class IndexView(SiteScopedIndexView):
    def get_base_queryset(self):
        mailboxes = super().get_base_queryset().select_related("site")
        return mailboxes.prefetch_related("categories")

    def to_row_dict(self, item):
        # The export says what the list's columns say (网站, 类别, 启用/停用).
        row = super().to_row_dict(item)
        row.update((c.name, c.get_value(item)) for c in self.columns if c.name in row)
        return row


class AddView(generic.CreateView):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # The old desk's address ?site=<pk> starts a new mailbox on that site; a
        # site that is not among the form's (the user's) is refused, as it was.
        if not form.is_bound and (site := self.request.GET.get("site")):
            try:
                form.initial["site"] = form.fields["site"].clean(site)
            except ValidationError:
                raise PermissionDenied from None
        return form


class EditView(OwnSitesOnly, generic.EditView):
    pass


class MailboxViewSet(SiteScopedViewSet):
    model = Mailbox
    name = "interaction_mailboxes"
    url_prefix = "interaction/mailboxes"
    icon = "cog"
    menu_label = "信箱设置"
    index_view_class = IndexView
    add_view_class = AddView
    edit_view_class = EditView
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
    export_headings = {
        "site": "网站",
        "name": "信箱名称",
        "description": "说明",
        "categories": "类别与答复时限",
        "is_active": "状态",
    }
    list_export = list(export_headings)
    export_filename = "mailboxes"
    edit_handler = ObjectList(
        [FieldPanel("site"), *Mailbox.panels], base_form_class=MailboxForm
    )

    def get_urlpatterns(self):
        # The desk's old address of a mailbox (bookmarks): .../mailboxes/<pk>/.
        return super().get_urlpatterns() + [
            path(
                "<int:pk>/", moved(f"{self.name}:edit", permanent=True), name="old_edit"
            ),
        ]


mailbox_viewset = MailboxViewSet()
