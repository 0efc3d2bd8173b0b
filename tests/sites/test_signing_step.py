"""The 签发 step says 签发 (issue #17: "The 签发 step never says 签发"): on the
page editor the site admin signs with a button named 签发, the reviewer
approves the 审核 step with 批准."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from wagtail.models import Workflow

from sites.services.provisioning import SiteRole
from tests.conftest import add_article, column

pytestmark = pytest.mark.django_db


def footer_actions(user, page):
    client = Client()
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
    footer = BeautifulSoup(html, "html.parser").select_one("footer")
    return [b.get_text(strip=True) for b in footer.select("button")]


def test_review_says_approve_and_signing_says_sign(cluster, site_user):
    editor = site_user(cluster.edu, SiteRole.EDITOR, "w-editor")
    reviewer = site_user(cluster.edu, SiteRole.REVIEWER, "w-reviewer")
    admin = site_user(cluster.edu, SiteRole.SITE_ADMIN, "w-admin")
    article = add_article(column(cluster.edu, "gzdt"), "关于寒假安全的通知")
    article.save_revision(user=editor)
    state = Workflow.objects.get(name="北疆市教育局审核发布流程").start(article, editor)
    assert "批准" in footer_actions(reviewer, article)
    assert "签发" not in footer_actions(reviewer, article)

    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, "approve")
    actions = footer_actions(admin, article)
    # The last step publishes, and says so.
    assert "签发并发布" in actions and "带意见签发并发布" in actions
    assert not [a for a in actions if "批准" in a or " 和" in a]
