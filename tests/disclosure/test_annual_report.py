"""The 政府信息公开工作年度报告 (issue #4 item 5; REQUIREMENTS §3.6, §4, R45–R49):
generated from the records, checked, edited, published, exported."""

import datetime
import io
import random
import re
import uuid

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import WorkflowState

from disclosure.annual_report import building as service
from disclosure.annual_report.format import SECTION_HEADINGS
from disclosure.applications import casework
from disclosure.applications.case_terms import ApplicantType, Outcome, Status
from disclosure.applications.fees import FeeMethod
from disclosure.models import (
    AnnualReport,
    AnnualReportPage,
    Appeal,
    DisclosureApplication,
    DisclosureItem,
    FeeNotice,
)
from sites.models import SiteKind
from sites.services.provisioning import SiteRole
from sites.services.roles import SUPERVISOR
from tests.conftest import approve_in_workflow, column
from tests.export_helpers import csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1
TYPES = [t.value for t in ApplicantType]
APPLICANT_NAME = "欧阳明轩"
APPLICANT_PHONE = "13987654321"
APPLICANT_ID = "11010519491231002X"
PERSONAL = (APPLICANT_NAME, APPLICANT_PHONE, APPLICANT_ID, "幸福路8号")


def day(year, month, dom):
    return datetime.date(year, month, dom)


def make_case(site, applicant_type, received_on, replied_on=None, outcome="",
              status=None):  # fmt: skip
    """A case stored directly, as the casework would leave it."""
    if status is None:
        status = Status.REPLIED if replied_on else Status.HANDLING
    return DisclosureApplication.objects.create(
        site=site,
        case_number=f"T{uuid.uuid4().hex[:12].upper()}",
        submission_token=uuid.uuid4(),
        query_code_hash="unused",
        id_number_encrypted="unused",
        id_number_masked="110***********002X",
        applicant_type=applicant_type,
        name=APPLICANT_NAME,
        id_type="resident_id",
        phone=APPLICANT_PHONE,
        address="北疆市幸福路8号",
        description="申请公开学校招生计划",
        delivery_form="electronic",
        delivery_channel="email",
        status=status,
        received_on=received_on,
        clock_start_on=received_on,
        replied_on=replied_on,
        outcome=outcome,
        reply_text="答复" if replied_on else "",
    )


def case_through_casework(site, user, applicant_type, received_on, replied_on, outcome):
    """One case run through the real casework: submit, register (受理确认), reply."""
    from tests.disclosure.application_helpers import application_data

    data = application_data(site, applicant_type=applicant_type, name=APPLICANT_NAME,
                            phone=APPLICANT_PHONE)  # fmt: skip
    for key in ("agency", "submission_token"):
        data.pop(key)
    application, _code = casework.submit(site, data, uuid.uuid4())
    DisclosureApplication.objects.filter(pk=application.pk).update(
        submitted_at=timezone.make_aware(
            datetime.datetime.combine(received_on, datetime.time(9))
        )
    )
    application.refresh_from_db()
    casework.register(application, user, received_on)
    casework.reply(application, user, outcome, "答复内容", "依据《条例》第三十六条",
                   replied_on=replied_on, referred_to="北疆市市场监督管理局")  # fmt: skip
    application.refresh_from_db()
    return application


