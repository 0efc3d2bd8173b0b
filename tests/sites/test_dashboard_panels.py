"""工作台: each role's dashboard lists its own work (issue #17 item 3), scoped
to its own sites, in a number of queries that does not grow with the items."""

import datetime
import io
import uuid

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sites.compliance.runner import run_checks
from sites.models import ArticlePage
from sites.services.provisioning import SiteRole
from sites.services.roles import SUPERVISOR
from tests.conftest import add_article, approve_in_workflow, column

pytestmark = pytest.mark.django_db
HOME = "/admin/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def panel(client, name):
    """The rows of one dashboard panel as text, or None when it is not shown."""
    soup = BeautifulSoup(client.get(HOME).content, "html.parser")
    section = soup.find(id=name) or soup.find(id=f"{name}-section")
    if section is None:
        heading = soup.find(id=f"{name}-heading")
        section = heading.find_parent("section") if heading else None
    if section is None:
        return None
    return [tr.get_text(" ", strip=True) for tr in section.select("tr")] or [
        section.get_text(" ", strip=True)
    ]


def queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(HOME).status_code == 200
    return len(ctx.captured_queries)


def draft(site, title, user):
    article = add_article(column(site, "gzdt"), title)
    article.title = f"{title}（修改中）"
    article.save_revision(user=user)
    return ArticlePage.objects.get(pk=article.pk)


def test_the_editor_sees_drafts_returned_items_and_submissions(cluster, site_user):
    editor = site_user(cluster.edu, SiteRole.EDITOR, "edu-editor")
    client = logged_in(editor)
    draft(cluster.edu, "草稿0", editor)
    queries(client)  # the first request after a change warms the session
    one = queries(client)
    for n in range(1, 4):
        draft(cluster.edu, f"草稿{n}", editor)
    draft(cluster.health, "卫健委的草稿", site_user(cluster.health, SiteRole.EDITOR))
    rows = panel(client, "cluster_my_drafts")
    assert len(rows) == 4 and all("草稿" in r and "修改中" in r for r in rows)
    assert not any("卫健委" in r for r in rows)
    assert queries(client) == one  # four drafts cost what one did

    # Returned for changes by the reviewer.
    page = ArticlePage.objects.get(title="草稿0")  # the live title
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    reviewer = site_user(cluster.edu, SiteRole.REVIEWER, "edu-reviewer")
    from wagtail.models import TaskState

    state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status="in_progress"
    ).specific
    state.task.specific.on_action(state, reviewer, "reject")
    returned = panel(client, "cluster_returned")
    assert len(returned) == 1 and "草稿0" in returned[0] and "审核退回" in returned[0]

    # 报送 sent and their status.
    live = add_article(column(cluster.edu, "gzdt"), "全市中小学开展冬季安全教育")
    client.post(
        reverse("sites_syndication_submit", args=[live.pk]),
        {"column": column(cluster.portal, "gzdt").pk},
    )
    sent = panel(client, "cluster_syndication")
    assert "全市中小学开展冬季安全教育" in sent[0] and "待采用" in sent[0]
    assert "北疆市人民政府" in sent[0]


def test_reviewer_and_site_admin_see_what_awaits_their_review_and_signing(
    cluster, site_user
):
    editor = site_user(cluster.edu, SiteRole.EDITOR, "edu-editor")
    reviewer = logged_in(site_user(cluster.edu, SiteRole.REVIEWER, "edu-reviewer"))
    signer_user = site_user(cluster.edu, SiteRole.SITE_ADMIN, "edu-signer")
    signer = logged_in(signer_user)
    pages = []
    for n in range(3):
        pages.append(draft(cluster.edu, f"待审稿件{n}", editor))
        pages[-1].get_workflow().start(pages[-1], editor)
        if n == 0:
            queries(reviewer)
            one = queries(reviewer)
    rows = panel(reviewer, "cluster_awaiting_review")
    assert len(rows) == 3 and all("待审核" in r for r in rows)
    assert queries(reviewer) == one  # three items cost what one did
    # After 审核, the item waits for 签发 by the site admin, not the reviewer.
    approve_in_workflow(pages[0], site_user(cluster.edu, SiteRole.REVIEWER, "r2"))
    signing = panel(signer, "cluster_awaiting_review")
    assert any("待审稿件0" in r and "待签发" in r for r in signing)
    assert not any("待审稿件0" in r for r in panel(reviewer, "cluster_awaiting_review"))
    # Nobody else's site.
    other = logged_in(site_user(cluster.health, SiteRole.REVIEWER, "health-reviewer"))
    assert not any("待审稿件" in r for r in panel(other, "cluster_awaiting_review"))
    # The site admin's checklist of what the site lacks.
    checklist = panel(signer, "cluster_site_checklist")
    assert any("网站标志" in r and "待完善" in r for r in checklist)


def test_letter_and_disclosure_handlers_see_their_cases_by_alarm(cluster, site_user):
    from demo.disclosure.applications import seed_demo_applications
    from interaction.models import Letter
    from interaction.services import letter_workflow as workflow
    from interaction.services.mailboxes import ensure_default_mailbox

    mailbox = ensure_default_mailbox(cluster.edu)
    category = mailbox.categories.order_by("sort_order").first()
    for n in range(3):
        letter, _ = workflow.submit(mailbox, category, {
            "subject": f"关于校车接送的咨询{n}", "content": "请问校车何时开通？",
            "name": "王小明", "phone": "13900001111", "email": "", "id_number": "",
            "address": "北疆市幸福路1号", "may_publish": False,
        }, uuid.uuid4())  # fmt: skip
    # One of them long overdue: red.
    Letter.objects.filter(pk=letter.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    handler = logged_in(site_user(cluster.edu, SiteRole.LETTER_HANDLER, "edu-letters"))
    waiting = panel(handler, "interaction_letters_to_accept")
    assert len(waiting) == 3 and all("校车" in r for r in waiting)
    alarms = panel(handler, "interaction_letter_alarms")
    assert "关于校车接送的咨询2" in alarms[0] and "红灯" in alarms[0]
    assert "王小明" not in " ".join(waiting + alarms)

    seed_demo_applications({"edu": cluster.edu}, io.StringIO())
    clerk = logged_in(site_user(cluster.edu, SiteRole.DISCLOSURE_HANDLER, "edu-ysq"))
    cases = panel(clerk, "disclosure_application_alarms")
    assert any("红灯" in r for r in cases) and any("黄灯" in r for r in cases)
    # Not the letter desk's panels, nor the editor's.
    assert panel(clerk, "interaction_letters_to_accept") is None
    assert panel(clerk, "cluster_my_drafts") is None


def test_the_supervisor_sees_the_red_lights(cluster, make_user):
    run_checks(sites=cluster.all)
    supervisor = logged_in(make_user("jd", Group.objects.get(name=SUPERVISOR)))
    rows = panel(supervisor, "cluster_red_lights")
    assert rows and all("红灯" in r or "不合格" in r for r in rows)
    assert panel(supervisor, "cluster_my_drafts") is None
