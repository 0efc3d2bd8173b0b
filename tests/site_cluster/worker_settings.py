"""Settings of the worker processes that tests/site_cluster/test_two_workers.py
starts: the embedded default exactly as deployed without REDIS_URL (file cache,
database state cache, database sessions), with the test suite's key (so that a
session the test opens is valid in the workers) and its fast password hasher."""

from site_cluster.settings.dev import *  # noqa: F403
from site_cluster.settings.test import PASSWORD_HASHERS, SECRET_KEY  # noqa: F401

DEBUG = False
ALLOWED_HOSTS = ["*"]
# The drill's admin session is made with force_login (no second factor); the
# second factor itself is tested in tests/sites/test_admin_second_factor.py.
ADMIN_2FA_REQUIRED = False
