"""Admin views of the cluster core."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .audit import record
from .forms import CreateSiteForm
from .services.provisioning import SiteProvisioningError, SiteSpec, create_site


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
        )
        try:
            site = create_site(spec)
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
        return redirect("wagtailadmin_explore", site.root_page_id)
