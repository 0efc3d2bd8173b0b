"""Admin views of 政民互动 (menu 政民互动).

- 信件办理 (desk): the letters of the user's sites — their mailboxes' letters and
  those routed to them — with filters and alarms; the letter page with its steps.
- 办理提醒: the user's open letters due soon or overdue, and follow-ups due.
- 督办: every open letter in yellow, red or hard alarm, for 监督员 (masked data).
- 评论审核 / 提问审核: comments and interview questions of the user's sites.
- 征集反馈: consultations closed without published feedback, overdue flagged.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.models import Site

from sites.audit import record as audit_record
from sites.page_cache import page_changed

from . import public_scope
from .consultation_choices import ModerationStatus
from .interview_choices import QuestionStatus
from .letter_choices import OPEN_STATUSES, LetterStatus, RedirectChannel, RejectReason
from .models import (
    ConsultationComment,
    ConsultationPage,
    InterviewPage,
    InterviewQuestion,
    Letter,
    LetterAttachment,
)
from .services import deadlines
from .services import letter_workflow as workflow
from .services.consultation_rules import feedback_due_on
from .services.permissions import (
    can_view,
    handler_site_ids,
    may_use_desk,
    moderated_site_ids,
    reviewer_site_ids,
    reviews,
    sees_every_letter,
    sees_personal_data,
    viewer_site_ids,
)
from .services.publication import redact, redact_reply
from .views import attachment_response

PER_PAGE = 50


def _letters_for(user):
    letters = Letter.objects.all()
    if not sees_every_letter(user):
        # The letters of the user's sites, and the replies submitted to the
        # mailboxes whose replies they review (审核).
        letters = letters.filter(
            Q(mailbox__site_id__in=viewer_site_ids(user))
            | Q(handling_site_id__in=viewer_site_ids(user))
            | Q(mailbox__site_id__in=reviewer_site_ids(user), replied_at__isnull=False)
        )
    return letters.select_related("mailbox__site", "category", "handling_site")


def letter_list(request):
    user = request.user
    if not may_use_desk(user):
        raise PermissionDenied
    clock = deadlines.AlarmClock()
    letters = _letters_for(user)
    status = request.GET.get("status", "")
    if status == "open":
        letters = letters.filter(status__in=OPEN_STATUSES)
    elif status:
        letters = letters.filter(status=status[:12])
    alarm = request.GET.get("alarm", "")
    letters = _filter_alarm(letters, alarm, clock)
    site_id = request.GET.get("site", "")
    if site_id.isdigit():
        letters = letters.filter(handling_site_id=int(site_id))
    q = request.GET.get("q", "").strip()[:30]
    if q:
        letters = letters.filter(Q(case_number__icontains=q) | Q(subject__icontains=q))
    page = Paginator(
        letters.order_by("due_on", "-submitted_at", "-pk"), PER_PAGE
    ).get_page(request.GET.get("p"))
    rows = [(letter, clock.level(letter)) for letter in page.object_list]

    return render(request, "interaction/admin/letter_list.html", {
        "title": "信件办理", "page_obj": page, "rows": rows, "status": status,
        "statuses": LetterStatus.choices, "alarm": alarm, "site_id": site_id, "q": q,
        "sites": Site.objects.order_by("pk") if sees_every_letter(user) else None,
    })  # fmt: skip


def _filter_alarm(letters, alarm, clock):
    if alarm == "red":
        return letters.filter(status__in=OPEN_STATUSES, due_on__lt=clock.on)
    if alarm == "yellow":
        return letters.filter(
            status__in=OPEN_STATUSES,
            due_on__gte=clock.on,
            due_on__lte=clock.yellow_horizon,
        )
    if alarm == "ack":
        return letters.filter(status="submitted", acknowledge_due_on__lt=clock.on)
    if alarm == "hard":
        return letters.filter(
            status__in=OPEN_STATUSES, submitted_at__date__lte=clock.hard_since
        )
    return letters


def reminders(request):
    """The handler's to-do list: open letters in alarm and follow-ups due."""
    user = request.user
    sites = handler_site_ids(user)
    if not sites:
        raise PermissionDenied
    clock = deadlines.AlarmClock()
    letters = Letter.objects.for_sites(sites).select_related(
        "mailbox__site", "category", "handling_site"
    )
    due = letters.filter(
        status__in=OPEN_STATUSES, due_on__lte=clock.yellow_horizon
    ) | letters.filter(
        status__in=OPEN_STATUSES, submitted_at__date__lte=clock.hard_since
    )
    rows = [
        (letter, clock.level(letter)) for letter in due.order_by("due_on", "pk")[:200]
    ]
    follow_ups = list(
        letters.filter(
            follow_up_due_on__isnull=False, follow_up_done_at__isnull=True
        ).order_by("follow_up_due_on")[:200]
    )
    waiting_review = list(
        letters.filter(status="replied", mailbox__site_id__in=sites).order_by(
            "replied_at"
        )[:200]
    )
    return render(request, "interaction/admin/reminders.html", {
        "rows": rows, "follow_ups": follow_ups, "waiting_review": waiting_review,
        "today": clock.on,
    })  # fmt: skip


