"""The approval system's import API (REQUIREMENTS R61–R64): per-department token,
idempotent, all or nothing with per-row errors, rate and size limits."""

import json
import logging

import pytest
from django.urls import reverse

from disclosure.approvals.tokens import create_token
from disclosure.models import ApprovalCase, Decision, ImportToken
from sites.models import SiteProfile

from .conftest import PERSON_ID, case_row, decision_row, penalty_row


def url(site, kind="cases"):
    return reverse(
        "approvals:api_import", args=[SiteProfile.objects.get(site=site).code, kind]
    )


def post(client, site, items, token=None, kind="cases", **headers):
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.post(url(site, kind), json.dumps({"items": items}),
                       content_type="application/json", **headers)  # fmt: skip


@pytest.fixture
def edu_token(cluster):
    return create_token(cluster.edu, "审批系统")[1]


def test_missing_or_wrong_token_is_refused(client, cluster, edu_token):
    assert post(client, cluster.edu, [case_row()]).status_code == 401
    wrong = post(client, cluster.edu, [case_row()], token=edu_token + "x")
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "缺少或无效的接口令牌。"
    assert not ApprovalCase.objects.exists()


def test_another_departments_token_is_refused(client, cluster, edu_token):
    response = post(client, cluster.health, [case_row()], token=edu_token)
    assert response.status_code == 403
    assert response.json()["error"] == "该令牌无权向此网站导入数据。"
    assert not ApprovalCase.objects.exists()


def test_revoked_token_is_refused(client, cluster, edu_token):
    from disclosure.approvals.tokens import revoke

    revoke(ImportToken.objects.get())
    assert post(client, cluster.edu, [case_row()], token=edu_token).status_code == 401


def test_r64_same_payload_twice_creates_nothing_new(client, cluster, edu_token):
    items = [case_row(), case_row("JY20260002")]
    first = post(client, cluster.edu, items, token=edu_token)
    assert first.status_code == 200
    assert first.json()["created"] == 2
    second = post(client, cluster.edu, items, token=edu_token).json()
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 2)
    assert ApprovalCase.objects.filter(site=cluster.edu).count() == 2
    token = ImportToken.objects.get()
    assert token.last_used_at is not None
    from sites.models import AuditEvent

    entry = AuditEvent.objects.filter(action="disclosure.approvals_import").first()
    assert entry.username == f"接口令牌 {token.prefix}" and entry.site == cluster.edu
    assert entry.detail["created"] + entry.detail["unchanged"] == 2


def test_r61_r62_decisions_through_the_api(client, cluster, edu_token):
    response = post(client, cluster.edu, [decision_row(), penalty_row()],
                    token=edu_token, kind="decisions")  # fmt: skip
    assert response.json()["created"] == 2
    assert Decision.objects.filter(site=cluster.edu).count() == 2


def test_bad_rows_get_index_and_chinese_reason_and_nothing_is_stored(
    client, cluster, edu_token, caplog
):
    items = [case_row(), case_row("JY2", state="已完成"), "不是对象"]
    with caplog.at_level(logging.DEBUG):
        response = post(client, cluster.edu, items, token=edu_token)
    assert response.status_code == 422
    data = response.json()
    assert data["accepted"] is False
    assert data["errors"] == [
        {"row": 2, "field": "办理状态",
         "message": "取值“已完成”无效，应为：受理、审查、决定、补正、办结、不予受理。"},
        {"row": 3, "field": "", "message": "每一条数据应为一个对象（字段名: 值）。"},
    ]  # fmt: skip
    assert not ApprovalCase.objects.exists()
    # The payload (with an ID number) never reaches the logs.
    assert PERSON_ID not in caplog.text


def test_body_size_and_format_limits(client, cluster, edu_token, settings):
    settings.APPROVALS_API_MAX_BYTES = 1000
    big = post(client, cluster.edu, [case_row(f"N{i}") for i in range(20)],
               token=edu_token)  # fmt: skip
    assert big.status_code == 413
    garbled = client.post(url(cluster.edu), "{not json", content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {edu_token}")  # fmt: skip
    assert garbled.status_code == 400
    assert client.get(url(cluster.edu)).status_code == 405
    assert not ApprovalCase.objects.exists()


def test_rate_limit(client, cluster, edu_token, settings):
    # A daily window: a minute window may roll over between the requests.
    settings.APPROVALS_API_RATE = "2/d"
    codes = [post(client, cluster.edu, [case_row()], token=edu_token).status_code
             for _ in range(3)]  # fmt: skip
    assert codes == [200, 200, 429]
    assert post(client, cluster.edu, [case_row()], token="guess").status_code == 429


def test_hostile_values_are_row_errors_not_500(client, cluster, edu_token):
    items = [
        case_row("A\x00B"),
        case_row("JY2", item_name={"nested": ["x"]}, promised_days="10" * 40),
        case_row("JY3", applicant_name="𠮷野·买买提🙂", accepted_at="2026-02-30 10:00"),
        case_row("../../etc/passwd"),
    ]
    response = post(client, cluster.edu, items, token=edu_token)
    assert response.status_code == 422
    rows = {error["row"] for error in response.json()["errors"]}
    assert rows == {1, 2, 3, 4}
    assert not ApprovalCase.objects.exists()
    good = post(client, cluster.edu,
                [case_row("JY5", applicant_name="𠮷野·买买提")], token=edu_token)  # fmt: skip
    assert good.status_code == 200
    assert ApprovalCase.objects.get().party_name == "𠮷*****"
