"""Fast, deterministic settings for the test suite."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # The real one: counters are exact database rows, rolled back with each test.
    "state": STATE_CACHE,  # noqa: F405
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cluster-test-media-"))  # noqa: F405
CLUSTER_DEFAULT_PORT = 80
INTEGRITY_BACKUP_DIR = Path(tempfile.mkdtemp(prefix="cluster-test-integrity-"))  # noqa: F405
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cluster-test-private-"))  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False}
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="cluster-test-static-"))  # noqa: F405
WHITENOISE_AUTOREFRESH = True
# Wagtail's own (admin) search index is not under test here; skipping its updates
# on every page save keeps fixtures fast. Tests of admin search switch it back on.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "AUTO_UPDATE": False,
    }
}
# The search index of the test run lives in a temporary directory (tests that
# need a fresh one point the connection elsewhere, see tests/search/conftest.py).
SEARCH_INDEX_DIR = Path(tempfile.mkdtemp(prefix="cluster-test-search-"))  # noqa: F405
VISIT_SPOOL_DIR = Path(tempfile.mkdtemp(prefix="cluster-test-visits-"))  # noqa: F405
HAYSTACK_CONNECTIONS = {"default": search_connection(SEARCH_ENGINE, SEARCH_INDEX_DIR)}  # noqa: F405
SEARCH_WRITER_LOCK = SEARCH_INDEX_DIR / "writer.lock"
# Index updates right after the commit, in the committing thread: deterministic
# (tests of the background thread switch it on).
SEARCH_QUEUE_ON_COMMIT = "inline"
# The whole-page cache is on, as in production: every test that changes content
# and reads a page again also proves the cache was invalidated.
PAGE_CACHE_SECONDS = 300
# --- Admin access (sites/admin_access): the rest of the suite logs in with
# force_login and a password only; the tests of 2FA and lockout switch these on.
ADMIN_2FA_REQUIRED = False
ADMIN_LOCKOUT_ENABLED = False
# Legacy imports started in the admin run inside the request (deterministic).
LEGACY_IMPORT_INLINE = True
# The demo's builders are under test (the browser flows sign in as its accounts).
# A new list: ``+=`` would extend base.INSTALLED_APPS itself, and a process
# that imports two settings modules (the two-worker drill) would list it twice.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
