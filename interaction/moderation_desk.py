"""评论与提问审核 and 征集结果反馈 (menu 政民互动), as Wagtail report views.

- 评论与提问审核: the comments on the consultations, and the questions to the
  interviews, of the sites the user moderates; the rows still waiting come
  first (the default filter), each with the actions its state allows.
- 征集结果反馈: consultations closed on those sites (every site for 监督员), with
  the feedback due date and the overdue ones flagged (R58).

Every list has its filters and an xlsx/csv export of exactly what it shows.
"""

from __future__ import annotations

import datetime

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Site

from sites.desk_viewsets import SitesRequired
from sites.page_cache import page_changed

from . import public_scope
from .consultation_choices import ModerationStatus
from .interview_choices import QuestionStatus
from .models import (
    ConsultationComment,
    ConsultationPage,
    InterviewPage,
    InterviewQuestion,
)
from .services.consultation_rules import FEEDBACK_DAYS, feedback_due_on
from .services.permissions import moderated_site_ids, sees_every_letter

WAITING_COMMENTS = [ModerationStatus.PENDING]
OPEN_QUESTIONS = [QuestionStatus.PENDING, QuestionStatus.APPROVED]


def _sites(site_ids):
    return list(Site.objects.filter(pk__in=site_ids).select_related("root_page"))


def _pages_of_sites(model, site_ids):
    sites = _sites(site_ids)
    return public_scope.pages_under(model, sites) if sites else model.objects.none()


def _may_moderate(user, page) -> bool:
    return any(
        page.path.startswith(site.root_page.path)
        for site in _sites(moderated_site_ids(user))
    )


def feedback_site_ids(user) -> set[int]:
    if sees_every_letter(user):
        return set(Site.objects.values_list("pk", flat=True))
    return moderated_site_ids(user)


# --- columns ------------------------------------------------------------------


class TextColumn(Column):
    """Multi-line text as the old desk showed it (line breaks kept, escaped)."""

    cell_template_name = "interaction/admin/text_cell.html"


class StatusColumn(Column):
    def get_value(self, instance):
        return instance.get_status_display()


class ActionsColumn(Column):
    """The buttons the row's state allows, posted to the desk's action view."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["csrf_token"] = get_token(parent_context["request"])
        return context


class CommentActions(ActionsColumn):
    cell_template_name = "interaction/admin/comment_actions_cell.html"


class QuestionActions(ActionsColumn):
    cell_template_name = "interaction/admin/question_actions_cell.html"


class PageTitleColumn(Column):
    def get_value(self, instance):
        return instance.page.title


# --- 评论与提问审核 ---------------------------------------------------------------


class _PagesFilterSet(WagtailFilterSet):
    """The 征集/访谈 filter offers the pages of the user's sites only."""

    page_model = None

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        field = self.filters["page"].field
        field.queryset = _pages_of_sites(
            self.page_model, moderated_site_ids(request.user) if request else set()
        ).order_by("-pk")
        field.label_from_instance = lambda page: page.title


class CommentFilterSet(_PagesFilterSet):
    page_model = ConsultationPage
    status = django_filters.ChoiceFilter(
        label="状态", choices=ModerationStatus.choices, empty_label="待审核"
    )
    page = django_filters.ModelChoiceFilter(
        label="征集", queryset=ConsultationPage.objects.none()
    )

    class Meta:
        model = ConsultationComment
        fields = ["status", "page"]


class QuestionFilterSet(_PagesFilterSet):
    page_model = InterviewPage
    status = django_filters.ChoiceFilter(
        label="状态", choices=QuestionStatus.choices, empty_label="待处理"
    )
    page = django_filters.ModelChoiceFilter(
        label="访谈", queryset=InterviewPage.objects.none()
    )

    class Meta:
        model = InterviewQuestion
        fields = ["status", "page"]


class _ModerationList(SitesRequired, ReportView):
    """Rows on the pages of the sites the user moderates; without a 状态 filter,
    the rows still waiting (what the desk is for)."""

    sites_of = staticmethod(moderated_site_ids)
    header_icon = "comment"
    page_model = None
    waiting = ()
    other_list = ("", "")  # (label, url name) of the other half of the desk

    def get_queryset(self):
        pages = _pages_of_sites(self.page_model, moderated_site_ids(self.request.user))
        rows = self.model.objects.filter(page_id__in=pages.values("pk"))
        if not self.request.GET.get("status"):
            rows = rows.filter(status__in=self.waiting)
        return rows.select_related("page").order_by("pk")

    @property
    def header_buttons(self):
        label, url_name = self.other_list
        return [HeaderButton(label, reverse(url_name), icon_name="arrow-right")]

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["page"] = item.page.title
        row["status"] = item.get_status_display()
        row["submitted_at"] = f"{timezone.localtime(item.submitted_at):%Y-%m-%d %H:%M}"
        return row


