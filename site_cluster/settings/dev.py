"""Local development and the demo: debug on, hostnames under *.localhost."""

from .base import *  # noqa: F403

DEBUG = True
# The demo is not reachable from outside this machine; this key protects nothing.
SECRET_KEY = "dev-only-not-secret-5b1f1c9e7a0d4b6c8e2f"  # noqa: S105
ALLOWED_HOSTS = [".localhost", "localhost", "127.0.0.1", "[::1]"]
CLUSTER_DEFAULT_PORT = int(os.environ.get("CLUSTER_PORT", "8000"))  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Serve static files straight from the apps while developing (no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The demo and benchmark data commands (seed_demo, seed_scale); production leaves
# them out.
# A new list: ``+=`` would extend base.INSTALLED_APPS itself, and a process
# that imports two settings modules (the two-worker drill) would list it twice.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
