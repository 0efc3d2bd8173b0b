"""Admin views for 信息报送: submit, the receiving inbox, decisions, statistics."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import GroupPagePermission, Site

from .isolation import own_subtrees_q
from .models import ArticlePage, ColumnPage, Submission, SubmissionStatus
from .services.publishing import may_review_column
from .services.roles import CLUSTER_ADMIN, SUPERVISOR
from .services.site_roles import SiteRole, site_roles
from .services.syndication import (
    SyndicationError,
    accept,
    decline,
    statistics,
    submit,
    target_columns_for,
)
from .services.tree import public_q, site_for_path


class SubmitForm(forms.Form):
    column = forms.ModelChoiceField(
        label="报送到", queryset=ColumnPage.objects.none(), empty_label="请选择上级网站的栏目",
        error_messages={"required": "请选择报送栏目。", "invalid_choice": "请选择上级网站的栏目。"},
    )  # fmt: skip

    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = columns
        sites = {
            s.root_page.path: s.site_name
            for s in Site.objects.select_related("root_page")
        }
        self.fields["column"].label_from_instance = lambda c: (
            f"{sites.get(c.path[:8], '')} / {c.title}"
        )


class SubmitArticleView(WagtailAdminTemplateMixin, FormView):
    form_class = SubmitForm
    template_name = "sites/admin/syndication_submit.html"
    page_title = "信息报送"
    header_icon = "upload"

    def dispatch(self, request, page_id, *args, **kwargs):
        self.article = get_object_or_404(ArticlePage, pk=page_id)
        if not self.article.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        columns = target_columns_for(site_for_path(self.article.path))
        return {**super().get_form_kwargs(), "columns": columns}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "article": self.article}

    def form_valid(self, form):
        try:
            submit(self.article, form.cleaned_data["column"], self.request.user)
        except SyndicationError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request, f"已报送“{self.article.title}”，等待接收网站审核。"
        )
        return redirect("sites_syndication_outbox")


OUTBOX_ROWS = 20


class OutboxView(WagtailAdminTemplateMixin, TemplateView):
    """报送稿件: where a department's editor sends a published article up and
    follows what became of the ones sent (the receiving inbox is another page,
    for the receiving site's reviewers)."""

    template_name = "sites/admin/syndication_outbox.html"
    page_title = "报送稿件"
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        user = self.request.user
        site_ids = site_roles.site_ids(user, SiteRole.CONTENT)
        sites = list(
            Site.objects.filter(pk__in=site_ids)
            .select_related("root_page")
            .order_by("site_name")
        )
        senders = [s for s in sites if target_columns_for(s).exists()]
        query = self.request.GET.get("q", "").strip()[:100]
        articles = []
        if senders:
            condition = None
            for site in senders:
                inside = Q(path__startswith=site.root_page.path)
                condition = inside if condition is None else condition | inside
            found = (
                ArticlePage.objects.live()
                .filter(condition)
                .filter(public_q())
                .order_by("-publish_date", "-pk")
            )
            if query:
                found = found.filter(title__icontains=query)
            articles = list(
                found.only("pk", "title", "publish_date", "path")[:OUTBOX_ROWS]
            )
        sent = {}
        for submission in Submission.objects.filter(
            article__in=[a.pk for a in articles]
        ).select_related("target_site"):
            sent.setdefault(submission.article_id, []).append(submission)
        for article in articles:
            article.sent_to = sent.get(article.pk, [])
        history = (
            Submission.objects.filter(source_site__in=senders)
            .select_related("article", "target_site", "target_column")
            .only(
                "status",
                "submitted_at",
                "decided_at",
                "decline_reason",
                "article__title",
                "target_site__site_name",
                "target_column__title",
            )
            .order_by("-submitted_at")[:OUTBOX_ROWS]
        )
        return {
            **super().get_context_data(**kwargs),
            "sites": sites,
            "senders": senders,
            "articles": articles,
            "history": list(history),
            "query": query,
        }


def reviewable_submissions(user):
    """Pending submissions to columns the user may publish in (their own sites)."""
    pending = Submission.objects.filter(status=SubmissionStatus.PENDING).select_related(
        "article", "source_site", "target_column", "target_site"
    )
    if user.is_superuser:
        return pending
    columns = ColumnPage.objects.filter(own_subtrees_q(user))
    allowed = [c.pk for c in columns if may_review_column(user, c)]
    return pending.filter(target_column__in=allowed)


class InboxView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "sites/admin/syndication_inbox.html"
    page_title = "采用报送稿件"
    header_icon = "tasks"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "submissions": list(reviewable_submissions(self.request.user)),
            "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        }


def decide(request, submission_id, action):
    if request.method != "POST":
        return redirect("sites_syndication_inbox")
    submission = get_object_or_404(Submission, pk=submission_id)
    try:
        if action == "accept":
            publish_at = None
            raw = request.POST.get("publish_at", "").strip()
            if raw:
                try:
                    publish_at = timezone.make_aware(
                        datetime.datetime.fromisoformat(raw)
                    )
                except ValueError as exc:
                    raise SyndicationError("发布时间格式不正确。") from exc
            accept(submission, request.user, publish_at)
            messages.success(request, f"已采用“{submission.article.title}”。")
        else:
            decline(submission, request.user, request.POST.get("reason", ""))
            messages.success(request, f"已退回“{submission.article.title}”。")
    except SyndicationError as exc:
        messages.error(request, str(exc))
    return redirect("sites_syndication_inbox")


class StatisticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "sites/admin/syndication_stats.html"
    page_title = "信息报送统计"
    header_icon = "table"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        errors = []
        try:
            start = datetime.date.fromisoformat(
                self.request.GET.get("start") or f"{today.year}-01-01"
            )
            end = datetime.date.fromisoformat(
                self.request.GET.get("end") or today.isoformat()
            )
        except ValueError:
            errors.append("日期格式不正确，请使用 YYYY-MM-DD。")
            start, end = datetime.date(today.year, 1, 1), today
        user = self.request.user
        cluster_wide = (
            user.is_superuser
            or user.groups.filter(name__in=[CLUSTER_ADMIN, SUPERVISOR]).exists()
        )
        sites = None
        if not cluster_wide:
            paths = GroupPagePermission.objects.filter(group__user=user).values_list(
                "page__path", flat=True
            )
            sites = [
                site
                for site in Site.objects.select_related("root_page")
                if any(path.startswith(site.root_page.path) for path in paths)
            ]
        return {
            **super().get_context_data(**kwargs),
            "rows": statistics(start, end, sites),
            "start": start,
            "end": end,
            "errors": errors,
        }
