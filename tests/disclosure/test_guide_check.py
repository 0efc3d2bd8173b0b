"""R24: the 公开指南 is complete (Art. 12) and its freshness is judged by its
latest publication, not its first."""

import datetime

import pytest
from django.utils import timezone

from disclosure.guide.compliance import GuideCheck
from disclosure.guide.services import guide_for_site
from sites.compliance.base import Status
from tests.sites.compliance.conftest import result

pytestmark = pytest.mark.django_db


def _complete(guide):
    guide.fax = "0471-1234567"
    guide.office_address = "北疆市人民路1号"
    guide.phone = "0471-7654321"
    guide.save_revision().publish()


def test_r24_a_guide_without_fax_is_incomplete(cluster):
    guide = guide_for_site(cluster.edu)
    guide.fax = ""
    guide.save_revision().publish()
    outcome = result(GuideCheck(), cluster, cluster.edu)
    assert outcome.status is Status.FAIL
    assert "传真号码" in outcome.findings[0].detail
    _complete(guide)
    assert result(GuideCheck(), cluster, cluster.edu).status is Status.PASS


def test_r24_freshness_follows_the_latest_publication_not_the_first(cluster):
    guide = guide_for_site(cluster.edu)
    _complete(guide)
    long_ago = timezone.now() - datetime.timedelta(days=500)
    type(guide).objects.filter(pk=guide.pk).update(
        first_published_at=long_ago, last_published_at=long_ago
    )
    outcome = result(GuideCheck(), cluster, cluster.edu)
    assert outcome.status is Status.FAIL and "超过12个月未更新" in outcome.summary
    guide.refresh_from_db()
    guide.save_revision().publish()  # reviewed and re-published today
    guide.refresh_from_db()
    assert guide.first_published_at < timezone.now() - datetime.timedelta(days=400)
    assert result(GuideCheck(), cluster, cluster.edu).status is Status.PASS


def test_r24_a_site_without_a_guide_fails(cluster):
    guide_for_site(cluster.health).unpublish()
    outcome = result(GuideCheck(), cluster, cluster.health)
    assert outcome.status is Status.FAIL and "未发布政府信息公开指南" in outcome.summary
