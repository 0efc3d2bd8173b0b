"""R1: the 网站标识码's division part checked to the prefecture/county level
against the shipped GB/T 2260 list (Inner Mongolia), and within the parent
site's division; fictional codes pass only when the cluster declares them."""

import pytest
from django.urls import reverse

from sites.compliance.base import Status
from sites.compliance.division_check import SiteCodeDivisionCheck
from sites.divisions import (
    division_problems,
    known_divisions,
    parse_local_divisions,
    shipped_divisions,
)
from sites.models import ClusterSettings, SiteProfile
from tests.sites.compliance.conftest import result

pytestmark = pytest.mark.django_db


def test_r1_the_shipped_list_is_inner_mongolia_to_the_county_level():
    divisions = shipped_divisions()
    prefectures = [d for d in divisions.values() if d.parent == "150000"]
    counties = [d for d in divisions.values() if d.parent not in ("", "150000")]
    assert divisions["150000"].name == "内蒙古自治区"
    assert len(prefectures) == 12 and len(counties) == 103
    assert {d.code[:2] for d in divisions.values()} == {"15"}
    assert divisions["152921"].name == "阿拉善左旗"
    assert divisions["152921"].parent == "152900"
    assert all(d.parent in divisions for d in counties)


def test_r1_division_rules():
    divisions = shipped_divisions()
    assert division_problems("1507840001", "1507000001", divisions) == []
    assert division_problems("1507000002", "1507000001", divisions) == []
    assert division_problems("bm00000001", None, divisions) == []
    # 150799 does not exist; 额尔古纳市 is not under 包头市.
    assert division_problems("1507990001", None, divisions) == [
        "网站标识码前6位 150799 不是有效的行政区划代码（GB/T 2260）"
    ]
    assert division_problems("1507840001", "1502000001", divisions) == [
        "网站标识码的行政区划 150784（额尔古纳市）不在上级网站的区划 150200（包头市）之内"
    ]
    # Another province is beyond the shipped list: not judged.
    assert division_problems("1101050001", None, divisions) is None


def test_r1_the_test_cluster_declares_its_fictional_prefecture_and_passes(cluster):
    for site in cluster.all:
        outcome = result(SiteCodeDivisionCheck(), cluster, site)
        assert outcome.status is Status.PASS, outcome.summary
    banner = result(SiteCodeDivisionCheck(), cluster, cluster.banner)
    assert "159921（白云旗）" in banner.summary


def test_r1_undeclared_fictional_codes_fail(cluster):
    settings = ClusterSettings.load()
    settings.local_divisions = ""
    settings.save()
    outcome = result(SiteCodeDivisionCheck(), cluster, cluster.edu)
    assert outcome.status is Status.FAIL
    assert outcome.findings[0].title == (
        "网站标识码前6位 159900 不是有效的行政区划代码（GB/T 2260）"
    )


def test_r1_a_banner_outside_its_parents_division_fails(cluster):
    ClusterSettings.objects.filter(pk=ClusterSettings.load().pk).update(
        local_divisions="159900 北疆市 150000\n159921 白云旗 159900"
    )
    portal = SiteProfile.objects.get(site=cluster.portal)
    portal.code = "1507000001"  # 呼伦贝尔市: 白云旗 (159921) is not under it
    portal.save()
    outcome = result(SiteCodeDivisionCheck(), cluster, cluster.banner)
    assert outcome.status is Status.FAIL
    assert "不在上级网站的区划 150700（呼伦贝尔市）之内" in outcome.findings[0].title
    assert result(SiteCodeDivisionCheck(), cluster, cluster.portal).status is (
        Status.PASS
    )


def test_r1_a_code_of_another_province_is_unmonitored(cluster):
    SiteProfile.objects.filter(site=cluster.portal).update(code="1101050001")
    outcome = result(SiteCodeDivisionCheck(), cluster, cluster.portal)
    assert outcome.status is Status.UNMONITORED
    assert "只收录内蒙古自治区" in outcome.summary


def test_r1_the_cluster_admin_declares_local_divisions_in_the_settings_form(
    client, cluster, roles
):
    client.force_login(roles["cluster_admin"])
    url = reverse(
        "wagtailsettings:edit",
        args=["sites", "clustersettings", ClusterSettings.load().pk],
    )
    form = {"cluster_name": "北疆市政府网站集约化平台", "mourning_mode": ""}
    response = client.post(url, {**form, "local_divisions": "159900 北疆市"})
    assert response.status_code == 200
    assert "第1行格式不正确" in response.content.decode()
    assert "159900 北疆市 150000" in ClusterSettings.load().local_divisions
    lines = "159900 北疆市 150000\n159930 银湖旗 159900"
    response = client.post(url, {**form, "local_divisions": lines})
    assert response.status_code == 302
    assert "159930" in known_divisions(ClusterSettings.load().local_divisions)


def test_r1_parse_reports_each_bad_line():
    divisions, errors = parse_local_divisions("159900 北疆市 150000\n\n１５９９ x y\n")
    assert list(divisions) == ["159900"]
    assert errors == [
        "第3行格式不正确：应为“6位代码 名称 6位上级代码”，如“159900 北疆市 150000”。"
    ]
