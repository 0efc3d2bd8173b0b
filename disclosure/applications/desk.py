"""依申请公开: the case desk of handlers, office heads and supervisors, built on
the core's case desk (``sites.casework.desk``).

The list (filters, alarms, export), 登记来信、传真或当面申请 (``new/``), the case
page (``<pk>/``) with the actions its state offers (``<pk>/<action>/``), and the
reply notice and attachments of ``reply_views`` under the same prefix: those
are file downloads with their own audit, which a viewset view would not change.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from wagtail.models import Site

from disclosure.models import (
    AppealResult,
    DisclosureApplication,
    DraftState,
    ReplyNotice,
)
from sites.casework.desk import (
    CaseAction,
    CaseDeskPolicy,
    CaseDeskViewSet,
    DeskScope,
    audit,
    calls,
)
from sites.services.site_roles import SiteRole

from . import casework
from . import desk_forms as forms
from .case_terms import OPEN_STATUSES, Status
from .forms import StaffApplicationForm
from .permissions import can_approve_extension, can_handle, can_sign_off, entry_site_ids
from .reply import review as reply_review
from .reply import views as reply_views

application_policy = CaseDeskPolicy(
    DisclosureApplication,
    [
        # 公开办理 and 站点管理员 work their site's cases; 审核 sign off replies.
        DeskScope(
            (SiteRole.DISCLOSURE_HANDLER, SiteRole.SITE_ADMIN, SiteRole.REVIEWER),
            ("site_id",),
        )
    ],
    "disclosure.view_all_applications",
)


# --- the actions: what each state of a case offers -------------------------------


def _reply(request, case, data):
    return reply_review.submit_draft(
        case, request.user, data, data["attachments"], request=request
    )


def _on_pending_draft(review):
    def run(request, case, data):
        draft = reply_review.pending_draft(case)
        if draft is None:
            raise casework.CaseworkError("没有待审核签发的答复稿，请刷新页面。")
        return review(draft, request.user, data["comment"], request=request)

    return run


def _reviewable(case, user, facts):
    # One draft at a time, and nobody reviews their own draft.
    pending = facts["pending"]
    return pending is not None and pending.author_id != user.pk


def _pending_appeal(case, user, facts):
    return any(a.result == AppealResult.PENDING for a in case.appeals.all())


C, F, A = casework, forms, CaseAction
OPEN = (*OPEN_STATUSES,)
R, V, H, REPLIED = Status.REGISTERED, Status.REVIEWING, Status.HANDLING, Status.REPLIED
# name: the action, offered in these states to those ``can_*`` allows; its message
# is "申请 …：<label>已完成。" unless it says otherwise.
ACTIONS = {
    "register": A("登记（确认收到申请）", calls(C.register, "received_on"),
                  (Status.SUBMITTED,), can_handle, F.RegisterForm),
    "void": A("作废（非政府信息公开申请，不计入统计）", calls(C.void, "reason"),
              (Status.SUBMITTED,), can_handle, F.VoidForm),
    "request_correction": A(
        "告知补正（仅一次）", calls(C.request_correction, "notice", "due_on"),
        (R, V), can_handle, F.CorrectionRequestForm,
        offered=lambda case, user, facts: not case.correction_requested_on),
    "receive_correction": A(
        "登记收到补正材料", calls(C.receive_correction, "description", "on"),
        (Status.CORRECTION,), can_handle, F.CorrectionReceivedForm),
    "review": A("转入审核", calls(C.start_review), (R,), can_handle, F.NoteForm),
    "handle": A("审核通过，转入办理", calls(C.start_handling, "note"), (V,),
                can_handle, F.NoteForm),
    "consult": A(
        "征求第三方意见（暂停计时）", calls(C.start_consultation, "party", "started_on"),
        (V, H), can_handle, F.ConsultationStartForm,
        offered=lambda case, user, facts: case.open_consultation is None),
    "consulted": A(
        "登记收到意见（恢复计时）", calls(C.end_consultation, "ended_on", "note"),
        (V, H), can_handle, F.ConsultationEndForm,
        offered=lambda case, user, facts: case.open_consultation is not None),
    "extend": A("批准延期答复", calls(C.extend, "days", "reason"), (R, V, H),
                can_approve_extension, F.ExtensionForm,
                offered=lambda case, user, facts: not case.extension_days),
    "fee": A("发出收费通知（暂停计时）",
             calls(C.issue_fee, "method", "pages", "issued_on"), (V, H), can_handle,
             F.FeeNoticeForm, offered=lambda case, user, facts: facts["fee"] is None),
    "fee_paid": A("登记缴费（恢复计时）", calls(C.fee_paid, "paid_on"), (V, H),
                  can_handle, F.FeePaidForm,
                  offered=lambda case, user, facts: facts["fee"] is not None
                  and facts["fee"].paid_on is None),
    "reply": A("答复", _reply, OPEN, can_handle, F.ReplyDraftForm,
               lambda case, result: f"申请 {case.case_number}：答复稿已提交审核签发。",
               offered=lambda case, user, facts: facts["pending"] is None,
               button="提交审核签发"),
    "sign_off": A("审核通过并签发", _on_pending_draft(reply_review.approve), OPEN,
                  can_sign_off, F.SignOffForm,
                  lambda case, notice: f"申请 {case.case_number}：答复已签发，"
                  f"答复告知书 {notice.number} 已生成。", offered=_reviewable,
                  button="签发"),
    "return_reply": A("退回修改", _on_pending_draft(reply_review.return_draft), OPEN,
                      can_sign_off, F.ReturnReplyForm,
                      lambda case, result: f"申请 {case.case_number}：答复稿已退回承办人修改。",
                      offered=_reviewable),
    "archive": A("归档", calls(C.archive), (REPLIED,), can_handle, F.NoteForm),
    "appeal": A("登记行政复议或行政诉讼（计入年报表三）",
                calls(C.record_appeal, "kind", "filed_on"), (REPLIED, Status.ARCHIVED),
                can_handle, F.AppealForm),
    "appeal_decided": A("登记复议或诉讼结果",
                        calls(C.decide_appeal, "kind", "result", "decided_on"),
                        (REPLIED, Status.ARCHIVED), can_handle, F.AppealDecisionForm,
                        offered=_pending_appeal),
}  # fmt: skip
# --- 登记来信、传真或当面申请 -----------------------------------------------------


def staff_entry(request):
    """Staff type in a request that did not come online."""
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
            return redirect(application_desk.get_url_name("inspect"), case.pk)
    return render(
        request,
        "disclosure/admin/staff_entry.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# --- the desk --------------------------------------------------------------------


class ApplicationDesk(CaseDeskViewSet):
    model = DisclosureApplication
    name = "application_desk"
    url_prefix = "disclosure/applications"
    menu_label = "依申请公开"
    add_to_admin_menu = True
    menu_order = 900
    permission_policy = application_policy
    actions = ACTIONS
    case_error = casework.CaseworkError
    done_message = "申请 {case.case_number}：{label}已完成。"
    open_filter = ("未办结", (Status.SUBMITTED, *OPEN_STATUSES))
    alarm_choices = [("yellow", "黄色预警（即将到期）"), ("red", "红色预警（已超期）")]
    site_filter = ("受理机关", "site")
    text_filter = ("编号或信息名称", ("case_number", "info_title"))
    template_prefix = "disclosure/admin/applications/"
    related, prefetch = ("site",), ("consultations",)
    case_related = ("handler", "extension_approved_by")
    case_prefetch = ("events__actor", "appeals")
    alarm_clock = casework.AlarmClock
    alarm_label = staticmethod(casework.ALARM_LABELS.get)
    export_filename = "applications"
    export_columns = {
        "case_number": "申请编号",
        "site.site_name": "受理机关",
        "applicant": "申请人",
        "information": "所需信息",
        "submitted_at": "提交时间",
        "get_status_display": "状态",
        "due_on": "答复期限",
        "alarm": "预警",
    }
    export_values = {
        # Masked as on the list: an export leaves the admin.
        "applicant": lambda case: (
            f"{case.masked_name}（{case.get_applicant_type_display()}）"
        ),
        "information": lambda case: case.info_title or case.description,
    }
    legacy_names = {
        "index": "disclosure_application_list",
        "add": "disclosure_application_new",
        "inspect": "disclosure_application_detail",
        "action": "disclosure_application_action",
        "notice_pdf": "disclosure_application_notice_pdf",
        "notice_print": "disclosure_application_notice_print",
        "reply_attachment": "disclosure_reply_attachment",
    }

    def alarm_filters(self, clock):
        open_cases = Q(status__in=OPEN_STATUSES)
        # A case not registered in time is red as well.
        unregistered_since = timezone.make_aware(
            datetime.datetime.combine(clock.registration_red_before, datetime.time.min)
        )
        return {
            "yellow": open_cases
            & Q(due_on__gte=clock.today, due_on__lte=clock.yellow_horizon),
            "red": open_cases & Q(due_on__lt=clock.today)
            | Q(status=Status.SUBMITTED, submitted_at__lt=unregistered_since),
        }

    def index_context(self, user):
        return {"can_enter": bool(entry_site_ids(user))}

    def case_context(self, request, case, bound=None):
        user = request.user
        full_personal_data = can_handle(user, case)
        if full_personal_data and request.method == "GET":
            # Every view of an applicant's unmasked ID number is audited (SECURITY.md).
            audit(request, "disclosure.application.view_personal_data", case, case.site)
        drafts = list(
            case.reply_drafts.select_related("author", "reviewer").prefetch_related(
                "attachments"
            )
        )
        pending = next((d for d in drafts if d.state == DraftState.PENDING), None)
        facts = {"pending": pending, "fee": casework.fee_notice_of(case)}
        # A refused action's form shows again bound, with its errors.
        refused, bound_form = bound or (None, None)
        actions = [
            (name, action.label, bound_form if name == refused
             else action.form(prefix=name), action.button or action.label)
            for name, action in ACTIONS.items()
            if action.is_offered(case, user, facts)
        ]  # fmt: skip
        return {
            "case": case,
            "full_personal_data": full_personal_data,
            "drafts": drafts,
            "pending_draft": pending,
            "notice": ReplyNotice.objects.filter(application=case).first(),
            "may_read_notice": full_personal_data,
            "actions": actions,
            "action_errors": bound_form.non_field_errors() if bound_form else [],
            "alarm": casework.alarm_level(case),
            "fee": facts["fee"],
        }

    def extra_urlpatterns(self):
        return [
            path("new/", staff_entry, name="add"),
            path("reply-attachments/<int:pk>/", reply_views.attachment,
                 name="reply_attachment"),
            path("<int:pk>/notice/pdf/", reply_views.notice_pdf, name="notice_pdf"),
            path("<int:pk>/notice/print/", reply_views.notice_print,
                 name="notice_print"),
        ]  # fmt: skip


application_desk = ApplicationDesk()
