"""The 依申请公开 workflow: 登记 → 审核 → 办理 → 答复 → 归档 (Art. 45), with 补正
(Art. 30), 延期 (Art. 33), third-party consultation (Art. 32/34) and the reply
deadline counted in working days from the confirmed receipt (Art. 31, 33).

Every transition locks the case row, checks the current state, writes one
history event and one audit entry (with the case number, never personal data).
"""

from __future__ import annotations

import datetime
import uuid

from django.db import models, transaction
from django.utils import timezone

from disclosure.applications.case_terms import (
    OPEN_STATUSES,
    OUTCOMES_NEEDING_REASON,
    Outcome,
    Status,
)
from disclosure.applications.fees import FeeMethod, per_item_fee, per_volume_fee
from disclosure.models import (
    Appeal,
    AppealKind,
    AppealResult,
    ApplicationEvent,
    DisclosureApplication,
    FeeNotice,
    ThirdPartyConsultation,
)
from sites.casework import alarms, lookup, notifications, submission
from sites.casework.transitions import CaseTransitions, Step
from sites.personal_data import digest, encrypt, mask_id
from sites.services.workdays import (
    add_working_days,
    is_working_day,
    working_days_between,
)

REPLY_WORKING_DAYS = 20  # Art. 33
MAX_EXTENSION_DAYS = 20  # Art. 33
CORRECTION_WINDOW_DAYS = 7  # Art. 30
# Art. 32 and 34: a consulted third party or other body answers within 15
# working days; time beyond that is the office's own and counts again.
CONSULTATION_MAX_DAYS = 15
# An online application must be confirmed (登记) promptly: the statutory clock
# only starts then (Art. 31), so one left unconfirmed this many working days
# turns red instead of waiting unseen.
REGISTRATION_RED_DAYS = 3


class CaseworkError(Exception):
    """A refused transition; the message is shown to the handler as is."""


CASES = CaseTransitions(
    DisclosureApplication, ApplicationEvent, "disclosure.application", CaseworkError
)

today = alarms.today


# --- submission --------------------------------------------------------------


def submit(
    site, data: dict, token: uuid.UUID
) -> tuple[DisclosureApplication, str | None]:
    """Store one application; a repeated token (double click) returns the stored one.

    Returns (application, query_code); query_code is None for a repeat (see
    query_codes.code_again).
    """
    id_number = data.pop("id_number")

    def store(query_code_hash: str) -> DisclosureApplication:
        application = DisclosureApplication.objects.create(
            site=site,
            submission_token=token,
            query_code_hash=query_code_hash,
            id_number_encrypted=encrypt(id_number),
            id_number_masked=mask_id(id_number),
            applicant_digest=digest(f"{data['id_type']}:{id_number}", "applicant"),
            **data,
        )
        # The year as in Beijing: a submission at 00:30 on 1 January is the
        # new year's.
        application.case_number = (
            f"YSQ{timezone.localtime(application.submitted_at).year}"
            f"{application.pk:06d}"
        )
        application.save(update_fields=["case_number"])
        CASES.record(application, "submit", None, "申请人在线提交申请",
                     step=Step(event={"to_status": Status.SUBMITTED}, audited=False))  # fmt: skip
        return application

    application, query_code = submission.submit_once(
        DisclosureApplication, token, store
    )
    if query_code is not None:
        transaction.on_commit(lambda: notify_handlers(application))
    return application, query_code


def find_for_applicant(
    case_number: str, query_code: str
) -> DisclosureApplication | None:
    """The case when both the number and the code match; None reveals nothing more."""
    return lookup.find_case(
        DisclosureApplication.objects.select_related("site"), case_number, query_code
    )


def notify_handlers(application: DisclosureApplication) -> None:
    """E-mail the site's handlers; runs after commit and never loses the case."""
    from disclosure.applications.permissions import handler_groups

    notifications.mail_about(
        application, "handlers",
        f"新的政府信息公开申请 {application.case_number}",
        f"{application.site.site_name}收到新的政府信息公开申请"
        f"（编号 {application.case_number}），请登录管理后台登记办理。",
        lambda: notifications.active_addresses(handler_groups(application.site)),
    )  # fmt: skip


