"""Access and security logs are kept ≥ 180 days, rotated by the project (R73, issue 13 item 6)."""

import json
import logging
import os
import subprocess
import sys
import time

import pytest

from site_cluster.log_files import SharedTimedRotatingFileHandler, gunicorn_logconfig

from .test_settings import ROOT

PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "www.bj.example.gov.cn",
    "PERSONAL_DATA_KEYS": "3P1pP0Tp7q6b3C9kC8E0qvQG5m8o4cB1U8y2mXl8d1Q=",
    "WAGTAILADMIN_BASE_URL": "https://www.bj.example.gov.cn",
}

HANDLERS = (
    "import json, logging, django; django.setup();"
    "hs = {h.baseFilename: (type(h).__name__, h.backupCount, h.when)"
    " for name in ('', 'django.security', 'django.request', 'security')"
    " for h in logging.getLogger(name).handlers if hasattr(h, 'backupCount')};"
    "print(json.dumps(hs))"
)


def production_handlers(tmp_path, **env) -> dict:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")
    }
    environment.update(PRODUCTION_ENV, DATA_DIR=str(tmp_path), **env)
    environment["DJANGO_SETTINGS_MODULE"] = "site_cluster.settings.production"
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", HANDLERS], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_keeps_daily_app_and_security_logs_for_180_days(tmp_path):
    logs = tmp_path / "logs"
    assert production_handlers(tmp_path) == {
        str(logs / "app.log"): ["SharedTimedRotatingFileHandler", 180, "MIDNIGHT"],
        str(logs / "security.log"): ["SharedTimedRotatingFileHandler", 180, "MIDNIGHT"],
    }


def test_production_refuses_a_retention_under_180_days(tmp_path):
    with pytest.raises(subprocess.CalledProcessError) as excinfo:
        production_handlers(tmp_path, LOG_RETENTION_DAYS="90")
    assert "日志至少保存180天" in excinfo.value.stderr


def test_gunicorn_access_log_rotates_daily_for_180_days(tmp_path):
    config = gunicorn_logconfig(tmp_path, 180)
    access = config["handlers"]["access_file"]
    assert access["filename"] == str(tmp_path / "access.log")
    assert (access["when"], access["backupCount"]) == ("midnight", 180)
    with pytest.raises(ValueError, match="180"):
        gunicorn_logconfig(tmp_path, 30)


def _handler(path, days=180):
    handler = SharedTimedRotatingFileHandler(
        str(path), when="midnight", backupCount=days, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(message)s"))
    return handler


def _emit(handler, text):
    handler.emit(logging.LogRecord("security", logging.INFO, "", 0, text, (), None))


def test_two_processes_rotating_at_midnight_lose_no_day(tmp_path):
    """The library handler's second writer deletes the file the first just rotated."""
    log = tmp_path / "security.log"
    first, second = _handler(log), _handler(log)
    _emit(first, "yesterday-1")
    _emit(second, "yesterday-2")
    midnight = time.time() - 1
    first.rolloverAt = second.rolloverAt = midnight
    _emit(first, "today-1")
    _emit(second, "today-2")
    first.close()
    second.close()
    rotated = [p for p in tmp_path.iterdir() if p.name.startswith("security.log.")]
    rotated = [p for p in rotated if not p.name.endswith(".lock")]
    assert len(rotated) == 1
    assert rotated[0].read_text().split() == ["yesterday-1", "yesterday-2"]
    assert log.read_text().split() == ["today-1", "today-2"]


def test_files_older_than_the_retention_are_removed(tmp_path):
    log = tmp_path / "access.log"
    for day in range(1, 185):
        stamp = time.strftime("%Y-%m-%d", time.localtime(time.time() - day * 86400))
        (tmp_path / f"access.log.{stamp}").write_text("x")
    handler = _handler(log)
    _emit(handler, "a")
    handler.rolloverAt = time.time() - 1
    _emit(handler, "b")
    handler.close()
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("access.log.")]
    kept = [p for p in kept if not p.name.endswith(".lock")]
    assert len(kept) == 180
