"""R18: 人事信息 and 规划计划 columns have an item within the last 12 months."""

import pytest

from sites.compliance.base import Status
from sites.compliance.yearly_columns_check import YearlyColumnsCheck
from sites.models import ColumnPage, ColumnType
from tests.conftest import add_article
from tests.sites.compliance.conftest import result

pytestmark = pytest.mark.django_db


def _column(site, title, slug, column_type):
    home = site.root_page.specific
    page = ColumnPage(title=title, slug=slug, column_type=column_type)
    home.add_child(instance=page)
    return page


def test_r18_a_personnel_column_silent_for_more_than_a_year_fails(cluster):
    personnel = _column(cluster.edu, "人事信息", "rsxx", ColumnType.PERSONNEL)
    add_article(personnel, "干部任前公示", days_ago=400)
    outcome = result(YearlyColumnsCheck(), cluster, cluster.edu)
    assert outcome.status is Status.FAIL
    assert outcome.findings[0].title == "人事信息"
    assert "12个月内未更新" in outcome.findings[0].detail
    assert outcome.findings[0].url.endswith("/rsxx/")
    add_article(personnel, "公开招聘公告", days_ago=30)
    assert result(YearlyColumnsCheck(), cluster, cluster.edu).status is Status.PASS


def test_r18_an_empty_plan_column_fails_and_other_sites_pass(cluster):
    _column(cluster.health, "规划计划", "ghjh", ColumnType.PLAN)
    outcome = result(YearlyColumnsCheck(), cluster, cluster.health)
    assert (
        outcome.status is Status.FAIL and "从未发布信息" in outcome.findings[0].detail
    )
    assert result(YearlyColumnsCheck(), cluster, cluster.portal).status is Status.PASS
