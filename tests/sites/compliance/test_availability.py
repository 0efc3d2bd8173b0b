"""The availability monitor (R11, R14, R15) against a real HTTP server on loopback.

The portal is pointed at a threaded ``http.server`` (host ``www.bj.localhost``,
the demo's loopback exemption); the server answers, errors or stalls past the
probe's timeout as each test tells it to."""

import datetime
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone

from sites.compliance.availability import probe
from sites.compliance.availability_check import AvailabilityCheck, chart
from sites.compliance.base import Status
from sites.models import AvailabilityProbe, TransportProbe
from tests.sites.compliance.conftest import result

pytestmark = pytest.mark.django_db

TIMEOUT = 0.5


class Target(BaseHTTPRequestHandler):
    mode = "ok"  # "ok", "error" (HTTP 500) or "slow" (answers after the timeout)
    hits: list = []

    def do_GET(self):
        Target.hits.append(self.path)
        if Target.mode == "slow":
            time.sleep(TIMEOUT * 3)
        status = 500 if Target.mode == "error" else 200
        body = "<html><body>北疆市人民政府</body></html>".encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def served_portal(cluster):
    Target.mode, Target.hits = "ok", []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Target)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    portal = cluster.portal
    portal.hostname, portal.port = "www.bj.localhost", httpd.server_port
    portal.save()
    yield portal
    httpd.shutdown()
    httpd.server_close()


def rounds(site, n, mode):
    Target.mode = mode
    for _ in range(n):
        probe([site], timeout=TIMEOUT, columns=0)


def status(cluster, site, today=None):
    return result(AvailabilityCheck(), cluster, site, today)


def test_r11_a_day_with_5_percent_failed_home_probes_is_red_and_recovery_green(
    cluster, served_portal
):
    portal = served_portal
    rounds(portal, 18, "ok")
    rounds(portal, 1, "slow")  # a timeout
    rounds(portal, 1, "error")  # an HTTP 500
    assert AvailabilityProbe.objects.filter(site=portal, is_home=True).count() == 20
    outcome = status(cluster, portal)
    assert outcome.status is Status.FAIL  # 2 of 20 = 10 % ≥ 5 %
    assert "探测20次，失败2次" in outcome.summary
    details = " ".join(f.detail for f in outcome.findings)
    assert "超时" in details and "HTTP 500" in details
    assert all(f.url.startswith("http://www.bj.localhost:") for f in outcome.findings)

    # The next day the site answers every probe: no longer red, but the 7-day
    # share (2 of 40 = 5 %) still approaches the threshold.
    AvailabilityProbe.objects.update(
        probed_at=timezone.now() - datetime.timedelta(days=1)
    )
    rounds(portal, 20, "ok")
    assert status(cluster, portal).status is Status.WARN
    # Once the bad day is out of the 7-day window the site is green.
    AvailabilityProbe.objects.filter(ok=False).update(
        probed_at=timezone.now() - datetime.timedelta(days=8)
    )
    assert status(cluster, portal).status is Status.PASS


def test_r11_one_failure_in_more_than_20_probes_stays_below_the_veto(
    cluster, served_portal
):
    rounds(served_portal, 20, "ok")
    rounds(served_portal, 1, "error")
    outcome = status(cluster, served_portal)
    assert outcome.status is Status.WARN  # 1 of 21 = 4.8 %: approaching, not veto


def test_a_site_without_probes_is_unmonitored_not_red(cluster):
    outcome = status(cluster, cluster.edu)
    assert outcome.status is Status.UNMONITORED and "未监测" in outcome.summary


def test_columns_are_sampled_and_the_demo_host_is_not_judged_on_https(
    cluster, served_portal
):
    probe([served_portal], timeout=TIMEOUT, columns=2)
    urls = list(AvailabilityProbe.objects.values_list("url", flat=True))
    assert len(urls) == 3
    assert len(set(Target.hits)) == 3  # the home page and two different columns
    transport = TransportProbe.objects.get()
    assert transport.measured is False  # a bare port on loopback: no HTTPS to judge


def test_the_command_spreads_rounds_over_the_day(cluster, served_portal, settings):
    settings.AVAILABILITY_PROBE_ADDRESSES = {}
    call_command("probe_sites", "--timeout", str(TIMEOUT), "--columns", "0")
    first = AvailabilityProbe.objects.filter(site=served_portal).count()
    assert first == 1
    # 20 a day: the next round of this site is due 72 minutes later, not now.
    call_command("probe_sites", "--timeout", str(TIMEOUT), "--columns", "0")
    assert AvailabilityProbe.objects.filter(site=served_portal).count() == first
    AvailabilityProbe.objects.update(
        probed_at=timezone.now() - datetime.timedelta(minutes=75)
    )
    call_command("probe_sites", "--timeout", str(TIMEOUT), "--columns", "0")
    assert AvailabilityProbe.objects.filter(site=served_portal).count() == first + 1


def test_chart_gives_30_days_with_share_text(cluster, served_portal):
    rounds(served_portal, 1, "error")
    days = chart(served_portal.pk, timezone.localdate())
    assert len(days) == 30
    assert days[-1]["percent"] == 100.0 and days[-1]["state"] == "fail"
    assert days[0]["state"] == "none"


def test_r11_site_page_shows_the_30_day_chart_in_colour_and_words(
    cluster, served_portal, client, roles
):
    from django.urls import reverse

    from sites.compliance.runner import run_checks

    rounds(served_portal, 1, "error")
    rounds(served_portal, 3, "ok")
    run_checks(sites=cluster.all)
    client.force_login(roles["supervisor"])
    html = client.get(reverse("sites_compliance_site", args=[served_portal.pk])).content
    html = html.decode()
    assert 'data-check="availability"' in html and "站点可访问性：<span" in html
    assert '<svg role="img"' in html and "近30天每日首页探测失败率" in html
    today = timezone.localdate()
    assert f"{today:%Y-%m-%d}：探测4次，失败1次（25.0%），不合格" in html
    assert html.count('fill="#bbbbbb"') == 29  # the days without probes: grey
    assert "未监测" in html