def notify_applicant(application: DisclosureApplication, what: str) -> None:
    """Tell the applicant that something happened; the content stays behind the query code."""
    notifications.mail_about(
        application, "the applicant",
        f"您的政府信息公开申请 {application.case_number} {what}",
        f"您向{application.site.site_name}提交的政府信息公开申请"
        f"（编号 {application.case_number}）{what}。请凭申请编号和查询码登录"
        f"{application.site.root_url}/xxgk/ysqgk/query/ 查看详情。",
        lambda: [application.email] if application.email else [],
    )  # fmt: skip


# --- deadlines ---------------------------------------------------------------


def fee_notice_of(application: DisclosureApplication) -> FeeNotice | None:
    return FeeNotice.objects.filter(application_id=application.pk).first()


def paused_intervals(
    application: DisclosureApplication, on: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """The periods off the clock, as half-open ``(start, end]`` date pairs, merged
    so that overlapping pauses count once and clipped to the running clock."""
    intervals = []
    for consultation in application.consultations.all():
        cap = add_working_days(consultation.started_on, CONSULTATION_MAX_DAYS).date
        intervals.append(
            (consultation.started_on, min(consultation.ended_on or on, cap))
        )
    fee = fee_notice_of(application)
    if fee is not None:
        intervals.append((fee.issued_on, fee.paid_on or on))
    start = application.clock_start_on
    merged: list[tuple[datetime.date, datetime.date]] = []
    for begin, end in sorted(intervals):
        if start is not None:
            begin = max(begin, start)
        if end <= begin:
            continue
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged


def excluded_days(application: DisclosureApplication, on: datetime.date) -> int:
    """Consultations (Art. 32–34, at most 15 working days each) and the wait for
    a fee (国办函〔2020〕109号) don't count; a day in two pauses counts once."""
    return sum(
        working_days_between(begin, end)
        for begin, end in paused_intervals(application, on)
    )


def recompute_due(
    application: DisclosureApplication, on: datetime.date | None = None
) -> None:
    """Set ``due_on``: None while the clock is stopped (补正, open consultation)."""
    on = on or today()
    fee = fee_notice_of(application)
    stopped = (
        application.status in (Status.SUBMITTED, Status.CORRECTION)
        or any(c.ended_on is None for c in application.consultations.all())
        or (fee is not None and fee.paid_on is None)
    )
    if application.clock_start_on is None or stopped or application.is_closed:
        if not application.is_closed:
            application.due_on = None
        return
    deadline = add_working_days(
        application.clock_start_on,
        REPLY_WORKING_DAYS
        + application.extension_days
        + excluded_days(application, on),
    )
    application.due_on = deadline.date
    application.due_provisional = deadline.provisional


def registration_red_before(on: datetime.date) -> datetime.date:
    """Unconfirmed applications submitted before this day are red: more than
    REGISTRATION_RED_DAYS working days have passed since (one calendar read)."""
    day, counted = on, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted > REGISTRATION_RED_DAYS:
                return day
        day -= datetime.timedelta(days=1)


class AlarmClock(alarms.WorkingDayAlarmClock):
    """Alarm levels for many cases against one day, with the calendar read once
    (a list of cases costs the same queries whatever its length)."""

    yellow_setting = "DISCLOSURE_YELLOW_ALARM_DAYS"
    yellow_default = 3

    def __init__(self, on: datetime.date | None = None):
        super().__init__(on)
        # An unregistered case turns yellow once a working day has passed since it came in.
        latest = self.today
        while not is_working_day(latest):
            latest -= datetime.timedelta(days=1)
        self.latest_working_day = latest
        self.registration_red_before = registration_red_before(self.today)

    def level(self, application: DisclosureApplication) -> str:
        """ "red" past the deadline, "yellow" within the warning window, else ""."""
        if application.status == Status.SUBMITTED:
            submitted = timezone.localtime(application.submitted_at).date()
            if submitted < self.registration_red_before:
                return "red"
            return "yellow" if submitted < self.latest_working_day else ""
        if application.status == Status.CORRECTION:
            due = application.correction_due_on
            return "yellow" if due and self.today > due else ""
        if application.status not in OPEN_STATUSES:
            return ""
        return self.due_level(application.due_on)


yellow_days = AlarmClock.yellow_days


def alarm_level(
    application: DisclosureApplication, on: datetime.date | None = None
) -> str:
    return AlarmClock(on).level(application)


ALARM_LABELS = {"red": "已超期", "yellow": "即将到期", "": ""}


# --- transitions -------------------------------------------------------------


def _require(application, allowed, message):
    if application.status not in allowed:
        raise CaseworkError(
            f"{message}（当前状态：{application.get_status_display()}）。"
        )


def _transition(
    application, user, action, allowed, message, change, note="", request=None
):
    """Lock, check, change, recompute the deadline, log — all in one transaction."""

    def step(case):
        _require(case, allowed, message)
        before = case.status
        change(case)
        recompute_due(case)
        return Step(event={"from_status": before, "to_status": case.status},
                    audit={"status": case.status})  # fmt: skip

    CASES.run(application, user, action, step, note, request)
    application.refresh_from_db()
    return application


def register(application, user, received_on: datetime.date, request=None):
    """登记: the date both sides confirmed receipt starts the clock (Art. 31)."""
    if (
        received_on < timezone.localtime(application.submitted_at).date()
        or received_on > today()
    ):
        raise CaseworkError("受理确认日期应在提交日期之后，且不能晚于今天。")

    def change(case):
        case.status = Status.REGISTERED
        case.received_on = received_on
        case.clock_start_on = received_on
        case.handler = user

    return _transition(application, user, "register", [Status.SUBMITTED],
                       "只有待登记的申请可以登记", change,
                       f"确认收到申请，受理日期 {received_on:%Y-%m-%d}", request)  # fmt: skip


def void(application, user, reason: str, request=None):
    """Not an application at all (empty, test, spam): kept, but outside the statistics."""
    if not reason.strip():
        raise CaseworkError("请填写作废原因。")

    def change(case):
        case.status = Status.VOID
        case.void_reason = reason.strip()[:200]

    return _transition(application, user, "void", [Status.SUBMITTED],
                       "只有待登记的申请可以作废", change, reason, request)  # fmt: skip


def request_correction(application, user, notice: str, due_on: datetime.date,
                       on: datetime.date | None = None, request=None):  # fmt: skip
    """补正: once, within 7 working days of receipt; the clock stops (Art. 30)."""
    on = on or today()
    if application.correction_requested_on:
        raise CaseworkError("每件申请只能要求补正一次。")
    if (
        application.received_on
        and on > add_working_days(application.received_on, CORRECTION_WINDOW_DAYS).date
    ):
        raise CaseworkError(
            "补正告知须在收到申请之日起7个工作日内一次性发出，已超过期限。"
        )
    if not notice.strip():
        raise CaseworkError("请写明需要补正的事项。")
    if due_on <= on:
        raise CaseworkError("补正期限应晚于告知日期。")

    def change(case):
        case.status = Status.CORRECTION
        case.correction_requested_on = on
        case.correction_notice = notice.strip()
        case.correction_due_on = due_on

    application = _transition(application, user, "request_correction",
                              [Status.REGISTERED, Status.REVIEWING],
                              "当前状态不能要求补正", change, notice, request)  # fmt: skip
    transaction.on_commit(lambda: notify_applicant(application, "需要补正"))
    return application


def receive_correction(application, user, description: str,
                       on: datetime.date | None = None, request=None):  # fmt: skip
    """The corrected request arrives: the 20 working days start again from it."""
    on = on or today()
    if not description.strip():
        raise CaseworkError("请填写补正后的内容描述。")
    if on > today() or (
        application.correction_requested_on and on < application.correction_requested_on
    ):
        raise CaseworkError("收到补正日期应在发出补正告知之后，且不能晚于今天。")

    def change(case):
        case.status = Status.REGISTERED
        case.corrected_on = on
        case.corrected_description = description.strip()[:2000]
        case.clock_start_on = on

    note = "申请人在线提交补正" if user is None else "收到申请人补正材料"
    return _transition(application, user, "receive_correction", [Status.CORRECTION],
                       "该申请不在待补正状态", change, note, request)  # fmt: skip


def _set_status(status):
    def change(case):
        case.status = status

    return change


def start_review(application, user, request=None):
    return _transition(application, user, "review", [Status.REGISTERED],
                       "只有已登记的申请可以进入审核", _set_status(Status.REVIEWING),
                       "", request)  # fmt: skip


def start_handling(application, user, note="", request=None):
    return _transition(application, user, "handle", [Status.REVIEWING],
                       "只有审核中的申请可以转入办理", _set_status(Status.HANDLING),
                       note, request)  # fmt: skip


def extend(application, approver, days: int, reason: str, request=None,
           on: datetime.date | None = None):  # fmt: skip
    """延期: once, at most 20 working days, approved by the office head (Art. 33)."""
    from disclosure.applications.permissions import can_approve_extension

    if not can_approve_extension(approver, application):
        raise CaseworkError(
            "延期须经本机关政府信息公开工作机构负责人（站点管理员）批准。"
        )
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise CaseworkError("延长答复期限最长不得超过20个工作日。")
    if not reason.strip():
        raise CaseworkError("请填写延期理由。")

    def change(case):
        # Checked on the locked row: two approvals at once extend once.
        if case.extension_days:
            raise CaseworkError("每件申请只能延期一次。")
        if case.due_on is not None and (on or today()) > case.due_on:
            raise CaseworkError(
                "答复期限已过，不能再延长（延期须在答复期限届满前决定）。"
            )
        case.extension_days = days
        case.extension_reason = reason.strip()
        case.extension_approved_by = approver
        case.extension_approved_on = on or today()

    application = _transition(application, approver, "extend",
                              [Status.REGISTERED, Status.REVIEWING, Status.HANDLING],
                              "当前状态不能延期", change, f"延期{days}个工作日：{reason}",
                              request)  # fmt: skip
    transaction.on_commit(lambda: notify_applicant(application, "已依法延长答复期限"))
    return application


def start_consultation(
    application, user, party: str, started_on: datetime.date, request=None
):
    if not party.strip():
        raise CaseworkError("请填写征求意见的第三方或机关。")
    if started_on > today():
        raise CaseworkError("发出征求意见日期不能晚于今天。")

    def change(case):
        _check_pause_start(case, started_on, "发出征求意见日期")
        if case.consultations.filter(ended_on__isnull=True).exists():
            raise CaseworkError("已有正在进行的征求意见，请先登记收到意见。")
        ThirdPartyConsultation.objects.create(
            application=case, party=party.strip()[:200], started_on=started_on
        )

    return _transition(application, user, "consult",
                       [Status.REVIEWING, Status.HANDLING],
                       "只有审核或办理中的申请可以征求第三方意见", change,
                       f"征求意见：{party}", request)  # fmt: skip


def _check_pause_start(case, started_on: datetime.date, what: str) -> None:
    """A pause starts on a running clock: not before it started, not after the
    deadline already passed (else an overdue case would lose its red alarm)."""
    if case.clock_start_on and started_on < case.clock_start_on:
        raise CaseworkError(f"{what}不能早于受理（或补正）日期。")
    if case.due_on is not None and started_on > case.due_on:
        raise CaseworkError(f"答复期限已过，{what}不能晚于答复期限。")


def end_consultation(application, user, ended_on: datetime.date, note="", request=None):
    consultation = application.consultations.filter(ended_on__isnull=True).first()
    if consultation is None:
        raise CaseworkError("没有正在进行的征求意见。")
    if ended_on < consultation.started_on or ended_on > today():
        raise CaseworkError("收到意见日期应在发出日期之后，且不能晚于今天。")

    def change(case):
        ThirdPartyConsultation.objects.filter(pk=consultation.pk).update(
            ended_on=ended_on, note=note
        )

    return _transition(application, user, "consulted",
                       [Status.REVIEWING, Status.HANDLING],
                       "当前状态不能结束征求意见", change,
                       f"收到意见：{consultation.party}", request)  # fmt: skip


def check_reply(application, outcome: str, reply_text: str, legal_reason: str,
                replied_on: datetime.date, referred_to: str = "",
                referral_unknown: bool = False) -> None:  # fmt: skip
    """The rules a reply must meet on ``replied_on`` (raises CaseworkError).

    Checked when the clerk submits the draft and again on 签发, the reply date.
    """
    if outcome == Outcome.UNAVAILABLE_NOT_HELD and not (
        referred_to.strip() or referral_unknown
    ):
        raise CaseworkError(
            "本机关不掌握该信息的，能够确定负责公开的机关时应告知其名称和联系方式；"
            "确实无法确定的，请勾选“无法确定负责机关”。"
        )
    fee = fee_notice_of(application)
    unpaid = fee is not None and fee.paid_on is None
    if outcome == Outcome.OTHER_NO_FEE and not (unpaid and replied_on > fee.pay_by):
        raise CaseworkError(
            "只有发出收费通知且申请人逾期未缴费的申请，才能以“逾期未缴费”结案。"
        )
    if unpaid and outcome != Outcome.OTHER_NO_FEE:
        raise CaseworkError("申请人尚未缴纳信息处理费，请先登记缴费或待逾期后结案。")
    if outcome not in Outcome.values:
        raise CaseworkError("请选择办理结果。")
    if outcome in OUTCOMES_NEEDING_REASON and not legal_reason.strip():
        raise CaseworkError("该办理结果须写明理由和法律依据。")
    if not reply_text.strip():
        raise CaseworkError("请填写答复内容。")
    earliest = max(
        (d for d in (application.received_on, application.corrected_on) if d),
        default=None,
    )
    if replied_on > today() or (earliest and replied_on < earliest):
        raise CaseworkError("答复日期应在受理（或补正）日期之后，且不能晚于今天。")
    if outcome == Outcome.OTHER_NO_CORRECTION and not (
        application.status == Status.CORRECTION
        and application.correction_due_on
        and replied_on > application.correction_due_on
    ):
        raise CaseworkError(
            "只有发出补正告知且申请人逾期未补正的申请，才能以“逾期不补正”结案。"
        )
    if outcome == Outcome.UNAVAILABLE_UNCLEAR and not application.corrected_on:
        raise CaseworkError("“补正后申请内容仍不明确”只适用于申请人已补正的申请。")
    if application.open_consultation is not None:
        raise CaseworkError("征求第三方意见尚未结束，请先登记收到意见或期满。")


def reply_statuses(outcome: str) -> list[str]:
    """The statuses a case may be answered from with ``outcome``."""
    allowed = list(OPEN_STATUSES)
    if outcome != Outcome.OTHER_NO_CORRECTION:
        allowed.remove(Status.CORRECTION)
    return allowed


def reply(application, user, outcome: str, reply_text: str, legal_reason: str = "",
          replied_on: datetime.date | None = None, request=None, referred_to: str = "",
          referral_unknown: bool = False, handler=None, note: str = ""):  # fmt: skip
    """答复 with exactly one Table 2 outcome; the reason is required except for 予以公开.

    The desk reaches this only through 签发 (``reply_review.approve``): ``user``
    is then the signer, ``handler`` the clerk who drafted the reply.
    """
    replied_on = replied_on or today()
    check_reply(application, outcome, reply_text, legal_reason, replied_on,
                referred_to, referral_unknown)  # fmt: skip

    def change(case):
        recompute_due(case, replied_on)  # the deadline as it stood on the reply day
        case.status = Status.REPLIED
        case.outcome = outcome
        case.reply_text = reply_text.strip()
        case.legal_reason = legal_reason.strip()
        case.referred_to = referred_to.strip()[:200]
        case.replied_on = replied_on
        case.handler = handler or user

    application = _transition(application, user, "reply", reply_statuses(outcome),
                              "当前状态不能答复", change,
                              note or Outcome(outcome).label, request)  # fmt: skip
    transaction.on_commit(lambda: notify_applicant(application, "已答复"))
    return application


FEE_PAYMENT_DAYS = 20  # working days to pay after the fee notice


def issue_fee(application, user, method: str, pages: int | None = None,
              issued_on: datetime.date | None = None, request=None):  # fmt: skip
    """收费通知, only where the request is clearly excessive (Art. 42, 国办函〔2020〕109号)."""
    issued_on = issued_on or today()
    if issued_on > today():
        raise CaseworkError("发出收费通知日期不能晚于今天。")
    if fee_notice_of(application) is not None:
        raise CaseworkError("每件申请只能发出一次收费通知，且按件、按量不能同时计收。")
    rank = None
    if method == FeeMethod.PER_ITEM:
        rank = requests_in_month(application)
        amount = per_item_fee(rank)
        if not amount:
            raise CaseworkError(
                f"该申请人本月第{rank}件申请：同一申请人一个自然月内申请不超过10件的，不收费。"
            )
    elif method == FeeMethod.PER_VOLUME:
        amount = per_volume_fee(pages or 0)
        if not amount:
            raise CaseworkError("按量计收：30页以内（含30页）的，不收费。")
    else:
        raise CaseworkError("请选择计收方式。")

    def change(case):
        _check_pause_start(case, issued_on, "发出收费通知日期")
        FeeNotice.objects.create(
            application=case, method=method, request_rank=rank,
            pages=pages if method == FeeMethod.PER_VOLUME else None, amount=amount,
            issued_on=issued_on,
            pay_by=add_working_days(issued_on, FEE_PAYMENT_DAYS).date,
        )  # fmt: skip

    application = _transition(application, user, "fee", [Status.REVIEWING, Status.HANDLING],
                              "只有审核或办理中的申请可以发出收费通知", change,
                              f"{FeeMethod(method).label} {amount}元", request)  # fmt: skip
    transaction.on_commit(lambda: notify_applicant(application, "需要缴纳信息处理费"))
    return application


def fee_paid(application, user, paid_on: datetime.date, request=None):
    fee = fee_notice_of(application)
    if fee is None or fee.paid_on is not None:
        raise CaseworkError("没有待缴费的收费通知。")
    if paid_on < fee.issued_on or paid_on > today():
        raise CaseworkError("缴费日期应在发出收费通知之后，且不能晚于今天。")

    def change(case):
        FeeNotice.objects.filter(pk=fee.pk).update(paid_on=paid_on)

    return _transition(application, user, "fee_paid", [Status.REVIEWING, Status.HANDLING],
                       "当前状态不能登记缴费", change, f"已缴费 {fee.amount}元",
                       request)  # fmt: skip


def requests_in_month(application) -> int:
    """Which request of the calendar month this is for its applicant (by receipt)."""
    received = application.received_on
    if received is None or not application.applicant_digest:
        return 1
    earlier = DisclosureApplication.objects.filter(
        applicant_digest=application.applicant_digest,
        received_on__year=received.year,
        received_on__month=received.month,
    ).exclude(status__in=[Status.VOID, Status.SUBMITTED])
    return earlier.filter(
        models.Q(received_on__lt=received)
        | models.Q(received_on=received, pk__lte=application.pk)
    ).count()


def archive(application, user, request=None):
    def change(case):
        case.status = Status.ARCHIVED
        case.archived_on = today()

    return _transition(application, user, "archive", [Status.REPLIED],
                       "只有已答复的申请可以归档", change, "", request)  # fmt: skip


# --- 行政复议 / 行政诉讼 (annual report Table 3) ---------------------------------


def record_appeal(application, user, kind: str, filed_on: datetime.date, request=None):
    """An applicant contests the reply: the appeal is counted in Table 3."""
    if kind not in AppealKind.values:
        raise CaseworkError("请选择行政复议或行政诉讼的类型。")
    if not application.replied_on or filed_on < application.replied_on:
        raise CaseworkError("复议或诉讼应在答复之后提起，请核对提起日期。")
    if filed_on > today():
        raise CaseworkError("提起日期不能晚于今天。")

    def change(case):
        if case.appeals.filter(kind=kind, result=AppealResult.PENDING).exists():
            raise CaseworkError(f"该申请已有尚未审结的{AppealKind(kind).label}。")
        Appeal.objects.create(application=case, kind=kind, filed_on=filed_on)

    return _transition(application, user, "appeal", [Status.REPLIED, Status.ARCHIVED],
                       "只有已答复的申请可以登记复议或诉讼", change,
                       f"登记{AppealKind(kind).label}，{filed_on:%Y-%m-%d} 提起",
                       request)  # fmt: skip


def decide_appeal(application, user, kind: str, result: str,
                  decided_on: datetime.date, request=None):  # fmt: skip
    if result not in AppealResult.values or result == AppealResult.PENDING:
        raise CaseworkError("请选择审结结果。")

    def change(case):
        appeal = case.appeals.filter(kind=kind, result=AppealResult.PENDING).first()
        if appeal is None:
            raise CaseworkError("没有尚未审结的该类复议或诉讼。")
        if decided_on < appeal.filed_on or decided_on > today():
            raise CaseworkError("审结日期应在提起日期之后，且不能晚于今天。")
        appeal.result, appeal.decided_on = result, decided_on
        appeal.save(update_fields=["result", "decided_on"])

    return _transition(application, user, "appeal_decided",
                       [Status.REPLIED, Status.ARCHIVED],
                       "只有已答复的申请可以登记复议或诉讼结果", change,
                       f"{AppealKind(kind).label}审结：{AppealResult(result).label}",
                       request)  # fmt: skip
