"""Admin views of 依申请公开 for handlers, office heads and supervisors."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.models import Site

from disclosure.applications import casework
from disclosure.applications import desk_forms as forms
from disclosure.applications.case_terms import OPEN_STATUSES, Status
from disclosure.applications.forms import StaffApplicationForm
from disclosure.applications.permissions import (
    can_approve_extension,
    can_handle,
    can_sign_off,
    can_view,
    entry_site_ids,
    sees_every_application,
    visible_site_ids,
)
from disclosure.applications.reply import review as reply_review
from disclosure.models import (
    AppealResult,
    DisclosureApplication,
    DraftState,
    ReplyNotice,
)
from sites.audit import record
from sites.services.workdays import add_working_days

PER_PAGE = 50


def may_use(user) -> bool:
    return sees_every_application(user) or bool(visible_site_ids(user))


def application_list(request):
    user = request.user
    if not may_use(user):
        raise PermissionDenied
    today = timezone.localdate()
    cases = (
        DisclosureApplication.objects.for_handler(user)
        .select_related("site")
        .prefetch_related("consultations")
    )
    status = request.GET.get("status", "")
    if status == "open":
        cases = cases.filter(status__in=[Status.SUBMITTED, *OPEN_STATUSES])
    elif status in Status.values:
        cases = cases.filter(status=status)
    alarm = request.GET.get("alarm", "")
    if alarm == "red":
        unconfirmed_since = timezone.make_aware(
            datetime.datetime.combine(
                casework.registration_red_before(today), datetime.time.min
            )
        )
        cases = cases.filter(
            Q(status__in=OPEN_STATUSES, due_on__lt=today)
            | Q(status=Status.SUBMITTED, submitted_at__lt=unconfirmed_since)
        )
    elif alarm == "yellow":
        horizon = add_working_days(today, casework.yellow_days()).date
        cases = cases.filter(
            status__in=OPEN_STATUSES, due_on__gte=today, due_on__lte=horizon
        )
    site_id = request.GET.get("site", "")
    if site_id.isdigit():
        cases = cases.filter(site_id=int(site_id))
    q = request.GET.get("q", "").strip()[:30]
    if q:
        cases = cases.filter(Q(case_number__icontains=q) | Q(info_title__icontains=q))
    page = Paginator(
        cases.order_by("due_on", "-submitted_at", "-pk"), PER_PAGE
    ).get_page(request.GET.get("p"))
    clock = casework.AlarmClock(today)
    rows = [(case, clock.level(case)) for case in page.object_list]
    sites = Site.objects.order_by("pk") if sees_every_application(user) else None
    return render(
        request,
        "disclosure/admin/application_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "statuses": Status.choices,
            "status": status,
            "alarm": alarm,
            "q": q,
            "sites": sites,
            "site_id": site_id,
            "alarm_labels": casework.ALARM_LABELS,
            "can_enter": bool(entry_site_ids(user)),
        },
    )


ACTIONS = {
    # name: (form, permission check, statuses where offered, label)
    "register": (forms.RegisterForm, can_handle, [Status.SUBMITTED], "登记（确认收到申请）"),
    "void": (forms.VoidForm, can_handle, [Status.SUBMITTED], "作废（非政府信息公开申请，不计入统计）"),
    "request_correction": (forms.CorrectionRequestForm, can_handle,
                           [Status.REGISTERED, Status.REVIEWING], "告知补正（仅一次）"),
    "receive_correction": (forms.CorrectionReceivedForm, can_handle, [Status.CORRECTION],
                           "登记收到补正材料"),
    "review": (forms.NoteForm, can_handle, [Status.REGISTERED], "转入审核"),
    "handle": (forms.NoteForm, can_handle, [Status.REVIEWING], "审核通过，转入办理"),
    "consult": (forms.ConsultationStartForm, can_handle, [Status.REVIEWING, Status.HANDLING],
                "征求第三方意见（暂停计时）"),
    "consulted": (forms.ConsultationEndForm, can_handle, [Status.REVIEWING, Status.HANDLING],
                  "登记收到意见（恢复计时）"),
    "extend": (forms.ExtensionForm, can_approve_extension,
               [Status.REGISTERED, Status.REVIEWING, Status.HANDLING], "批准延期答复"),
    "fee": (forms.FeeNoticeForm, can_handle, [Status.REVIEWING, Status.HANDLING],
            "发出收费通知（暂停计时）"),
    "fee_paid": (forms.FeePaidForm, can_handle, [Status.REVIEWING, Status.HANDLING],
                 "登记缴费（恢复计时）"),
    "reply": (forms.ReplyDraftForm, can_handle, [*OPEN_STATUSES], "答复"),
    "sign_off": (forms.SignOffForm, can_sign_off, [*OPEN_STATUSES], "审核通过并签发"),
    "return_reply": (forms.ReturnReplyForm, can_sign_off, [*OPEN_STATUSES], "退回修改"),
    "archive": (forms.NoteForm, can_handle, [Status.REPLIED], "归档"),
    "appeal": (forms.AppealForm, can_handle, [Status.REPLIED, Status.ARCHIVED],
               "登记行政复议或行政诉讼（计入年报表三）"),
    "appeal_decided": (forms.AppealDecisionForm, can_handle,
                       [Status.REPLIED, Status.ARCHIVED], "登记复议或诉讼结果"),
}  # fmt: skip
# The button where it says more than the heading.
BUTTONS = {"reply": "提交审核签发", "sign_off": "签发"}
REVIEW_ACTIONS = ("sign_off", "return_reply")


def staff_entry(request):
    """登记来信、传真或当面申请: staff type in a request that did not come online."""
    agencies = Site.objects.filter(pk__in=entry_site_ids(request.user)).order_by("pk")
    if not agencies.exists():
        raise PermissionDenied
    form = StaffApplicationForm(
        request.POST or None, site=agencies.first(), agencies=agencies
    )
    if request.method == "POST" and form.is_valid():
        data = form.application_data()
        received_on = form.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            form.add_error("received_on", "收到申请日期不能晚于今天。")
        else:
            data["submitted_at"] = timezone.make_aware(
                datetime.datetime.combine(received_on, datetime.time())
            )
            case, code = casework.submit(
                form.cleaned_data["agency"], data, form.cleaned_data["submission_token"]
            )
            if code is not None:
                casework.register(case, request.user, received_on, request=request)
                messages.success(
                    request,
                    f"已登记申请 {case.case_number}。请将申请编号和查询码 {code} "
                    "告知申请人（查询码只显示这一次）。",
                )
            return redirect("disclosure_application_detail", case.pk)
    return render(
        request,
        "disclosure/admin/staff_entry.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _perform(name, case, user, data, request):
    if name == "register":
        return casework.register(case, user, data["received_on"], request=request)
    if name == "void":
        return casework.void(case, user, data["reason"], request=request)
    if name == "request_correction":
        return casework.request_correction(
            case, user, data["notice"], data["due_on"], request=request
        )
    if name == "receive_correction":
        return casework.receive_correction(
            case, user, data["description"], data["on"], request=request
        )
    if name == "review":
        return casework.start_review(case, user, request=request)
    if name == "handle":
        return casework.start_handling(case, user, data["note"], request=request)
    if name == "consult":
        return casework.start_consultation(
            case, user, data["party"], data["started_on"], request=request
        )
    if name == "consulted":
        return casework.end_consultation(
            case, user, data["ended_on"], data["note"], request=request
        )
    if name == "extend":
        return casework.extend(
            case, user, data["days"], data["reason"], request=request
        )
    if name == "reply":
        return reply_review.submit_draft(
            case, user, data, data["attachments"], request=request
        )
    if name in REVIEW_ACTIONS:
        draft = reply_review.pending_draft(case)
        if draft is None:
            raise casework.CaseworkError("没有待审核签发的答复稿，请刷新页面。")
        if name == "sign_off":
            return reply_review.approve(draft, user, data["comment"], request=request)
        return reply_review.return_draft(draft, user, data["comment"], request=request)
    if name == "fee":
        return casework.issue_fee(
            case,
            user,
            data["method"],
            data["pages"],
            data["issued_on"],
            request=request,
        )
    if name == "fee_paid":
        return casework.fee_paid(case, user, data["paid_on"], request=request)
    if name == "appeal":
        return casework.record_appeal(
            case, user, data["kind"], data["filed_on"], request=request
        )
    if name == "appeal_decided":
        return casework.decide_appeal(
            case, user, data["kind"], data["result"], data["decided_on"],
            request=request,
        )  # fmt: skip
    return casework.archive(case, user, request=request)


def _available_actions(case, user, pending, bound=None):
    offered = []
    has_open_consultation = case.open_consultation is not None
    fee = casework.fee_notice_of(case)
    for name, (form_class, allowed, statuses, label) in ACTIONS.items():
        if case.status not in statuses or not allowed(user, case):
            continue
        if name == "consulted" and not has_open_consultation:
            continue
        if name == "consult" and has_open_consultation:
            continue
        if name == "request_correction" and case.correction_requested_on:
            continue
        if name == "appeal_decided" and not any(
            a.result == AppealResult.PENDING for a in case.appeals.all()
        ):
            continue
        if name == "extend" and case.extension_days:
            continue
        if name == "fee" and fee is not None:
            continue
        if name == "fee_paid" and (fee is None or fee.paid_on is not None):
            continue
        if name == "reply" and pending is not None:
            continue  # one draft at a time: it is with the reviewer
        if name in REVIEW_ACTIONS and (pending is None or pending.author_id == user.pk):
            continue  # nobody reviews their own draft
        form = bound if bound and bound[0] == name else None
        offered.append(
            (
                name,
                label,
                form[1] if form else form_class(prefix=name),
                BUTTONS.get(name, label),
            )
        )
    return offered


def application_detail(request, pk, bound=None, status=200):
    case = get_object_or_404(
        DisclosureApplication.objects.select_related(
            "site", "handler", "extension_approved_by"
        ).prefetch_related("consultations", "events__actor", "appeals"),
        pk=pk,
    )
    if not can_view(request.user, case):
        raise PermissionDenied
    full_personal_data = can_handle(request.user, case)
    if full_personal_data and request.method == "GET":
        # Every view of an applicant's unmasked ID number is audited (SECURITY.md).
        record(
            "disclosure.application.view_personal_data",
            user=request.user,
            site=case.site,
            obj=case,
            title=case.case_number,
            request=request,
        )
    drafts = list(
        case.reply_drafts.select_related("author", "reviewer").prefetch_related(
            "attachments"
        )
    )
    pending = next((d for d in drafts if d.state == DraftState.PENDING), None)
    notice = ReplyNotice.objects.filter(application=case).first()
    return render(
        request,
        "disclosure/admin/application_detail.html",
        {
            "case": case,
            "full_personal_data": full_personal_data,
            "drafts": drafts,
            "pending_draft": pending,
            "notice": notice,
            "may_read_notice": full_personal_data,
            "actions": _available_actions(case, request.user, pending, bound),
            "action_errors": bound[1].non_field_errors() if bound else [],
            "alarm": casework.alarm_level(case),
            "fee": casework.fee_notice_of(case),
            "alarm_labels": casework.ALARM_LABELS,
        },
        status=status,
    )


def _done(case, action, result) -> str:
    if action == "reply":
        return f"申请 {case.case_number}：答复稿已提交审核签发。"
    if action == "sign_off":
        return (
            f"申请 {case.case_number}：答复已签发，答复告知书 {result.number} 已生成。"
        )
    if action == "return_reply":
        return f"申请 {case.case_number}：答复稿已退回承办人修改。"
    return f"申请 {case.case_number}：{ACTIONS[action][3]}已完成。"


@require_POST
def application_action(request, pk, action):
    case = get_object_or_404(DisclosureApplication, pk=pk)
    if action not in ACTIONS:
        raise PermissionDenied
    form_class, allowed, _statuses, _label = ACTIONS[action]
    if not allowed(request.user, case):
        raise PermissionDenied
    form = form_class(request.POST, request.FILES, prefix=action)
    if form.is_valid():
        try:
            result = _perform(action, case, request.user, form.cleaned_data, request)
        except casework.CaseworkError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _done(case, action, result))
            return redirect("disclosure_application_detail", pk)
    return application_detail(request, pk, bound=(action, form), status=400)
