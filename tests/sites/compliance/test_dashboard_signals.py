"""网站监管 as the supervisor reads it (issue #17 item 6): verdicts and red/yellow
lights in colour *and* text, a 30-day score trend per site drawn from the stored
runs, rule text folded away, actions that wrap as whole buttons."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from sites.compliance.runner import run_checks
from sites.models import ComplianceRun, SiteScore

pytestmark = pytest.mark.django_db
DASHBOARD = "/admin/supervision/"


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_verdicts_and_lights_carry_text_and_colour(cluster, client, roles):
    run = run_checks(sites=cluster.all)
    client.force_login(roles["supervisor"])
    soup = soup_of(client.get(DASHBOARD))
    assert soup.select_one('link[href$="sites/admin/cluster_admin.css"]')
    for score in SiteScore.objects.filter(run=run):
        row = soup.select_one(f'tr.site-row[data-site="{score.site_id}"]')
        signal = row.select_one(".verdict .cluster-signal")
        expected = "不合格" if score.verdict == "fail" else "合格"
        assert signal.get_text(strip=True) == expected
        assert f"cluster-signal--{score.verdict}" in signal["class"]
        red = row.select_one(".fails .cluster-signal--red")
        if score.fail_count:
            assert red.get_text(strip=True) == f"红灯 {score.fail_count}"
        else:
            assert red is None and row.select_one(".fails").get_text() == "0"
    actions = soup.select_one(".compliance-actions")
    # Every action (run, export, the supervision pages apps link) is a whole button.
    buttons = actions.select(".button")
    assert len(buttons) >= 3 and len(buttons) == len(actions.select("a, button"))


def test_each_site_has_a_30_day_trend_from_the_stored_runs(cluster, client, roles):
    old = run_checks(sites=cluster.all)
    # A run older than 30 days stays out of the trend.
    ComplianceRun.objects.filter(pk=old.pk).update(
        started_at=old.started_at - datetime.timedelta(days=40)
    )
    run_checks(sites=cluster.all)
    latest = run_checks(sites=cluster.all)
    client.force_login(roles["supervisor"])
    soup = soup_of(client.get(DASHBOARD))
    for row in soup.select("tr.site-row"):
        svg = row.select_one(".trend svg")
        assert svg["role"] == "img" and svg["aria-label"].startswith("近30天得分趋势")
        assert "2次检查" in svg["aria-label"]
        assert len(svg.select("circle")) == 2
    edu = SiteScore.objects.get(run=latest, site=cluster.edu)
    detail = soup_of(
        client.get(reverse("sites_compliance_site", args=[cluster.edu.pk]))
    )
    trend = detail.select_one(".site-trend svg")
    assert f"最近{edu.score}分" in trend["aria-label"]
    # The rule text is there, folded under 评分规则.
    rules = detail.select("section.outcome details.rule")
    assert rules and all(d.summary.get_text() == "评分规则" for d in rules)
    assert not detail.select("section.outcome > p.help-text")
    status = detail.select_one("section.outcome .status")
    assert "cluster-signal" in status["class"] and status.get_text(strip=True)
