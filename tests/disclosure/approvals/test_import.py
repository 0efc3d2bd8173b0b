"""Import of 办件 and 双公示 rows (REQUIREMENTS R61, R62, R64, R28, R80):
idempotent, all or nothing, every bad row reported with its line and reason."""

import io

from django.urls import reverse
from openpyxl import Workbook

from disclosure.approvals.records import HEADERS
from disclosure.models import ApprovalCase, ApprovalCaseEvent, Decision, DecisionEvent

from .conftest import (
    PERSON_ID,
    as_csv,
    case_row,
    company_case,
    decision_row,
    load,
    refused,
)


def upload(client, user, site, kind, content, name="data.csv"):
    client.force_login(user)
    handle = io.BytesIO(content)
    handle.name = name
    return client.post(
        reverse("approvals_upload:index"),
        {"site": site.pk, "kind": kind, "file": handle},
    )


def test_r64_same_file_twice_creates_nothing_new(client, cluster, roles):
    content = as_csv("cases", [case_row(), company_case(), case_row("JY20260003")])
    first = upload(client, roles["edu_admin"], cluster.edu, "cases", content)
    assert first.status_code == 200
    assert "新增3条" in first.content.decode()
    events = ApprovalCaseEvent.objects.count()
    second = upload(client, roles["edu_admin"], cluster.edu, "cases", content)
    assert "新增0条，更新0条，未变化3条" in second.content.decode()
    assert ApprovalCase.objects.filter(site=cluster.edu).count() == 3
    assert ApprovalCaseEvent.objects.count() == events


def test_r64_changed_row_updates_with_an_event(cluster):
    load(cluster.edu, "cases", [case_row()])
    report = load(
        cluster.edu,
        "cases",
        [case_row(state="办结", completed_at="2026-11-20 16:00", result="准予")],
    )
    assert (report.created, report.updated) == (0, 1)
    case = ApprovalCase.objects.get(site=cluster.edu, case_number="JY20260001")
    assert case.state == "completed" and case.result == "granted"
    assert case.result_published_at is not None
    actions = list(case.events.values_list("action", "from_state", "to_state"))
    assert actions == [
        ("created", "", "reviewing"),
        ("state", "reviewing", "completed"),
        ("updated", "", ""),
    ]
    note = case.events.get(action="updated").note
    assert "办结时间" in note and PERSON_ID not in note


def test_r80_natural_person_is_stored_minimised(cluster):
    load(cluster.edu, "cases", [case_row()])
    case = ApprovalCase.objects.get(case_number="JY20260001")
    assert case.party_name == "张**"
    assert case.party_id_masked == PERSON_ID[:4] + "*" * 10 + PERSON_ID[-4:]
    assert PERSON_ID not in case.party_id_encrypted
    from sites.personal_data import decrypt

    assert decrypt(case.party_id_encrypted) == PERSON_ID


