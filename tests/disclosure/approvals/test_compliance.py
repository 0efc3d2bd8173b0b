"""The approval checks of the compliance dashboard (REQUIREMENTS R61, R62, R64, R65):
each fails on a seeded breach, passes when mended, and runs a fixed number of
queries whatever the number of sites and records."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosure.approvals.supervision import dispose, pin_red_signals
from disclosure.models import SupervisionAlert
from sites.compliance import Status, registered_checks

from .conftest import case_row, company_case, decision_row, load, penalty_row

TODAY = datetime.date(2026, 11, 26)
NOW = timezone.make_aware(datetime.datetime(2026, 11, 26, 9))


def check(check_id):
    return next(c for c in registered_checks() if c.id == check_id)


def test_checks_are_registered_with_their_indicator():
    ids = {c.id: c for c in registered_checks()}
    for check_id in ("approvals_late_publication", "approvals_overdue_cases"):
        assert ids[check_id].indicator and ids[check_id].explanation
        assert ids[check_id].points > 0


def test_r61_r62_late_publication_fails_and_passes_when_disposed(cluster, roles):
    late = check("approvals_late_publication")
    load(cluster.edu, "decisions", [decision_row(decided_on="2026-11-24")], now=NOW)
    results = late.run(cluster.all, TODAY)
    assert {r.status for r in results.values()} == {Status.PASS}
    # A penalty decided on 2 November, published today: 18 working days later.
    load(cluster.edu, "decisions",
         [penalty_row(decided_on="2026-11-02")], now=NOW)  # fmt: skip
    results = late.run(cluster.all, TODAY)
    assert results[cluster.edu.pk].status is Status.FAIL
    assert results[cluster.health.pk].status is Status.PASS
    [finding] = results[cluster.edu.pk].findings
    assert finding.title.startswith("北教罚〔2026〕2号")
    assert finding.url.startswith(cluster.edu.root_url + "/xxgk/sgs/")
    assert results[cluster.edu.pk].summary == "1 条审批信息逾期公示且未处置"
    assert late.deduction(results[cluster.edu.pk]) == late.points
    # Mended: a supervisor looked into it and recorded a disposition.
    pin_red_signals(None, TODAY)
    alert = SupervisionAlert.objects.get(reason="late_decision")
    dispose(alert, roles["supervisor"], "已核实：系统对接故障导致延迟，已整改。")
    assert late.run(cluster.all, TODAY)[cluster.edu.pk].status is Status.PASS


def test_r65_overdue_cases_fail_and_pass_when_disposed(cluster, roles):
    overdue = check("approvals_overdue_cases")
    load(cluster.health, "cases", [case_row("WJ-1", accepted_at="2026-11-20 10:00")])
    assert overdue.run(cluster.all, TODAY)[cluster.health.pk].status is Status.PASS
    load(cluster.health, "cases", [case_row("WJ-2", accepted_at="2026-10-12 10:00",
                                            promised_days=5, legal_days=20)])  # fmt: skip
    result = overdue.run(cluster.all, TODAY)[cluster.health.pk]
    assert result.status is Status.FAIL
    assert [f.title for f in result.findings] == ["办件 WJ-2 民办学校设立审批"]
    pin_red_signals(None, TODAY)
    dispose(
        SupervisionAlert.objects.get(), roles["supervisor"], "已督办，部门说明原因。"
    )
    assert overdue.run(cluster.all, TODAY)[cluster.health.pk].status is Status.PASS


def _count(check_obj, sites):
    with CaptureQueriesContext(connection) as queries:
        results = check_obj.run(sites, TODAY)
    assert set(results) == {site.pk for site in sites}
    return len(queries)


def test_checks_run_a_fixed_number_of_queries(cluster):
    checks = [check("approvals_late_publication"), check("approvals_overdue_cases")]
    load(cluster.edu, "cases", [case_row("E0", accepted_at="2026-10-12 10:00",
                                         promised_days=5, legal_days=20)])  # fmt: skip
    load(cluster.edu, "decisions", [penalty_row(decided_on="2026-11-02")], now=NOW)
    few = [_count(c, cluster.all[:2]) for c in checks]
    for site, prefix in ((cluster.health, "WJ"), (cluster.banner, "BY")):
        load(site, "cases", [company_case(f"{prefix}{i}", accepted_at="2026-10-12 10:00",
                                          promised_days=5, legal_days=20)
                             for i in range(30)])  # fmt: skip
        load(site, "decisions", [penalty_row(f"白罚〔2026〕{i}号", decided_on="2026-11-02")
                                 for i in range(30)], now=NOW)  # fmt: skip
    many = [_count(c, cluster.all) for c in checks]
    assert many == few
    results = checks[1].run(cluster.all, TODAY)
    assert len(results[cluster.banner.pk].findings) == 20  # listed, capped
    assert results[cluster.banner.pk].summary == "30 件办件超期且未处置"


def test_yearly_case_counts_for_the_annual_statistics(cluster):
    from disclosure.approvals.statistics import case_counts

    load(cluster.edu, "cases", [case_row("N1"), case_row("N2"), company_case("L1"),
                                case_row("OLD", accepted_at="2025-12-31 10:00")])  # fmt: skip
    load(cluster.health, "cases", [company_case("L2")])
    with CaptureQueriesContext(connection) as queries:
        counts = case_counts([s.pk for s in cluster.all], 2026)
    assert len(queries) == 1
    assert counts[cluster.edu.pk] == {"total": 3, "natural": 2, "legal": 1}
    assert counts[cluster.health.pk] == {"total": 1, "natural": 0, "legal": 1}
    assert counts[cluster.portal.pk] == {"total": 0, "natural": 0, "legal": 0}
