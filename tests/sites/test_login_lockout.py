"""Lockout after failed admin logins (R74; issue #13 item 5, SECURITY.md 8.1.4.1 b).

At most 5 failures per account and per client address; the state is in the
database, so a second connection — and a second process — sees the same lock.
安全管理员 unlocks; every lock and unlock is audited.
"""

import os
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from sites.models import AuditEvent, LoginThrottle
from sites.services.roles import SECURITY_ADMIN, SYSTEM_ADMIN

from .admin_access_helpers import copy_database, login, migrated_sqlite  # noqa: F401

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _lockout_on(settings):
    settings.ADMIN_LOCKOUT_ENABLED = True
    settings.ADMIN_LOCKOUT_FAILURES = 5
    settings.ADMIN_2FA_REQUIRED = False


def logged_in(client):
    return "_auth_user_id" in client.session


def test_six_wrong_passwords_lock_the_account(client, cluster, make_user):
    make_user("clerk", Group.objects.get(name=SYSTEM_ADMIN))
    # From five different addresses: the account's own count locks it.
    for attempt in range(5):
        response = login(client, "clerk", "wrong", address=f"10.0.1.{attempt}")
        assert response.status_code == 200
        assert not logged_in(client)
    response = login(client, "clerk", address="10.0.1.99")  # the right password
    assert response.status_code == 200
    assert not logged_in(client)
    assert "已被锁定" in response.content.decode()
    lock = LoginThrottle.objects.get(kind="account", key="clerk")
    assert lock.is_locked
    assert lock.locked_until - timezone.now() > timedelta(minutes=15)
    event = AuditEvent.objects.get(action="cluster.login_locked")
    assert event.username == "clerk"
    assert event.detail["kind"] == "account"


def test_four_wrong_passwords_then_the_right_one_logs_in(client, cluster, make_user):
    """Control: the limit is 5, and a success clears the account's count."""
    make_user("clerk", Group.objects.get(name=SYSTEM_ADMIN))
    for _ in range(4):
        login(client, "clerk", "wrong")
    assert login(client, "clerk").status_code == 302
    assert logged_in(client)
    assert LoginThrottle.objects.get(kind="account", key="clerk").failures == 0


def test_five_failures_from_one_address_lock_that_address(client, cluster, make_user):
    make_user("clerk", Group.objects.get(name=SYSTEM_ADMIN))
    for attempt in range(5):
        login(client, f"guess{attempt}", "wrong", address="10.0.2.1")
    response = login(client, "clerk", address="10.0.2.1")
    assert not logged_in(client)
    assert "网络地址已被锁定" in response.content.decode()
    # The same account from another address is not affected.
    assert login(client, "clerk", address="10.0.2.2").status_code == 302
    assert logged_in(client)


@pytest.mark.django_db(transaction=True)
def test_the_lock_is_seen_through_a_second_database_connection(
    client, cluster, make_user
):
    make_user("clerk", Group.objects.get(name=SYSTEM_ADMIN))
    for _ in range(6):
        login(client, "clerk", "wrong")
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT failures, locked_until FROM sites_loginthrottle "
                "WHERE kind = %s AND key = %s",
                ["account", "clerk"],
            )
            failures, locked_until = cursor.fetchone()
    finally:
        other.close()
    assert failures >= 5
    assert locked_until is not None


def test_any_authenticate_call_meets_the_lock(client, cluster, make_user):
    make_user("clerk", Group.objects.get(name=SYSTEM_ADMIN))
    for _ in range(5):
        login(client, "clerk", "wrong")
    from django.contrib.auth import authenticate

    assert authenticate(username="clerk", password="测试密码-Abc12345") is None


def test_an_expired_lock_lets_the_user_in(client, cluster, make_user):
    make_user("clerk", Group.objects.get(name=SYSTEM_ADMIN))
    for _ in range(5):
        login(client, "clerk", "wrong")
    LoginThrottle.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    # One more typo after the lock ran out starts a fresh count, not a new lock.
    login(client, "clerk", "wrong")
    assert not LoginThrottle.objects.get(kind="account", key="clerk").is_locked
    assert login(client, "clerk").status_code == 302