@pytest.fixture
def year_of_cases(cluster, site_user):
    """A year of the 教育局's cases: every outcome and applicant type, carried in
    from the year before and out into the next, plus what must not count."""
    site = cluster.edu
    rng = random.Random(20260131)
    cases = []
    outcomes = list(Outcome)
    # Every outcome for every applicant type, replied within the year.
    for index, outcome in enumerate(outcomes):
        for offset, applicant_type in enumerate(TYPES):
            received = day(YEAR, 1 + (index % 11), 1 + offset)
            replied = received + datetime.timedelta(days=rng.randint(0, 25))
            cases.append(make_case(site, applicant_type, received, replied, outcome))
    # And a random spread around the year's edges.
    for _ in range(40):
        received = day(YEAR - 1, 11, 1) + datetime.timedelta(days=rng.randint(0, 500))
        replied = received + datetime.timedelta(days=rng.randint(0, 60))
        if rng.random() < 0.2 or replied > day(YEAR + 1, 3, 1):
            cases.append(make_case(site, rng.choice(TYPES), received))
        else:
            cases.append(
                make_case(
                    site, rng.choice(TYPES), received, replied, rng.choice(outcomes)
                )
            )
    for applicant_type in TYPES:
        cases.append(
            make_case(
                site, applicant_type, day(YEAR, 7, 1), day(YEAR, 7, 9), Outcome.GRANTED
            )
        )
    # Carried in: received the year before, replied in this year or still open.
    cases.append(
        make_case(
            site, "natural", day(YEAR - 1, 12, 20), day(YEAR, 1, 10), Outcome.PARTIAL
        )
    )
    cases.append(
        make_case(
            site, "commercial", day(YEAR - 1, 12, 28), day(YEAR, 1, 1), Outcome.GRANTED
        )
    )
    cases.append(make_case(site, "research", day(YEAR - 1, 11, 2)))  # open all year
    # Replied before the year began: in no row of this year.
    cases.append(
        make_case(
            site,
            "natural",
            day(YEAR - 1, 12, 1),
            day(YEAR - 1, 12, 31),
            Outcome.GRANTED,
        )
    )
    # Carried out: received this year, replied next year or still open.
    cases.append(
        make_case(
            site, "natural", day(YEAR, 12, 20), day(YEAR + 1, 1, 8), Outcome.GRANTED
        )
    )
    cases.append(make_case(site, "legal_service", day(YEAR, 12, 31)))
    cases.append(
        make_case(site, "public_interest", day(YEAR, 12, 2), status=Status.CORRECTION)
    )
    # Received next year: not in this year's report.
    cases.append(
        make_case(
            site, "natural", day(YEAR + 1, 1, 2), day(YEAR + 1, 1, 20), Outcome.GRANTED
        )
    )
    # Not applications: 无效申请 and submissions never registered.
    cases.append(make_case(site, "natural", None, status=Status.VOID))
    cases.append(make_case(site, "natural", None, status=Status.SUBMITTED))
    # Another agency's case.
    cases.append(
        make_case(
            cluster.health, "natural", day(YEAR, 5, 5), day(YEAR, 5, 9), Outcome.GRANTED
        )
    )
    # Two cases through the real casework functions.
    handler = site_user(site, SiteRole.DISCLOSURE_HANDLER, "edu-handler")
    cases.append(
        case_through_casework(
            site,
            handler,
            "research",
            day(YEAR, 3, 2),
            day(YEAR, 3, 20),
            Outcome.WITHHELD_PROCESS,
        )
    )
    cases.append(
        case_through_casework(
            site,
            handler,
            "other_org",
            day(YEAR, 9, 1),
            day(YEAR, 9, 3),
            Outcome.UNAVAILABLE_NOT_HELD,
        )
    )
    return site, cases  # fmt: skip


def expected_table2(site, cases, year):
    """An independent count in plain Python over the case list (R48)."""
    start, end = day(year, 1, 1), day(year, 12, 31)
    rows = {}

    def add(row, case):
        rows.setdefault(row, [0] * 7)
        rows[row][TYPES.index(case.applicant_type)] += 1

    for case in cases:
        if (
            case.site_id != site.pk
            or case.received_on is None
            or case.status == Status.VOID
        ):
            continue
        if start <= case.received_on <= end:
            add("new", case)
        if case.received_on < start and (
            case.replied_on is None or case.replied_on >= start
        ):
            add("carried_in", case)
        if case.replied_on is not None and start <= case.replied_on <= end:
            add(f"outcome:{case.outcome}", case)
        if case.received_on <= end and (
            case.replied_on is None or case.replied_on > end
        ):
            add("carried_out", case)
    for values in rows.values():
        values[6] = sum(values[:6])
    return rows  # fmt: skip


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def approved(report, site_user):
    """The report page goes live when two other people approve it in the site's
    workflow (审核, 签发): nobody publishes alone (issue 13 item 1, R76)."""
    from django.contrib.auth import get_user_model

    site = report.site
    users = get_user_model().objects
    reviewer = users.filter(username="edu-reviewer").first() or site_user(
        site, SiteRole.REVIEWER, "edu-reviewer"
    )
    signer = users.filter(username="edu-signer").first() or site_user(
        site, SiteRole.SITE_ADMIN, "edu-signer"
    )
    report.refresh_from_db()
    return approve_in_workflow(report.page, reviewer, signer)


# --- Table 2 ---------------------------------------------------------------------


def test_table2_equals_an_independent_count_and_its_arithmetic_holds(year_of_cases):
    site, cases = year_of_cases
    report = service.generate(site, YEAR)
    rows = report.tables["table2"]["rows"]
    expected = expected_table2(site, cases, YEAR)

    replied_in_year = [
        c for c in cases
        if c.site_id == site.pk and c.replied_on and c.replied_on.year == YEAR
    ]  # fmt: skip
    assert {c.outcome for c in replied_in_year} == set(Outcome.values)
    for outcome in Outcome.values:  # every outcome seen for every applicant type
        assert {
            c.applicant_type for c in replied_in_year if c.outcome == outcome
        } == set(TYPES)
    assert expected["carried_in"][6] >= 3 and expected["carried_out"][6] >= 4

    for key in (
        "new",
        "carried_in",
        "carried_out",
        *(f"outcome:{o}" for o in Outcome.values),
    ):
        assert rows[key] == expected.get(key, [0] * 7), key  # R48
    grand_total = [
        sum(expected[f"outcome:{o}"][i] for o in Outcome.values) for i in range(7)
    ]
    assert rows["total"] == grand_total  # （七）总计
    for i in range(7):  # R47: 一 + 二 = 三(七) + 四 in every column
        assert (
            rows["new"][i] + rows["carried_in"][i]
            == rows["total"][i] + rows["carried_out"][i]
        )
    withheld = [o for o in Outcome.values if o.startswith("withheld")]
    assert rows["group:withheld"] == [
        sum(expected[f"outcome:{o}"][i] for o in withheld) for i in range(7)
    ]
    assert service.check_tables(report.tables) == []
    assert service.stale_differences(report) == []  # fmt: skip


