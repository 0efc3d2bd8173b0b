"""Admin views of the publishing path: 紧急发布 and 更正发布日期 (issue 13).

Registered from ``wagtail_hooks``. Both ask for a typed reason and leave an
entry in the page's history and in the audit log.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.models import Page, WorkflowState

from .models import ArticlePage, EmergencyPublication
from .services.dates import CORRECTION_ACTION, DateCorrectionError, correct_publish_date
from .services.publishing import (
    EmergencyPublishError,
    can_withdraw,
    emergency_publish,
    may_emergency_publish,
)
from .services.tree import site_for_path

PENDING_LIMIT = 100


class EmergencyPublishForm(forms.Form):
    reason = forms.CharField(
        label="紧急发布理由",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="说明为何不能等待审核流程（例如突发事件的权威发布）。理由将记入审计日志，并在监管页面列出。",
        error_messages={"required": "请填写紧急发布的理由。"},
    )


class DateCorrectionForm(forms.Form):
    new_date = forms.DateTimeField(
        label="更正后的发布日期",
        widget=AdminDateTimeInput,
        error_messages={
            "required": "请填写更正后的发布日期。",
            "invalid": "日期格式不正确，例如 2026-12-07 09:30。",
        },
    )
    reason = forms.CharField(
        label="更正理由",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如“补录纸质文件，原印发日期为……”。理由将记入页面历史和审计日志。",
        error_messages={"required": "请填写更正理由。"},
    )


class EmergencyPublishIndexView(WagtailAdminTemplateMixin, TemplateView):
    """Pages waiting in a workflow, and the emergency publications so far."""

    template_name = "sites/admin/emergency_publish_index.html"
    page_title = "紧急发布"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not may_emergency_publish(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        waiting = (
            WorkflowState.objects.active()
            .filter(base_content_type__model="page")
            .select_related("requested_by", "current_task_state__task")
            .order_by("-created_at")[:PENDING_LIMIT]
        )
        states = list(waiting)
        pages = Page.objects.in_bulk([int(s.object_id) for s in states])
        rows = [
            {"state": s, "page": pages.get(int(s.object_id))}
            for s in states
            if pages.get(int(s.object_id)) is not None
        ]
        return {
            **super().get_context_data(**kwargs),
            "rows": rows,
            "history": EmergencyPublication.objects.select_related(
                "site", "published_by"
            )[:50],
        }


class EmergencyPublishView(WagtailAdminTemplateMixin, FormView):
    form_class = EmergencyPublishForm
    template_name = "sites/admin/emergency_publish.html"
    page_title = "紧急发布"
    header_icon = "warning"

    def dispatch(self, request, page_id, *args, **kwargs):
        if not may_emergency_publish(request.user):
            raise PermissionDenied
        self.page = get_object_or_404(Page, pk=page_id, depth__gt=2).specific
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "page": self.page,
            "site": site_for_path(self.page.path),
        }

    def form_valid(self, form):
        try:
            emergency_publish(
                self.page,
                user=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except EmergencyPublishError as exc:
            form.add_error("reason", str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request, f"已紧急发布“{self.page.title}”，已记入审计日志。"
        )
        return redirect("sites_emergency_publish_index")


class DateCorrectionView(WagtailAdminTemplateMixin, FormView):
    """更正发布日期: reviewers and site admins of the page's site."""

    form_class = DateCorrectionForm
    template_name = "sites/admin/date_correction.html"
    page_title = "更正发布日期"
    header_icon = "date"

    def dispatch(self, request, page_id, *args, **kwargs):
        self.page = get_object_or_404(ArticlePage, pk=page_id)
        if not can_withdraw(request.user, self.page):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"new_date": timezone.localtime(self.page.publish_date)}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "page": self.page}

    def form_valid(self, form):
        try:
            correct_publish_date(
                self.page,
                user=self.request.user,
                new_date=form.cleaned_data["new_date"],
                reason=form.cleaned_data["reason"],
            )
        except DateCorrectionError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, f"已更正“{self.page.title}”的发布日期。")
        return redirect("wagtailadmin_pages:history", self.page.pk)


class DateCorrectionButton(PageMenuItem):
    label = "更正发布日期"
    icon_name = "date"
    url_name = "sites_correct_publish_date"

    def is_shown(self, user):
        return (
            issubclass(self.page.specific_class or Page, ArticlePage)
            and self.page.first_published_at is not None
            and can_withdraw(user, self.page)
        )


class EmergencyPublishButton(PageMenuItem):
    label = "紧急发布"
    icon_name = "warning"
    url_name = "sites_emergency_publish"

    def is_shown(self, user):
        return self.page.depth > 2 and may_emergency_publish(user)


PAGE_ACTIONS = ((DateCorrectionButton, 43), (EmergencyPublishButton, 44))


@hooks.register("register_page_listing_more_buttons")
def publishing_listing_buttons(page, user, next_url=None):
    for button, priority in PAGE_ACTIONS:
        yield button(page=page, priority=priority)


@hooks.register("register_page_header_buttons")
def publishing_header_buttons(page, user, view_name, next_url=None):
    for button, priority in PAGE_ACTIONS:
        yield button(page=page, priority=priority + 20)


@hooks.register("register_admin_urls")
def publishing_urls():
    return [
        path(
            "cluster/emergency-publish/",
            EmergencyPublishIndexView.as_view(),
            name="sites_emergency_publish_index",
        ),
        path(
            "cluster/emergency-publish/<int:page_id>/",
            EmergencyPublishView.as_view(),
            name="sites_emergency_publish",
        ),
        path(
            "cluster/publish-date/<int:page_id>/",
            DateCorrectionView.as_view(),
            name="sites_correct_publish_date",
        ),
    ]


class EmergencyMenuItem(MenuItem):
    def is_shown(self, request):
        return may_emergency_publish(request.user)


@hooks.register("register_admin_menu_item")
def emergency_menu_item():
    return EmergencyMenuItem(
        "紧急发布", reverse("sites_emergency_publish_index"), icon_name="warning",
        order=1020,
    )  # fmt: skip


@hooks.register("register_log_actions")
def register_publishing_log_actions(actions):
    actions.register_action(CORRECTION_ACTION, "更正", "已更正发布日期")
    actions.register_action("cluster.emergency_publish", "紧急发布", "已紧急发布")
