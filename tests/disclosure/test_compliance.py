"""Disclosure's compliance checks fail on a seeded breach and pass once mended
(issue #7; R23, R25–R29, R32, R38–R39, R45). Dates cross the 2026 National Day
holiday (1–7 Oct rest days, Saturday 10 Oct a make-up working day)."""

import datetime
import uuid

import pytest
from django.utils import timezone

from disclosure.annual_report import building as annual_report
from disclosure.applications import casework
from disclosure.applications.case_terms import Outcome
from disclosure.catalog.metadata_terms import DocumentKind
from disclosure.compliance import (
    AnnualReportCheck,
    ApplicationDeadlineCheck,
    DisclosureStructureCheck,
    InterpretationCheck,
    ItemMetadataCheck,
)
from disclosure.models import DisclosureApplication, DisclosureItem
from sites.compliance import registered_checks
from sites.compliance.base import Status
from sites.services.provisioning import SiteRole
from sites.services.workdays import add_working_days
from tests.conftest import approve_in_workflow, column

from .catalog_data import give_agency_codes, publish_item

pytestmark = pytest.mark.django_db
D = datetime.date


def result(check, cluster, site, today=None):
    return check.run(cluster.all, today or timezone.localdate())[site.pk]


def at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_disclosure_contributes_its_checks_through_the_hook():
    ids = {check.id for check in registered_checks()}
    assert {
        "disclosure_structure",
        "disclosure_metadata",
        "policy_interpretation",
        "application_deadline",
        "disclosure_annual_report",
    } <= ids


def test_r23_the_disclosure_column_keeps_its_fixed_structure(cluster):
    check = DisclosureStructureCheck()
    assert result(check, cluster, cluster.edu).status is Status.PASS

    rules = column(cluster.edu, "gkzd")
    rules.unpublish()
    breach = result(check, cluster, cluster.edu)
    assert breach.status is Status.FAIL
    assert [f.title for f in breach.findings] == ["缺少子栏目“政府信息公开制度”"]

    platform = column(cluster.health, "xxgk")
    platform.title = "信息公开"
    platform.save_revision().publish()
    assert [f.title for f in result(check, cluster, cluster.health).findings] == [
        "缺少“政府信息公开”一级栏目"
    ]

    rules.save_revision().publish()
    platform.title = "政府信息公开"
    platform.save_revision().publish()
    assert result(check, cluster, cluster.edu).status is Status.PASS
    assert result(check, cluster, cluster.health).status is Status.PASS


def test_r25_r29_items_missing_metadata_fail_until_completed(cluster):
    give_agency_codes(cluster)
    check = ItemMetadataCheck()
    item = publish_item(cluster.edu, "无概述的文件", summary="")
    assert item.index_number  # allocated on publication
    breach = result(check, cluster, cluster.edu)
    assert breach.status is Status.FAIL
    assert breach.findings[0].detail == "缺少或不规范：内容概述"

    DisclosureItem.objects.filter(pk=item.pk).update(document_number="北教发[2026]1号")
    assert (
        result(check, cluster, cluster.edu).findings[0].detail
        == "缺少或不规范：内容概述、文号格式"
    )

    DisclosureItem.objects.filter(pk=item.pk).update(
        summary="关于某事项的通知", document_number="北教发〔2026〕1号"
    )
    assert result(check, cluster, cluster.edu).status is Status.PASS


def test_r32_a_policy_needs_its_interpretation_within_three_working_days(cluster):
    give_agency_codes(cluster)
    check = InterpretationCheck()
    published = D(2026, 9, 29)  # Tuesday before National Day
    due = add_working_days(published, 3).date
    assert due == D(2026, 10, 9)  # 30 Sep, 9 Oct… the holiday does not count
    policy = publish_item(
        cluster.edu,
        "北疆市教育局关于规范办学行为的规定",
        document_kind=DocumentKind.NORMATIVE,
        publish_date=at(published),
    )
    # Before the deadline: a warning only.
    assert result(check, cluster, cluster.edu, D(2026, 10, 8)).status is Status.WARN
    breach = result(check, cluster, cluster.edu, D(2026, 10, 12))
    assert breach.status is Status.FAIL
    assert breach.findings[0].detail == "无政策解读（期限2026-10-09）"

    late = publish_item(
        cluster.edu,
        "《规定》政策解读",
        interprets=policy,
        publish_date=at(D(2026, 10, 12)),
    )
    assert (
        "晚于期限2026-10-09"
        in result(check, cluster, cluster.edu, D(2026, 10, 20)).findings[0].detail
    )

    late.publish_date = at(D(2026, 10, 9))
    late.save_revision().publish()
    assert result(check, cluster, cluster.edu, D(2026, 10, 20)).status is Status.PASS
    # Other kinds of items need no interpretation.
    publish_item(cluster.edu, "工作通知", publish_date=at(published))
    assert result(check, cluster, cluster.edu, D(2026, 10, 20)).status is Status.PASS


