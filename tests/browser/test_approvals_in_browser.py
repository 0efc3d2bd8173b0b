"""办件公示 and 双公示 lists and details pass axe in a real browser (REQUIREMENTS R66;
R61–R64): the filter forms are labelled, the tables have headers, the notice of
a withdrawn decision is readable."""

import io

from demo.disclosure.approvals import seed_demo_approvals
from disclosure.models import ApprovalCase, Decision
from tests.browser.conftest import BROWSER_MARKS, url

pytestmark = BROWSER_MARKS
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
}


def test_approval_pages_pass_axe(live_server, live_cluster, browser_page):
    from axe_playwright_python.sync_playwright import Axe

    seed_demo_approvals({"edu": live_cluster.edu}, io.StringIO())
    case = ApprovalCase.objects.filter(site=live_cluster.edu).first()
    withdrawn = Decision.objects.get(site=live_cluster.edu, status="withdrawn")
    axe = Axe()
    page = browser_page
    paths = ["/zwfw/bjgs/", f"/zwfw/bjgs/{case.pk}/", "/xxgk/sgs/",
             f"/xxgk/sgs/{withdrawn.pk}/"]  # fmt: skip
    for site in (live_cluster.edu, live_cluster.portal):
        for path in paths:
            page.goto(url(live_server, site, path))
            results = axe.run(page, options=WCAG)
            assert results.violations_count == 0, f"{path}\n{results.generate_report()}"
    page.goto(url(live_server, live_cluster.edu, f"/xxgk/sgs/{withdrawn.pk}/"))
    assert page.get_by_role("heading", name="撤销公告").count() == 1
