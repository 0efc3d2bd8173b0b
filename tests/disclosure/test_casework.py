"""The 依申请公开 workflow and its statutory clock (issue #4 item 4; REQUIREMENTS §3.5:
Art. 30 补正, Art. 31 receipt, Art. 32/34 consultation, Art. 33 reply and extension,
Art. 45 states; R33–R44). Dates run across the 2026 National Day holiday: 25 Sep
(中秋) and 1–7 Oct are rest days, Saturday 10 Oct is a make-up working day."""

import datetime
import uuid

import pytest
from django.utils import timezone

from disclosure.applications import casework
from disclosure.applications.case_terms import Outcome, Status
from disclosure.applications.casework import CaseworkError
from disclosure.models import ApplicationEvent, DisclosureApplication
from sites.models import AuditEvent

pytestmark = pytest.mark.django_db
D = datetime.date
SEP_24 = D(2026, 9, 24)  # a Thursday, the day before the Mid-Autumn holiday


def new_case(site, submitted_on=SEP_24, **fields) -> DisclosureApplication:
    data = {
        "applicant_type": "natural",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13912345678",
        "description": "申请公开某项政策文件",
        "delivery_form": "electronic",
        "delivery_channel": "email",
        **fields,
    }
    application, _code = casework.submit(site, data, uuid.uuid4())
    moment = timezone.make_aware(
        datetime.datetime.combine(submitted_on, datetime.time(9))
    )
    DisclosureApplication.objects.filter(pk=application.pk).update(submitted_at=moment)
    application.refresh_from_db()
    return application


def test_the_reply_is_due_20_working_days_after_receipt_across_national_day(
    cluster, people
):
    case = casework.register(new_case(cluster.edu), people["handler"], SEP_24)
    # Sep 28, 29, 30, Oct 8, 9, 10 (make-up Saturday), 12–16, 19–23, 26–29 = 20.
    assert case.status == Status.REGISTERED
    assert case.clock_start_on == SEP_24
    assert case.due_on == D(2026, 10, 29)
    assert not case.due_provisional


def test_an_application_walks_through_every_state(cluster, people):
    handler = people["handler"]
    case = new_case(cluster.edu)
    assert case.status == Status.SUBMITTED
    case = casework.register(case, handler, SEP_24)
    case = casework.start_review(case, handler)
    assert case.status == Status.REVIEWING
    case = casework.start_handling(case, handler, "需要调取档案")
    assert case.status == Status.HANDLING
    case = casework.reply(case, handler, Outcome.GRANTED, "现将所需信息通过电子邮件提供给您。",
                          replied_on=D(2026, 10, 20))  # fmt: skip
    assert case.status == Status.REPLIED and case.outcome == "granted"
    assert not case.replied_late
    case = casework.archive(case, handler)
    assert case.status == Status.ARCHIVED
    actions = list(case.events.values_list("action", flat=True))
    assert actions == ["submit", "register", "review", "handle", "reply", "archive"]
    # Each step is in the audit log with the case number (and no personal data).
    logged = AuditEvent.objects.filter(object_title=case.case_number)
    assert logged.count() == 5
    assert all("张三" not in str(e.detail) for e in logged)


def test_correction_stops_the_clock_and_restarts_it_from_the_corrected_request(
    cluster, people
):
    handler = people["handler"]
    case = casework.register(new_case(cluster.edu), handler, SEP_24)
    case = casework.request_correction(case, handler, "请写明所需文件的名称或文号。",
                                       D(2026, 10, 16), on=D(2026, 9, 29))  # fmt: skip
    assert case.status == Status.CORRECTION and case.due_on is None
    case = casework.receive_correction(case, None, "申请公开北教发〔2026〕12号文件。",
                                       on=D(2026, 10, 9))  # fmt: skip
    assert case.status == Status.REGISTERED
    assert case.clock_start_on == D(2026, 10, 9)
    # Oct 10 (make-up), 12–16, 19–23, 26–30, Nov 2–5 = 20.
    assert case.due_on == D(2026, 11, 5)
    with pytest.raises(CaseworkError, match="只能要求补正一次"):
        casework.request_correction(
            case, handler, "再补正", D(2026, 11, 1), on=D(2026, 10, 12)
        )


def test_correction_is_refused_after_seven_working_days(cluster, people):
    case = casework.register(new_case(cluster.edu), people["handler"], SEP_24)
    # The 7th working day after Sep 24 is Oct 12 (Sep 28–30, Oct 8, 9, 10, 12).
    with pytest.raises(CaseworkError, match="7个工作日内"):
        casework.request_correction(case, people["handler"], "补正", D(2026, 10, 30),
                                    on=D(2026, 10, 13))  # fmt: skip
    casework.request_correction(case, people["handler"], "补正", D(2026, 10, 30),
                                on=D(2026, 10, 12))  # fmt: skip