def test_next_years_carried_in_equals_this_years_carried_out(year_of_cases):
    site, _cases = year_of_cases
    this_year = service.compute_tables(site, YEAR)["table2"]["rows"]
    next_year = service.compute_tables(site, YEAR + 1)["table2"]["rows"]
    assert next_year["carried_in"] == this_year["carried_out"]


def test_a_tampered_snapshot_fails_the_check_in_chinese(
    client, year_of_cases, site_user
):
    site, _cases = year_of_cases
    report = service.generate(site, YEAR)
    report.tables["table2"]["rows"]["new"][0] += 1  # an edited figure
    report.save()
    problems = service.check_tables(report.tables)
    assert any("自然人" in p and "第一项加第二项之和" in p for p in problems)  # R47
    assert any("总计" in p and "各类申请人之和" in p for p in problems)
    assert any("当前记录为" in p for p in service.stale_differences(report))  # R48

    report.tables["table3"]["reconsideration"]["total"] += 2
    report.save()
    assert any(
        "行政复议" in p and "尚未审结之和" in p
        for p in service.check_tables(report.tables)
    )  # R49

    admin = logged_in(site_user(site, SiteRole.SITE_ADMIN, "edu-admin"))
    detail = admin.get(
        reverse("disclosure_annual_reports:detail", args=[report.pk])
    ).content.decode()
    assert "统计表勾稽关系核验未通过" in detail and "第一项加第二项之和" in detail
    response = admin.post(
        reverse("disclosure_annual_reports:publish", args=[report.pk]), follow=True
    )
    assert (
        "不能发布" in response.content.decode()
        or "未通过核验" in response.content.decode()
    )
    assert not AnnualReportPage.objects.exists()  # fmt: skip


def test_a_stale_report_is_refused_until_regenerated(year_of_cases, site_user):
    site, _cases = year_of_cases
    admin = site_user(site, SiteRole.SITE_ADMIN, "edu-admin")
    report = service.generate(site, YEAR, admin)
    report.problems = "依申请公开答复的规范性有待提高。"
    report.save()
    make_case(
        site, "natural", day(YEAR, 4, 1), day(YEAR, 4, 3), Outcome.GRANTED
    )  # recorded later
    with pytest.raises(service.ReportError, match="统计表未通过核验"):
        service.publish(report, admin)
    report = service.generate(site, YEAR, admin)
    assert (
        report.problems == "依申请公开答复的规范性有待提高。"
    )  # text survives regeneration
    assert service.publish(report, admin) == "submitted"  # to the workflow


def test_generation_refuses_years_outside_the_2021_format(cluster):
    for year in (2020, timezone.localdate().year + 1):
        with pytest.raises(service.ReportError, match="报告年度应在2021年"):
            service.generate(cluster.edu, year)
    assert not AnnualReport.objects.exists()


# --- Tables 1 and 3 ----------------------------------------------------------------


def make_item(
    site, title, kind, written, validity="valid", abolished=None, publish=True
):
    item = DisclosureItem(
        title=title, body=[("paragraph", f"<p>{title}</p>")], issuing_agency=site.site_name,
        written_date=written, document_kind=kind, validity=validity,
        abolished_date=abolished, live=False,
    )  # fmt: skip
    column(site, "fdzdgk").add_child(instance=item)
    if publish:
        item.save_revision().publish()
    return item


def test_table1_counts_regulations_and_normative_documents(cluster):
    site = cluster.portal  # has an agency code, so items can be published
    make_item(site, "北疆市城市绿化管理办法", "regulation", day(YEAR, 3, 1))
    make_item(
        site,
        "北疆市市容管理规定",
        "regulation",
        day(YEAR - 3, 5, 1),
        "abolished",
        day(YEAR, 6, 30),
    )
    make_item(site, "关于规范停车收费的通知", "normative", day(YEAR, 4, 2))
    make_item(
        site,
        "关于加强物业管理的意见",
        "normative",
        day(YEAR - 2, 1, 1),
        "abolished",
        day(YEAR + 1, 1, 15),
    )
    make_item(site, "关于临时救助的通知", "normative", day(YEAR - 1, 8, 8), "expired")
    make_item(
        site,
        "关于2019年征兵的通告",
        "normative",
        day(YEAR - 5, 8, 8),
        "abolished",
        day(YEAR - 1, 2, 2),
    )
    make_item(site, "下一年度的文件", "normative", day(YEAR + 1, 1, 3))
    make_item(site, "一般通知", "other", day(YEAR, 4, 2))
    make_item(site, "未发布的规范性文件", "normative", day(YEAR, 4, 9), publish=False)
    report = service.generate(site, YEAR)
    table1 = report.tables["table1"]
    assert table1["regulation"] == {"issued": 1, "abolished": 1, "in_force": 1}  # R48
    # in force on 31 Dec: this year's, and the one abolished only next January
    assert table1["normative"] == {"issued": 1, "abolished": 0, "in_force": 2}  # fmt: skip


