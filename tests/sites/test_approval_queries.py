"""The 签发 approval request, as the browser sends it from the page editor
(issue 15: publish → visible ≤ 2 s from the click; R76 review before publishing).

The approval is the publish: everything before its commit delays every
dependent page. Its queries are counted with static output and the tamper
recorder on, as in production; the bound fails on the count before issue 15's
cuts (175 on PostgreSQL; 158 after them on both databases). After the commit
the request renders nothing and waits for nothing: the static writer records
the tamper baseline (sites/static_output/handover.py)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from sites.integrity.models import PublishedHash
from sites.models import ArticlePage
from sites.services.proofing import page_text, revision_text
from sites.services.provisioning import SiteRole
from tests.conftest import article_form, column

pytestmark = pytest.mark.django_db

# Before the cuts: 175 on PostgreSQL, with the static files and the tamper
# recorder on; 158 after them (PostgreSQL and SQLite).
APPROVAL_QUERIES = 165
AFTER_COMMIT_QUERIES = 25


@pytest.fixture
def production_like(settings, tmp_path):
    settings.STATIC_PAGES_ROOT = str(tmp_path / "pages")
    settings.STATIC_PAGES_ON_COMMIT = "off"  # the standing writer, elsewhere
    settings.SEARCH_QUEUE_ON_COMMIT = "worker"
    settings.INTEGRITY_RECORD_ON_COMMIT = True


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def editor_form(client, page):
    """What the browser submits from the page editor, unchanged: the form's own
    fields, and the body as the StreamField widget sends it."""
    data = querydict_from_html(
        client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).text,
        form_id="page-edit-form",
    ).dict()
    data = {k: v for k, v in data.items() if "__prefix__" not in k}  # <template>s
    blocks = list(page.body)
    data.update(
        nested_form_data(
            {
                "body": streamfield(
                    [(b.block_type, rich_text(b.value.source)) for b in blocks]
                )
            }
        )
    )
    data.update({f"body-{i}-id": b.id for i, b in enumerate(blocks)})
    return data


@pytest.fixture
def awaiting_signoff(cluster, site_user):
    """An article the editor wrote and submitted in the admin, 审核 approved."""
    site = cluster.edu
    editor = site_user(site, SiteRole.EDITOR, "q-editor")
    reviewer = site_user(site, SiteRole.REVIEWER, "q-reviewer")
    signer = site_user(site, SiteRole.SITE_ADMIN, "q-signer")
    news = column(site, "gzdt")
    response = logged_in(editor).post(
        reverse("wagtailadmin_pages:add", args=["sites", "articlepage", news.pk]),
        article_form("教育局关于秋季学期开学的通知", **{"action-submit": "submit"}),
    )
    assert response.status_code == 302
    page = ArticlePage.objects.child_of(news).get(title="教育局关于秋季学期开学的通知")
    state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    ).specific
    state.task.specific.on_action(state, reviewer, "approve")
    return page.specific, signer


def test_the_signoff_approval_stays_within_its_query_budget(
    production_like, awaiting_signoff, django_capture_on_commit_callbacks
):
    page, signer = awaiting_signoff
    client = logged_in(signer)
    data = editor_form(client, ArticlePage.objects.get(pk=page.pk))
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
    revisions = page.revisions.count()
    renders = []

    def rendered(sender, template, context, **kwargs):
        current = context.get("page") if context else None
        if current is not None and current.pk == page.pk:
            renders.append(template.name)

    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        CaptureQueriesContext(connection) as before_commit,
    ):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    assert page.revisions.count() == revisions  # an unchanged form adds none
    published = ArticlePage.objects.get(pk=page.pk)
    assert published.live and published.title == "教育局关于秋季学期开学的通知"
    assert len(before_commit) <= APPROVAL_QUERIES, len(before_commit)

    # After the commit: no page rendered, nothing waited for.
    template_rendered.connect(rendered)
    try:
        with CaptureQueriesContext(connection) as after_commit:
            for callback in callbacks:
                callback()
    finally:
        template_rendered.disconnect(rendered)
    assert renders == []  # before: up to 3 s waiting for the writer, then renders
    assert len(after_commit) <= AFTER_COMMIT_QUERIES, len(after_commit)
    # The tamper records of the page and the pages showing it wait for the writer.
    pending = PublishedHash.objects.filter(page_id=page.pk, sha256="")
    assert pending.count() == 1


def test_the_proofing_text_of_a_revision_is_the_text_of_its_page(awaiting_signoff):
    """The 错敏字 check reads a revision's stored content instead of building the
    page from it (six queries, twice per approval): the same text either way."""
    page, _ = awaiting_signoff
    revision = page.get_latest_revision()
    assert "秋季学期开学" in revision_text(revision)
    assert revision_text(revision) == page_text(revision.as_object())