class CommentList(_ModerationList):
    page_title = "评论与提问审核"
    page_subtitle = "征集意见"
    model = ConsultationComment
    page_model = ConsultationPage
    waiting = WAITING_COMMENTS
    other_list = ("访谈提问", "interaction_moderation:questions")
    filterset_class = CommentFilterSet
    index_url_name = "interaction_moderation:index"
    index_results_url_name = "interaction_moderation:index_results"
    columns = [
        PageTitleColumn("page", label="征集"),
        Column("name_masked", label="提交人"),
        TextColumn("content", label="意见"),
        StatusColumn("status", label="状态"),
        CommentActions("actions", label="操作"),
    ]
    list_export = ["page", "name_masked", "content", "status", "submitted_at"]
    export_headings = {"page": "征集", "name_masked": "提交人", "content": "意见",
                       "status": "状态", "submitted_at": "提交时间"}  # fmt: skip

    def get_filename(self):
        return f"comments-{timezone.localdate():%Y-%m-%d}"


class QuestionList(_ModerationList):
    page_title = "评论与提问审核"
    page_subtitle = "访谈提问"
    model = InterviewQuestion
    page_model = InterviewPage
    waiting = OPEN_QUESTIONS
    other_list = ("征集意见", "interaction_moderation:index")
    filterset_class = QuestionFilterSet
    index_url_name = "interaction_moderation:questions"
    index_results_url_name = "interaction_moderation:questions_results"
    columns = [
        PageTitleColumn("page", label="访谈"),
        Column("name_masked", label="网友"),
        TextColumn("content", label="提问"),
        StatusColumn("status", label="状态"),
        QuestionActions("actions", label="操作"),
    ]
    list_export = ["page", "name_masked", "content", "status", "submitted_at",
                   "answered_by", "answer"]  # fmt: skip
    export_headings = {"page": "访谈", "name_masked": "网友", "content": "提问",
                       "status": "状态", "submitted_at": "提问时间",
                       "answered_by": "答复嘉宾", "answer": "答复"}  # fmt: skip

    def get_filename(self):
        return f"questions-{timezone.localdate():%Y-%m-%d}"


@require_POST
def moderate_comment(request, pk):
    comment = get_object_or_404(
        ConsultationComment.objects.select_related("page"), pk=pk
    )
    if not _may_moderate(request.user, comment.page):
        raise PermissionDenied
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        messages.error(request, "请选择公开或不予公开。")
    else:
        comment.status = (
            ModerationStatus.APPROVED
            if decision == "approve"
            else ModerationStatus.REJECTED
        )
        comment.moderated_at = timezone.now()
        comment.save(update_fields=["status", "moderated_at"])
        # Approved comments show on the (cached) public page: refresh it.
        page_changed(comment.page)
        messages.success(request, "已处理该条意见。")
    return redirect("interaction_moderation:index")


@require_POST
def moderate_question(request, pk):
    question = get_object_or_404(
        InterviewQuestion.objects.select_related("page"), pk=pk
    )
    if not _may_moderate(request.user, question.page):
        raise PermissionDenied
    back = "interaction_moderation:questions"
    decision = request.POST.get("decision")
    if decision == "reject":
        question.status = QuestionStatus.REJECTED
        question.save(update_fields=["status"])
    elif decision == "approve":
        question.status = QuestionStatus.APPROVED
        question.save(update_fields=["status"])
    elif decision == "answer" and request.POST.get("answer", "").strip():
        question.status = QuestionStatus.ANSWERED
        question.answer = request.POST["answer"].strip()[:5000]
        question.answered_by = request.POST.get("answered_by", "").strip()[:50]
        question.answered_at = timezone.now()
        question.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    else:
        messages.error(request, "请填写答复内容。")
        return redirect(back)
    page_changed(question.page)
    messages.success(request, "已处理该提问。")
    return redirect(back)