def test_table3_counts_appeals_decided_in_the_year_and_pending_at_its_end(
    year_of_cases,
):
    site, cases = year_of_cases
    case = next(
        c
        for c in cases
        if c.site_id == site.pk and c.outcome == Outcome.WITHHELD_SECRET
    )
    other_site_case = next(c for c in cases if c.site_id != site.pk)

    def appeal(kind, filed, result="pending", decided=None, application=case):
        Appeal.objects.create(application=application, kind=kind, filed_on=filed,
                              result=result, decided_on=decided)  # fmt: skip

    appeal("reconsideration", day(YEAR, 2, 1), "maintained", day(YEAR, 4, 1))
    appeal("reconsideration", day(YEAR - 1, 11, 1), "corrected", day(YEAR, 1, 20))
    appeal("reconsideration", day(YEAR, 10, 1))  # still pending
    appeal(
        "reconsideration", day(YEAR, 11, 1), "other", day(YEAR + 1, 2, 1)
    )  # pending on 31 Dec
    appeal(
        "reconsideration", day(YEAR - 1, 3, 1), "maintained", day(YEAR - 1, 6, 1)
    )  # last year's
    appeal("lawsuit_direct", day(YEAR, 5, 1), "other", day(YEAR, 9, 1))
    appeal("lawsuit_after", day(YEAR + 1, 1, 5))  # next year's
    appeal(
        "lawsuit_after", day(YEAR, 5, 1), "corrected", day(YEAR, 8, 1), other_site_case
    )
    table3 = service.generate(site, YEAR).tables["table3"]
    assert table3["reconsideration"] == {
        "maintained": 1,
        "corrected": 1,
        "other": 0,
        "pending": 2,
        "total": 4,
    }
    assert table3["lawsuit_direct"] == {
        "maintained": 0,
        "corrected": 0,
        "other": 1,
        "pending": 0,
        "total": 1,
    }
    assert table3["lawsuit_after"] == {"maintained": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}  # fmt: skip


# --- publishing ------------------------------------------------------------------


def filled_report(site, user):
    # The fee in 六 comes from the fee notices paid in the year (R42).
    case = DisclosureApplication.objects.filter(site=site).first()
    FeeNotice.objects.create(
        application=case, method=FeeMethod.PER_VOLUME, pages=1030, amount=200,
        issued_on=day(YEAR, 3, 2), pay_by=day(YEAR, 3, 30), paid_on=day(YEAR, 3, 9),
    )  # fmt: skip
    report = service.generate(site, YEAR, user)
    assert report.processing_fee == 200
    report.problems = "一是主动公开的及时性有待提高。\n二是将加强培训。"
    report.other_matters = "无其他需要报告的事项。"
    report.licensing_decisions = 12
    report.fees_amount = "3.5"
    report.save()
    return report


