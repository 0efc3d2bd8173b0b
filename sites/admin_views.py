"""Admin views of the cluster core."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from .audit import record
from .forms import CreateSiteForm, WithdrawForm
from .models import SiteProfile
from .services.checklist import site_checklist
from .services.provisioning import SiteProvisioningError, SiteSpec, create_site
from .services.publishing import can_withdraw
from .services.site_roles import SiteRole, site_roles
from .services.withdrawal import WithdrawalError, withdraw


class CreateSiteView(WagtailAdminTemplateMixin, FormView):
    """按统一标准创建站点: only for users holding ``sites.create_site``."""

    form_class = CreateSiteForm
    template_name = "sites/admin/create_site.html"
    page_title = "按统一标准创建站点"
    header_icon = "site"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("sites.create_site"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        spec = SiteSpec(
            code=data["code"],
            name=data["name"],
            hostname=data["hostname"],
            kind=data["kind"],
            parent_code=data["parent"].code if data["parent"] else None,
            port=data["port"],
            sponsor=data["sponsor"],
            profile=form.profile(),
        )
        try:
            with transaction.atomic():
                site = create_site(spec)
                if data["logo"]:
                    self._save_logo(site, data["logo"])
        except SiteProvisioningError as exc:
            form.add_provisioning_errors(exc.errors)
            return self.form_invalid(form)
        record(
            "cluster.create_site",
            user=self.request.user,
            site=site,
            obj=site,
            title=site.site_name,
            request=self.request,
        )
        messages.success(
            self.request, f"已创建网站“{site.site_name}”（{site.hostname}）。"
        )
        return redirect("sites_site_overview", site.pk)

    def _save_logo(self, site, upload) -> None:
        """The logo goes into the new site's own collection, like its other images."""
        image = get_image_model()(
            title=f"{site.site_name}网站标志",
            file=upload,
            collection=Collection.objects.get(name=site.site_name),
        )
        image.save()
        SiteProfile.objects.filter(site=site).update(logo=image)


class SiteOverviewView(WagtailAdminTemplateMixin, TemplateView):
    """站点概况: where 创建站点 lands, with what the site admin still has to fill."""

    template_name = "sites/admin/site_overview.html"
    page_title = "站点概况"
    header_icon = "site"

    def dispatch(self, request, site_id, *args, **kwargs):
        self.site = get_object_or_404(
            Site.objects.select_related("root_page"), pk=site_id
        )
        if not (
            request.user.has_perm("sites.create_site")
            or site_roles.has_role(request.user, self.site.pk, SiteRole.SITE_ADMIN)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.site.site_name

    def get_context_data(self, **kwargs):
        checklist = site_checklist(self.site)
        return {
            **super().get_context_data(**kwargs),
            "site": self.site,
            "profile": SiteProfile.objects.filter(site=self.site).first(),
            "checklist": checklist,
            "open_items": sum(1 for item in checklist if not item.done),
        }


class WithdrawPageView(WagtailAdminTemplateMixin, FormView):
    """撤稿 with a typed reason, for users who may unpublish the page."""

    form_class = WithdrawForm
    template_name = "sites/admin/withdraw.html"
    page_title = "撤稿"
    header_icon = "download"

    def dispatch(self, request, page_id, *args, **kwargs):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not self.page.live:
            messages.error(request, "该页面尚未发布或已撤回。")
            return redirect("wagtailadmin_explore", self.page.get_parent().pk)
        if not can_withdraw(request.user, self.page):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "page": self.page,
            "user": self.request.user,
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "page": self.page}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            withdraw(
                self.page,
                user=self.request.user,
                reason=data["reason"],
                note=data["note"],
                replacement=data["replacement"],
            )
        except WithdrawalError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, f"已撤回“{self.page.title}”。")
        return redirect("wagtailadmin_explore", self.page.get_parent().pk)
