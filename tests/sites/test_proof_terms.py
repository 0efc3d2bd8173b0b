"""错敏字 check (issue 13 item 4; REQUIREMENTS R78): a cluster-maintained list,
a warning on save, a block before publishing unless a reviewer overrides it
with a reason (audited), and a scan of everything published per site."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, TaskState

from sites.compliance.base import Status
from sites.models import ArticlePage, AuditEvent, ProofOverride, ProofTerm
from sites.proofing_admin import ProofTermsCheck
from sites.services.provisioning import SiteRole
from sites.services.roles import CLUSTER_ADMIN, SUPERVISOR
from tests.conftest import add_article, article_form, column

pytestmark = pytest.mark.django_db

WITH_TYPO = "<p>既使天气寒冷，各校也要按时开展冬季安全教育。</p>"
FIXED = "<p>即使天气寒冷，各校也要按时开展冬季安全教育。</p>"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def form_with_body(title, html, **extra):
    from wagtail.test.utils.form_data import rich_text, streamfield

    return article_form(
        title, body=streamfield([("paragraph", rich_text(html))]), **extra
    )


def task_state(page):
    return TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )


def act(client, page, action, data=None):
    return client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, action, task_state(page).pk],
        ),
        data or {"comment": ""},
    )


@pytest.fixture
def people(cluster, site_user):
    site = cluster.edu
    return {
        "editor": site_user(site, SiteRole.EDITOR, "pf-editor"),
        "reviewer": site_user(site, SiteRole.REVIEWER, "pf-reviewer"),
        "admin": site_user(site, SiteRole.SITE_ADMIN, "pf-admin"),
    }


def submit(cluster, people, title, html):
    parent = column(cluster.edu, "gzdt")
    response = logged_in(people["editor"]).post(
        reverse("wagtailadmin_pages:add", args=["sites", "articlepage", parent.pk]),
        form_with_body(title, html, **{"action-submit": "s"}),
        follow=True,
    )
    return ArticlePage.objects.child_of(parent).get(title=title), response


def test_a_starter_list_is_shipped():
    terms = dict(ProofTerm.objects.values_list("wrong", "correct"))
    assert len(terms) >= 40
    assert terms["既使"] == "即使" and terms["必竟"] == "毕竟"
    assert terms["国家卫生和计划生育委员会"] == "国家卫生健康委员会"
    assert set(ProofTerm.objects.values_list("kind", flat=True)) == {
        "typo",
        "institution",
        "banned",
        "leader",
    }


def test_the_cluster_admin_edits_the_list_in_the_admin(cluster, make_user, people):
    admin = logged_in(make_user("pf-cluster", Group.objects.get(name=CLUSTER_ADMIN)))
    add = reverse("wagtailsnippets_sites_proofterm:add")
    data = {"wrong": "北疆市教育委员会", "correct": "北疆市教育局", "kind": "institution",
            "note": "机构已更名", "active": "on"}  # fmt: skip
    assert admin.post(add, data).status_code == 302
    assert ProofTerm.objects.get(wrong="北疆市教育委员会").correct == "北疆市教育局"
    # A duplicate is refused with a message, not a 500.
    again = admin.post(add, data)
    assert again.status_code == 200 and "已存在" in again.text
    same = admin.post(add, {**data, "wrong": "某某", "correct": "某某"})
    assert same.status_code == 200 and "不能与错误写法相同" in same.text
    listing = admin.get(reverse("wagtailsnippets_sites_proofterm:list"))
    assert "北疆市教育委员会" in listing.text
    for role in ("editor", "reviewer", "admin"):
        client = logged_in(people[role])
        assert client.post(add, {**data, "wrong": "某词"}).status_code in (302, 403)
    supervisor = logged_in(make_user("pf-sup", Group.objects.get(name=SUPERVISOR)))
    assert supervisor.post(add, {**data, "wrong": "某词"}).status_code in (302, 403)
    assert not ProofTerm.objects.filter(wrong="某词").exists()


def test_saving_a_draft_with_a_hit_shows_a_warning(cluster, people):
    page, response = submit(cluster, people, "冬季安全教育", WITH_TYPO)
    assert "发现1处错敏字" in response.text and "应为“即使”" in response.text
    assert not page.live


def test_a_hit_blocks_approval_until_a_reviewer_overrides_it_with_a_reason(
    cluster, people
):
    page, _ = submit(cluster, people, "含错别字的通知", WITH_TYPO)
    reviewer = logged_in(people["reviewer"])
    assert act(reviewer, page, "approve").status_code in (302, 403)  # refused
    assert task_state(page).task.name.endswith("·审核")
    actions = task_state(page).task.specific.get_actions(page, people["reviewer"])
    assert [name for name, *_ in actions] == ["reject", "proof_override"]

    for reason in ("", "确认"):
        act(reviewer, page, "proof_override", {"comment": "", "reason": reason})
        assert task_state(page).task.name.endswith("·审核")
    assert not ProofOverride.objects.exists()

    reason = "引用的是原文件标题，保留原写法"
    response = act(reviewer, page, "proof_override", {"comment": "", "reason": reason})
    assert response.status_code == 302
    assert task_state(page).task.name.endswith("·签发")
    override = ProofOverride.objects.get(page=page)
    assert (override.terms, override.reason, override.user) == (
        ["既使"],
        reason,
        people["reviewer"],
    )
    entry = PageLogEntry.objects.get(page=page, action="cluster.proof_override")
    assert entry.data["reason"] == reason
    event = AuditEvent.objects.get(action="cluster.proof_override")
    assert event.detail["reason"] == reason and event.site == cluster.edu

    # Overridden for this revision: the 签发 step approves normally.
    assert act(logged_in(people["admin"]), page, "approve").status_code == 302
    page.refresh_from_db()
    assert page.live


def test_fixing_the_text_unblocks_the_approval(cluster, people):
    page, _ = submit(cluster, people, "待修改的通知", WITH_TYPO)
    reviewer = logged_in(people["reviewer"])
    act(reviewer, page, "approve")
    assert task_state(page).task.name.endswith("·审核")  # refused
    act(reviewer, page, "reject", {"comment": "请改正错别字“既使”"})
    logged_in(people["editor"]).post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        form_with_body("待修改的通知", FIXED, **{"action-submit": "s"}),
    )
    assert act(reviewer, page, "approve").status_code == 302
    assert task_state(page).task.name.endswith("·签发")
    assert act(logged_in(people["admin"]), page, "approve").status_code == 302
    page.refresh_from_db()
    assert page.live and not ProofOverride.objects.exists()


def test_the_scan_reports_published_hits_per_site(cluster):
    add_article(column(cluster.edu, "gzdt"), "必竟是冬天")
    banned = add_article(column(cluster.health, "tzgg"), "卫健委通知")
    banned.body = [("paragraph", "<p>台湾政府卫生部门来访。</p>")]
    banned.save_revision().publish()
    add_article(column(cluster.banner, "gzdt"), "没有问题的稿件")

    from io import StringIO

    out = StringIO()
    call_command("scan_proof_terms", stdout=out)
    text = out.getvalue()
    assert "北疆市教育局：1个页面，2处" in text  # title and body
    assert "“必竟”应为“毕竟”" in text
    assert "北疆市卫生健康委员会：1个页面，1处" in text
    assert "白云旗人民政府：0个页面，0处" in text

    results = ProofTermsCheck().run(cluster.all, timezone.localdate())
    assert results[cluster.edu.pk].status is Status.WARN  # a common typo
    assert results[cluster.health.pk].status is Status.FAIL  # a banned expression
    assert results[cluster.banner.pk].status is Status.PASS
    finding = results[cluster.health.pk].findings[0]
    assert finding.title == "卫健委通知" and "台湾当局" in finding.detail
    assert finding.url.startswith("http://wjw.bj.example.gov.cn")


def test_an_edited_list_applies_at_once(cluster):
    add_article(column(cluster.edu, "gzdt"), "北疆市教育委员会召开会议")
    assert ProofTermsCheck().run([cluster.edu], timezone.localdate())[
        cluster.edu.pk
    ].status is Status.PASS  # fmt: skip
    ProofTerm.objects.create(
        wrong="北疆市教育委员会", correct="北疆市教育局", kind="institution"
    )
    result = ProofTermsCheck().run([cluster.edu], timezone.localdate())[cluster.edu.pk]
    assert result.status is Status.FAIL
