"""Helpers for the admin access tests: real logins through Wagtail's login form."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import TOTP

PASSWORD = "测试密码-Abc12345"
REPO = Path(__file__).resolve().parents[2]


def login(client, username, password=PASSWORD, address="10.0.0.1"):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def totp_token(device, steps_ahead=0):
    """The code an authenticator app shows now (or ``steps_ahead`` periods later,
    within the device's tolerance, so that a code is not reused)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A migrated SQLite database file, built once per test run; tests that start
    their own app processes copy it instead of migrating again (~1 minute)."""
    data = tmp_path_factory.mktemp("migrated")
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(DJANGO_SETTINGS_MODULE="site_cluster.settings.test", DATA_DIR=str(data))
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    return data / "cluster.sqlite3"


def copy_database(template: Path, data_dir: Path) -> None:
    """A private copy of the migrated database in ``data_dir`` (backup API, so the
    WAL's content comes along)."""
    import sqlite3

    source = sqlite3.connect(template)
    target = sqlite3.connect(data_dir / "cluster.sqlite3")
    with target:
        source.backup(target)
    source.close()
    target.close()