def new_case(site, submitted_on):
    data = {
        "applicant_type": "natural",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13912345678",
        "description": "申请公开某项政策文件",
        "delivery_form": "electronic",
        "delivery_channel": "email",
    }
    application, _code = casework.submit(site, data, uuid.uuid4())
    DisclosureApplication.objects.filter(pk=application.pk).update(
        submitted_at=at(submitted_on)
    )
    application.refresh_from_db()
    return application


def test_r38_r39_applications_past_their_deadline_fail(cluster, site_user):
    check = ApplicationDeadlineCheck()
    handler = site_user(cluster.edu, SiteRole.DISCLOSURE_HANDLER)
    case = casework.register(
        new_case(cluster.edu, D(2026, 9, 24)), handler, D(2026, 9, 24)
    )
    case.refresh_from_db()
    due = case.due_on
    assert (
        result(check, cluster, cluster.edu, due - datetime.timedelta(days=30)).status
        is Status.PASS
    )
    assert result(check, cluster, cluster.edu, due).status is Status.WARN
    breach = result(check, cluster, cluster.edu, due + datetime.timedelta(days=1))
    assert breach.status is Status.FAIL
    assert breach.findings[0].title == case.case_number
    assert breach.findings[0].detail == f"答复期限{due:%Y-%m-%d}"
    assert "张三" not in str(
        breach.findings
    )  # no personal data in a supervision report
    assert (
        result(check, cluster, cluster.health, due + datetime.timedelta(days=1)).status
        is Status.PASS
    )

    case = casework.start_review(case, handler)
    case = casework.start_handling(case, handler)
    casework.reply(case, handler, Outcome.GRANTED, "予以公开。", replied_on=due)
    assert (
        result(check, cluster, cluster.edu, due + datetime.timedelta(days=1)).status
        is Status.PASS
    )


def test_r45_annual_report_published_by_31_january_or_31_march(cluster, site_user):
    check = AnnualReportCheck()
    feb = D(2026, 2, 10)
    # A department is late after 31 January; the banner government has until 31 March.
    assert result(check, cluster, cluster.edu, feb).status is Status.FAIL
    assert result(check, cluster, cluster.banner, feb).status is Status.WARN

    admin = site_user(cluster.edu, SiteRole.SITE_ADMIN)
    report = annual_report.generate(cluster.edu, 2025, admin)
    report.problems = "依申请公开答复的规范性有待提高。"
    report.save()
    assert annual_report.publish(report, admin) == "submitted"  # R76: reviewed
    report.refresh_from_db()
    page = approve_in_workflow(
        report.page,
        site_user(cluster.edu, SiteRole.REVIEWER),
        site_user(cluster.edu, SiteRole.SITE_ADMIN, "edu-signer"),
    )
    page.first_published_at = at(D(2026, 1, 28))
    page.save(update_fields=["first_published_at"])
    assert result(check, cluster, cluster.edu, feb).status is Status.PASS

    page.first_published_at = at(D(2026, 2, 3))
    page.save(update_fields=["first_published_at"])
    late = result(check, cluster, cluster.edu, feb)
    assert late.status is Status.WARN
    assert late.findings[0].detail == "逾期发布（2026-02-03）"


def test_r72_the_website_report_counts_catalog_items_and_interpretations(cluster):
    from sites.compliance.website_report import computed_figures

    give_agency_codes(cluster)
    policy = publish_item(
        cluster.edu, "规范性文件", document_kind=DocumentKind.NORMATIVE,
        publish_date=at(D(2025, 3, 2)),
    )  # fmt: skip
    publish_item(cluster.edu, "解读", interprets=policy, publish_date=at(D(2025, 3, 3)))
    publish_item(cluster.edu, "上一年的文件", publish_date=at(D(2024, 12, 31)))
    publish_item(cluster.health, "别的单位的文件", publish_date=at(D(2025, 5, 1)))
    figures, computed = computed_figures(cluster.edu, 2025)
    assert figures["info_disclosure"] == 2
    assert figures["interpretation_total"] == 1
    assert {"info_disclosure", "interpretation_total"} <= computed
