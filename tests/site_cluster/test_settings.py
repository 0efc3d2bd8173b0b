"""Configuration through the environment: DATABASE_URL and REDIS_URL (issue #2)."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def settings_under(env: dict, module="site_cluster.settings.dev", code="") -> dict:
    script = (
        "import json, django; from django.conf import settings; django.setup();"
        + code
        + "print(json.dumps({'cache': settings.CACHES['default']['BACKEND'],"
        "'session': settings.SESSION_ENGINE,"
        "'db': settings.DATABASES['default']['ENGINE'],"
        "'db_name': str(settings.DATABASES['default']['NAME']),"
        "'lang': settings.LANGUAGE_CODE, 'tz': settings.TIME_ZONE}))"
    )
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")
    }
    environment.update({"DJANGO_SETTINGS_MODULE": module, **env})
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_are_sqlite_and_caches_every_process_shares(tmp_path):
    """Issue 14 item 3: without REDIS_URL the cache was per process (local
    memory). Now pages go to files under DATA_DIR, counters and lockouts to a
    database table, sessions to the database: all shared by every process."""
    code = (
        "from django.core.cache import caches;"
        "caches['default'].set('probe', '政务', 30);"
        "assert caches['default'].get('probe') == '政务';"
        "assert settings.CACHES['state']['BACKEND'].endswith('DatabaseCache');"
        "assert settings.RATELIMIT_USE_CACHE == 'state';"
    )
    found = settings_under({"DATA_DIR": str(tmp_path)}, code=code)
    assert found["db"] == "django.db.backends.sqlite3"
    assert found["db_name"] == str(tmp_path / "cluster.sqlite3")
    assert found["cache"] == "sites.cache_backends.FileCache"
    assert list((tmp_path / "cache").glob("*.djcache"))
    assert found["session"] == "django.contrib.sessions.backends.db"
    assert (found["lang"], found["tz"]) == ("zh-hans", "Asia/Shanghai")


def test_sqlite_runs_in_wal_mode(tmp_path):
    code = (
        "from django.db import connection; c = connection.cursor();"
        "c.execute('PRAGMA journal_mode'); assert c.fetchone()[0] == 'wal';"
    )
    settings_under({"DATA_DIR": str(tmp_path)}, code=code)


def test_database_url_selects_postgresql():
    found = settings_under({"DATABASE_URL": "postgres://u@127.0.0.1:5432/cluster"})
    assert found["db"] == "django.db.backends.postgresql"
    assert found["db_name"] == "cluster"


def redis_reachable():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_redis_url_switches_cache_and_sessions_to_redis(tmp_path):
    code = (
        "from django.core.cache import cache;"
        "cache.set('cluster-probe', '政务', 30); assert cache.get('cluster-probe') == '政务';"
    )
    found = settings_under(
        {"REDIS_URL": "redis://127.0.0.1:6379/11", "DATA_DIR": str(tmp_path)},
        code=code,
    )
    # Errors become misses (issue 16 item 1); sessions are written through to
    # the database, so a Redis restart logs nobody out.
    assert found["cache"] == "sites.cache_backends.FailSoftRedisCache"
    assert found["session"] == "django.contrib.sessions.backends.cached_db"


def test_production_refuses_to_start_without_its_secrets():
    with pytest.raises(subprocess.CalledProcessError) as excinfo:
        settings_under({}, module="site_cluster.settings.production")
    assert "SECRET_KEY" in excinfo.value.stderr


def test_production_needs_its_own_keys_for_personal_data():
    env = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "www.bj.example.gov.cn"}
    with pytest.raises(subprocess.CalledProcessError) as excinfo:
        settings_under(env, module="site_cluster.settings.production")
    assert "PERSONAL_DATA_KEYS" in excinfo.value.stderr


def test_production_refuses_a_malformed_personal_data_key():
    env = {
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "www.bj.example.gov.cn",
        "PERSONAL_DATA_KEYS": "not-a-key",
    }
    with pytest.raises(subprocess.CalledProcessError) as excinfo:
        settings_under(env, module="site_cluster.settings.production")
    assert "无效的密钥" in excinfo.value.stderr
