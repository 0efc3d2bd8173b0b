"""Compliance checks of 政民互动 (hook ``cluster_compliance_checks``): each fails
on a seeded breach, passes once mended, and costs a fixed number of queries."""

import datetime
import uuid

import pytest
from django.utils import timezone

from interaction.compliance import (
    ConsultationFeedback,
    LettersOverdue,
    LettersReplyFreshness,
    LettersUnansweredThreeMonths,
)
from interaction.consultation_choices import DocumentType
from interaction.models import ConsultationPage, Letter
from interaction.services import letter_workflow as workflow
from sites.compliance import Indicator, Status, registered_checks

from ..conftest import column


def letter(cluster, site=None, **fields):
    mailbox = (site or cluster.portal).mailboxes.get()
    created, _ = workflow.submit(mailbox, mailbox.categories.first(), {
        "subject": "检查用信件", "content": "内容", "name": "李四", "phone": "13912345678",
        "may_publish": True,
    }, uuid.uuid4())  # fmt: skip
    if fields:
        Letter.objects.filter(pk=created.pk).update(**fields)
        created.refresh_from_db()
    return created


def test_the_checks_are_registered_through_the_hook(db):
    ids = {check.id for check in registered_checks()}
    assert {"letters_unanswered_3_months", "letters_overdue", "letters_reply_freshness",
            "consultation_feedback"} <= ids  # fmt: skip


def test_r53_veto_a_valid_letter_unanswered_for_three_months(cluster, people):
    check = LettersUnansweredThreeMonths()
    assert check.kind is Indicator.VETO
    today = timezone.localdate()
    old = letter(cluster, submitted_at=timezone.now() - datetime.timedelta(days=95),
                 status="handling", handling_site=cluster.edu)  # fmt: skip
    results = check.run(cluster.all, today)
    assert results[cluster.portal.pk].status is Status.FAIL
    assert results[cluster.edu.pk].status is Status.FAIL
    assert results[cluster.health.pk].status is Status.PASS
    assert old.case_number in results[cluster.edu.pk].findings[0].title
    # Invalid letters (refused, 信访) do not count.
    Letter.objects.filter(pk=old.pk).update(status="rejected")
    assert check.run(cluster.all, today)[cluster.portal.pk].status is Status.PASS
    # A reply after the three months still breaches within the year …
    Letter.objects.filter(pk=old.pk).update(status="closed", reviewed_at=timezone.now())
    assert check.run(cluster.all, today)[cluster.portal.pk].status is Status.FAIL
    # … one in time mends it.
    Letter.objects.filter(pk=old.pk).update(
        reviewed_at=timezone.now() - datetime.timedelta(days=80)
    )
    assert check.run(cluster.all, today)[cluster.portal.pk].status is Status.PASS


def test_r53_letters_past_their_deadline_deduct(cluster):
    check = LettersOverdue()
    today = timezone.localdate()
    late = letter(cluster, status="handling", handling_site=cluster.health,
                  due_on=today - datetime.timedelta(days=1))  # fmt: skip
    results = check.run(cluster.all, today)
    assert results[cluster.health.pk].status is Status.FAIL
    assert check.deduction(results[cluster.health.pk]) == check.points > 0
    assert results[cluster.portal.pk].status is Status.PASS
    # A reply awaiting 审核 has not gone out: the deadline still runs.
    Letter.objects.filter(pk=late.pk).update(
        status="replied", replied_at=timezone.now()
    )
    assert check.run(cluster.all, today)[cluster.health.pk].status is Status.FAIL
    Letter.objects.filter(pk=late.pk).update(
        status="closed", reviewed_at=timezone.now()
    )
    assert check.run(cluster.all, today)[cluster.health.pk].status is Status.PASS


def test_r55_a_reply_is_published_every_two_months(cluster):
    check = LettersReplyFreshness()
    today = timezone.localdate()
    published = letter(cluster, status="closed", is_published=True,
                       handling_site=cluster.edu, reply_site=cluster.edu,
                       published_at=timezone.now() - datetime.timedelta(days=70))  # fmt: skip
    assert check.run(cluster.all, today)[cluster.portal.pk].status is Status.FAIL
    Letter.objects.filter(pk=published.pk).update(published_at=timezone.now())
    results = check.run(cluster.all, today)
    assert results[cluster.portal.pk].status is Status.PASS
    assert results[cluster.edu.pk].status is Status.PASS
    assert results[cluster.banner.pk].status is Status.FAIL


def add_consultation(parent, closes_days_ago, **fields):
    now = timezone.now()
    page = ConsultationPage(
        title=fields.pop("title", "征求意见稿"),
        document_type=DocumentType.OTHER,
        opens_at=now - datetime.timedelta(days=closes_days_ago + 40),
        closes_at=now - datetime.timedelta(days=closes_days_ago),
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def test_r58_a_closed_consultation_without_feedback_is_flagged(cluster):
    check = ConsultationFeedback()
    today = timezone.localdate()
    page = add_consultation(column(cluster.edu, "yjzj"), closes_days_ago=31)
    recent = add_consultation(column(cluster.health, "yjzj"), closes_days_ago=5)
    results = check.run(cluster.all, today)
    assert results[cluster.edu.pk].status is Status.FAIL
    assert results[cluster.edu.pk].findings[0].title == page.title
    assert results[cluster.health.pk].status is Status.PASS  # still within 30 days
    assert results[cluster.portal.pk].status is Status.PASS
    page.feedback = "<p>共收到意见5条，采纳2条。</p>"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.feedback_published_at is not None
    assert check.run(cluster.all, today)[cluster.edu.pk].status is Status.PASS
    assert recent.feedback_published_at is None


@pytest.mark.parametrize(
    "check", [LettersUnansweredThreeMonths(), LettersOverdue(), LettersReplyFreshness(),
              ConsultationFeedback()], ids=lambda c: c.id,
)  # fmt: skip
def test_each_check_costs_a_fixed_number_of_queries(
    cluster, check, django_assert_max_num_queries
):
    today = timezone.localdate()
    for site in cluster.all:
        letter(cluster, site=site, status="handling", due_on=today - datetime.timedelta(days=3),
               submitted_at=timezone.now() - datetime.timedelta(days=100))  # fmt: skip
    with django_assert_max_num_queries(2):
        results = check.run(cluster.all, today)
    assert set(results) == {site.pk for site in cluster.all}
