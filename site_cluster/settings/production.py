"""Production: every secret comes from the environment, and a missing one stops start-up."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from site_cluster.log_files import production_logging

from .base import *  # noqa: F403


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(
            f"环境变量 {name} 未设置（{name} must be set in production）"
        )
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = _required("ALLOWED_HOSTS").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o
]
# ID numbers must stay readable when SECRET_KEY is rotated: their own keys.
PERSONAL_DATA_KEYS = _required("PERSONAL_DATA_KEYS").split(",")
try:
    from cryptography.fernet import Fernet

    for _key in PERSONAL_DATA_KEYS:
        Fernet(_key)
except ValueError as exc:
    raise ImproperlyConfigured(
        "PERSONAL_DATA_KEYS 中有无效的密钥（each key must be a Fernet key）"
    ) from exc
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31_536_000
# hardening (issue 14): every site of the cluster is a subdomain served over
# HTTPS; the admin's links in e-mails must point at the real host.
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
WAGTAILADMIN_BASE_URL = _required("WAGTAILADMIN_BASE_URL")
SESSION_COOKIE_AGE = 30 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Admin access, 等保 level 3 (R74, R75; issue #13 item 5) ---------------------
# 2FA cannot be switched off in production; superusers refuse start-up. Sessions
# end after 12 hours at most (this overrides the 30 minutes above, which logged out
# busy editors too) and after ADMIN_IDLE_TIMEOUT_SECONDS without a request.
ADMIN_2FA_REQUIRED = True
ADMIN_LOCKOUT_ENABLED = True
ADMIN_FORBID_SUPERUSER = True
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_SAMESITE = "Lax"

# Access and security logs: daily files kept LOG_RETENTION_DAYS (≥ 180, R73).
LOG_DIR = Path(os.environ.get("LOG_DIR", DATA_DIR / "logs"))  # noqa: F405
LOG_RETENTION_DAYS = int(os.environ.get("LOG_RETENTION_DAYS", "180"))
try:
    LOGGING = production_logging(LOG_DIR, LOG_RETENTION_DAYS)
except ValueError as exc:
    raise ImproperlyConfigured(str(exc)) from exc

# Several processes serve: the standing `manage.py process_search_queue --loop 1`
# (deploy/serve_production.sh starts it) updates the search index, never a web
# process (issue 16 item 3).
SEARCH_QUEUE_ON_COMMIT = os.environ.get("SEARCH_QUEUE_ON_COMMIT", "worker")

# The SQLite database of DATA_DIR (no DATABASE_URL) keeps its connection between
# requests, as a DATABASE_URL one does (conn_max_age=60 in base.py): opening it
# with its three PRAGMAs was about a twentieth of an uncached page (issue 15).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)  # noqa: F405
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)  # noqa: F405