def test_an_applicant_who_never_corrects_is_closed_as_other_handling(cluster, people):
    case = casework.register(new_case(cluster.edu), people["handler"], SEP_24)
    case = casework.request_correction(case, people["handler"], "请写明文件名称",
                                       D(2026, 10, 16), on=D(2026, 9, 29))  # fmt: skip
    assert casework.alarm_level(case, D(2026, 10, 19)) == "yellow"  # correction overdue
    with pytest.raises(CaseworkError, match="当前状态不能答复"):
        casework.reply(
            case, people["handler"], Outcome.GRANTED, "答复", replied_on=D(2026, 10, 19)
        )
    case = casework.reply(case, people["handler"], Outcome.OTHER_NO_CORRECTION, "不再处理",
                          "《条例》第三十条", replied_on=D(2026, 10, 19))  # fmt: skip
    assert case.status == Status.REPLIED


def test_an_extension_adds_20_working_days_and_needs_the_office_head(cluster, people):
    case = casework.register(new_case(cluster.edu), people["handler"], SEP_24)
    with pytest.raises(CaseworkError, match="负责人"):
        casework.extend(case, people["handler"], 20, "需要调取历史档案")
    with pytest.raises(CaseworkError, match="最长不得超过20个工作日"):
        casework.extend(case, people["head"], 21, "需要调取历史档案")
    case = casework.extend(
        case, people["head"], 20, "需要调取历史档案", on=D(2026, 10, 20)
    )
    # Oct 29 + 20: Oct 30, Nov 2–6, 9–13, 16–20, 23–26.
    assert case.due_on == D(2026, 11, 26)
    assert case.extension_approved_by == people["head"]
    with pytest.raises(CaseworkError, match="只能延期一次"):
        casework.extend(case, people["head"], 5, "再延期", on=D(2026, 10, 21))


def test_third_party_consultation_time_is_excluded(cluster, people):
    handler = people["handler"]
    case = casework.start_review(
        casework.register(new_case(cluster.edu), handler, SEP_24), handler
    )
    case = casework.start_consultation(
        case, handler, "北疆第一中学（第三方）", D(2026, 10, 12)
    )
    assert case.due_on is None  # the clock stands while the third party answers
    assert casework.alarm_level(case, D(2026, 11, 20)) == ""
    with pytest.raises(CaseworkError, match="征求第三方意见尚未结束"):
        casework.reply(
            case, handler, Outcome.GRANTED, "答复", replied_on=D(2026, 10, 20)
        )
    case = casework.end_consultation(case, handler, D(2026, 10, 16), "第三方不同意公开")
    # Oct 13–16 are 4 excluded working days: Oct 29 + 4 = Nov 4.
    assert case.due_on == D(2026, 11, 4)


def test_a_reply_after_the_deadline_is_marked_overdue(cluster, people):
    case = casework.register(new_case(cluster.edu), people["handler"], SEP_24)
    case = casework.reply(case, people["handler"], Outcome.WITHHELD_THIRD_PARTY, "不予公开",
                          "《条例》第十五条", replied_on=D(2026, 10, 30))  # fmt: skip
    assert case.due_on == D(2026, 10, 29)
    assert case.replied_late


def test_alarms_turn_yellow_before_and_red_after_the_deadline(
    cluster, people, settings
):
    settings.DISCLOSURE_YELLOW_ALARM_DAYS = 5
    case = casework.register(new_case(cluster.edu), people["handler"], SEP_24)
    assert casework.alarm_level(case, D(2026, 10, 15)) == ""
    assert (
        casework.alarm_level(case, D(2026, 10, 22)) == "yellow"
    )  # 5 working days left
    assert casework.alarm_level(case, D(2026, 10, 29)) == "yellow"  # due today
    assert casework.alarm_level(case, D(2026, 10, 30)) == "red"
    unregistered = new_case(cluster.edu, submitted_on=D(2026, 10, 8))
    assert casework.alarm_level(unregistered, D(2026, 10, 8)) == ""
    assert casework.alarm_level(unregistered, D(2026, 10, 9)) == "yellow"
    # Left unconfirmed: 9, 10 (make-up Saturday) and 12 Oct are 3 working days;
    # on the 4th it is red, for the clock that should run has not started.
    assert casework.alarm_level(unregistered, D(2026, 10, 12)) == "yellow"
    assert casework.alarm_level(unregistered, D(2026, 10, 13)) == "red"


