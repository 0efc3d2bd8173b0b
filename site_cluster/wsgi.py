import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_cluster.settings.production")
application = get_wsgi_application()

# Before gunicorn forks its workers (preload_app): a new or replaced worker then
# serves its first request without loading views, templates or jieba.
from sites.warm_up import warm_up  # noqa: E402

warm_up()