# --- 征集结果反馈 -----------------------------------------------------------------


def _overdue_before() -> datetime.datetime:
    """Consultations closed before this instant are past their feedback date
    unless it was published (due = closing day + FEEDBACK_DAYS < today)."""
    first_late_day = timezone.localdate() - datetime.timedelta(days=FEEDBACK_DAYS)
    return timezone.make_aware(
        datetime.datetime.combine(first_late_day, datetime.time.min)
    )


class FeedbackFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label="反馈",
        choices=[
            ("published", "已公布"),
            ("waiting", "待公布"),
            ("late", "已逾期"),
        ],
        method="filter_state",
    )

    class Meta:
        model = ConsultationPage
        fields = ["state"]

    def filter_state(self, queryset, name, value):
        if value == "published":
            return queryset.filter(feedback_published_at__isnull=False)
        unpublished = queryset.filter(feedback_published_at__isnull=True)
        if value == "late":
            return unpublished.filter(closes_at__lt=_overdue_before())
        return unpublished.filter(closes_at__gte=_overdue_before())


class FeedbackTitleColumn(Column):
    def get_value(self, instance):
        url = reverse("wagtailadmin_pages:edit", args=[instance.pk])
        return format_html('<a href="{}">{}</a>', url, instance.title)


class DateColumn(Column):
    def get_value(self, instance):
        value = super().get_value(instance)
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value)
        return f"{value:%Y-%m-%d}" if value else ""


class FeedbackStateColumn(Column):
    cell_template_name = "interaction/admin/feedback_state_cell.html"


class FeedbackList(SitesRequired, ReportView):
    sites_of = staticmethod(feedback_site_ids)
    page_title = "征集结果反馈"
    header_icon = "doc-full"
    model = ConsultationPage
    filterset_class = FeedbackFilterSet
    index_url_name = "interaction_moderation:feedback"
    index_results_url_name = "interaction_moderation:feedback_results"
    columns = [
        FeedbackTitleColumn("title", label="意见征集"),
        DateColumn("closes_at", label="截止时间"),
        DateColumn("feedback_due", label="反馈期限"),
        FeedbackStateColumn("feedback_state", label="反馈"),
    ]
    list_export = ["title", "closes_at", "feedback_due", "feedback_state"]
    export_headings = {"title": "意见征集", "closes_at": "截止时间",
                       "feedback_due": "反馈期限", "feedback_state": "反馈"}  # fmt: skip

    def get_queryset(self):
        return (
            _pages_of_sites(ConsultationPage, feedback_site_ids(self.request.user))
            .filter(closes_at__lt=timezone.now())
            .order_by("closes_at", "pk")
        )

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        for page in object_list:
            page.feedback_due = feedback_due_on(page.closes_at)
            page.feedback_overdue = (
                not page.feedback_published_at and page.feedback_due < today
            )
            if page.feedback_published_at:
                published = timezone.localtime(page.feedback_published_at)
                page.feedback_state = f"已于{published:%Y-%m-%d}公布"
            else:
                page.feedback_state = (
                    "逾期未公布" if page.feedback_overdue else "待公布"
                )
        return object_list

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(
            self.decorate_paginated_queryset(list(queryset)), spreadsheet_format
        )

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["closes_at"] = f"{timezone.localtime(item.closes_at):%Y-%m-%d}"
        row["feedback_due"] = f"{item.feedback_due:%Y-%m-%d}"
        return row

    def get_filename(self):
        return f"consultation-feedback-{timezone.localdate():%Y-%m-%d}"


class ModerationViewSet(ViewSet):
    """The 政民互动 moderation desk at its old addresses under ``/admin/interaction/``."""

    name = "interaction_moderation"
    url_prefix = "interaction"

    def get_urlpatterns(self):
        lists = {
            "moderation/": ("index", CommentList),
            "moderation/questions/": ("questions", QuestionList),
            "feedback/": ("feedback", FeedbackList),
        }
        urls = []
        for prefix, (name, view) in lists.items():
            urls += [
                path(prefix, view.as_view(), name=name),
                path(f"{prefix}results/", view.as_view(results_only=True),
                     name=f"{name}_results"),
            ]  # fmt: skip
        return urls + [
            path("moderation/comment/<int:pk>/", moderate_comment, name="comment"),
            path("moderation/question/<int:pk>/", moderate_question, name="question"),
        ]


moderation_viewset = ModerationViewSet()
