"""Security headers and settings of issue 14 item 7 (SECURITY.md §2 headers):
SQLite keeps WAL and its busy timeout whatever the DATABASE_URL; production
requires WAGTAILADMIN_BASE_URL and sends HSTS with includeSubDomains; every
answer carries X-Frame-Options DENY and a Content-Security-Policy without
inline script (the admin with its own allowances)."""

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet

from .test_settings import ROOT, settings_under


def test_a_sqlite_database_url_keeps_wal_and_the_busy_timeout(tmp_path):
    code = (
        "from django.db import connection; c = connection.cursor();"
        "c.execute('PRAGMA journal_mode'); assert c.fetchone()[0] == 'wal';"
        "c.execute('PRAGMA busy_timeout'); assert c.fetchone()[0] == 5000;"
    )
    found = settings_under(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}"}, code=code
    )
    assert found["db_name"] == str(tmp_path / "other.sqlite3")


def _production(env: dict, code: str) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")
    }
    environment.pop("WAGTAILADMIN_BASE_URL", None)
    environment.update({
        "DJANGO_SETTINGS_MODULE": "site_cluster.settings.production",
        "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "www.bj.example.gov.cn",
        "PERSONAL_DATA_KEYS": Fernet.generate_key().decode(), **env,
    })  # fmt: skip
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup();" + code],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_production_requires_the_admin_base_url():
    result = _production({}, "")
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL" in result.stderr


def test_production_sends_hsts_for_subdomains_and_denies_framing():
    code = (
        "from django.conf import settings as s;"
        "print(s.WAGTAILADMIN_BASE_URL, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.X_FRAME_OPTIONS)"
    )
    result = _production(
        {"WAGTAILADMIN_BASE_URL": "https://admin.bj.example.gov.cn"}, code
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "https://admin.bj.example.gov.cn", "31536000", "True", "DENY"
    ]  # fmt: skip


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
def test_public_pages_carry_csp_without_inline_script_and_deny_framing(client):
    from tests.conftest import current_cluster

    cluster = current_cluster()
    for path in ("/", "/hdjl/ldxx/write/", "/search/?q=通知", "/no-such-page/"):
        response = client.get(path, HTTP_HOST=cluster.portal.hostname)
        assert response["X-Frame-Options"] == "DENY", path
        policy = _directives(response["Content-Security-Policy"])
        assert "'unsafe-inline'" not in policy["script-src"], path
        assert "'unsafe-eval'" not in policy["script-src"], path
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["default-src"] == ["'self'"]


@pytest.mark.django_db
def test_the_admin_has_its_own_allowances(client, django_user_model):
    from sites.services.provisioning import SiteRole, site_groups
    from tests.conftest import current_cluster

    cluster = current_cluster()
    user = django_user_model.objects.create_user("csp-editor", password="x" * 12)
    user.groups.add(site_groups(cluster.edu.site_name)[SiteRole.EDITOR])
    client.force_login(user)
    response = client.get("/admin/")
    policy = _directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'"]  # its own previews
    assert "'unsafe-inline'" in policy["script-src"]
    assert not any(s.startswith("'nonce-") for s in policy["script-src"])
