"""The audit log: every admin action, searchable, append-only, kept >= 180 days
(issue #3 item 5; REQUIREMENTS R73, R75)."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction

from sites.models import AuditEvent
from sites.services.provisioning import SiteRole
from sites.services.roles import AUDIT_ADMIN, SUPERVISOR, SYSTEM_ADMIN
from tests.conftest import add_article, column

pytestmark = pytest.mark.django_db


def actions():
    return list(AuditEvent.objects.values_list("action", flat=True))


def test_logins_and_failed_logins_are_recorded(client, cluster, site_user):
    user = site_user(cluster.edu, SiteRole.EDITOR)
    client.post(
        reverse("wagtailadmin_login"),
        {"username": user.username, "password": "错误密码"},
    )
    failed = AuditEvent.objects.get(action="cluster.login_failed")
    assert failed.username == user.username
    assert "错误密码" not in str(failed.detail) and failed.ip_address == "127.0.0.1"
    client.post(
        reverse("wagtailadmin_login"),
        {"username": user.username, "password": "测试密码-Abc12345"},
    )
    assert AuditEvent.objects.filter(action="cluster.login", user=user).exists()
    client.post(reverse("wagtailadmin_logout"))
    assert "cluster.logout" in actions()


def test_behind_a_proxy_the_visitors_address_is_recorded(client, cluster, settings):
    """With CLIENT_IP_HEADER set, the log names the visitor, not the proxy; a
    header that is not an address falls back to REMOTE_ADDR (R73)."""
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    login = reverse("wagtailadmin_login")
    wrong = {"username": "nobody", "password": "错误密码"}
    client.post(login, wrong, HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.1")
    client.post(login, wrong, HTTP_X_FORWARDED_FOR="<script>")
    assert list(
        AuditEvent.objects.filter(action="cluster.login_failed")
        .order_by("pk")
        .values_list("ip_address", flat=True)
    ) == ["203.0.113.7", "127.0.0.1"]


def test_publishing_and_unpublishing_are_recorded_with_their_site(cluster, make_user):
    article = add_article(column(cluster.health, "gzdt"), "卫健委审计测试")
    reviewer = make_user(
        "reviewer-x", *Group.objects.filter(name__endswith="卫生健康委员会·审核")
    )
    # As the workflow's last approval and 撤稿 do (no role holds publish_page).
    article.save_revision(user=reviewer, log_action=True).publish(
        user=reviewer, skip_permission_checks=True
    )
    UnpublishPageAction(article, user=reviewer).execute(skip_permission_checks=True)
    events = AuditEvent.objects.filter(object_title="卫健委审计测试").exclude(
        action="wagtail.create"  # created by the fixture, outside any request
    )
    assert {"wagtail.publish", "wagtail.unpublish"} <= set(
        events.values_list("action", flat=True)
    )
    assert {event.site for event in events} == {cluster.health}
    assert all(event.username == "reviewer-x" for event in events), list(
        events.values_list("action", "username")
    )


def test_permission_changes_are_recorded(client, cluster, make_user):
    security = make_user("sec", Group.objects.get(name="安全管理员"))
    target = make_user("target")
    client.force_login(security)
    client.post(
        reverse("wagtailusers_users:edit", args=[target.pk]),
        {
            "username": "target", "email": "t@example.gov.cn", "first_name": "甲",
            "last_name": "乙", "is_active": "on",
            "groups": [Group.objects.get(name=SUPERVISOR).pk],
        },
    )  # fmt: skip
    assert target.groups.filter(name=SUPERVISOR).exists()
    event = AuditEvent.objects.filter(
        object_type="auth.user", object_id=str(target.pk)
    ).last()
    assert event is not None and event.username == "sec"


def test_audit_log_is_append_only(cluster):
    event = AuditEvent.objects.create(action="cluster.login", username="someone")
    with pytest.raises(PermissionDenied):
        event.delete()
    event.username = "changed"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.update(username="x")
    assert AuditEvent.objects.get(pk=event.pk).username == "someone"


def test_only_audit_admins_and_supervisors_read_the_log(cluster, make_user, site_user):
    AuditEvent.objects.create(action="cluster.login", username="教育局编辑")
    url = reverse("sites_audit_log")
    for role in (AUDIT_ADMIN, SUPERVISOR):
        client = Client()
        client.force_login(make_user(f"reader-{role}", Group.objects.get(name=role)))
        response = client.get(url)
        assert response.status_code == 200
        assert "教育局编辑" in response.content.decode()
    for user in (
        make_user("sysadmin", Group.objects.get(name=SYSTEM_ADMIN)),
        site_user(cluster.edu, SiteRole.SITE_ADMIN),
    ):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code in (302, 403)
        assert (
            "审计日志" not in client.get(reverse("wagtailadmin_home")).content.decode()
        )


def test_audit_log_is_searchable_and_exports_are_audited(client, cluster, make_user):
    AuditEvent.objects.create(
        action="cluster.login", username="alpha", site=cluster.edu
    )
    AuditEvent.objects.create(action="cluster.login_failed", username="beta")
    AuditEvent.objects.create(
        action="cluster.login", username="gamma",
        timestamp=timezone.now() - timezone.timedelta(days=40),
    )  # fmt: skip
    client.force_login(make_user("auditor", Group.objects.get(name=AUDIT_ADMIN)))
    url = reverse("sites_audit_log")

    def names(**params):
        # Narrowed to names with an "a" so that the fixture's own events (page
        # creation at set-up) do not push these three onto a second page.
        html = client.get(url, {"username": "a", **params}).content.decode()
        return {n for n in ("alpha", "beta", "gamma") if n in html}

    assert names() == {"alpha", "beta", "gamma"}
    assert names(username="alp") == {"alpha"}
    assert names(action="cluster.login_failed") == {"beta"}
    assert names(site=cluster.edu.pk) == {"alpha"}
    since = (timezone.localdate() - timezone.timedelta(days=7)).isoformat()
    assert names(timestamp_from=since) == {"alpha", "beta"}

    response = client.get(url, {"export": "csv", "username": "alp"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:3] == ["时间", "用户", "操作"]
    assert [row[1] for row in rows[1:]] == ["alpha"]
    assert rows[1][2] == "登录"
    export = AuditEvent.objects.get(action="cluster.audit_export")
    assert export.username == "auditor"


def test_retention_never_goes_below_180_days(cluster):
    old = AuditEvent.objects.create(
        action="cluster.login", username="old",
        timestamp=timezone.now() - timezone.timedelta(days=400),
    )  # fmt: skip
    recent = AuditEvent.objects.create(
        action="cluster.login", username="recent",
        timestamp=timezone.now() - timezone.timedelta(days=200),
    )  # fmt: skip
    with pytest.raises(CommandError) as excinfo:
        call_command("purge_audit_log", days=90)
    assert "至少保存180天" in str(excinfo.value)
    call_command("purge_audit_log", days=365, stdout=io.StringIO())
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()


def test_creating_a_site_is_recorded(cluster):
    call_command(
        "create_site", code="1506270001", name="准格尔旗人民政府",
        hostname="zgeq.example.gov.cn", kind="banner", parent="1599000001",
        stdout=io.StringIO(),
    )  # fmt: skip
    event = AuditEvent.objects.get(action="cluster.create_site")
    assert (
        event.object_title == "准格尔旗人民政府"
        and event.site.hostname == "zgeq.example.gov.cn"
    )
