"""Public 办件公示 and 双公示 pages and exports (REQUIREMENTS R61–R64, R80):
natural persons masked everywhere, filters, scope per site and on the portal,
a withdrawn decision's notice, and a fixed number of queries per page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disclosure.models import ApprovalCase, Decision
from sites.models import SiteProfile

from .conftest import (
    OTHER_ID,
    PERSON_ID,
    case_row,
    company_case,
    decision_row,
    load,
    penalty_row,
)


def get(client, on, name, *args, **params):
    return client.get(reverse(f"approvals:{name}", args=args), params,
                      HTTP_HOST=on.hostname)  # fmt: skip


def exported(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_r64_r80_id_number_never_unmasked_on_public_pages_or_exports(client, cluster):
    load(cluster.edu, "cases", [case_row()])
    load(cluster.edu, "decisions", [penalty_row()])
    case = ApprovalCase.objects.get()
    decision = Decision.objects.get()
    pages = []
    for site in (cluster.edu, cluster.portal):
        pages += [
            get(client, site, "case_list"),
            get(client, site, "case_detail", case.pk),
            get(client, site, "decision_list"),
            get(client, site, "decision_detail", decision.pk),
            get(client, site, "case_list", q="张"),
        ]
    for response in pages:
        assert response.status_code == 200
        text = response.content.decode()
        for secret in (PERSON_ID, OTHER_ID, "张晓梅", "李建国"):
            assert secret not in text
    detail = get(client, cluster.edu, "case_detail", case.pk).content.decode()
    assert "张**" in detail and PERSON_ID[:4] + "**********" + PERSON_ID[-4:] in detail
    for name in ("case_export", "decision_export"):
        text = exported(get(client, cluster.portal, name))
        for secret in (PERSON_ID, OTHER_ID, "张晓梅", "李建国"):
            assert secret not in text
    assert "张**" in exported(get(client, cluster.edu, "case_export"))


def test_r64_list_shows_the_required_columns(client, cluster):
    load(cluster.edu, "cases", [company_case(state="办结", completed_at="2026-11-10 15:00",
                                             result="准予")])  # fmt: skip
    text = get(client, cluster.edu, "case_list").content.decode()
    for label in (
        "受理编号",
        "事项名称",
        "申请人",
        "受理时间",
        "承诺时限",
        "状态",
        "办结时间",
        "结果",
    ):
        assert f'<th scope="col">{label}</th>' in text
    for value in (
        "JY20260002",
        "民办学校设立审批",
        "北疆市晨光培训学校有限公司",
        "2026-11-02 10:00",
        "15个工作日",
        "办结",
        "2026-11-10 15:00",
        "准予",
    ):
        assert value in text  # fmt: skip


def test_department_sees_its_own_records_and_the_portal_sees_all(client, cluster):
    load(cluster.edu, "cases", [case_row("EDU-1")])
    load(cluster.health, "cases", [case_row("WJ-1")])
    edu_case = ApprovalCase.objects.get(case_number="EDU-1")
    edu = get(client, cluster.edu, "case_list").content.decode()
    assert "EDU-1" in edu and "WJ-1" not in edu
    portal = get(client, cluster.portal, "case_list").content.decode()
    assert "EDU-1" in portal and "WJ-1" in portal
    health_code = SiteProfile.objects.get(site=cluster.health).code
    filtered = get(client, cluster.portal, "case_list", site=health_code)
    assert "EDU-1" not in filtered.content.decode()
    assert get(client, cluster.health, "case_detail", edu_case.pk).status_code == 404
    assert get(client, cluster.portal, "case_detail", edu_case.pk).status_code == 200


def test_filters_by_item_state_date_and_keyword(client, cluster):
    load(cluster.edu, "cases", [
        case_row("A1", item_name="教师资格认定", accepted_at="2026-10-12 09:00"),
        case_row("A2", state="受理", accepted_at="2026-11-02 09:00"),
        case_row("A3", state="办结", completed_at="2026-11-20 09:00", result="不予"),
    ])  # fmt: skip

    def numbers(**params):
        text = get(client, cluster.edu, "case_list", **params).content.decode()
        return {n for n in ("A1", "A2", "A3") if f">{n}</a>" in text}

    assert numbers() == {"A1", "A2", "A3"}
    assert numbers(item="教师资格认定") == {"A1"}
    assert numbers(state="completed") == {"A3"}
    assert numbers(date_from="2026-11-01") == {"A2", "A3"}
    assert numbers(date_to="2026-10-31") == {"A1"}
    assert numbers(q="教师") == {"A1"}
    # An invalid filter is reported and ignored, never a 500.
    response = get(client, cluster.edu, "case_list", date_from="昨天", state="x")
    assert response.status_code == 200
    assert "以下筛选条件有误，已忽略" in response.content.decode()


def test_r63_withdrawn_decision_shows_the_notice_and_hides_the_content(client, cluster):
    load(cluster.edu, "decisions", [penalty_row()])
    load(cluster.edu, "decisions",
         [penalty_row(status="撤销", notice="经行政复议，原处罚决定已被撤销。")])  # fmt: skip
    decision = Decision.objects.get()
    text = get(client, cluster.edu, "decision_detail", decision.pk).content.decode()
    assert "撤销公告" in text
    assert "理由：经行政复议，原处罚决定已被撤销。" in text
    assert "未取得办学许可擅自举办培训活动" not in text and "李**" not in text
    listing = get(client, cluster.edu, "decision_list").content.decode()
    assert "已撤销" in listing
    export = exported(get(client, cluster.edu, "decision_export"))
    assert "经行政复议" in export and "擅自举办" not in export


def test_changed_decision_shows_a_change_notice(client, cluster):
    load(cluster.edu, "decisions", [decision_row()])
    load(cluster.edu, "decisions",
         [decision_row(status="变更", notice="许可有效期延长。", valid_until="2032-12-31")])  # fmt: skip
    decision = Decision.objects.get()
    text = get(client, cluster.edu, "decision_detail", decision.pk).content.decode()
    assert "变更公告" in text and "许可有效期延长。" in text and "2032-12-31" in text


def _queries(client, site, name, *args):
    with CaptureQueriesContext(connection) as queries:
        assert get(client, site, name, *args).status_code == 200
    return len(queries)


def test_lists_do_not_query_per_item(client, cluster):
    load(cluster.edu, "cases", [case_row("Q1")])
    load(cluster.edu, "decisions", [decision_row()])
    _queries(client, cluster.portal, "case_list")  # settings rows are created once
    few = {name: _queries(client, cluster.portal, name)
           for name in ("case_list", "decision_list")}  # fmt: skip
    load(cluster.edu, "cases", [case_row(f"Q{i}") for i in range(2, 21)])
    load(cluster.health, "cases", [company_case(f"H{i}") for i in range(20)])
    load(cluster.edu, "decisions",
         [decision_row(f"北教许〔2026〕{i}号") for i in range(2, 21)])  # fmt: skip
    load(cluster.health, "decisions",
         [penalty_row(f"北卫罚〔2026〕{i}号") for i in range(1, 21)])  # fmt: skip
    many = {name: _queries(client, cluster.portal, name)
            for name in ("case_list", "decision_list")}  # fmt: skip
    assert many == few
    assert max(many.values()) <= 15


def test_column_pages_link_the_lists(client, cluster):
    from tests.conftest import column

    service = client.get(
        column(cluster.edu, "zwfw").url, HTTP_HOST=cluster.edu.hostname
    )
    assert reverse("approvals:case_list") in service.content.decode()
    penalty = client.get(
        column(cluster.edu, "xzcf").url, HTTP_HOST=cluster.edu.hostname
    )
    assert (
        reverse("approvals:decision_list") + "?kind=penalty" in penalty.content.decode()
    )


def test_exports_neutralise_spreadsheet_formulas(client, cluster):
    load(cluster.edu, "cases", [case_row(item_name='=HYPERLINK("http://x")')])
    text = exported(get(client, cluster.edu, "case_export"))
    assert "'=HYPERLINK" in text
    page = get(client, cluster.edu, "case_list").content.decode()
    assert "=HYPERLINK(&quot;http://x&quot;)" in page  # stored as sent, shown escaped


def test_r80_crawl_of_every_approval_page_and_export_leaks_no_id(
    client, cluster, caplog
):
    """Every list, detail and export of the demo data, on each site and the portal."""
    import io
    import logging

    from demo.disclosure.approvals import resident_id, seed_demo_approvals

    caplog.set_level(logging.DEBUG)
    seed_demo_approvals({"edu": cluster.edu, "health": cluster.health,
                         "baiyun": cluster.banner}, io.StringIO())  # fmt: skip
    secrets = [resident_id("15010219850612302"), resident_id("15010219790305121"),
               "张晓梅", "李建国"]  # fmt: skip
    paths = ["/zwfw/bjgs/", "/xxgk/sgs/", "/zwfw/bjgs/export.csv", "/xxgk/sgs/export.csv",
             "/zwfw/bjgs/?q=张", "/xxgk/sgs/?kind=penalty"]  # fmt: skip
    paths += [
        f"/zwfw/bjgs/{pk}/" for pk in ApprovalCase.objects.values_list("pk", flat=True)
    ]
    paths += [
        f"/xxgk/sgs/{pk}/" for pk in Decision.objects.values_list("pk", flat=True)
    ]
    seen = 0
    for site in cluster.all:
        for path in paths:
            response = client.get(path, HTTP_HOST=site.hostname)
            assert response.status_code in (200, 404), path
            if response.status_code == 200:
                seen += 1
                body = (b"".join(response.streaming_content)
                        if response.streaming else response.content).decode()  # fmt: skip
                for secret in secrets:
                    assert secret not in body, (site, path)
    assert seen > len(paths)
    for secret in secrets:
        assert secret not in caplog.text
