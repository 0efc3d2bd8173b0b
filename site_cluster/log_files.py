"""Log files kept on disk for ≥ 180 days (网络安全法 第二十一条, R73).

Production writes three daily files under ``LOG_DIR`` (``DATA_DIR/logs``):
``app.log`` (the application's warnings and its own INFO), ``security.log``
(Django's security and request errors, logins and lockouts logged by the
cluster) and ``access.log`` (one line per request, written by gunicorn through
:func:`gunicorn_logconfig`). Each rolls over at midnight and keeps
``LOG_RETENTION_DAYS`` old files; nothing under 180 is accepted.

Several gunicorn workers write to the same files. The standard library's
``TimedRotatingFileHandler`` assumes one writer: at midnight the second worker
would delete the file the first had just rotated (``os.remove(dfn)``), losing a
day. :class:`SharedTimedRotatingFileHandler` rotates under a file lock and
leaves an already rotated file alone.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from logging.handlers import TimedRotatingFileHandler
from pathlib import Path

MINIMUM_RETENTION_DAYS = 180


class SharedTimedRotatingFileHandler(TimedRotatingFileHandler):
    """Daily rotation that several processes may share (one rotates, all reopen)."""

    def doRollover(self):
        if self.stream:
            self.stream.close()
            self.stream = None
        # The file is named after the day that ends (China has no DST to adjust for).
        started = self.rolloverAt - self.interval
        stamp = time.gmtime(started) if self.utc else time.localtime(started)
        rotated = self.rotation_filename(
            f"{self.baseFilename}.{time.strftime(self.suffix, stamp)}"
        )
        with open(f"{self.baseFilename}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                # Another process rotated first: its new file is today's, keep it.
                if not os.path.exists(rotated) and os.path.exists(self.baseFilename):
                    self.rotate(self.baseFilename, rotated)
                if self.backupCount > 0:
                    for old in self.getFilesToDelete():
                        # Another process may have removed it already.
                        with contextlib.suppress(FileNotFoundError):
                            os.remove(old)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        if not self.delay:
            self.stream = self._open()
        now = int(time.time())
        next_at = self.computeRollover(now)
        while next_at <= now:
            next_at += self.interval
        self.rolloverAt = next_at


def _file_handler(log_dir: Path, name: str, days: int, formatter: str) -> dict:
    return {
        "class": "site_cluster.log_files.SharedTimedRotatingFileHandler",
        "filename": str(log_dir / name),
        "when": "midnight",
        "backupCount": days,
        "encoding": "utf-8",
        "formatter": formatter,
    }


def check_retention(days: int) -> int:
    if days < MINIMUM_RETENTION_DAYS:
        raise ValueError(
            f"日志至少保存{MINIMUM_RETENTION_DAYS}天（网络安全法第二十一条），"
            f"不能设置为{days}天。"
        )
    return days


def production_logging(log_dir: Path, days: int) -> dict:
    """Django's LOGGING for production: console plus the daily files."""
    check_retention(days)
    log_dir.mkdir(parents=True, exist_ok=True)
    fmt = "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"
    handlers = {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "app_file": _file_handler(log_dir, "app.log", days, "plain"),
        "security_file": _file_handler(log_dir, "security.log", days, "plain"),
    }
    for handler in handlers.values():
        # Phone and ID numbers typed into a URL never reach a log (issue #14).
        handler["filters"] = ["personal_data"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": fmt}},
        "filters": {"personal_data": {"()": "sites.log_masking.PersonalDataLogFilter"}},
        "handlers": handlers,
        "root": {"handlers": ["console", "app_file"], "level": "WARNING"},
        "loggers": {
            "sites": {
                "handlers": ["console", "app_file"],
                "level": "INFO",
                "propagate": False,
            },
            "search": {
                "handlers": ["console", "app_file"],
                "level": "INFO",
                "propagate": False,
            },
            # Refused hosts, CSRF failures, suspicious operations, 4xx/5xx.
            "django.security": {
                "handlers": ["console", "security_file"],
                "level": "INFO",
                "propagate": False,
            },
            "django.request": {
                "handlers": ["console", "security_file"],
                "level": "WARNING",
                "propagate": False,
            },
            # Logins, lockouts and tamper alarms (the cluster's security events).
            "security": {
                "handlers": ["console", "security_file"],
                "level": "INFO",
                "propagate": False,
            },
        },
    }


def gunicorn_logconfig(log_dir: Path, days: int) -> dict:
    """``logconfig_dict`` for gunicorn's config file: its access and error logs
    go to the same kind of daily files (gunicorn does not read Django's LOGGING)."""
    check_retention(days)
    log_dir.mkdir(parents=True, exist_ok=True)
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(message)s"}},
        "handlers": {
            "access_file": _file_handler(log_dir, "access.log", days, "plain"),
            "error_file": _file_handler(log_dir, "gunicorn.log", days, "plain"),
        },
        "loggers": {
            "gunicorn.access": {
                "handlers": ["access_file"],
                "level": "INFO",
                "propagate": False,
            },
            "gunicorn.error": {
                "handlers": ["error_file"],
                "level": "INFO",
                "propagate": False,
            },
        },
    }
