"""The 审批公示 desk as Wagtail viewsets: bookmarked addresses redirect, the
电子监察 export is a real workbook of the user's sites only, the filters narrow
the list, another site's records are not found, and a supervisor disposes of an
alert through the form the page shows."""

import datetime
import io
import re

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from disclosure.approvals.supervision import pin_red_signals
from disclosure.approvals.tokens import create_token
from disclosure.models import Decision, SupervisionAlert
from sites.models import AuditEvent

from .conftest import case_row, decision_row, load, penalty_row, refused

OVERDUE = {"accepted_at": "2026-09-28 10:00", "promised_days": 5, "legal_days": 20}


def red_cases(cluster, edu=("EDU-RED",), health=("WJ-RED",)):
    for site, numbers in ((cluster.edu, edu), (cluster.health, health)):
        if numbers:
            load(site, "cases", [case_row(n, **OVERDUE) for n in numbers])
    pin_red_signals(None, timezone.localdate())


def sheet(response):
    assert response.status_code == 200, response.status_code
    book = load_workbook(io.BytesIO(response.getvalue()), read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    return book.worksheets[0].title, rows


def test_bookmarked_addresses_redirect_to_the_viewsets(client, cluster, roles):
    red_cases(cluster)
    load(cluster.edu, "decisions", [decision_row()])
    alert = SupervisionAlert.objects.get(case__case_number="EDU-RED")
    case, decision = alert.case, Decision.objects.get()
    token, _raw = create_token(cluster.edu, "审批系统")
    client.force_login(roles["edu_admin"])
    moved = {
        f"/admin/approvals/supervision/{alert.pk}/": reverse(
            "approvals_supervision:inspect", args=[alert.pk]
        ),
        "/admin/approvals/supervision/export.xlsx": reverse(
            "approvals_supervision:index"
        )
        + "?export=xlsx",
        f"/admin/approvals/cases/{case.pk}/": reverse(
            "approvals_supervision:case", args=[case.pk]
        ),
        f"/admin/approvals/decisions/{decision.pk}/change/": reverse(
            "approvals_decisions:edit", args=[decision.pk]
        ),
    }
    for old, new in moved.items():
        response = client.get(old)
        assert response.status_code == 302 and response["Location"] == new, old
        assert client.get(old, follow=True).status_code == 200, old
    # A filtered list keeps its filters on the way.
    response = client.get("/admin/approvals/supervision/export.xlsx?site=3")
    assert response["Location"].endswith("?export=xlsx&site=3")
    # Lists stay where they were.
    for url in ("/admin/approvals/supervision/?signal=yellow", "/admin/approvals/upload/",
                "/admin/approvals/decisions/", "/admin/approvals/tokens/",
                "/admin/approvals/upload/cases-template.csv"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    # The old revoke form (a POST) still revokes: 307 keeps the method.
    response = client.post(f"/admin/approvals/tokens/{token.pk}/revoke/", follow=True)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "已停用（" in response.content.decode()


def test_the_export_is_a_workbook_of_the_users_sites_and_chosen_department(
    client, cluster, roles
):
    red_cases(cluster)
    client.force_login(roles["edu_admin"])
    title, rows = sheet(client.get("/admin/approvals/supervision/export.xlsx",
                                   follow=True))  # fmt: skip
    assert title == "电子监察"
    assert rows[0] == ["信号", "原因", "部门", "受理编号/文书号", "事项/决定",
                       "申请人/行政相对人", "期限", "状态", "发现日期", "处置人",
                       "处置时间", "处置意见"]  # fmt: skip
    assert {row[3] for row in rows[1:]} == {"EDU-RED"}
    assert {row[2] for row in rows[1:]} == {cluster.edu.site_name}
    # Another site's id in the filter does not widen it.
    url = reverse("approvals_supervision:index")
    _t, rows = sheet(client.get(url, {"export": "xlsx", "site": cluster.health.pk}))
    assert {row[3] for row in rows[1:]} == {"EDU-RED"}
    # The supervisor exports every site, or the one 部门 chosen; CSV too.
    client.force_login(roles["supervisor"])
    _t, rows = sheet(client.get(url, {"export": "xlsx"}))
    assert {row[3] for row in rows[1:]} == {"EDU-RED", "WJ-RED"}
    _t, rows = sheet(client.get(url, {"export": "xlsx", "site": cluster.health.pk}))
    assert {row[3] for row in rows[1:]} == {"WJ-RED"}
    csv = client.get(url, {"export": "csv"})
    text = b"".join(csv.streaming_content).decode()
    assert text.startswith("信号,原因,部门") and "WJ-RED" in text
    assert (
        AuditEvent.objects.filter(
            action="disclosure.approvals_supervision_export"
        ).count()
        == 5
    )


def test_filters_narrow_the_lists(client, cluster, roles):
    red_cases(cluster)
    today = f"{timezone.localdate():%Y-%m-%d}"  # published on time: no red signal
    load(cluster.edu, "decisions", [decision_row(decided_on=today),
                                    penalty_row(decided_on=today)])  # fmt: skip
    url = reverse("approvals_supervision:index")
    client.force_login(roles["supervisor"])
    page = client.get(url).content.decode()
    assert "EDU-RED" in page and "WJ-RED" in page and "共 2 条。" in page
    assert 'name="site"' in page and 'name="reason"' in page
    page = client.get(url, {"site": cluster.health.pk}).content.decode()
    assert "WJ-RED" in page and "EDU-RED" not in page
    page = client.get(url, {"reason": "late_result"}).content.decode()
    assert "EDU-RED" not in page and "没有符合条件的记录。" in page
    page = client.get(url, {"signal": "disposed"}).content.decode()
    assert "EDU-RED" not in page and "没有符合条件的记录。" in page
    # A site admin of one site gets no 部门 filter, and never another site's rows.
    client.force_login(roles["edu_admin"])
    page = client.get(url, {"site": cluster.health.pk}).content.decode()
    assert 'name="site"' not in page and "WJ-RED" not in page
    # 双公示决定: by type and by status.
    decisions = reverse("approvals_decisions:index")
    page = client.get(decisions, {"kind": "penalty"}).content.decode()
    assert "北教罚〔2026〕2号" in page and "北教许〔2026〕1号" not in page
    page = client.get(decisions, {"status": "withdrawn"}).content.decode()
    assert "暂无双公示决定。" in page


def test_another_sites_handler_is_refused(client, cluster, roles):
    red_cases(cluster)
    load(cluster.edu, "decisions", [decision_row()])
    alert = SupervisionAlert.objects.get(case__case_number="EDU-RED")
    decision = Decision.objects.get()
    token, _raw = create_token(cluster.edu, "审批系统")
    pages = [
        reverse("approvals_supervision:inspect", args=[alert.pk]),
        reverse("approvals_supervision:case", args=[alert.case_id]),
        reverse("approvals_decisions:edit", args=[decision.pk]),
    ]
    client.force_login(roles["health_admin"])
    for url in pages:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("approvals_tokens:revoke", args=[token.pk])).status_code
        == 404
    )
    assert (
        "EDU-RED"
        not in client.get(reverse("approvals_supervision:index")).content.decode()
    )
    assert (
        token.prefix
        not in client.get(reverse("approvals_tokens:index")).content.decode()
    )
    # No edit or delete of tokens, alerts or decisions behind the desk's back.
    client.force_login(roles["edu_admin"])
    for url in (
        reverse("approvals_tokens:edit", args=[token.pk]),
        reverse("approvals_tokens:delete", args=[token.pk]),
        reverse("approvals_decisions:delete", args=[decision.pk]),
        reverse("approvals_decisions:add"),
    ):
        assert refused(client.get(url)), url
    # An editor of the same site has no desk at all.
    client.force_login(roles["edu_editor"])
    for url in pages + [
        reverse("approvals_tokens:index"),
        reverse("approvals_upload:index"),
    ]:
        assert refused(client.get(url)) or client.get(url).status_code == 404, url
    token.refresh_from_db()
    decision.refresh_from_db()
    assert token.revoked_at is None and decision.status == "valid"


