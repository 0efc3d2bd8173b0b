"""R59: an 在线访谈's preview goes public ahead of the interview and its 文字实录
after it, within the platform's terms (24 hours ahead, 3 working days after by
default); the dashboard lists each late interview."""

import datetime

import pytest
from django.utils import timezone

from interaction.compliance import InterviewTiming
from interaction.models import InterviewPage
from sites.compliance import Status
from sites.services.workdays import add_working_days
from tests.conftest import column
from tests.sites.compliance.conftest import result

pytestmark = pytest.mark.django_db

TRANSCRIPT = [("paragraph", "<p>主持人：各位网友好。</p>")]


def interview(cluster, starts_in_days, **fields):
    now = timezone.now()
    page = InterviewPage(
        title=fields.pop("title", "聚焦城市停车难"),
        guests="北疆市交通运输局局长",
        starts_at=now + datetime.timedelta(days=starts_in_days),
        ends_at=now + datetime.timedelta(days=starts_in_days, hours=2),
        **fields,
    )
    column(cluster.portal, "zxft").add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def backdate(page, **fields):
    InterviewPage.objects.filter(pk=page.pk).update(**fields)


def test_r59_publishing_a_transcript_stamps_its_time(cluster):
    page = interview(cluster, 2)
    assert page.transcript_published_at is None
    page.transcript = TRANSCRIPT
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.transcript_published_at is not None
    stamped = page.transcript_published_at
    page.title = "聚焦城市停车难（更正）"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.transcript_published_at == stamped  # the first publication counts


def test_r59_a_timely_interview_passes(cluster):
    page = interview(cluster, -4, transcript=TRANSCRIPT)
    backdate(
        page,
        first_published_at=page.starts_at - datetime.timedelta(days=3),
        transcript_published_at=page.ends_at + datetime.timedelta(hours=20),
    )
    assert result(InterviewTiming(), cluster, cluster.portal).status is Status.PASS
    # An upcoming interview whose preview is already up passes too.
    interview(cluster, 3, title="即将开始的访谈")
    assert result(InterviewTiming(), cluster, cluster.portal).status is Status.PASS


def test_r59_a_late_preview_and_a_missing_or_late_transcript_are_listed(cluster):
    late_preview = interview(cluster, -10, title="预告晚了", transcript=TRANSCRIPT)
    backdate(
        late_preview,
        first_published_at=late_preview.starts_at - datetime.timedelta(hours=2),
        transcript_published_at=late_preview.ends_at + datetime.timedelta(hours=3),
    )
    missing = interview(cluster, -10, title="没有实录")
    backdate(missing, first_published_at=missing.starts_at - datetime.timedelta(days=2))
    late = interview(cluster, -20, title="实录晚了", transcript=TRANSCRIPT)
    backdate(
        late,
        first_published_at=late.starts_at - datetime.timedelta(days=2),
        transcript_published_at=late.ends_at + datetime.timedelta(days=12),
    )
    outcome = result(InterviewTiming(), cluster, cluster.portal)
    assert outcome.status is Status.FAIL
    found = {f.title: f.detail for f in outcome.findings}
    assert set(found) == {"预告晚了", "没有实录", "实录晚了"}
    assert found["预告晚了"].startswith("预告应在访谈开始（")
    assert "前24小时发布" in found["预告晚了"]
    due = add_working_days(timezone.localtime(missing.ends_at).date(), 3).date
    assert found["没有实录"] == f"文字实录应于{due:%Y-%m-%d}前发布，至今未发布"
    assert "实际发布于" in found["实录晚了"]
    assert outcome.findings[0].url.endswith("/edit/")
    # Other sites are not charged with the portal's interviews.
    assert result(InterviewTiming(), cluster, cluster.edu).status is Status.PASS


def test_r59_the_terms_are_settings(cluster, settings):
    page = interview(cluster, -4, transcript=TRANSCRIPT)
    backdate(
        page,
        first_published_at=page.starts_at - datetime.timedelta(hours=30),
        transcript_published_at=page.ends_at + datetime.timedelta(hours=20),
    )
    assert result(InterviewTiming(), cluster, cluster.portal).status is Status.PASS
    settings.INTERVIEW_PREVIEW_LEAD_HOURS = 48
    assert result(InterviewTiming(), cluster, cluster.portal).status is Status.FAIL


def test_r59_the_check_costs_a_fixed_number_of_queries(
    cluster, django_assert_max_num_queries
):
    for n in range(3):
        interview(cluster, -3 - n, title=f"访谈{n}", transcript=TRANSCRIPT)
    with django_assert_max_num_queries(4):
        InterviewTiming().run(cluster.all, timezone.localdate())
