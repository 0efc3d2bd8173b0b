"""Admin views of 政民互动 (menu 政民互动); the letter desk (信件办理、办理提醒、
督办) is the viewset in ``letter_desk``.

- 评论审核 / 提问审核: comments and interview questions of the user's sites.
- 征集反馈: consultations closed without published feedback, overdue flagged.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.models import Site

from . import public_scope
from .models import (
    ConsultationComment,
    ConsultationPage,
    InterviewPage,
    InterviewQuestion,
)
from .services.consultation_rules import feedback_due_on
from .services.permissions import (
    moderated_site_ids,
    sees_every_letter,
)
from .vocabulary import (
    ModerationStatus,
    QuestionStatus,
)

# --- moderation --------------------------------------------------------------


def _pages_of_sites(model, site_ids):
    sites = list(Site.objects.filter(pk__in=site_ids).select_related("root_page"))
    return public_scope.pages_under(model, sites) if sites else model.objects.none()


def moderation(request):
    """Comments and interview questions waiting, of the user's sites."""
    site_ids = moderated_site_ids(request.user)
    if not site_ids:
        raise PermissionDenied
    consultations = _pages_of_sites(ConsultationPage, site_ids).values("pk")
    interviews = _pages_of_sites(InterviewPage, site_ids).values("pk")
    comments = ConsultationComment.objects.filter(
        page_id__in=consultations, status=ModerationStatus.PENDING
    ).select_related("page")[:200]
    questions = InterviewQuestion.objects.filter(
        page_id__in=interviews,
        status__in=[QuestionStatus.PENDING, QuestionStatus.APPROVED],
    ).select_related("page")[:200]
    return render(request, "interaction/admin/moderation.html", {
        "comments": comments, "questions": questions,
    })  # fmt: skip


def _may_moderate(user, page) -> bool:
    site_ids = moderated_site_ids(user)
    return any(
        page.path.startswith(site.root_page.path)
        for site in Site.objects.filter(pk__in=site_ids).select_related("root_page")
    )


def _page_changed(page):
    """Approved comments and answers show on the (cached) public page: refresh it."""
    from sites.page_cache import page_changed

    page_changed(page)


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
        _page_changed(comment.page)
        messages.success(request, "已处理该条意见。")
    return redirect("interaction_admin_moderation")


@require_POST
def moderate_question(request, pk):
    question = get_object_or_404(
        InterviewQuestion.objects.select_related("page"), pk=pk
    )
    if not _may_moderate(request.user, question.page):
        raise PermissionDenied
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
        return redirect("interaction_admin_moderation")
    _page_changed(question.page)
    messages.success(request, "已处理该提问。")
    return redirect("interaction_admin_moderation")


def feedback(request):
    """Closed consultations and their feedback (征集结果/采纳情况), overdue flagged."""
    user = request.user
    if sees_every_letter(user):
        site_ids = set(Site.objects.values_list("pk", flat=True))
    else:
        site_ids = moderated_site_ids(user)
    if not site_ids:
        raise PermissionDenied
    today = timezone.localdate()
    pages = (
        _pages_of_sites(ConsultationPage, site_ids)
        .filter(closes_at__lt=timezone.now())
        .order_by("closes_at")
    )
    rows = []
    for page in pages[:500]:
        due = feedback_due_on(page.closes_at)
        rows.append((page, due, not page.feedback_published_at and due < today))
    return render(
        request, "interaction/admin/feedback.html", {"rows": rows, "today": today}
    )