def test_a_supervisor_disposes_of_an_alert_through_the_form(client, cluster, roles):
    red_cases(cluster)
    alert = SupervisionAlert.objects.get(case__case_number="EDU-RED")
    client.force_login(roles["supervisor"])
    listing = client.get(reverse("approvals_supervision:index")).content.decode()
    detail = reverse("approvals_supervision:inspect", args=[alert.pk])
    assert f'href="{detail}"' in listing
    page = client.get(detail).content.decode()
    form = re.search(r'<form method="post"[^>]*>(.*?)</form>', page, re.S).group(1)
    assert 'name="text"' in form and "记录处置意见并消除红灯" in form
    response = client.post(
        detail, {"text": "已约谈教育局，责令三日内办结。"}, follow=True
    )
    assert "处置意见已记录，该红灯已消除。" in response.content.decode()
    alert.refresh_from_db()
    assert alert.disposition.by == roles["supervisor"]
    page = client.get(detail).content.decode()
    assert "记录处置意见并消除红灯" not in page and "已约谈教育局" in page
    disposed = client.get(
        reverse("approvals_supervision:index"), {"signal": "disposed"}
    )
    assert "EDU-RED" in disposed.content.decode()


def yellow_cases(cluster, numbers):
    start = timezone.localdate() - datetime.timedelta(days=1)
    load(cluster.edu, "cases", [case_row(n, accepted_at=f"{start:%Y-%m-%d} 09:00",
                                         promised_days=1, legal_days=20)
                                for n in numbers])  # fmt: skip