def test_security_admin_unlocks_and_it_is_audited(client, cluster, make_user):
    make_user("clerk", Group.objects.get(name=SYSTEM_ADMIN))
    for attempt in range(5):
        login(client, "clerk", "wrong", address=f"10.0.3.{attempt}")
    lock = LoginThrottle.objects.get(kind="account", key="clerk")
    security = make_user("sec", Group.objects.get(name=SECURITY_ADMIN))
    admin = client.__class__()
    admin.force_login(security)
    page = admin.get(reverse("cluster_login_locks"))
    assert page.status_code == 200
    assert "clerk" in page.content.decode()
    response = admin.post(reverse("cluster_login_unlock", args=[lock.pk]))
    assert response.status_code == 302
    lock.refresh_from_db()
    assert not lock.is_locked
    event = AuditEvent.objects.get(action="cluster.login_unlocked")
    assert event.user == security
    assert event.detail["key"] == "clerk"
    assert login(client, "clerk", address="10.0.3.50").status_code == 302


def test_only_the_security_admin_unlocks(client, cluster, make_user):
    make_user("clerk", Group.objects.get(name=SYSTEM_ADMIN))
    for _ in range(5):
        login(client, "clerk", "wrong")
    lock = LoginThrottle.objects.get(kind="account", key="clerk")
    client.force_login(make_user("sys", Group.objects.get(name=SYSTEM_ADMIN)))
    assert client.get(reverse("cluster_login_locks")).status_code in (302, 403)
    client.post(reverse("cluster_login_unlock", args=[lock.pk]))
    lock.refresh_from_db()
    assert lock.is_locked
    assert not AuditEvent.objects.filter(action="cluster.login_unlocked").exists()


SECOND_PROCESS = textwrap.dedent(
    """
    import os, sys
    import django
    django.setup()
    from django.conf import settings
    settings.ADMIN_LOCKOUT_ENABLED = True
    settings.ADMIN_2FA_REQUIRED = False
    from django.contrib.auth import get_user_model
    from django.test import Client
    step = sys.argv[1]
    if step == "fail":
        get_user_model().objects.create_user("clerk", password="Right-Pass-12345")
        client = Client()
        for n in range(6):
            client.post("/admin/login/", {"username": "clerk", "password": "x"},
                        REMOTE_ADDR="10.9.0.%d" % n)
    else:
        client = Client()
        response = client.post(
            "/admin/login/",
            {"username": "clerk", "password": "Right-Pass-12345"},
            REMOTE_ADDR="10.9.1.1",
        )
        print("LOCKED" if "已被锁定" in response.content.decode() else
              "STATUS %s" % response.status_code)
    """
)


def test_six_wrong_passwords_lock_the_account_in_another_process(
    tmp_path,
    migrated_sqlite,  # noqa: F811
):
    """Two separate app processes on one SQLite database file: the failures made
    in the first lock the account in the second (no per-process memory)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_cluster.settings.test",
        "DATA_DIR": str(tmp_path),
        "SEARCH_PROCESS_ON_COMMIT": "0",
    }
    env.pop("DATABASE_URL", None)

    def run(*args):
        return subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        ).stdout

    copy_database(migrated_sqlite, tmp_path)
    script = tmp_path / "second_process.py"
    script.write_text(SECOND_PROCESS)
    env["PYTHONPATH"] = str(REPO)
    run(str(script), "fail")
    assert run(str(script), "login").strip().endswith("LOCKED")


def test_the_lock_list_costs_the_same_with_many_locks(client, cluster, make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_user("sec", Group.objects.get(name=SECURITY_ADMIN)))
    until = timezone.now() + timedelta(minutes=30)
    LoginThrottle.objects.create(kind="account", key="a0", failures=5,
                                 locked_until=until)  # fmt: skip
    client.get(reverse("cluster_login_locks"))  # warm the admin's own caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("cluster_login_locks")).status_code == 200
    LoginThrottle.objects.bulk_create(
        LoginThrottle(
            kind="address", key=f"10.1.0.{n}", failures=5, locked_until=until
        )  # fmt: skip
        for n in range(20)
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("cluster_login_locks"))
    assert response.content.decode().count("解除锁定</button>") == 21
    assert len(many) == len(one)
