"""Only the workflow publishes (issue 13 item 1; REQUIREMENTS R76).

No site role holds Wagtail's publish_page, so nobody can press 发布 and skip the
review; the last step of the site's workflow publishes; 紧急发布 is for the
cluster admin only, with a typed reason, audited and listed for supervisors.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageLogEntry, TaskState

from sites.models import ArticlePage, AuditEvent, EmergencyPublication
from sites.services.provisioning import SiteRole, site_groups
from sites.services.roles import CLUSTER_ADMIN, SUPERVISOR
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


def act(client, page, action="approve"):
    state = current_task_state(page)
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk]),
        {"comment": ""},
    )


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["sites", "articlepage", parent.pk])


@pytest.fixture
def people(cluster, site_user):
    site = cluster.banner
    return {
        "editor": site_user(site, SiteRole.EDITOR, "pt-editor"),
        "reviewer": site_user(site, SiteRole.REVIEWER, "pt-reviewer"),
        "reviewer2": site_user(site, SiteRole.REVIEWER, "pt-reviewer2"),
        "admin": site_user(site, SiteRole.SITE_ADMIN, "pt-admin"),
        "admin2": site_user(site, SiteRole.SITE_ADMIN, "pt-admin2"),
    }


@pytest.mark.parametrize(
    "author, first, second",
    [("reviewer", "reviewer2", "admin"), ("admin", "reviewer", "admin2")],
)
def test_direct_publish_is_refused_and_the_workflow_publishes(
    cluster, people, author, first, second
):
    """A reviewer and a site admin each press 发布 on their own new article: it
    is saved as a draft, not published. Submitted, and approved by two other
    people (审核, 签发), it goes live."""
    parent = column(cluster.banner, "gzdt")
    title = f"{author}撰写的稿件"
    writer = logged_in(people[author])
    response = writer.post(
        add_url(parent), article_form(title, **{"action-publish": "publish"})
    )
    assert response.status_code == 302
    page = ArticlePage.objects.child_of(parent).get(title=title)
    assert not page.live and page.first_published_at is None
    # Pressing 发布 on the edit form does not publish either.
    writer.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        article_form(title, **{"action-publish": "publish"}),
    )
    page.refresh_from_db()
    assert not page.live
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish")
    assert writer.get(
        f"/{parent.slug}/{page.slug}/", HTTP_HOST=cluster.banner.hostname
    ).status_code == 404  # fmt: skip

    writer.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        article_form(title, **{"action-submit": "submit"}),
    )
    # The author cannot approve their own submission at any step.
    act(writer, page)
    assert current_task_state(page).task.name.endswith("·审核")
    assert act(logged_in(people[first]), page).status_code == 302
    assert current_task_state(page).task.name.endswith("·签发")
    if author == "admin":
        act(writer, page)  # a site admin is also a 签发 approver, but not of this
        page.refresh_from_db()
        assert not page.live
    assert act(logged_in(people[second]), page).status_code == 302
    page.refresh_from_db()
    assert page.live and page.first_published_at is not None
    entry = PageLogEntry.objects.get(page=page, action="wagtail.publish")
    assert entry.user == people[second]


def test_no_site_role_holds_publish_page(cluster):
    """R76: publish_page lets its holder skip the review."""
    assert not GroupPagePermission.objects.filter(
        permission__codename="publish_page", group__name__contains="·"
    ).exists()
    groups = site_groups(cluster.edu.site_name)
    for role in (SiteRole.REVIEWER, SiteRole.SITE_ADMIN):
        codenames = set(
            GroupPagePermission.objects.filter(group=groups[role]).values_list(
                "permission__codename", flat=True
            )
        )
        assert "withdraw_page" in codenames and "publish_page" not in codenames


def test_the_data_migration_moves_existing_groups_off_publish_page(cluster):
    """Sites created before this change: their reviewers held publish_page."""
    group = site_groups(cluster.health.site_name)[SiteRole.REVIEWER]
    home = cluster.health.root_page
    publish = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="publish_page"
    )
    GroupPagePermission.objects.filter(
        group=group, permission__codename="withdraw_page"
    ).delete()
    GroupPagePermission.objects.create(group=group, page=home, permission=publish)

    migration = importlib.import_module("sites.migrations.0011_only_workflow_publishes")
    migration.forwards(apps, None)

    held = set(
        GroupPagePermission.objects.filter(group=group, page=home).values_list(
            "permission__codename", flat=True
        )
    )
    assert "publish_page" not in held and "withdraw_page" in held
    assert (
        Group.objects.get(name=CLUSTER_ADMIN)
        .permissions.filter(codename="emergency_publish")
        .exists()
    )


def test_withdrawal_still_works_for_the_reviewer_without_publish_page(
    cluster, people, client
):
    parent = column(cluster.banner, "tzgg")
    editor = logged_in(people["editor"])
    editor.post(
        add_url(parent), article_form("待撤稿的通知", **{"action-submit": "submit"})
    )
    page = ArticlePage.objects.child_of(parent).get(title="待撤稿的通知")
    act(logged_in(people["reviewer"]), page)
    act(logged_in(people["admin"]), page)
    page.refresh_from_db()
    assert page.live
    reviewer = logged_in(people["reviewer"])
    response = reviewer.post(
        reverse("sites_withdraw_page", args=[page.pk]),
        {"reason": "error", "note": "误发"},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    # An editor may not withdraw.
    assert editor.get(reverse("sites_withdraw_page", args=[page.pk])).status_code in (
        302,
        403,
    )


@pytest.fixture
def cluster_admin(make_user, cluster):
    return make_user("pt-cluster-admin", Group.objects.get(name=CLUSTER_ADMIN))


def submitted_draft(cluster, people, title):
    parent = column(cluster.banner, "tzgg")
    logged_in(people["editor"]).post(
        add_url(parent), article_form(title, **{"action-submit": "submit"})
    )
    return ArticlePage.objects.child_of(parent).get(title=title)


def test_emergency_publish_needs_a_typed_reason(cluster, people, cluster_admin):
    page = submitted_draft(cluster, people, "关于暴雪天气停课的紧急通知")
    admin = logged_in(cluster_admin)
    url = reverse("sites_emergency_publish", args=[page.pk])
    assert page.title in admin.get(reverse("sites_emergency_publish_index")).text
    assert admin.get(url).status_code == 200
    for reason in ("", "紧急"):
        response = admin.post(url, {"reason": reason})
        assert response.status_code == 200
        assert "紧急发布的理由" in response.text
    page.refresh_from_db()
    assert not page.live
    assert not EmergencyPublication.objects.exists()

    reason = "暴雪红色预警，停课通知须在今晚六点前发布，审核人员无法及时到岗"
    assert admin.post(url, {"reason": reason}).status_code == 302
    page.refresh_from_db()
    assert page.live
    entry = EmergencyPublication.objects.get()
    assert (entry.page_id, entry.site, entry.reason, entry.published_by) == (
        page.pk,
        cluster.banner,
        reason,
        cluster_admin,
    )
    assert PageLogEntry.objects.filter(
        page=page, action="cluster.emergency_publish", user=cluster_admin
    ).exists()
    event = AuditEvent.objects.get(action="cluster.emergency_publish")  # mirrored
    assert event.detail["reason"] == reason and event.site == cluster.banner
    # The workflow in progress was cancelled by the publication.
    assert not TaskState.objects.filter(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    ).exists()


def test_emergency_publications_are_listed_for_supervisors(
    cluster, people, cluster_admin, make_user
):
    page = submitted_draft(cluster, people, "关于临时交通管制的紧急通告")
    logged_in(cluster_admin).post(
        reverse("sites_emergency_publish", args=[page.pk]),
        {"reason": "突发道路塌陷，须立即发布交通管制通告"},
    )
    supervisor = make_user("pt-supervisor", Group.objects.get(name=SUPERVISOR))
    response = logged_in(supervisor).get(reverse("sites_compliance_dashboard"))
    assert response.status_code == 200
    assert "紧急发布记录" in response.text
    assert "关于临时交通管制的紧急通告" in response.text
    assert "突发道路塌陷" in response.text


@pytest.mark.parametrize("role", ["editor", "reviewer", "admin"])
def test_site_roles_cannot_emergency_publish(cluster, people, role):
    page = submitted_draft(cluster, people, f"{role}的草稿")
    client = logged_in(people[role])
    response = client.post(
        reverse("sites_emergency_publish", args=[page.pk]),
        {"reason": "我想跳过审核流程直接发布这篇稿件"},
    )
    assert response.status_code in (302, 403)
    assert client.get(reverse("sites_emergency_publish_index")).status_code in (
        302,
        403,
    )
    page.refresh_from_db()
    assert not page.live


def test_site_admins_still_reorder_their_columns(cluster, people):
    """Wagtail ties menu order to publish_page; the 撤稿 holders keep it."""
    home = cluster.banner.root_page
    columns = list(home.get_children())
    last = columns[-1]
    url = reverse("wagtailadmin_pages:set_page_position", args=[last.pk])
    logged_in(people["editor"]).post(f"{url}?position=0")
    assert home.get_children().first().pk != last.pk  # refused
    assert logged_in(people["admin"]).post(f"{url}?position=0").status_code == 200
    assert home.get_children().first().pk == last.pk


def test_one_person_does_not_approve_two_steps(cluster, people):
    """三审 (R76): a site admin who approved 审核 does not also 签发 it."""
    page = submitted_draft(cluster, people, "两级审核的稿件")
    admin = logged_in(people["admin"])
    assert act(admin, page).status_code == 302
    assert current_task_state(page).task.name.endswith("·签发")
    act(admin, page)
    page.refresh_from_db()
    assert not page.live
    task = current_task_state(page).task.specific
    assert task.get_actions(page, people["admin"]) == []
    assert act(logged_in(people["admin2"]), page).status_code == 302
    page.refresh_from_db()
    assert page.live


def test_the_emergency_list_costs_the_same_for_more_pages(
    cluster, people, cluster_admin
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = logged_in(cluster_admin)
    url = reverse("sites_emergency_publish_index")

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert admin.get(url).status_code == 200
        return len(context)

    submitted_draft(cluster, people, "待审稿件一")
    one = queries()
    for n in range(3):
        submitted_draft(cluster, people, f"待审稿件{n + 2}")
    assert queries() == one
    text = admin.get(url).text
    assert "待审稿件一" in text and "待审稿件4" in text


def test_sites_are_provisioned_after_a_flush_too(cluster):
    """``flush`` keeps only model permissions; withdraw_page comes back with the
    cluster groups (post_migrate), so create_site keeps working."""
    from sites.services.provisioning import SiteSpec, create_site
    from sites.services.roles import ensure_cluster_groups

    Permission.objects.filter(codename="withdraw_page").delete()
    ensure_cluster_groups()
    site = create_site(
        SiteSpec(code="1599000099", name="北疆市测试局", hostname="csj.bj.example.gov.cn",
                 parent_code="1599000001")
    )  # fmt: skip
    reviewer = site_groups(site.site_name)[SiteRole.REVIEWER]
    assert GroupPagePermission.objects.filter(
        group=reviewer, permission__codename="withdraw_page"
    ).exists()


def test_site_admins_still_set_page_privacy(cluster, people):
    """Wagtail ties page privacy to publish_page; the 撤稿 holders keep it
    (restricting takes a page off public view, as 撤稿 does). Editors do not."""
    from wagtail.models import PageViewRestriction

    page = column(cluster.banner, "gzdt")
    url = reverse("wagtailadmin_pages:set_privacy", args=[page.pk])
    assert logged_in(people["editor"]).get(url).status_code in (302, 403)
    admin = logged_in(people["admin"])
    assert admin.get(url).status_code == 200
    response = admin.post(url, {"restriction_type": "login"})
    assert response.status_code == 200
    assert PageViewRestriction.objects.filter(
        page=page, restriction_type="login"
    ).exists()