def test_the_supervision_lists_cost_the_same_for_one_and_many_rows(
    client, cluster, roles, django_assert_max_num_queries
):
    url = reverse("approvals_supervision:index")
    client.force_login(roles["supervisor"])
    red_cases(cluster, edu=("EDU-1",), health=())
    yellow_cases(cluster, ["Y-1"])
    counts = {}
    for signal in ("red", "yellow"):
        with django_assert_max_num_queries(60) as one:
            page = client.get(url, {"signal": signal}).content.decode()
        assert "共 1 条。" in page, signal
        counts[signal] = len(one.captured_queries)
    red_cases(cluster, edu=[f"EDU-{n}" for n in range(2, 8)], health=("WJ-1",))
    yellow_cases(cluster, ["Y-2", "Y-3", "Y-4"])
    for signal, many in (("red", "共 8 条。"), ("yellow", "共 4 条。")):
        with django_assert_max_num_queries(counts[signal]):
            page = client.get(url, {"signal": signal}).content.decode()
        assert many in page, signal


def test_the_decision_export_reads_as_the_list_does(client, cluster, roles):
    """双公示决定 (R61–R63): the spreadsheet says 行政许可 and 正常公示 as the list
    and the import template do, not the stored codes; one site's rows only."""
    today = f"{timezone.localdate():%Y-%m-%d}"
    load(cluster.edu, "decisions", [decision_row(decided_on=today),
                                    penalty_row(decided_on=today)])  # fmt: skip
    load(cluster.health, "decisions", [decision_row("北卫许〔2026〕9号")])
    client.force_login(roles["edu_admin"])
    url = reverse("approvals_decisions:index")
    _t, rows = sheet(client.get(url, {"export": "xlsx"}))
    assert rows[0] == ["决定文书号", "决定文书名称", "类型", "网站", "决定日期",
                       "公示状态", "变更/撤销日期"]  # fmt: skip
    by_number = {row[0]: row for row in rows[1:]}
    assert set(by_number) == {"北教许〔2026〕1号", "北教罚〔2026〕2号"}
    licence = by_number["北教许〔2026〕1号"]
    assert licence[2] == "行政许可" and licence[5] == "正常公示"
    assert licence[3] == cluster.edu.site_name
    assert by_number["北教罚〔2026〕2号"][2] == "行政处罚"


def test_the_alert_page_reads_its_record_with_its_site_case_and_decision(
    client, cluster, roles, django_assert_max_num_queries
):
    red_cases(cluster)
    alert = SupervisionAlert.objects.get(case__case_number="EDU-RED")
    client.force_login(roles["supervisor"])
    url = reverse("approvals_supervision:inspect", args=[alert.pk])
    client.get(url)
    with django_assert_max_num_queries(60) as queries:
        assert client.get(url).status_code == 200
    sqls = [q["sql"] for q in queries.captured_queries]
    # The alert comes joined to its case, site and decision, not read one by one.
    assert not any('FROM "disclosure_approvalcase"' in sql for sql in sqls)
    assert not any('FROM "wagtailcore_site" WHERE' in sql for sql in sqls)
