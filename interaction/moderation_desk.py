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
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Site

from sites import desk_viewsets as desk
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

CELLS = "interaction/admin/"


def _sites(site_ids):
    return list(Site.objects.filter(pk__in=site_ids).select_related("root_page"))


def _pages_of_sites(model, site_ids):
    return public_scope.pages_under(model, _sites(site_ids))


def feedback_site_ids(user) -> set[int]:
    if sees_every_letter(user):
        return set(Site.objects.values_list("pk", flat=True))
    return moderated_site_ids(user)


# --- 评论与提问审核 ---------------------------------------------------------------


def moderation_filters(row_model, page_model, page_label, statuses, waiting_label):
    """状态 (empty: the rows still waiting) and the 征集/访谈 of the user's sites."""

    class Filters(WagtailFilterSet):
        status = django_filters.ChoiceFilter(
            label="状态", choices=statuses.choices, empty_label=waiting_label
        )
        page = django_filters.ModelChoiceFilter(
            label=page_label, queryset=page_model.objects.none()
        )

        class Meta:
            model = row_model
            fields = ["status", "page"]

        def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
            super().__init__(data, queryset, request=request, **kwargs)
            self.filters["page"].field.queryset = _pages_of_sites(
                page_model, moderated_site_ids(request.user)
            ).order_by("-pk")

    return Filters


def moderation_columns(page_label, name_label, text_label, actions):
    return [
        Column("page", label=page_label, accessor="page.title"),
        Column("name_masked", label=name_label),
        Column("content", label=text_label, accessor=lambda r: linebreaksbr(r.content)),
        Column("status", label="状态", accessor="get_status_display"),
        desk.TemplateColumn(
            "actions", f"{CELLS}{actions}_actions_cell.html", label="操作"
        ),
    ]


class _ModerationList(desk.DeskReport):
    """Rows on the pages of the sites the user moderates; without a 状态 filter,
    the rows still waiting (what the desk is for)."""

    sites_of = staticmethod(moderated_site_ids)
    page_title = "评论与提问审核"
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


class CommentList(_ModerationList):
    page_subtitle = "征集意见"
    model = ConsultationComment
    page_model = ConsultationPage
    waiting = [ModerationStatus.PENDING]
    other_list = ("访谈提问", "interaction_moderation:questions")
    index_url_name = "interaction_moderation:index"
    filterset_class = moderation_filters(
        ConsultationComment, ConsultationPage, "征集", ModerationStatus, "待审核"
    )
    columns = moderation_columns("征集", "提交人", "意见", "comment")
    export = {"page.title": "征集", "name_masked": "提交人", "content": "意见",
              "get_status_display": "状态", "submitted_at": "提交时间"}  # fmt: skip
    export_name = "comments"


class QuestionList(_ModerationList):
    page_subtitle = "访谈提问"
    model = InterviewQuestion
    page_model = InterviewPage
    waiting = [QuestionStatus.PENDING, QuestionStatus.APPROVED]
    other_list = ("征集意见", "interaction_moderation:index")
    index_url_name = "interaction_moderation:questions"
    filterset_class = moderation_filters(
        InterviewQuestion, InterviewPage, "访谈", QuestionStatus, "待处理"
    )
    columns = moderation_columns("访谈", "网友", "提问", "question")
    export = {"page.title": "访谈", "name_masked": "网友", "content": "提问",
              "get_status_display": "状态", "submitted_at": "提问时间",
              "answered_by": "答复嘉宾", "answer": "答复"}  # fmt: skip
    export_name = "questions"


def _moderated(request, model, pk):
    """The row, if it is on a page of a site the user moderates (else 403)."""
    row = get_object_or_404(model.objects.select_related("page"), pk=pk)
    sites = _sites(moderated_site_ids(request.user))
    if public_scope.site_of_path(sites, row.page.path) is None:
        raise PermissionDenied
    return row


@require_POST
def moderate_comment(request, pk):
    comment = _moderated(request, ConsultationComment, pk)
    decisions = {
        "approve": ModerationStatus.APPROVED,
        "reject": ModerationStatus.REJECTED,
    }
    status = decisions.get(request.POST.get("decision"))
    if status is None:
        messages.error(request, "请选择公开或不予公开。")
    else:
        comment.status = status
        comment.moderated_at = timezone.now()
        comment.save(update_fields=["status", "moderated_at"])
        # Approved comments show on the (cached) public page: refresh it.
        page_changed(comment.page)
        messages.success(request, "已处理该条意见。")
    return redirect("interaction_moderation:index")


@require_POST
def moderate_question(request, pk):
    question = _moderated(request, InterviewQuestion, pk)
    back = "interaction_moderation:questions"
    decision = request.POST.get("decision")
    answer = request.POST.get("answer", "").strip()
    if decision in ("approve", "reject"):
        approved = decision == "approve"
        question.status = (
            QuestionStatus.APPROVED if approved else QuestionStatus.REJECTED
        )
        question.save(update_fields=["status"])
    elif decision == "answer" and answer:
        question.status = QuestionStatus.ANSWERED
        question.answer = answer[:5000]
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
    state = desk.StateFilter(
        "反馈", {"published": "已公布", "waiting": "待公布", "late": "已逾期"}
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


def _edit_link(page):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return format_html('<a href="{}">{}</a>', url, page.title)


class FeedbackList(desk.DeskReport):
    sites_of = staticmethod(feedback_site_ids)
    page_title = "征集结果反馈"
    header_icon = "doc-full"
    model = ConsultationPage
    filterset_class = FeedbackFilterSet
    index_url_name = "interaction_moderation:feedback"
    columns = [
        Column("title", label="意见征集", accessor=_edit_link),
        Column("closes_at", label="截止时间", accessor="closes_on"),
        Column("feedback_due", label="反馈期限", accessor="due_on"),
        desk.TemplateColumn(
            "feedback_state", f"{CELLS}feedback_state_cell.html", label="反馈"
        ),
    ]
    export = {"title": "意见征集", "closes_on": "截止时间", "due_on": "反馈期限",
              "feedback_state": "反馈"}  # fmt: skip
    export_name = "consultation-feedback"

    def get_queryset(self):
        return (
            _pages_of_sites(ConsultationPage, feedback_site_ids(self.request.user))
            .filter(closes_at__lt=timezone.now())
            .order_by("closes_at", "pk")
        )

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        for page in object_list:
            due = feedback_due_on(page.closes_at)
            page.closes_on = desk.local_text(page.closes_at, desk.DAY)
            page.due_on = desk.local_text(due, desk.DAY)
            page.feedback_overdue = not page.feedback_published_at and due < today
            if page.feedback_published_at:
                published = desk.local_text(page.feedback_published_at, desk.DAY)
                page.feedback_state = f"已于{published}公布"
            else:
                page.feedback_state = (
                    "逾期未公布" if page.feedback_overdue else "待公布"
                )
        return object_list


class ModerationViewSet(desk.DeskViewSet):
    """The 政民互动 moderation desk at its old addresses under ``/admin/interaction/``."""

    name = "interaction_moderation"
    url_prefix = "interaction"
    reports = {
        "moderation/": CommentList,
        "moderation/questions/": QuestionList,
        "feedback/": FeedbackList,
    }
    views = {
        "moderation/comment/<int:pk>/": ("comment", moderate_comment),
        "moderation/question/<int:pk>/": ("question", moderate_question),
    }


moderation_viewset = ModerationViewSet()