def test_publishing_puts_the_report_in_the_annual_report_column(
    client, year_of_cases, site_user
):
    site, cases = year_of_cases
    admin = site_user(site, SiteRole.SITE_ADMIN, "edu-admin")
    report = filled_report(site, admin)
    response = logged_in(admin).post(
        reverse("disclosure_annual_reports:publish", args=[report.pk])
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert not report.page.live  # submitted: a site admin does not publish alone
    page = approved(report, site_user)
    assert page.live and page.get_parent().slug == "gknb"  # R45

    html = client.get(page.url_path[len(site.root_page.url_path) - 1:],
                      HTTP_HOST=site.hostname).content.decode()  # fmt: skip
    soup = BeautifulSoup(html, "html.parser")
    headings = [h.get_text(strip=True) for h in soup.select(".report-body h2")]
    assert headings == list(SECTION_HEADINGS)  # R46: six sections in order
    tables = soup.select("table.report-table")
    assert len(tables) == 3
    table2 = soup.find(id="report-table-2")
    new_row = table2.find("th", string="一、本年新收政府信息公开申请数量").parent
    expected = expected_table2(site, cases, YEAR)
    assert [int(td.get_text()) for td in new_row.find_all("td")] == expected["new"]
    assert table2.find("th", string="（七）总计") is not None
    assert (
        soup.find(id="report-table-1")
        .find("th", string="行政许可")
        .find_next("td")
        .get_text()
        == "12"
    )
    assert "本年度依据《政府信息公开信息处理费管理办法》收取信息处理费200.00元" in html
    assert "二是将加强培训。" in html
    for personal in PERSONAL:  # R80: no applicant data on the public page
        assert personal not in html
    assert not re.search(r"\d{17}[\dXx]", html)
    # Listed in the 政府信息公开年报 column like any article.
    listing = client.get("/xxgk/gknb/", HTTP_HOST=site.hostname).content.decode()
    assert report.title in listing


def test_the_public_tables_have_the_official_rows_and_columns(
    client, year_of_cases, site_user
):
    site, _cases = year_of_cases
    admin = site_user(site, SiteRole.SITE_ADMIN, "edu-admin")
    report = filled_report(site, admin)
    service.publish(report, admin)
    approved(report, site_user)
    page = AnnualReportPage.objects.get()
    soup = BeautifulSoup(client.get(page.url_path[len(site.root_page.url_path) - 1:],
                                    HTTP_HOST=site.hostname).content, "html.parser")  # fmt: skip
    text2 = soup.find(id="report-table-2").get_text(" ", strip=True)
    for label in ("本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", "申请人情况",
                  "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
                  "总计", "二、上年结转政府信息公开申请数量", "三、本年度办理结果", "（一）予以公开",
                  "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开",
                  "1.属于国家秘密", "8.属于行政查询事项", "（四）无法提供", "3.补正后申请内容仍不明确",
                  "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", "（六）其他处理",
                  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                  "四、结转下年度继续办理"):  # fmt: skip
        assert label in text2, label
    rows2 = soup.find(id="report-table-2").select("tbody tr")
    assert len(rows2) == 2 + 21 + 1 + 1  # 一, 二, the 21 results, (七), 四
    assert all(len(row.find_all("td")) == 7 for row in rows2)
    text1 = soup.find(id="report-table-1").get_text(" ", strip=True)
    for label in ("第二十条第(一)项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章",
                  "行政规范性文件", "第二十条第(五)项", "行政许可", "本年处理决定数量",
                  "第二十条第(六)项", "行政处罚", "行政强制", "第二十条第(八)项", "行政事业性收费",
                  "本年收费金额（单位：万元）"):  # fmt: skip
        assert label in text1, label
    table3 = soup.find(id="report-table-3")
    assert len(table3.select("tbody td")) == 15
    head3 = table3.find("thead").get_text(" ", strip=True)
    for label in ("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正",
                  "其他结果", "尚未审结", "总计"):  # fmt: skip
        assert label in head3
    # Accessible tables: a caption and scoped header cells.
    for table in soup.select("table.report-table"):
        assert table.find("caption").get_text(strip=True)
        assert all(
            th.get("scope") or th.get("colspan") == "3" for th in table.find_all("th")
        )


def test_republishing_changes_the_page_only_when_published(
    client, year_of_cases, site_user
):
    site, _cases = year_of_cases
    admin = site_user(site, SiteRole.SITE_ADMIN, "edu-admin")
    report = filled_report(site, admin)
    service.publish(report, admin)
    approved(report, site_user)
    report.refresh_from_db()
    report.problems = "修改后的问题和改进情况。"
    report.save()
    path = report.page.url_path[len(site.root_page.url_path) - 1 :]
    assert (
        "修改后的问题" not in client.get(path, HTTP_HOST=site.hostname).content.decode()
    )
    service.publish(report, admin)
    assert (
        "修改后的问题" not in client.get(path, HTTP_HOST=site.hostname).content.decode()
    )  # submitted, not yet approved
    approved(report, site_user)
    assert "修改后的问题" in client.get(path, HTTP_HOST=site.hostname).content.decode()
    assert AnnualReportPage.objects.count() == 1


def test_an_editor_submits_the_report_for_review(year_of_cases, site_user):
    site, _cases = year_of_cases
    editor = site_user(site, SiteRole.EDITOR, "edu-editor")
    report = filled_report(site, editor)
    response = logged_in(editor).post(
        reverse("disclosure_annual_reports:publish", args=[report.pk]), follow=True
    )
    assert "已提交审核" in response.content.decode()
    report.refresh_from_db()
    assert not report.page.live  # R76: an editor does not publish alone
    assert WorkflowState.objects.filter(
        object_id=str(report.page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    ).exists()
    listing = (
        logged_in(editor)
        .get(reverse("disclosure_annual_reports:index"))
        .content.decode()
    )
    assert "待审核" in listing


def test_missing_narratives_block_publishing(year_of_cases, site_user):
    site, _cases = year_of_cases
    admin = site_user(site, SiteRole.SITE_ADMIN, "edu-admin")
    report = service.generate(site, YEAR, admin)
    assert report.overview.startswith(
        f"{YEAR}年，北疆市教育局"
    )  # generated first paragraph
    with pytest.raises(
        service.ReportError, match="请填写“五、存在的主要问题及改进情况”"
    ):
        service.publish(report, admin)


# --- the xlsx export -----------------------------------------------------------------


def cell_right_of(sheet, label):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == label:
                return cell
    raise AssertionError(f"{label} not in {sheet.title}")


def test_xlsx_has_the_official_layout_and_the_numbers(
    year_of_cases, site_user, make_user
):
    site, cases = year_of_cases
    admin = site_user(site, SiteRole.SITE_ADMIN, "edu-admin")
    report = filled_report(site, admin)
    response = logged_in(admin).get(
        reverse("disclosure_annual_reports:xlsx", args=[report.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
    ]  # fmt: skip

    table2 = workbook["收到和处理政府信息公开申请情况"]
    assert table2["A1"].value == report.title
    assert table2["A2"].value == "三、收到和处理政府信息公开申请情况"
    assert table2["A3"].value.startswith("（本列数据的勾稽关系为")
    merged = {str(r) for r in table2.merged_cells.ranges}
    assert {"A3:C5", "D3:J3", "D4:D5", "E4:I4", "J4:J5"} <= merged  # official header
    assert [table2.cell(5, c).value for c in range(5, 10)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    expected = expected_table2(site, cases, YEAR)
    new = cell_right_of(table2, "一、本年新收政府信息公开申请数量")
    assert [table2.cell(new.row, c).value for c in range(4, 11)] == expected["new"]
    results = cell_right_of(table2, "三、本年度办理结果")
    assert f"A{results.row}:A{results.row + 21}" in merged
    secret = cell_right_of(table2, "1.属于国家秘密")
    assert table2.cell(secret.row, 2).value == "（三）不予公开"
    assert [table2.cell(secret.row, c).value for c in range(4, 11)] == expected[
        "outcome:withheld_secret"
    ]
    carried = cell_right_of(table2, "四、结转下年度继续办理")
    assert [table2.cell(carried.row, c).value for c in range(4, 11)] == expected[
        "carried_out"
    ]

    table1 = workbook["主动公开政府信息情况"]
    assert table1["A3"].value == "第二十条第(一)项"
    licensing = cell_right_of(table1, "行政许可")
    assert table1.cell(licensing.row, 2).value == 12
    assert f"B{licensing.row}:D{licensing.row}" in {
        str(r) for r in table1.merged_cells.ranges
    }
    fees = cell_right_of(table1, "行政事业性收费")
    assert float(table1.cell(fees.row, 2).value) == 3.5
    assert table1.cell(fees.row - 1, 2).value == "本年收费金额（单位：万元）"

    table3 = workbook["政府信息公开行政复议、行政诉讼情况"]
    assert [table3.cell(3, c).value for c in (1, 6)] == ["行政复议", "行政诉讼"]
    assert [table3.cell(4, c).value for c in (6, 11)] == [
        "未经复议直接起诉",
        "复议后起诉",
    ]
    assert [table3.cell(6, c).value for c in range(1, 16)] == [0] * 15

    everything = " ".join(
        str(c.value)
        for s in workbook
        for row in s.iter_rows()
        for c in row
        if c.value is not None
    )
    for personal in PERSONAL:  # no applicant data in the export
        assert personal not in everything  # fmt: skip


# --- roles ---------------------------------------------------------------------------


def test_another_sites_editor_cannot_see_generate_or_publish(
    year_of_cases, cluster, site_user
):
    site, _cases = year_of_cases
    report = filled_report(site, site_user(site, SiteRole.SITE_ADMIN, "edu-admin"))
    outsider = logged_in(site_user(cluster.health, SiteRole.SITE_ADMIN, "health-admin"))
    listing = outsider.get(reverse("disclosure_annual_reports:index")).content.decode()
    assert "北疆市卫生健康委员会" in listing and report.title not in listing
    assert f'value="{site.pk}"' not in listing  # not offered in the generate form
    for name in ("disclosure_annual_reports:detail", "disclosure_annual_reports:xlsx"):
        assert outsider.get(reverse(name, args=[report.pk])).status_code == 404
    for name in (
        "disclosure_annual_reports:publish",
        "disclosure_annual_reports:regenerate",
        "disclosure_annual_reports:detail",
    ):
        assert (
            outsider.post(
                reverse(name, args=[report.pk]), {"problems": "x"}
            ).status_code
            == 404
        )
    response = outsider.post(
        reverse("disclosure_annual_reports:generate"), {"site": site.pk, "year": YEAR}
    )
    assert (
        response.status_code == 400
        and "请选择您负责的网站" in response.content.decode()
    )
    assert AnnualReport.objects.filter(site=site).count() == 1
    assert AnnualReportPage.objects.count() == 0  # fmt: skip


def test_a_supervisor_reads_every_report_but_changes_nothing(
    year_of_cases, site_user, make_user
):
    from django.contrib.auth.models import Group

    site, _cases = year_of_cases
    report = filled_report(site, site_user(site, SiteRole.SITE_ADMIN, "edu-admin"))
    supervisor = logged_in(make_user("inspector", Group.objects.get(name=SUPERVISOR)))
    listing = supervisor.get(reverse("disclosure_annual_reports:index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert (
        "北疆市教育局" in html
        and "北疆市卫生健康委员会" in html
        and "生成报告" not in html
    )
    detail = supervisor.get(
        reverse("disclosure_annual_reports:detail", args=[report.pk])
    ).content.decode()
    assert "统计表勾稽关系核验通过" in detail and 'name="overview"' not in detail
    assert (
        supervisor.get(
            reverse("disclosure_annual_reports:xlsx", args=[report.pk])
        ).status_code
        == 200
    )
    for name in (
        "disclosure_annual_reports:publish",
        "disclosure_annual_reports:regenerate",
        "disclosure_annual_reports:detail",
    ):
        assert (
            supervisor.post(
                reverse(name, args=[report.pk]), {"problems": "x"}
            ).status_code
            == 403
        )
    assert (
        supervisor.post(
            reverse("disclosure_annual_reports:generate"),
            {"site": site.pk, "year": YEAR},
        ).status_code
        == 403
    )
    report.refresh_from_db()
    assert report.problems.startswith("一是") and report.page is None  # fmt: skip


def test_anonymous_and_handlers_are_kept_out(client, cluster, site_user):
    assert client.get(reverse("disclosure_annual_reports:index"))[
        "Location"
    ].startswith("/admin/login/")
    # Wagtail answers a refused admin page with a redirect to the dashboard.
    handler = logged_in(site_user(cluster.edu, SiteRole.DISCLOSURE_HANDLER, "h"))
    response = handler.get(reverse("disclosure_annual_reports:index"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "wagtailadmin_home"
    )
    assert (
        handler.post(
            reverse("disclosure_annual_reports:generate"),
            {"site": cluster.edu.pk, "year": YEAR},
        ).status_code
        == 302
    )
    assert not AnnualReport.objects.exists()  # fmt: skip


def test_editors_edit_the_narratives_with_clear_errors(year_of_cases, site_user):
    site, _cases = year_of_cases
    editor = site_user(site, SiteRole.EDITOR, "edu-editor")
    report = service.generate(site, YEAR, editor)
    url = reverse("disclosure_annual_reports:detail", args=[report.pk])
    data = {"overview": "总体情况。", "problems": "存在问题。", "other_matters": "",
            "licensing_decisions": "3", "penalty_decisions": "0",
            "enforcement_decisions": "0", "fees_amount": "-5"}  # fmt: skip
    response = logged_in(editor).post(url, data)
    assert response.status_code == 400
    assert "确保该值大于或等于0" in response.content.decode()
    report.refresh_from_db()
    assert report.problems == ""  # nothing changed
    data["fees_amount"] = "1.2"
    assert logged_in(editor).post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.problems == "存在问题。"
    assert report.tables["table1"]["licensing"] == 3  # typed-in rows join the snapshot
    assert service.check_tables(report.tables) == []


# --- the list: deadlines and query counts ----------------------------------------------


def test_deadlines_are_31_january_for_departments_and_31_march_for_governments():
    assert service.deadline_for(SiteKind.DEPARTMENT, 2025) == day(2026, 1, 31)  # R45
    assert service.deadline_for(SiteKind.PORTAL, 2025) == day(2026, 3, 31)
    assert service.deadline_for(SiteKind.BANNER, 2025) == day(2026, 3, 31)
    missing = service.publication(
        None, SiteKind.DEPARTMENT, 2025, today=day(2026, 2, 1)
    )
    assert missing.late and missing.label == "未生成"
    waiting = service.publication(None, SiteKind.PORTAL, 2025, today=day(2026, 2, 1))
    assert not waiting.late


def test_the_list_shows_whether_last_years_reports_were_published_on_time(
    cluster, site_user, make_user
):
    from django.contrib.auth.models import Group

    last_year = timezone.localdate().year - 1
    admin = make_user("superadmin", is_superuser=True)
    for site, published_on in ((cluster.edu, day(last_year + 1, 1, 20)),
                               (cluster.health, day(last_year + 1, 2, 10)),
                               (cluster.portal, day(last_year + 1, 2, 10))):  # fmt: skip
        report = filled_report_for(site, admin, last_year)
        service.publish(report, admin)
        report.refresh_from_db()
        AnnualReportPage.objects.filter(pk=report.page_id).update(
            first_published_at=timezone.make_aware(
                datetime.datetime.combine(published_on, datetime.time(10))
            )
        )
    supervisor = logged_in(make_user("inspector", Group.objects.get(name=SUPERVISOR)))
    soup = BeautifulSoup(
        supervisor.get(reverse("disclosure_annual_reports:index")).content,
        "html.parser",
    )
    rows = {row["data-site"]: row for row in soup.select("tr.deadline-row")}

    def lateness(site):
        return rows[str(site.pk)].select_one(".lateness").get_text(strip=True)

    assert lateness(cluster.edu) == "否"  # department, before 31 January
    assert lateness(cluster.health) == "逾期发布"  # department, after 31 January
    assert lateness(cluster.portal) == "否"  # government, before 31 March
    assert rows[str(cluster.banner.pk)].select_one(".state").get_text(strip=True) == "未生成"  # fmt: skip


def filled_report_for(site, user, year):
    report = service.generate(site, year, user)
    report.problems = "问题与改进。"
    report.save()
    return report


def test_the_admin_list_issues_a_constant_number_of_queries(cluster, make_user):
    from django.contrib.auth.models import Group

    supervisor = logged_in(make_user("inspector", Group.objects.get(name=SUPERVISOR)))
    admin = make_user("superadmin", is_superuser=True)
    url = reverse("disclosure_annual_reports:index")

    def count():
        supervisor.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert supervisor.get(url).status_code == 200
        return len(captured.captured_queries)

    filled_report_for(cluster.edu, admin, YEAR)
    service.publish(filled_report_for(cluster.health, admin, YEAR), admin)
    small = count()
    for site in cluster.all:
        for year in (YEAR - 2, YEAR - 1):
            service.publish(filled_report_for(site, admin, year), admin)
    large = count()
    assert AnnualReport.objects.count() == 10
    assert large == small


def test_a_fee_paid_after_generating_makes_the_report_stale(year_of_cases):
    """R42/R48: the 信息处理费 sentence is the records' figure, checked like the tables."""
    site, _cases = year_of_cases
    report = service.generate(site, YEAR)
    assert report.processing_fee == 0 and service.stale_differences(report) == []
    FeeNotice.objects.create(
        application=DisclosureApplication.objects.filter(site=site).first(),
        method=FeeMethod.PER_ITEM, request_rank=11, amount=100,
        issued_on=day(YEAR, 5, 6), pay_by=day(YEAR, 6, 3), paid_on=day(YEAR, 5, 8),
    )  # fmt: skip
    assert any("信息处理费" in d for d in service.stale_differences(report))
    assert service.generate(site, YEAR).processing_fee == 100


def test_appeals_entered_at_the_case_desk_are_counted_in_table_3(
    year_of_cases, site_user
):
    site, _cases = year_of_cases
    handler = site_user(site, SiteRole.DISCLOSURE_HANDLER, "edu-gk-appeal")
    case = (
        DisclosureApplication.objects.filter(site=site, replied_on__year=YEAR)
        .order_by("pk")
        .first()
    )
    before = service.compute_tables(site, YEAR)["table3"]
    filed = max(case.replied_on + datetime.timedelta(days=3), day(YEAR, 12, 1))
    casework.record_appeal(case, handler, "reconsideration", filed)
    with pytest.raises(casework.CaseworkError, match="尚未审结"):
        casework.record_appeal(case, handler, "reconsideration", filed)
    casework.decide_appeal(
        case, handler, "reconsideration", "corrected", day(YEAR, 12, 20)
    )
    casework.record_appeal(case, handler, "lawsuit_direct", day(YEAR, 12, 28))
    after = service.compute_tables(site, YEAR)["table3"]
    recon, direct = after["reconsideration"], after["lawsuit_direct"]
    assert recon["corrected"] == before["reconsideration"]["corrected"] + 1
    assert direct["pending"] == before["lawsuit_direct"]["pending"] + 1
    assert recon["total"] == sum(
        recon[r] for r in ("maintained", "corrected", "other", "pending")
    )
    with pytest.raises(casework.CaseworkError, match="答复之后"):
        casework.record_appeal(
            case, handler, "lawsuit_after", case.replied_on - datetime.timedelta(days=1)
        )


# --- the desk: export, filters, addresses ----------------------------------------------


def test_the_report_list_exports_and_filters_the_users_sites_only(
    cluster, site_user, make_user
):
    from django.contrib.auth.models import Group

    admin = make_user("superadmin", is_superuser=True)
    for site in (cluster.edu, cluster.health):
        for year in (YEAR - 1, YEAR):
            filled_report_for(site, admin, year)
    url = reverse("disclosure_annual_reports:index")
    editor = logged_in(site_user(cluster.edu, SiteRole.EDITOR, "edu-editor"))
    rows = xlsx_rows(editor.get(url, {"export": "xlsx"}))
    assert rows[0] == ["网站", "年度", "生成时间", "状态", "发布期限"]
    assert sorted((r[0], r[1]) for r in rows[1:]) == [
        ("北疆市教育局", YEAR - 1), ("北疆市教育局", YEAR),
    ]  # fmt: skip
    assert all(r[3] and r[4] for r in rows[1:])  # a state and a deadline each
    supervisor = logged_in(make_user("inspector", Group.objects.get(name=SUPERVISOR)))
    rows = csv_rows(supervisor.get(url, {"export": "csv", "year": YEAR}))
    assert sorted(r[0] for r in rows[1:]) == ["北疆市卫生健康委员会", "北疆市教育局"]
    rows = csv_rows(supervisor.get(url, {"export": "csv", "site": cluster.health.pk}))
    assert [(r[0], r[1]) for r in rows[1:]] == [
        ("北疆市卫生健康委员会", str(YEAR)), ("北疆市卫生健康委员会", str(YEAR - 1)),
    ]  # fmt: skip
    # The editor may not filter their way to another site's reports.
    rows = xlsx_rows(editor.get(url, {"export": "xlsx", "site": cluster.health.pk}))
    assert {r[0] for r in rows[1:]} <= {"北疆市教育局"}
    html = editor.get(url, {"year": YEAR}).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    listed = [a.get_text() for a in soup.select("table.report-listing tbody td a")]
    assert listed == ["北疆市教育局", "Excel"]


def test_the_desk_keeps_its_addresses(cluster, site_user):
    site = cluster.edu
    admin = site_user(site, SiteRole.SITE_ADMIN, "edu-admin")
    report = service.generate(site, YEAR, admin)
    assert (
        reverse("disclosure_annual_reports:index")
        == "/admin/disclosure/annual-reports/"
    )
    client = logged_in(admin)
    for path in ("/admin/disclosure/annual-reports/",
                 f"/admin/disclosure/annual-reports/{report.pk}/",
                 f"/admin/disclosure/annual-reports/{report.pk}/xlsx/"):  # fmt: skip
        assert client.get(path).status_code == 200, path
    assert client.get("/admin/disclosure/annual-reports/?p=1").status_code == 200