def overdue(request, today=None):
    """督办: every open letter in alarm, across the cluster, for supervisors."""
    if not sees_every_letter(request.user):
        raise PermissionDenied
    clock = deadlines.AlarmClock(today)
    letters = (
        Letter.objects.filter(status__in=OPEN_STATUSES)
        .filter(
            Q(due_on__lte=clock.yellow_horizon)
            | Q(submitted_at__date__lte=clock.hard_since)
            | Q(status="submitted", acknowledge_due_on__lt=clock.on)
        )
        .select_related("mailbox__site", "category", "handling_site")
    )
    site_id = request.GET.get("site", "")
    if site_id.isdigit():
        letters = letters.filter(handling_site_id=int(site_id))
    page = Paginator(letters.order_by("due_on", "pk"), PER_PAGE).get_page(
        request.GET.get("p")
    )
    rows = [(letter, clock.level(letter)) for letter in page.object_list]
    return render(request, "interaction/admin/overdue.html", {
        "rows": rows, "page_obj": page, "today": clock.on, "site_id": site_id,
        "sites": Site.objects.order_by("pk"),
    })  # fmt: skip


def letter_detail(request, pk):
    letter = get_object_or_404(
        Letter.objects.select_related(
            "mailbox__site", "category", "handling_site", "reply_site"
        ),
        pk=pk,
    )
    if not can_view(request.user, letter):
        raise PermissionDenied
    user_sites = handler_site_ids(request.user)
    owner = letter.mailbox.site_id in user_sites
    handler = letter.handling_site_id in user_sites
    reviewer = reviews(request.user, letter)
    events = list(letter.events.select_related("actor", "from_site", "to_site"))
    author = letter.replied_by_id == request.user.pk
    full = sees_personal_data(request.user, letter)
    if full:
        # Who read a writer's name, phone and ID number in full, and when.
        audit_record(
            "interaction.letter.view_personal_data", user=request.user,
            site=letter.mailbox.site, obj=letter, title=letter.case_number,
            request=request,
        )  # fmt: skip
    return render(request, "interaction/admin/letter_detail.html", {
        "letter": letter,
        "events": events,
        "attachments": list(letter.attachments.all()),
        "full": full,
        "owner": owner, "handler": handler,
        # 审核: the mailbox owner's 审核/站点管理员, never the reply's author.
        "reviewer": reviewer, "may_review": reviewer and not author,
        "author": author,
        "returned": _last_return(letter, events),
        "alarm": deadlines.AlarmClock().level(letter),
        "preview": _public_preview(letter) if owner or reviewer else None,
        "sites": Site.objects.order_by("pk"),
        "reject_reasons": RejectReason.choices,
        "channels": RedirectChannel.choices,
    })  # fmt: skip


