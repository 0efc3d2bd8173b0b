"""A request in flight when the database drops its connections (issue 16 item 8).

PostgreSQL restarted, failed over, or a backend terminated: the worker's
connection is dead and the request used to end in a 500. Here a GET or HEAD is
run once more on a fresh connection (it changes nothing, so running it twice is
safe); anything else — and a read that fails again — is answered with a 503 in
Chinese and ``Retry-After``, never with a receipt: a POST whose outcome is not
known must not be acknowledged (a resubmission is stored once: submission tokens).

Exceptions raised anywhere under this middleware (views, the session and page
cache middleware) reach Django's ``got_request_exception`` before they become a
500; the receiver below marks the request when the error is a lost connection.
"""

from __future__ import annotations

import logging
import sys

from django.core.signals import got_request_exception
from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse

logger = logging.getLogger("sites.database")
RETRY_AFTER_SECONDS = 5
SAFE_METHODS = ("GET", "HEAD")
PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>服务暂时不可用</title></head>
<body><main><h1>服务暂时不可用</h1>
<p>数据库连接暂时中断，您的请求没有完成。请在几秒钟后刷新页面或重新提交。</p>
<p>如果刚才提交了信件或申请：本页面不是回执，没有显示受理编号和查询码就表示尚未确认收到，
可以放心重新提交，不会重复登记。</p></main></body></html>
"""


def _dead_connections():
    for connection in connections.all(initialized_only=True):
        if connection.connection is None or not connection.is_usable():
            yield connection


def connection_lost(exc: BaseException | None) -> bool:
    """A dead connection, as opposed to a bad query or a locked SQLite file."""
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    return any(True for _ in _dead_connections())


@receiver(got_request_exception, dispatch_uid="sites.db_resilience")
def _mark_connection_loss(sender, request=None, **kwargs):
    if request is not None and connection_lost(sys.exc_info()[1]):
        request._database_connection_lost = True


def _drop_dead_connections() -> None:
    for connection in list(_dead_connections()):
        connection.close()


def unavailable() -> HttpResponse:
    response = HttpResponse(PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseLossMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "_database_connection_lost", False):
            return response
        request._database_connection_lost = False
        _drop_dead_connections()
        if request.method in SAFE_METHODS:
            logger.warning("database connection lost; %s retried once", request.path)
            response = self.get_response(request)
            if not getattr(request, "_database_connection_lost", False):
                return response
            _drop_dead_connections()
        logger.error("database connection lost; %s %s answered 503",
                     request.method, request.path)  # fmt: skip
        return unavailable()