@pytest.mark.parametrize(
    "outcome",
    [
        o
        for o in Outcome
        if o
        not in (
            Outcome.GRANTED,
            Outcome.OTHER_NO_FEE,  # preconditions: test_fees
            Outcome.OTHER_NO_CORRECTION,  # preconditions: below
            Outcome.UNAVAILABLE_UNCLEAR,
        )
    ],
)
def test_every_outcome_but_granted_needs_its_legal_reason(cluster, people, outcome):
    """R40 (the no-fee outcome has its own preconditions, see test_fees)."""
    case = casework.register(new_case(cluster.edu), people["handler"], SEP_24)
    referral = "北疆市市场监督管理局 0477-8120000"
    with pytest.raises(CaseworkError, match="理由和法律依据"):
        casework.reply(case, people["handler"], outcome, "答复", "",
                       replied_on=D(2026, 10, 9), referred_to=referral)  # fmt: skip
    case = casework.reply(case, people["handler"], outcome, "答复", "依据",
                          replied_on=D(2026, 10, 9), referred_to=referral)  # fmt: skip
    assert case.outcome == outcome


def test_not_held_names_the_responsible_body_when_known(cluster, people):
    """R41 (Art. 36(5))."""
    case = casework.register(new_case(cluster.edu), people["handler"], SEP_24)
    with pytest.raises(CaseworkError, match="名称和联系方式"):
        casework.reply(case, people["handler"], Outcome.UNAVAILABLE_NOT_HELD, "答复", "依据",
                       replied_on=D(2026, 10, 9))  # fmt: skip
    case = casework.reply(case, people["handler"], Outcome.UNAVAILABLE_NOT_HELD, "答复",
                          "依据", replied_on=D(2026, 10, 9), referral_unknown=True)  # fmt: skip
    assert case.outcome == Outcome.UNAVAILABLE_NOT_HELD and case.referred_to == ""


def test_refused_transitions_change_nothing(cluster, people):
    case = new_case(cluster.edu)
    before = ApplicationEvent.objects.count()
    with pytest.raises(CaseworkError, match="只有已答复的申请可以归档"):
        casework.archive(case, people["handler"])
    with pytest.raises(CaseworkError):
        casework.register(case, people["handler"], D(2026, 9, 1))  # before submission
    with pytest.raises(CaseworkError, match="请选择办理结果"):
        casework.reply(case, people["handler"], "made_up", "答复")
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    assert ApplicationEvent.objects.count() == before


def test_void_keeps_the_case_out_of_the_open_list(cluster, people):
    case = casework.void(
        new_case(cluster.edu), people["handler"], "测试提交，无具体申请内容"
    )
    assert case.status == Status.VOID
    assert not DisclosureApplication.objects.open().filter(pk=case.pk).exists()


def test_the_applicant_is_told_of_a_correction_request_and_of_the_reply(
    cluster, people, django_capture_on_commit_callbacks, mailoutbox
):
    case = new_case(cluster.edu, email="zhangsan@example.com")
    case = casework.register(case, people["handler"], SEP_24)
    with django_capture_on_commit_callbacks(execute=True):
        casework.request_correction(case, people["handler"], "请写明文件名称",
                                    D(2026, 10, 16), on=D(2026, 9, 29))  # fmt: skip
    case = casework.receive_correction(
        case, None, "北教发〔2026〕12号", on=D(2026, 10, 9)
    )
    with django_capture_on_commit_callbacks(execute=True):
        casework.reply(case, people["handler"], Outcome.GRANTED, "见附件",
                       replied_on=D(2026, 10, 20))  # fmt: skip
    assert [m.subject for m in mailoutbox] == [
        f"您的政府信息公开申请 {case.case_number} 需要补正",
        f"您的政府信息公开申请 {case.case_number} 已答复",
    ]
    assert all(m.to == ["zhangsan@example.com"] for m in mailoutbox)
    assert (
        "见附件" not in mailoutbox[1].body
    )  # the reply itself stays behind the query code


def test_an_extension_after_the_deadline_is_refused_and_counted_once(cluster, people):
    """Art. 33: the extension is decided within the period; a late approval must
    not turn an overdue reply into a timely one."""
    case = casework.register(new_case(cluster.edu), people["handler"], SEP_24)
    with pytest.raises(CaseworkError, match="答复期限已过"):
        casework.extend(case, people["head"], 20, "补批", on=D(2026, 10, 30))
    case.refresh_from_db()
    assert case.extension_days == 0 and case.due_on == D(2026, 10, 29)
    case = casework.reply(case, people["handler"], Outcome.GRANTED, "答复",
                          replied_on=D(2026, 11, 20))  # fmt: skip
    assert case.replied_late