def _last_return(letter, events):
    """The reviewer's comment the clerk has to act on (returned, not yet replied)."""
    if letter.status != "handling":
        return None
    last = next((e for e in reversed(events) if e.action in ("return", "reply")), None)
    return last if last is not None and last.action == "return" else None


def _public_preview(letter):
    """What publication would show, for the reviewer before approving (issue 18)."""
    if letter.status != "replied" or not letter.may_publish:
        return None
    return {
        "subject": redact(letter.subject, letter),
        "content": redact(letter.content, letter),
        "reply": redact_reply(letter.reply, letter),
    }


@require_POST
def letter_action(request, pk, action):
    letter = get_object_or_404(Letter.objects.select_related("mailbox__site"), pk=pk)
    if not can_view(request.user, letter):
        raise PermissionDenied
    post, user = request.POST, request.user

    def site_from_post():
        value = post.get("site", "")
        return Site.objects.filter(pk=int(value)).first() if value.isdigit() else None

    try:
        if action == "accept":
            to_site = site_from_post()
            if to_site is None:
                raise workflow.WorkflowError("请选择承办单位。")
            workflow.accept(
                letter, user, to_site, post.get("note", ""), request=request
            )
            if to_site.pk == letter.mailbox.site_id:
                messages.success(request, "已受理，由本单位办理。")
            else:
                messages.success(request, f"已受理并转办至{to_site.site_name}。")
        elif action == "reject":
            workflow.reject(
                letter,
                user,
                post.get("reason", ""),
                post.get("note", ""),
                request=request,
            )
            messages.success(request, "已不予受理，来信人可查询到说明。")
        elif action == "redirect":
            workflow.redirect_channel(
                letter, user, post.get("channel", ""), request=request
            )
            messages.success(request, "已引导来信人通过相应渠道反映。")
        elif action == "route":
            to_site = site_from_post()
            if to_site is None:
                raise workflow.WorkflowError("请选择承办单位。")
            workflow.reroute(
                letter, user, to_site, post.get("note", ""), request=request
            )
            messages.success(request, f"已转办至{to_site.site_name}。")
        elif action == "reply":
            workflow.reply(letter, user, post.get("reply", ""), request=request)
            messages.success(request, "答复已提交，等待信箱所属单位审核。")
        elif action in ("approve", "return"):
            letter = workflow.review(
                letter, user, action == "approve", post.get("note", ""),
                request=request, publish_now=post.get("publish") == "1",
            )  # fmt: skip
            if action == "return":
                messages.success(request, "已退回承办单位。")
            elif letter.is_published:
                messages.success(
                    request, "审核通过，信件已办结，答复已公开（个人信息已隐去）。"
                )
            else:
                messages.success(request, "审核通过，信件已办结。")
        elif action == "publish":
            workflow.publish(
                letter, user, post.get("public_subject", ""), post.get("public_content", ""),
                post.get("public_reply", ""), request=request,
            )  # fmt: skip
            messages.success(request, "信件已公开（个人信息已隐去）。")
        elif action == "unpublish":
            workflow.unpublish(letter, user, post.get("note", ""), request=request)
            messages.success(request, "已撤销公开。")
        elif action == "follow_up":
            workflow.record_follow_up(
                letter, user, post.get("note", ""), request=request
            )
            messages.success(request, "已登记回访情况。")
        else:
            raise PermissionDenied
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("interaction_admin_letter", pk=letter.pk)


def letter_attachment(request, pk):
    attachment = get_object_or_404(
        LetterAttachment.objects.select_related("letter__mailbox"), pk=pk
    )
    letter = attachment.letter
    if not can_view(request.user, letter):
        raise PermissionDenied
    # Every download is recorded, the supervisors' and cluster admins' included.
    audit_record(
        "interaction.letter.attachment_download", user=request.user,
        site=letter.mailbox.site, obj=letter, title=letter.case_number,
        request=request, attachment=attachment.pk,
    )  # fmt: skip
    return attachment_response(attachment)


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
