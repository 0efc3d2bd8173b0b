"""R63: a published penalty that is changed, revoked or annulled is withdrawn
within 3 working days (行政处罚法 第四十八条、第八十五条) with a public explanation.
The site admin records the change (status, the day of the change, the notice)
through 审批公示 → 双公示决定; the dashboard lists late withdrawals."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from disclosure.approvals.compliance import PenaltyWithdrawalCheck
from disclosure.models import Decision, DecisionEvent
from sites.compliance import Status
from sites.models import AuditEvent
from sites.services.workdays import add_working_days
from tests.sites.compliance.conftest import result

from .conftest import decision_row, load, penalty_row, refused

pytestmark = pytest.mark.django_db
DECIDED = datetime.date(2026, 11, 20)


def penalty(cluster, number="北教罚〔2026〕2号", **extra):
    load(cluster.edu, "decisions", [penalty_row(number, **extra)])
    return Decision.objects.get(site=cluster.edu, document_number=number)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_r63_the_site_admin_records_a_revocation_in_the_admin(cluster, roles):
    decision = penalty(cluster)
    admin = client_for(roles["edu_admin"])
    listing = admin.get(reverse("approvals_decisions:index")).content.decode()
    assert "北教罚〔2026〕2号" in listing and "变更/撤销" in listing
    url = reverse("approvals_decisions:edit", args=[decision.pk])
    # Bad input: a date before the decision, no notice → Chinese errors, nothing kept.
    response = admin.post(
        url, {"status": "withdrawn", "status_changed_on": "2026-11-01"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "变更/撤销日期不能早于决定日期。" in html and "必需字段" in html
    decision.refresh_from_db()
    assert decision.status == "valid" and decision.status_changed_on is None
    today = timezone.localdate()
    response = admin.post(url, {
        "status": "withdrawn", "status_changed_on": f"{today:%Y-%m-%d}",
        "notice": "经行政复议，原处罚决定已被撤销。",
    })  # fmt: skip
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == "withdrawn" and decision.status_changed_on == today
    assert decision.notice_at is not None
    event = DecisionEvent.objects.filter(decision=decision, action="status").get()
    assert event.source == "admin" and "正常公示 → 已撤销（" in event.note
    assert AuditEvent.objects.filter(
        action="disclosure.approvals_decision_status", object_id=str(decision.pk)
    ).exists()
    # The public page explains the withdrawal.
    page = (
        Client()
        .get(
            reverse("approvals:decision_detail", args=[decision.pk]),
            HTTP_HOST=cluster.edu.hostname,
        )
        .content.decode()
    )
    assert "原处罚决定已被撤销" in page
    assert result(PenaltyWithdrawalCheck(), cluster, cluster.edu).status is Status.PASS


def test_r63_another_sites_admin_and_an_editor_are_refused(cluster, roles):
    decision = penalty(cluster)
    url = reverse("approvals_decisions:edit", args=[decision.pk])
    data = {"status": "withdrawn", "status_changed_on": f"{DECIDED:%Y-%m-%d}",
            "notice": "不应保存"}  # fmt: skip
    other = client_for(roles["health_admin"])
    assert other.post(url, data).status_code == 404
    assert (
        "北教罚" not in other.get(reverse("approvals_decisions:index")).content.decode()
    )
    assert refused(client_for(roles["edu_editor"]).post(url, data))
    decision.refresh_from_db()
    assert decision.status == "valid"


def test_r63_a_late_withdrawal_fails_and_an_undated_one_warns(cluster):
    check = PenaltyWithdrawalCheck()
    on_time = penalty(cluster, "北教罚〔2026〕3号")
    changed_on = datetime.date(2026, 11, 23)  # a Monday
    due = add_working_days(changed_on, 3).date
    Decision.objects.filter(pk=on_time.pk).update(
        status="withdrawn", status_changed_on=changed_on, notice="已撤销。",
        notice_at=timezone.make_aware(datetime.datetime.combine(due, datetime.time(16))),
    )  # fmt: skip
    assert result(check, cluster, cluster.edu).status is Status.PASS
    undated = penalty(cluster, "北教罚〔2026〕4号")
    Decision.objects.filter(pk=undated.pk).update(
        status="changed", notice="罚款数额变更。", notice_at=timezone.now()
    )
    outcome = result(check, cluster, cluster.edu)
    assert outcome.status is Status.WARN
    assert "未记录变更/撤销决定日期" in outcome.findings[0].detail
    late = penalty(cluster, "北教罚〔2026〕5号")
    Decision.objects.filter(pk=late.pk).update(
        status="withdrawn", status_changed_on=changed_on, notice="已撤销。",
        notice_at=timezone.make_aware(
            datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time(9))
        ),
    )  # fmt: skip
    outcome = result(check, cluster, cluster.edu)
    assert outcome.status is Status.FAIL
    assert outcome.findings[0].title == "北教罚〔2026〕5号 行政处罚决定书"
    assert f"应于 {due:%Y-%m-%d} 前撤回原公示并说明理由" in outcome.findings[0].detail
    # Licences are outside R63; other sites are not charged.
    load(cluster.edu, "decisions", [decision_row(status="撤销", notice="许可已撤销。")])
    assert result(check, cluster, cluster.health).status is Status.PASS


def test_r63_the_import_takes_the_day_of_the_change(cluster):
    decision = penalty(
        cluster, status="撤销", notice="经复议撤销。", status_changed_on="2026-11-24"
    )
    assert decision.status_changed_on == datetime.date(2026, 11, 24)
    report_rows = [penalty_row("北教罚〔2026〕6号", status_changed_on="2026-11-24")]
    from disclosure.approvals.importing import import_rows

    report = import_rows(cluster.edu, "decisions", list(enumerate(report_rows, 1)),
                         source="test")  # fmt: skip
    assert not report.ok
    assert "有效的决定不应填写变更/撤销日期。" in " ".join(map(str, report.errors))


def test_r63_the_decision_list_costs_a_fixed_number_of_queries(
    cluster, roles, django_assert_max_num_queries
):
    admin = client_for(roles["edu_admin"])
    penalty(cluster, "北教罚〔2026〕7号")
    with django_assert_max_num_queries(40) as counted:
        assert admin.get(reverse("approvals_decisions:index")).status_code == 200
    few = len(counted.captured_queries)
    load(cluster.edu, "decisions",
         [penalty_row(f"北教罚〔2026〕{n}号") for n in range(10, 20)])  # fmt: skip
    with django_assert_max_num_queries(few):
        html = admin.get(reverse("approvals_decisions:index")).content.decode()
    assert html.count("变更/撤销</a>") == 11
