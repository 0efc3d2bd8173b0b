"""电子监察 (REQUIREMENTS §6.3, R61, R62, R65): yellow then red as working days
pass, red signals pinned until a supervisor records a disposition, roles."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone

from disclosure.approvals import supervision
from disclosure.approvals.supervision import (
    RED,
    YELLOW,
    case_signal,
    pin_red_signals,
    red_cases,
    yellow_cases,
)
from disclosure.models import (
    ApprovalCase,
    SupervisionAlert,
    SupervisionDisposition,
)
from sites.models import AuditEvent
from sites.services.workdays import add_working_days, working_days_between

from .conftest import case_row, decision_row, load, refused

ACCEPTED = datetime.date(2026, 9, 28)  # the Monday before the National Day holiday


def signal_on(case, day):
    """The signal by the list querysets (what supervisors see) and by the record."""
    by_list = (
        RED if red_cases(day).filter(pk=case.pk).exists()
        else YELLOW if yellow_cases(day).filter(pk=case.pk).exists()
        else ""
    )  # fmt: skip
    assert case_signal(case, day) == by_list
    return by_list


def test_r65_case_turns_yellow_then_red_as_working_days_pass(cluster):
    load(cluster.edu, "cases", [case_row(accepted_at="2026-09-28 10:00",
                                         promised_days=5, legal_days=20)])  # fmt: skip
    case = ApprovalCase.objects.get()
    due = add_working_days(ACCEPTED, 5).date
    assert case.promised_due == due
    assert due > datetime.date(2026, 10, 8)  # the holiday does not count
    seen = []
    day = ACCEPTED
    while day <= due + datetime.timedelta(days=4):
        left = working_days_between(day, due) if day <= due else -1
        expected = "" if left > 2 else YELLOW if left >= 0 else RED
        assert signal_on(case, day) == expected, day
        seen.append(expected)
        day += datetime.timedelta(days=1)
    # No signal first, then yellow, then red — never back.
    order = [s for i, s in enumerate(seen) if i == 0 or seen[i - 1] != s]
    assert order == ["", YELLOW, RED]
    # During the holiday the clock stands still: the holiday is never red.
    assert signal_on(case, datetime.date(2026, 10, 5)) != RED


def test_r65_yellow_threshold_is_configurable(cluster, settings):
    load(cluster.edu, "cases", [case_row(accepted_at="2026-09-28 10:00",
                                         promised_days=5, legal_days=20)])  # fmt: skip
    case = ApprovalCase.objects.get()
    day = ACCEPTED
    while working_days_between(day, case.promised_due) > 3:
        day += datetime.timedelta(days=1)
    assert working_days_between(day, case.promised_due) == 3
    assert signal_on(case, day) == ""
    settings.APPROVALS_YELLOW_DAYS = 3
    assert signal_on(case, day) == YELLOW


def test_finished_case_is_red_only_when_finished_late(cluster):
    now = timezone.make_aware(datetime.datetime(2026, 11, 6, 9))
    load(cluster.edu, "cases", [
        case_row("ON-TIME", accepted_at="2026-11-02 10:00", state="办结",
                 completed_at="2026-11-05 10:00", result="准予"),
        case_row("LATE", accepted_at="2026-10-09 10:00", promised_days=3,
                 state="办结", completed_at="2026-11-05 10:00", result="准予"),
    ], now=now)  # fmt: skip
    today = datetime.date(2026, 11, 6)
    assert set(red_cases(today).values_list("case_number", flat=True)) == {"LATE"}
    assert not supervision.open_late_results().exists()


def test_r61_case_result_published_late_is_red(cluster):
    now = timezone.make_aware(datetime.datetime(2026, 11, 26, 9))
    load(cluster.edu, "cases", [
        case_row("OLD", accepted_at="2026-11-02 10:00", state="办结",
                 completed_at="2026-11-05 10:00", result="准予"),
    ], now=now)  # fmt: skip
    case = ApprovalCase.objects.get()
    assert (
        case.result_publish_due == add_working_days(datetime.date(2026, 11, 5), 7).date
    )
    assert list(supervision.open_late_results()) == [case]
    assert case_signal(case, datetime.date(2026, 11, 26)) == RED


def test_r61_decision_published_after_seven_working_days_is_red(cluster):
    now = timezone.make_aware(datetime.datetime(2026, 11, 20, 10))
    load(cluster.edu, "decisions", [
        decision_row("北教许〔2026〕1号", decided_on="2026-11-12"),  # 6 wd before
        decision_row("北教许〔2026〕2号", decided_on="2026-11-10"),  # 8 wd before
    ], now=now)  # fmt: skip
    late = supervision.open_late_decisions()
    assert list(late.values_list("document_number", flat=True)) == ["北教许〔2026〕2号"]


def test_r65_red_stays_until_a_supervisor_records_a_disposition(client, cluster, roles):
    load(cluster.edu, "cases", [case_row(accepted_at="2026-09-28 10:00",
                                         promised_days=5, legal_days=20)])  # fmt: skip
    case = ApprovalCase.objects.get()
    today = timezone.localdate()
    assert red_cases(today).filter(pk=case.pk).exists()
    # The supervisors' list pins the signal.
    client.force_login(roles["supervisor"])
    listing = client.get(reverse("approvals_supervision:index"))
    assert "JY20260001" in listing.content.decode()
    alert = SupervisionAlert.objects.get(case=case, reason="overdue")
    # The approval system later stretches the time limit: the red does not vanish.
    load(cluster.edu, "cases", [case_row(accepted_at="2026-09-28 10:00",
                                         promised_days=60, legal_days=60)])  # fmt: skip
    assert red_cases(today).filter(pk=case.pk).exists()
    # A site admin sees it but cannot dispose of it.
    client.force_login(roles["edu_admin"])
    detail = reverse("approvals_supervision:inspect", args=[alert.pk])
    assert "记录处置意见" not in client.get(detail).content.decode()
    assert refused(client.post(detail, {"text": "已核实，情况属实。"}))
    # An empty disposition is refused.
    client.force_login(roles["supervisor"])
    response = client.post(detail, {"text": " "})
    assert response.status_code == 200
    assert not SupervisionDisposition.objects.exists()
    assert red_cases(today).filter(pk=case.pk).exists()
    # A written disposition clears it, with who and when, in the audit log.
    response = client.post(detail, {"text": "已约谈教育局，责令三日内办结。"})
    assert response.status_code == 302
    disposition = SupervisionDisposition.objects.get()
    assert disposition.by == roles["supervisor"] and disposition.alert == alert
    assert not red_cases(today).filter(pk=case.pk).exists()
    assert AuditEvent.objects.filter(action="disclosure.approvals_disposition").exists()
    page = client.get(detail).content.decode()
    assert "已约谈教育局" in page and "导入" in page  # the history stays visible
    disposed = client.get(
        reverse("approvals_supervision:index"), {"signal": "disposed"}
    )
    assert "JY20260001" in disposed.content.decode()
    # A second disposition of the same alert is refused.
    client.post(detail, {"text": "再次处置。"})
    assert SupervisionDisposition.objects.count() == 1


def test_alerts_cannot_be_deleted_while_recorded(cluster):
    import pytest
    from django.db.models import ProtectedError

    load(cluster.edu, "cases", [case_row(accepted_at="2026-09-28 10:00",
                                         promised_days=5, legal_days=20)])  # fmt: skip
    pin_red_signals(None, timezone.localdate())
    with pytest.raises(ProtectedError):
        ApprovalCase.objects.all().delete()


def test_site_admin_sees_only_own_site_and_supervisor_sees_all(client, cluster, roles):
    load(cluster.edu, "cases", [case_row("EDU-RED", accepted_at="2026-09-28 10:00",
                                         promised_days=5, legal_days=20)])  # fmt: skip
    load(cluster.health, "cases", [case_row("WJ-RED", accepted_at="2026-09-28 10:00",
                                            promised_days=5, legal_days=20)])  # fmt: skip
    client.force_login(roles["edu_admin"])
    text = client.get(reverse("approvals_supervision:index")).content.decode()
    assert "EDU-RED" in text and "WJ-RED" not in text
    health_alert = SupervisionAlert.objects.filter(case__case_number="WJ-RED").first()
    pin_red_signals(None, timezone.localdate())
    health_alert = SupervisionAlert.objects.get(case__case_number="WJ-RED")
    detail = reverse("approvals_supervision:inspect", args=[health_alert.pk])
    assert client.get(detail).status_code == 404
    client.force_login(roles["supervisor"])
    text = client.get(reverse("approvals_supervision:index")).content.decode()
    assert "EDU-RED" in text and "WJ-RED" in text


def test_yellow_list(client, cluster, roles):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=1)
    load(cluster.edu, "cases", [case_row(accepted_at=f"{start:%Y-%m-%d} 09:00",
                                         promised_days=1, legal_days=20)])  # fmt: skip
    client.force_login(roles["edu_admin"])
    text = client.get(
        reverse("approvals_supervision:index"), {"signal": "yellow"}
    ).content
    assert "JY20260001" in text.decode()


def test_menu_for_supervisors_and_site_admins_only(client, roles):
    for who, shown in (
        ("supervisor", True),
        ("edu_admin", True),
        ("edu_editor", False),
    ):
        client.force_login(roles[who])
        text = client.get(reverse("wagtailadmin_home")).content.decode()
        assert (reverse("approvals_supervision:index") in text) is shown, who
    client.force_login(roles["edu_editor"])
    assert refused(client.get(reverse("approvals_supervision:index")))


def test_daily_command_pins_red_signals(cluster):
    from django.core.management import call_command

    load(cluster.edu, "cases", [case_row(accepted_at="2026-09-28 10:00",
                                         promised_days=5, legal_days=20)])  # fmt: skip
    call_command("supervise_approvals", today="2026-10-05", stdout=io.StringIO())
    assert not SupervisionAlert.objects.exists()  # still yellow then
    call_command("supervise_approvals", stdout=io.StringIO())
    assert SupervisionAlert.objects.filter(reason="overdue").count() == 1


def _xlsx_rows(response):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.getvalue()), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_supervision_export_is_masked_and_scoped(client, cluster, roles):
    from .conftest import PERSON_ID

    load(cluster.edu, "cases", [case_row("EDU-RED", accepted_at="2026-09-28 10:00",
                                         promised_days=5, legal_days=20)])  # fmt: skip
    load(cluster.health, "cases", [case_row("WJ-RED", accepted_at="2026-09-28 10:00",
                                            promised_days=5, legal_days=20)])  # fmt: skip
    client.force_login(roles["supervisor"])
    rows = _xlsx_rows(
        client.get(reverse("approvals_supervision:index"), {"export": "xlsx"})
    )
    assert rows[0][:4] == ["信号", "原因", "部门", "受理编号/文书号"]
    assert {row[3] for row in rows[1:]} == {"EDU-RED", "WJ-RED"}
    text = repr(rows)
    assert PERSON_ID not in text and "张晓梅" not in text and "张**" in text
    client.force_login(roles["edu_admin"])
    rows = _xlsx_rows(
        client.get(reverse("approvals_supervision:index"), {"export": "xlsx"})
    )
    assert {row[3] for row in rows[1:]} == {"EDU-RED"}
    client.force_login(roles["edu_editor"])
    assert refused(
        client.get(reverse("approvals_supervision:index"), {"export": "xlsx"})
    )


def test_admin_case_page_shows_signal_and_history_to_own_site_only(
    client, cluster, roles
):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=1)
    load(cluster.edu, "cases", [case_row(accepted_at=f"{start:%Y-%m-%d} 09:00",
                                         promised_days=1, legal_days=20)])  # fmt: skip
    case = ApprovalCase.objects.get()
    page = reverse("approvals_supervision:case", args=[case.pk])
    client.force_login(roles["edu_admin"])
    text = client.get(page).content.decode()
    assert "黄灯：距承诺期限还有" in text and "首次导入并公示" in text
    client.force_login(roles["health_admin"])
    assert client.get(page).status_code == 404


def test_menu_access_agrees_with_the_views_and_costs_few_queries(roles):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from disclosure.approvals.desk import policy

    for name in roles:
        user = get_user_model().objects.get(pk=roles[name].pk)  # no permission cache
        with CaptureQueriesContext(connection) as queries:
            watch = policy.alert_policy.user_has_permission(user, "view")
            manage = policy.decision_policy.user_has_permission(user, "view")
        assert len(queries) <= 4, name
        assert (watch, manage) == (
            policy.alert_policy.user_has_permission(user, "view"),
            policy.case_policy.user_has_permission(user, "add"),
        ), name


def test_r65_a_step_past_its_limit_is_red_and_stays_on_record(
    client, cluster, settings, roles
):
    """R65: red when any 环节 exceeds its step limit (thresholds local), counted
    from the import that first reported the case in that state."""
    settings.APPROVALS_STEP_LIMITS = {"accepted": 2, "reviewing": 10, "deciding": 5}
    imported = timezone.make_aware(datetime.datetime(2026, 11, 2, 10))
    load(cluster.edu, "cases", [case_row(state="审查", promised_days=20)],
         now=imported)  # fmt: skip
    case = ApprovalCase.objects.get()
    step_due = add_working_days(datetime.date(2026, 11, 2), 10).date
    assert case.step_due == step_due < case.promised_due
    assert signal_on(case, step_due) != RED
    late = step_due + datetime.timedelta(days=1)
    while working_days_between(step_due, late) < 1:
        late += datetime.timedelta(days=1)
    assert signal_on(case, late) == RED
    pin_red_signals(None, late)
    alert = SupervisionAlert.objects.get(case=case)
    assert (
        alert.reason == "step_overdue" and alert.get_reason_display() == "环节超过时限"
    )

    # The case moves on to 决定 after the limit: the overrun stays on record.
    moved = timezone.make_aware(datetime.datetime.combine(late, datetime.time(9)))
    load(cluster.edu, "cases", [case_row(state="决定", promised_days=20)], now=moved)
    case.refresh_from_db()
    assert case.state == "deciding" and case.step_overran
    assert case.step_due == add_working_days(late, 5).date
    assert signal_on(case, late) == RED
    assert SupervisionAlert.objects.filter(case=case).count() == 1
    # What the supervisor sees: the case under its reason, in the red list.
    client.force_login(roles["supervisor"])
    listing = client.get(
        reverse("approvals_supervision:index"), {"reason": "step_overdue"}
    )
    assert listing.status_code == 200
    assert case.case_number in listing.content.decode()
    assert "环节超过时限" in listing.content.decode()


def test_r65_correction_has_no_step_limit_and_limits_can_be_switched_off(
    cluster, settings
):
    imported = timezone.make_aware(datetime.datetime(2026, 11, 2, 10))
    load(
        cluster.edu,
        "cases",
        [case_row(state="补正", promised_days=60, legal_days=60)],
        now=imported,
    )
    case = ApprovalCase.objects.get()
    assert case.step_due is None  # the applicant's time, not a step of the office
    later = datetime.date(2026, 12, 31)
    assert signal_on(case, later) == ""

    settings.APPROVALS_STEP_LIMITS = {}
    load(cluster.edu, "cases", [case_row("JY20260002", state="受理", promised_days=60,
                                                 legal_days=60)],
         now=imported)  # fmt: skip
    other = ApprovalCase.objects.get(case_number="JY20260002")
    assert other.step_due is None and signal_on(other, later) == ""
