"""双公示 and 办件公示 in the one cluster index (issue #6 item 1): decisions are
found by their 文书号 and content; a natural person's ID number and full name
never are (R61, R64)."""

import pytest

from tests.disclosure.approvals.conftest import (
    OTHER_ID,
    company_case,
    decision_row,
    load,
    penalty_row,
)

from .conftest import index_now
from .helpers import search

pytestmark = pytest.mark.django_db


def test_decisions_are_found_by_document_number_without_personal_ids(
    client, cluster, engine
):
    load(cluster.edu, "decisions", [decision_row(), penalty_row()])
    index_now()
    response, titles = search(client, cluster.edu, q="北教许〔2026〕1号")
    assert titles and titles[0] == "准予行政许可决定书"
    response, titles = search(client, cluster.edu, q="擅自举办培训")
    assert "行政处罚决定书" in titles
    assert OTHER_ID not in response.content.decode()
    # A natural person is never found by their full name.
    assert "行政处罚决定书" not in search(client, cluster.edu, q="李建国")[1]


def test_approval_cases_are_found_by_item_and_organisation(client, cluster, engine):
    load(cluster.edu, "cases", [company_case("JY20260009")])
    index_now()
    response, titles = search(client, cluster.edu, q="民办学校设立审批")
    assert any("JY20260009" in t for t in titles)
    assert any(
        "JY20260009" in t for t in search(client, cluster.edu, q="晨光培训学校")[1]
    )