def test_bad_rows_are_reported_with_line_and_reason_and_nothing_is_stored(
    client, cluster, roles
):
    rows = [
        case_row(),  # line 2: good
        case_row("JY20260002", applicant_id="150102198506123021"),  # line 3: checksum
        case_row("JY20260003", accepted_at="2026-13-45"),  # line 4: date
        company_case("JY20260004", applicant_code=""),  # line 5: USCC missing
        case_row("JY20260005", promised_days=30),  # line 6: promised > legal
        case_row(),  # line 7: duplicate of line 2
    ]
    response = upload(
        client, roles["edu_admin"], cluster.edu, "cases", as_csv("cases", rows)
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "整批未导入" in text
    assert "第3行 身份证号码：居民身份证号码校验位不正确" in text
    assert "第4行 受理时间：" in text
    assert "第5行 统一社会信用代码：法人及非法人组织须填写统一社会信用代码。" in text
    assert "第6行 承诺时限：承诺时限不能超过法定时限。" in text
    assert "第7行 受理编号：与第2行重复" in text
    assert "第2行" not in text.replace("与第2行", "")
    assert not ApprovalCase.objects.exists()
    # The bad ID number is not echoed back.
    assert "150102198506123021" not in text


def test_r28_document_number_needs_full_width_brackets(cluster):
    from disclosure.approvals.importing import import_rows

    report = import_rows(
        cluster.edu, "decisions", [(1, decision_row("北教许[2026]1号"))], source="t"
    )
    assert [str(e) for e in report.errors] == [
        "第1行 决定文书号：文号格式不正确，年份请使用全角六角括号〔〕，"
        "例如：北教发〔2026〕12号。"
    ]
    assert not Decision.objects.exists()


def test_r62_penalty_needs_basis_and_result(cluster):
    from disclosure.approvals.importing import import_rows

    row = decision_row("北教罚〔2026〕9号", kind="行政处罚", basis="", result="")
    report = import_rows(cluster.edu, "decisions", [(1, row)], source="t")
    messages = {(e.field, e.message) for e in report.errors}
    assert ("依据", "行政处罚须填写处罚依据。") in messages
    assert ("处罚结果", "行政处罚须填写处罚结果。") in messages


def test_r63_withdrawal_needs_a_reason_and_is_recorded(cluster):
    from disclosure.approvals.importing import import_rows

    load(cluster.edu, "decisions", [decision_row()])
    refused = import_rows(
        cluster.edu, "decisions", [(1, decision_row(status="撤销"))], source="t"
    )
    assert [e.message for e in refused.errors] == [
        "变更或撤销的决定须填写公开说明的理由。"
    ]
    load(cluster.edu, "decisions",
         [decision_row(status="撤销", notice="经行政复议撤销。")])  # fmt: skip
    decision = Decision.objects.get()
    assert decision.status == "withdrawn" and decision.notice_at is not None
    assert DecisionEvent.objects.filter(decision=decision, action="status").exists()


def test_xlsx_upload_uses_the_same_validation(client, cluster, roles):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([label for label, _name in HEADERS["decisions"]])
    good = decision_row()
    sheet.append([good.get(name, "") for _label, name in HEADERS["decisions"]])
    bad = decision_row("北教许〔2026〕2号", party_code="91150100MA0N8K3Q70")
    sheet.append([bad.get(name, "") for _label, name in HEADERS["decisions"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, roles["edu_admin"], cluster.edu, "decisions",
                      buffer.getvalue(), "data.xlsx")  # fmt: skip
    assert response.status_code == 422
    assert "第3行 统一社会信用代码：" in response.content.decode()
    assert not Decision.objects.exists()
    sheet.delete_rows(3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, roles["edu_admin"], cluster.edu, "decisions",
                      buffer.getvalue(), "data.xlsx")  # fmt: skip
    assert "新增1条" in response.content.decode()
    assert Decision.objects.get().site == cluster.edu


def test_wrong_header_refuses_the_file(client, cluster, roles):
    response = upload(client, roles["edu_admin"], cluster.edu, "cases",
                      "编号,名称\n1,2\n".encode())  # fmt: skip
    assert response.status_code == 422
    assert "表头缺少以下列：受理编号" in response.content.decode()


def test_upload_page_says_the_whole_file_is_refused(client, roles):
    client.force_login(roles["edu_admin"])
    text = client.get(reverse("approvals_upload:index")).content.decode()
    assert "只要有一行数据有误，整个文件都不会导入" in text


def test_site_admin_uploads_only_for_own_site(client, cluster, roles):
    content = as_csv("cases", [case_row()])
    response = upload(client, roles["edu_admin"], cluster.health, "cases", content)
    assert response.status_code == 200  # the form refuses the choice
    assert "选择一个有效的选项" in response.content.decode()
    assert not ApprovalCase.objects.exists()


def test_editors_and_supervisors_cannot_upload(client, roles):
    for who in ("edu_editor", "supervisor"):
        client.force_login(roles[who])
        assert refused(client.get(reverse("approvals_upload:index")))


def test_cluster_admin_uploads_for_any_site(client, cluster, roles):
    content = as_csv("cases", [case_row()])
    upload(client, roles["cluster_admin"], cluster.health, "cases", content)
    assert ApprovalCase.objects.get().site == cluster.health
