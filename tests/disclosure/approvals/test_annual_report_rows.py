"""The annual report's Table 1 rows (五) 行政许可 and (六) 行政处罚 come from the 双公示
records (REQUIREMENTS §4.2, R48, R61, R62); a site without records keeps its
typed-in figures."""

from disclosure.annual_report import building as service

from .conftest import decision_row, load, penalty_row


def test_table1_decision_rows_equal_the_records_of_the_year(cluster):
    load(cluster.edu, "decisions", [
        decision_row("北教许〔2025〕1号", decided_on="2025-03-02"),
        decision_row("北教许〔2025〕2号", decided_on="2025-12-31"),
        decision_row("北教许〔2026〕1号", decided_on="2026-01-01"),  # next year
        penalty_row("北教罚〔2025〕1号", decided_on="2025-06-01"),
        penalty_row("北教罚〔2025〕2号", decided_on="2025-06-02", status="撤销",
                    notice="经复议撤销。"),  # revoked: not counted
    ])  # fmt: skip
    report = service.generate(cluster.edu, 2025)
    assert report.tables["table1"]["licensing"] == 2
    assert report.tables["table1"]["penalty"] == 1
    assert (report.licensing_decisions, report.penalty_decisions) == (2, 1)
    assert not service.check_tables(report.tables)


def test_a_site_without_records_keeps_its_typed_in_figures(cluster):
    report = service.generate(cluster.health, 2025)
    report.licensing_decisions = 7
    report.save()
    report = service.generate(cluster.health, 2025)
    assert report.tables["table1"]["licensing"] == 7


def test_case_counts_for_the_website_report_hook(cluster):
    from wagtail import hooks

    from .conftest import case_row, company_case

    load(cluster.edu, "cases", [case_row("N1"), company_case("L1")])
    [provide] = [
        f for f in hooks.get_hooks("cluster_website_report_figures")
        if f.__module__ == "disclosure.approvals.hooks"
    ]  # fmt: skip
    assert provide(cluster.edu, 2026) == {
        "cases_total": 2, "cases_person": 1, "cases_legal": 1,
    }  # fmt: skip
    assert provide(cluster.health, 2026) == {}


def test_a_new_decision_makes_the_report_stale_until_regenerated(cluster):
    load(
        cluster.edu,
        "decisions",
        [decision_row("北教许〔2025〕1号", decided_on="2025-03-02")],
    )
    report = service.generate(cluster.edu, 2025)
    assert not service.stale_differences(report)
    load(
        cluster.edu,
        "decisions",
        [penalty_row("北教罚〔2025〕1号", decided_on="2025-06-01")],
    )
    assert service.stale_differences(report) == [
        "表一“行政处罚”的本年处理决定数量：报告为0，当前双公示记录为1。"
    ]
    report = service.generate(cluster.edu, 2025)
    assert not service.stale_differences(report)
