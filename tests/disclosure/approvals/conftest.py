"""Fixtures of the approval-notice tests: rows as the approval system sends them,
people in each role, and a shortcut to import rows for a department."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache

from demo.disclosure.approvals import resident_id, uscc
from disclosure.approvals.importing import import_rows
from disclosure.approvals.records import HEADERS
from sites.services.provisioning import SiteRole, site_groups
from sites.services.roles import CLUSTER_ADMIN, SUPERVISOR

# Checksum-valid, fictitious.
PERSON_ID = resident_id("15010219850612302")
OTHER_ID = resident_id("15010219790305121")
COMPANY_CODE = uscc("91150100MA0N8K3Q7")


def case_row(number="JY20260001", **extra) -> dict:
    row = {
        "case_number": number,
        "item_name": "民办学校设立审批",
        "item_code": "XK-0001",
        "applicant_type": "自然人",
        "applicant_name": "张晓梅",
        "applicant_id": PERSON_ID,
        "accepted_at": "2026-11-02 10:00",
        "promised_days": 15,
        "legal_days": 20,
        "state": "审查",
    }
    row.update(extra)
    return {key: value for key, value in row.items() if value is not None}


def company_case(number="JY20260002", **extra) -> dict:
    fields = {
        "applicant_type": "法人",
        "applicant_name": "北疆市晨光培训学校有限公司",
        "applicant_id": None,
        "applicant_code": COMPANY_CODE,
    }
    return case_row(number, **{**fields, **extra})


def decision_row(number="北教许〔2026〕1号", **extra) -> dict:
    row = {
        "kind": "行政许可",
        "document_title": "准予行政许可决定书",
        "document_number": number,
        "category": "普通",
        "content": "准予设立北疆市晨光培训学校。",
        "basis": "《中华人民共和国民办教育促进法》第十二条",
        "party_type": "法人",
        "party_name": "北疆市晨光培训学校有限公司",
        "party_code": COMPANY_CODE,
        "decided_on": "2026-11-20",
        "valid_until": "2031-12-31",
        "authority": "北疆市教育局",
    }
    row.update(extra)
    return {key: value for key, value in row.items() if value is not None}


def penalty_row(number="北教罚〔2026〕2号", **extra) -> dict:
    fields = {
        "kind": "行政处罚",
        "document_title": "行政处罚决定书",
        "category": "警告",
        "content": "未取得办学许可擅自举办培训活动。",
        "result": "给予警告。",
        "party_type": "自然人",
        "party_name": "李建国",
        "party_code": None,
        "party_id": OTHER_ID,
        "valid_until": None,
    }
    return decision_row(number, **{**fields, **extra})


def as_csv(kind: str, rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for label, _name in HEADERS[kind]])
    for row in rows:
        writer.writerow([row.get(name, "") for _label, name in HEADERS[kind]])
    return ("\ufeff" + buffer.getvalue()).encode()


def refused(response) -> bool:
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def load(site, kind, rows, **kwargs):
    report = import_rows(site, kind, list(enumerate(rows, start=1)),
                         source="test", **kwargs)  # fmt: skip
    assert report.ok, [str(e) for e in report.errors]
    return report


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def roles(cluster, make_user):
    from django.contrib.auth.models import Group

    edu = site_groups(cluster.edu.site_name)
    health = site_groups(cluster.health.site_name)
    return {
        "edu_admin": make_user("edu-admin", edu[SiteRole.SITE_ADMIN]),
        "edu_editor": make_user("edu-editor", edu[SiteRole.EDITOR]),
        "health_admin": make_user("health-admin", health[SiteRole.SITE_ADMIN]),
        "supervisor": make_user("supervisor", Group.objects.get(name=SUPERVISOR)),
        "cluster_admin": make_user(
            "cluster-admin", Group.objects.get(name=CLUSTER_ADMIN)
        ),
    }
