"""Workflow e-mails leave after the commit (sites/workflow_mail.py): no SMTP
round trip inside a submit's or a review's transaction, none for a change that
rolled back (R76 review flow unchanged)."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from sites.models import ArticlePage
from sites.services.provisioning import SiteRole
from tests.conftest import article_form, column

from .test_review_workflow import act, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(cluster, site_user):
    site = cluster.banner
    found = {
        "editor": site_user(site, SiteRole.EDITOR, "mail-editor"),
        "reviewer": site_user(site, SiteRole.REVIEWER, "mail-reviewer"),
    }
    for name, user in found.items():
        user.email = f"{name}@byq.example.gov.cn"
        user.save(update_fields=["email"])
    return found


def test_review_mail_is_sent_only_once_the_change_is_committed(
    cluster, people, django_capture_on_commit_callbacks
):
    parent = column(cluster.banner, "tzgg")
    editor = logged_in(people["editor"])
    with django_capture_on_commit_callbacks() as callbacks:
        response = editor.post(
            reverse("wagtailadmin_pages:add", args=["sites", "articlepage", parent.pk]),
            article_form("关于草原防火的通告", **{"action-submit": "submit"}),
        )
        assert response.status_code == 302
        assert mail.outbox == []  # nothing sent while the transaction was open
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["reviewer@byq.example.gov.cn"]]

    page = ArticlePage.objects.child_of(parent).get(title="关于草原防火的通告")
    mail.outbox.clear()
    reviewer = logged_in(people["reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        assert act(reviewer, page, "reject", "请补充起止时间").status_code == 302
    assert [m.to for m in mail.outbox] == [["editor@byq.example.gov.cn"]]
    assert "关于草原防火的通告" in mail.outbox[0].subject


def test_a_change_that_rolls_back_sends_no_mail(
    cluster, people, django_capture_on_commit_callbacks
):
    parent = column(cluster.banner, "tzgg")
    editor = logged_in(people["editor"])
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        editor.post(
            reverse("wagtailadmin_pages:add", args=["sites", "articlepage", parent.pk]),
            article_form("撤回的通告", **{"action-submit": "submit"}),
        )
        raise RuntimeError("rolled back")
    assert callbacks == [] and mail.outbox == []