def test_pauses_start_on_the_running_clock_and_overlaps_count_once(cluster, people):
    """R38: a consultation cannot be backdated before receipt, a second one waits
    for the first, and a day off the clock for two reasons counts once."""
    handler = people["handler"]
    case = casework.start_review(
        casework.register(new_case(cluster.edu), handler, SEP_24), handler
    )
    with pytest.raises(CaseworkError, match="不能早于受理"):
        casework.start_consultation(case, handler, "第三方甲", D(2026, 1, 5))
    case = casework.start_consultation(case, handler, "第三方甲", D(2026, 10, 12))
    with pytest.raises(CaseworkError, match="已有正在进行的征求意见"):
        casework.start_consultation(case, handler, "第三方乙", D(2026, 10, 12))
    assert case.consultations.count() == 1
    case = casework.end_consultation(case, handler, D(2026, 10, 16))
    assert case.due_on == D(2026, 11, 4)  # Oct 13–16 excluded
    # A second consultation over the same days adds nothing.
    case = casework.start_consultation(case, handler, "第三方乙", D(2026, 10, 14))
    case = casework.end_consultation(case, handler, D(2026, 10, 16))
    assert case.due_on == D(2026, 11, 4)
    with pytest.raises(CaseworkError, match="答复期限已过"):
        # A case already past its deadline cannot stop its clock afterwards.
        casework.start_consultation(case, handler, "第三方丙", D(2026, 11, 5))


def test_a_consultation_stops_the_clock_for_at_most_15_working_days(cluster, people):
    """Art. 32/34: the consulted party answers within 15 working days."""
    handler = people["handler"]
    case = casework.start_review(
        casework.register(new_case(cluster.edu), handler, SEP_24), handler
    )
    case = casework.start_consultation(case, handler, "第三方甲", D(2026, 10, 12))
    case = casework.end_consultation(case, handler, D(2026, 11, 20))
    # Oct 13 … Nov 2 are the 15 working days off the clock: Oct 29 + 15 = Nov 19.
    assert case.due_on == D(2026, 11, 19)


def test_correction_dates_must_follow_the_notice_and_not_lie_ahead(cluster, people):
    handler = people["handler"]
    case = casework.register(new_case(cluster.edu), handler, SEP_24)
    case = casework.request_correction(
        case, handler, "请写明文件名称", D(2026, 10, 16), on=D(2026, 9, 28)
    )
    for wrong in (D(2026, 9, 25), timezone.localdate() + datetime.timedelta(days=1)):
        with pytest.raises(CaseworkError, match="收到补正日期"):
            casework.receive_correction(case, handler, "补正后的描述", on=wrong)
    case.refresh_from_db()
    assert case.status == Status.CORRECTION and case.clock_start_on == SEP_24
    case = casework.receive_correction(case, handler, "补正后的描述", on=D(2026, 10, 9))
    with pytest.raises(CaseworkError, match="答复日期"):
        casework.reply(
            case, handler, Outcome.GRANTED, "答复", replied_on=D(2026, 10, 8)
        )


def test_correction_outcomes_need_their_correction_history(cluster, people):
    """逾期不补正 only after an unanswered 补正 notice has run out; 补正后仍不明确
    only after a correction came in (Table 2 must count what happened)."""
    handler = people["handler"]
    case = casework.register(new_case(cluster.edu), handler, SEP_24)
    for outcome in (Outcome.OTHER_NO_CORRECTION, Outcome.UNAVAILABLE_UNCLEAR):
        with pytest.raises(CaseworkError, match="补正"):
            casework.reply(case, handler, outcome, "答复", "依据",
                           replied_on=D(2026, 10, 9))  # fmt: skip
    case = casework.request_correction(
        case, handler, "请写明文件名称", D(2026, 10, 16), on=D(2026, 9, 28)
    )
    with pytest.raises(CaseworkError, match="逾期不补正"):
        casework.reply(case, handler, Outcome.OTHER_NO_CORRECTION, "答复", "依据",
                       replied_on=D(2026, 10, 16))  # fmt: skip
    closed = casework.reply(case, handler, Outcome.OTHER_NO_CORRECTION, "答复",
                            "逾期未补正", replied_on=D(2026, 10, 19))  # fmt: skip
    assert closed.outcome == Outcome.OTHER_NO_CORRECTION

    other = casework.register(new_case(cluster.edu), handler, SEP_24)
    other = casework.request_correction(
        other, handler, "请写明文件名称", D(2026, 10, 16), on=D(2026, 9, 28)
    )
    other = casework.receive_correction(other, handler, "仍然含糊", on=D(2026, 10, 9))
    other = casework.reply(other, handler, Outcome.UNAVAILABLE_UNCLEAR, "答复",
                           "第三十条", replied_on=D(2026, 10, 12))  # fmt: skip
    assert other.outcome == Outcome.UNAVAILABLE_UNCLEAR
