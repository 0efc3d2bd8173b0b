"""gunicorn behind nginx (production serving profile; README “生产部署”).

Every value can be set from the environment: GUNICORN_BIND, GUNICORN_WORKERS,
GUNICORN_THREADS, GUNICORN_TIMEOUT, GUNICORN_MAX_REQUESTS.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Sync workers behind nginx (it buffers slow clients); one per core plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Load Django, jieba's dictionary and the templates once; workers share the pages.
preload_app = True
# Bound the memory a long-lived worker can grow to. 0 keeps workers for good:
# bench/serving.py reads CPU per request from the live workers in /proc, and
# a recycled worker takes its CPU time with it.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500 if max_requests else 0
# Headers and request line of ordinary browsers; nginx refuses larger first.
limit_request_line = 8190
limit_request_fields = 100
# Only nginx on this machine may say which scheme the visitor used.
forwarded_allow_ips = "127.0.0.1"
# nginx keeps the access log; errors go to stderr.
accesslog = None
errorlog = "-"
loglevel = "warning"
proc_name = "site-cluster"
# Query-string values that look like phone or ID numbers are masked (issue #14).
logger_class = "sites.log_masking.MaskingGunicornLogger"


def pre_fork(server, worker):
    """A database connection opened while preloading (start-up checks) must not
    be inherited: two workers on one PostgreSQL socket corrupt each other's
    answers. Closed in the master before each fork; workers open their own."""
    from django.db import connections

    connections.close_all()
