"""Review before publishing: 审核 then 签发, nobody approves their own work
(issue #3 item 3; REQUIREMENTS R76)."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from sites.models import ArticlePage
from sites.services.provisioning import SiteRole
from tests.conftest import article_form, column

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def current_task_state(page):
    return TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )


def act(client, page, action, comment=""):
    state = current_task_state(page)
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk]),
        {"comment": comment},
    )


@pytest.fixture
def people(cluster, site_user):
    site = cluster.banner
    return {
        "editor": site_user(site, SiteRole.EDITOR, "byq-editor"),
        "reviewer": site_user(site, SiteRole.REVIEWER, "byq-reviewer"),
        "signer": site_user(site, SiteRole.SITE_ADMIN, "byq-signer"),
    }


def test_submit_reject_resubmit_approve_sign_off_publish(cluster, people):
    parent = column(cluster.banner, "tzgg")
    editor = logged_in(people["editor"])
    response = editor.post(
        reverse("wagtailadmin_pages:add", args=["sites", "articlepage", parent.pk]),
        article_form("关于草原防火期野外用火的通告", **{"action-submit": "submit"}),
    )
    assert response.status_code == 302
    page = ArticlePage.objects.child_of(parent).get(
        title="关于草原防火期野外用火的通告"
    )
    assert not page.live
    assert current_task_state(page).task.name.endswith("·审核")

    reviewer = logged_in(people["reviewer"])
    assert act(reviewer, page, "reject", "请补充防火期起止时间").status_code == 302
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = TaskState.objects.filter(
        workflow_state=state, status=TaskState.STATUS_REJECTED
    ).get()
    assert rejected.get_comment() == "请补充防火期起止时间"

    response = editor.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        article_form("关于草原防火期野外用火的通告", **{"action-submit": "submit"}),
    )
    assert response.status_code == 302
    assert act(reviewer, page, "approve").status_code == 302
    page.refresh_from_db()
    assert not page.live  # approved by 审核, still waiting for 签发
    assert current_task_state(page).task.name.endswith("·签发")

    # The reviewer is not a 签发 approver.
    assert act(reviewer, page, "approve").status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live

    signer = logged_in(people["signer"])
    assert act(signer, page, "approve").status_code == 302
    page.refresh_from_db()
    assert page.live
    logged = set(
        PageLogEntry.objects.filter(page=page).values_list("action", flat=True)
    )
    assert {"wagtail.workflow.start", "wagtail.workflow.reject", "wagtail.workflow.approve",
            "wagtail.publish"} <= logged  # fmt: skip


def test_nobody_approves_what_they_submitted(cluster, people):
    """R76: a site admin who writes and submits an article cannot approve it."""
    parent = column(cluster.banner, "gzdt")
    signer = logged_in(people["signer"])
    signer.post(
        reverse("wagtailadmin_pages:add", args=["sites", "articlepage", parent.pk]),
        article_form("白云旗召开牧区工作会议", **{"action-submit": "submit"}),
    )
    page = ArticlePage.objects.child_of(parent).get(title="白云旗召开牧区工作会议")
    response = act(signer, page, "approve")
    assert response.status_code in (302, 403)
    assert current_task_state(page).task.name.endswith("·审核")  # not moved on
    task = current_task_state(page).task.specific
    assert task.get_actions(page, people["signer"]) == []
    assert task.get_actions(page, people["reviewer"])  # somebody else can


def test_scheduled_publish_happens_on_time(cluster, people):
    parent = column(cluster.banner, "tzgg")
    go_live = timezone.localtime() + datetime.timedelta(hours=2)
    editor = logged_in(people["editor"])
    editor.post(
        reverse("wagtailadmin_pages:add", args=["sites", "articlepage", parent.pk]),
        article_form(
            "关于春节假期值班安排的通知",
            go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
            **{"action-submit": "submit"},
        ),
    )
    page = ArticlePage.objects.child_of(parent).get(title="关于春节假期值班安排的通知")
    act(logged_in(people["reviewer"]), page, "approve")
    act(logged_in(people["signer"]), page, "approve")
    page.refresh_from_db()
    assert not page.live
    revision = page.get_latest_revision()
    assert revision.approved_go_live_at is not None

    call_command("publish_scheduled")  # before the time: nothing happens
    page.refresh_from_db()
    assert not page.live

    # Let the clock pass the scheduled time: move it back on the approved revision.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")  # the time has come
    page.refresh_from_db()
    assert page.live
