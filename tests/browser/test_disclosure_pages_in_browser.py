"""The disclosure guide and a published annual report pass axe in a real browser
(REQUIREMENTS R66; R24, R46): their tables and headings are accessible."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from disclosure.annual_report import building as service
from disclosure.applications.case_terms import Outcome
from tests.browser.conftest import BROWSER_MARKS, url
from tests.disclosure.test_annual_report import make_case

pytestmark = BROWSER_MARKS
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
}


def test_guide_and_annual_report_pass_axe(live_server, live_cluster, browser_page):
    from axe_playwright_python.sync_playwright import Axe

    site = live_cluster.edu
    year = timezone.localdate().year - 1
    make_case(site, "natural", timezone.datetime(year, 3, 1).date(),
              timezone.datetime(year, 3, 9).date(), Outcome.GRANTED)  # fmt: skip
    admin = get_user_model().objects.create_superuser("axe-admin", password="x")
    report = service.generate(site, year, admin)
    report.problems = "主动公开的及时性有待提高。"
    report.save()
    service.publish(report, admin)
    report.refresh_from_db()
    call_command("seed_disclosure_guides", stdout=io.StringIO())

    axe = Axe()
    page = browser_page
    report_path = report.page.url_path[len(site.root_page.url_path) - 1 :]
    for path in ("/xxgk/gkzn/", report_path, "/xxgk/gknb/"):
        page.goto(url(live_server, site, path))
        results = axe.run(page, options=WCAG)
        assert results.violations_count == 0, f"{path}\n{results.generate_report()}"
    assert page.get_by_role("link", name=report.title).count() == 1
