"""旧站迁移 in the admin: only the 集群管理员 (who holds ``sites.create_site``)
starts an import, follows its progress and reads its report."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites.audit import record

from .forms import RerunForm, StartImportForm
from .jobs import start_job
from .models import ImportItem, ImportJob


class ClusterAdminOnly:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("sites.create_site"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StartImportView(ClusterAdminOnly, WagtailAdminTemplateMixin, FormView):
    form_class = StartImportForm
    template_name = "sites/admin/legacy_import.html"
    page_title = "旧站迁移"
    header_icon = "download"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "jobs": ImportJob.objects.select_related("site")[:20],
        }

    def form_valid(self, form):
        data = form.cleaned_data
        kind = data["kind"]
        job = ImportJob(
            site=data["site"],
            kind=kind,
            base_url=data.get("base_url") or "",
            mapping=data["mapping"],
            created_by=self.request.user,
        )
        if kind == ImportJob.Kind.CRAWL:
            job.source = data["start_url"]
        elif kind == ImportJob.Kind.FOLDER:
            job.source = data["folder"]
        else:
            job.source = data["export_file"].name[:1000]
            job.export_file = data["export_file"]
        job.save()
        record(
            "cluster.legacy_import",
            user=self.request.user,
            site=job.site,
            obj=job.site,
            title=f"旧站迁移：{job.source}",
            request=self.request,
        )
        start_job(job)
        messages.success(self.request, "迁移任务已开始。")
        return redirect("legacy_import_job", job.pk)


class JobView(ClusterAdminOnly, WagtailAdminTemplateMixin, FormView):
    form_class = RerunForm
    template_name = "sites/admin/legacy_import_job.html"
    page_title = "迁移任务"
    header_icon = "download"

    def dispatch(self, request, job_id, *args, **kwargs):
        self.job = get_object_or_404(
            ImportJob.objects.select_related("site"), pk=job_id
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"mapping": json.dumps(self.job.mapping, ensure_ascii=False, indent=2)}

    def get_context_data(self, **kwargs):
        report = self.job.report or {}
        return {
            **super().get_context_data(**kwargs),
            "job": self.job,
            "report": report,
            "running": self.job.status
            in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING),
            "imported": ImportItem.objects.filter(
                site=self.job.site, status=ImportItem.Status.IMPORTED
            ).count(),
        }

    def form_valid(self, form):
        if self.job.status == ImportJob.Status.RUNNING:
            messages.error(self.request, "任务正在运行，请等它完成后再重新导入。")
            return redirect("legacy_import_job", self.job.pk)
        ImportJob.objects.filter(pk=self.job.pk).update(
            mapping=form.cleaned_data["mapping"], status=ImportJob.Status.QUEUED
        )
        self.job.refresh_from_db()
        start_job(self.job)
        messages.success(self.request, "已按修改后的映射重新导入。")
        return redirect("legacy_import_job", self.job.pk)
