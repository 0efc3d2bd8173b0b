"""R2: hosts under .gov.cn, a member site's host under its parent's domain; the
demo's .localhost hosts are exempted explicitly and the result says so."""

import pytest

from sites.compliance.base import Status
from sites.compliance.domains import registrable_domain
from sites.compliance.hostname_check import HostnameCheck
from tests.sites.compliance.conftest import result

pytestmark = pytest.mark.django_db


def test_r2_registrable_domains():
    assert registrable_domain("www.bj.gov.cn") == "bj.gov.cn"
    assert registrable_domain("jyj.bj.example.gov.cn") == "example.gov.cn"
    assert registrable_domain("a.b.example.com") == "example.com"
    assert registrable_domain("127.0.0.1") == "127.0.0.1"


def test_r2_the_test_cluster_passes(cluster):
    for site in cluster.all:
        assert result(HostnameCheck(), cluster, site).status is Status.PASS


def test_r2_a_host_outside_gov_cn_and_outside_the_parent_domain_fails(cluster):
    edu = cluster.edu
    edu.hostname = "jyj.example.com"
    edu.save()
    outcome = result(HostnameCheck(), cluster, edu)
    assert outcome.status is Status.FAIL
    titles = [f.title for f in outcome.findings]
    assert "域名 jyj.example.com 不是 .gov.cn 或 .政务 域名" in titles
    assert "域名 jyj.example.com 不在上级网站的域名 example.gov.cn 之下" in titles
    edu.hostname = "jyj.other.gov.cn"
    edu.save()
    outcome = result(HostnameCheck(), cluster, edu)
    assert outcome.status is Status.FAIL and len(outcome.findings) == 1


def test_r2_the_demo_exemption_is_explicit_and_shown(cluster, settings):
    edu = cluster.edu
    edu.hostname = "jyj.bj.localhost"
    edu.save()
    outcome = result(HostnameCheck(), cluster, edu)
    assert outcome.status is Status.PASS and "豁免" in outcome.summary
    settings.COMPLIANCE_HOSTNAME_EXEMPT_SUFFIXES = ()
    assert result(HostnameCheck(), cluster, edu).status is Status.FAIL
