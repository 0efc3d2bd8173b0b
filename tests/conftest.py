"""Shared fixtures: a small standard cluster built through the real provisioning service."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page, Site

from sites.models import ArticlePage, ColumnPage, SiteKind
from sites.services.provisioning import SiteRole, SiteSpec, create_site, site_groups
from sites.services.roles import ensure_cluster_groups

PORTAL = SiteSpec(
    code="1599000001",
    name="北疆市人民政府",
    hostname="www.bj.example.gov.cn",
    kind=SiteKind.PORTAL,
    is_default=True,
    profile={
        "icp_number": "蒙ICP备05000123号-1",
        "psb_number": "蒙公网安备 15990002000123号",
        "phone": "0477-8123456",
        "email": "webmaster@bj.example.gov.cn",
        "address": "北疆市政务服务中心",
        "postcode": "017000",
        "org_code": "11159900MB0000000X",
    },
)


def member_spec(code, name, hostname, kind=SiteKind.DEPARTMENT, psb="15990002000124"):
    return SiteSpec(
        code=code,
        name=name,
        hostname=hostname,
        kind=kind,
        parent_code=PORTAL.code,
        profile={
            "icp_number": "蒙ICP备05000123号-2",
            "psb_number": f"蒙公网安备 {psb}号",
            "phone": "0477-8123400",
        },
    )


@dataclass
class Cluster:
    portal: Site
    edu: Site
    health: Site
    banner: Site

    @property
    def all(self):
        return [self.portal, self.edu, self.health, self.banner]


def column(site: Site, slug: str) -> ColumnPage:
    # The site's own (Chinese) column, not its Mongolian translation (蒙古文版).
    return ColumnPage.objects.descendant_of(site.root_page).get(
        slug=slug, locale_id=site.root_page.locale_id
    )


def add_article(parent: Page, title: str, days_ago: int = 0, **fields) -> ArticlePage:
    article = ArticlePage(
        title=title,
        publish_date=timezone.now() - timezone.timedelta(days=days_ago),
        body=[("paragraph", f"<p>{title}的正文。</p>")],
        source=fields.pop("source", "北疆日报"),
        **fields,
    )
    parent.add_child(instance=article)
    return article


def make_cluster() -> Cluster:
    from demo.sites.cluster import declare_demo_divisions

    ensure_cluster_groups()
    # The test cluster uses the demo's fictional 北疆市 (159900): declared as the
    # demo declares it (R1).
    declare_demo_divisions()
    portal = create_site(PORTAL)
    edu = create_site(
        member_spec("1599000002", "北疆市教育局", "jyj.bj.example.gov.cn")
    )
    health = create_site(
        member_spec(
            "1599000003",
            "北疆市卫生健康委员会",
            "wjw.bj.example.gov.cn",
            psb="15990002000125",
        )
    )
    banner = create_site(
        member_spec(
            "1599210001",
            "白云旗人民政府",
            "www.byq.example.gov.cn",
            SiteKind.BANNER,
            "15992102000126",
        )
    )
    return Cluster(portal, edu, health, banner)


def load_cluster() -> Cluster:
    hostnames = [PORTAL.hostname, "jyj.bj.example.gov.cn", "wjw.bj.example.gov.cn"]
    hostnames.append("www.byq.example.gov.cn")
    sites = {s.hostname: s for s in Site.objects.select_related("root_page")}
    return Cluster(*(sites[h] for h in hostnames))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the standard test cluster once per test database; every test runs in a
    transaction that is rolled back, so each one starts from this same cluster."""
    from haystack import connections

    with django_db_blocker.unblock():
        # Only rebuild_index's clear makes an index (issue 16 item 4): the test
        # run's own starts as an installation's does, then follows each change.
        connections["default"].get_backend().clear()
        make_cluster()


def current_cluster() -> Cluster:
    """The session's cluster, rebuilt if a transactional test (the browser tests)
    flushed the database earlier on this worker."""
    try:
        return load_cluster()
    except KeyError:
        return make_cluster()


@pytest.fixture
def cluster(db) -> Cluster:
    ensure_cluster_groups()
    return current_cluster()


@pytest.fixture
def make_user(db):
    def _make(username, *groups, **extra):
        user = get_user_model().objects.create_user(
            username=username, password="测试密码-Abc12345", **extra
        )
        user.groups.add(*groups)
        return user

    return _make


@pytest.fixture
def site_user(make_user):
    """A user holding one per-site role on one site."""

    def _make(site: Site, role: str = SiteRole.EDITOR, username: str | None = None):
        group = site_groups(site.site_name)[role]
        return make_user(username or f"{role}-{site.pk}", group)

    return _make


def article_form(title, **extra):
    """POST data for the admin's article create/edit form (no attachments)."""
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "publish_date": "2026-11-20 09:30",
            "body": streamfield([("paragraph", rich_text("<p>正文</p>"))]),
            "attachments-TOTAL_FORMS": 0,
            "attachments-INITIAL_FORMS": 0,
            "attachments-MIN_NUM_FORMS": 0,
            "attachments-MAX_NUM_FORMS": 1000,
            **extra,
        }
    )


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Rate-limit counters, captcha state and cached pages never leak between
    tests (the local-memory cache lives as long as the worker; the "state" cache
    is a table, rolled back after each test, except in transactional tests)."""
    from django.core.cache import cache, caches

    cache.clear()
    marker = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker and marker.kwargs.get("transaction")
    ):
        request.getfixturevalue("transactional_db")
        caches["state"].clear()
    yield


def approve_in_workflow(page, *approvers):
    """Submit ``page``'s latest revision to its site's workflow (if it is not in
    one) and approve each step as the next user: only the workflow publishes
    (issue 13 item 1, R76)."""
    from wagtail.models import TaskState

    page = Page.objects.get(pk=page.pk).specific  # the latest revision, not a stale one
    revision = page.get_latest_revision()
    if not page.workflow_in_progress:
        page.get_workflow().start(page, revision.user or approvers[0])
    for user in approvers:
        state = TaskState.objects.get(
            workflow_state__object_id=str(page.pk),
            status=TaskState.STATUS_IN_PROGRESS,
        ).specific
        state.task.specific.on_action(state, user, "approve")
    page.refresh_from_db()
    return page
