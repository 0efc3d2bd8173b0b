"""信箱设置: each site's 站点管理员 configures their site's mailboxes and categories
(names, reply and acknowledge deadlines in working days); 集群管理员 all sites'."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from wagtail.models import Site

from sites.services.site_roles import SiteRole

from .models import Mailbox, MailboxCategory
from .services.permissions import site_ids_with_roles


def configurable_site_ids(user) -> set[int]:
    if user.is_superuser or user.has_perm("interaction.change_mailbox"):
        return set(Site.objects.values_list("pk", flat=True))
    return site_ids_with_roles(user, (SiteRole.SITE_ADMIN,))


class MailboxForm(forms.ModelForm):
    class Meta:
        model = Mailbox
        fields = ["name", "description", "is_active", "sort_order"]


class CategoryForm(forms.ModelForm):
    class Meta:
        model = MailboxCategory
        fields = ["name", "kind", "reply_working_days", "acknowledge_working_days",
                  "is_active"]  # fmt: skip

    def clean_reply_working_days(self):
        value = self.cleaned_data["reply_working_days"]
        if not 1 <= value <= 60:
            raise forms.ValidationError("答复时限应在1至60个工作日之间。")
        return value

    def clean_acknowledge_working_days(self):
        value = self.cleaned_data["acknowledge_working_days"]
        if not 0 <= value <= 10:
            raise forms.ValidationError("受理时限应在0至10个工作日之间。")
        return value


CategoryFormSet = forms.inlineformset_factory(
    Mailbox, MailboxCategory, form=CategoryForm, extra=1, can_delete=False,
    min_num=1, validate_min=True,
)  # fmt: skip


def mailbox_list(request):
    site_ids = configurable_site_ids(request.user)
    if not site_ids:
        raise PermissionDenied
    mailboxes = (
        Mailbox.objects.filter(site_id__in=site_ids)
        .select_related("site")
        .prefetch_related("categories")
    )
    return render(request, "interaction/admin/mailbox_list.html", {
        "mailboxes": mailboxes,
        "sites": Site.objects.filter(pk__in=site_ids).order_by("pk"),
    })  # fmt: skip


def mailbox_edit(request, pk=None):
    site_ids = configurable_site_ids(request.user)
    if pk is None:
        site_pk = request.GET.get("site") or request.POST.get("site") or ""
        if not site_pk.isdigit() or int(site_pk) not in site_ids:
            raise PermissionDenied
        mailbox = Mailbox(site=get_object_or_404(Site, pk=int(site_pk)))
    else:
        mailbox = get_object_or_404(Mailbox.objects.select_related("site"), pk=pk)
        if mailbox.site_id not in site_ids:
            raise PermissionDenied
    form = MailboxForm(request.POST or None, instance=mailbox)
    formset = CategoryFormSet(
        request.POST or None, instance=mailbox, prefix="categories"
    )
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            name_taken = (
                Mailbox.objects.filter(
                    site=mailbox.site, name=form.cleaned_data["name"]
                )
                .exclude(pk=mailbox.pk)
                .exists()
            )
            if name_taken:
                form.add_error("name", "本网站已有同名信箱。")
            else:
                with transaction.atomic():
                    form.save()
                    formset.instance = mailbox
                    formset.save()
                messages.success(request, f"信箱“{mailbox.name}”已保存。")
                return redirect("interaction_admin_mailboxes")
        messages.error(request, "保存未成功，请按提示修改。")
    return render(request, "interaction/admin/mailbox_edit.html", {
        "mailbox": mailbox, "form": form, "formset": formset,
    })  # fmt: skip
