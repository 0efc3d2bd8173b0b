"""PostgreSQL dropping connections (issue 16 item 8): the backend serving a
request is terminated with ``pg_terminate_backend`` from another connection,
between requests and in the middle of one. A GET is answered (run once more on
a fresh connection); a POST gets a 503 in Chinese with Retry-After, no receipt,
nothing stored; a read that keeps failing gets the same 503, never a 500."""

import contextlib

import psycopg
import pytest
from django.db import connection
from django.test import Client

from disclosure.models import DisclosureApplication

from ..disclosure.application_helpers import (
    APPLY_URL,
    EDU_HOST,
    application_data,
    hidden_token,
    solve_captcha,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_terminate_backend needs PostgreSQL; SQLite has no connection to lose",
    ),
]


def terminate(pid: int) -> None:
    """From another connection, as an administrator or a failover would."""
    conf = connection.settings_dict
    with psycopg.connect(
        host=conf["HOST"] or None, port=conf["PORT"] or None,
        user=conf["USER"], password=conf["PASSWORD"] or None,
        dbname=conf["NAME"], autocommit=True,
    ) as other:  # fmt: skip
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@contextlib.contextmanager
def terminated_mid_request(times: int):
    """Terminate the request's backend right before its next ``times`` queries."""
    left = [times]

    def wrapper(execute, sql, params, many, context):
        if left[0] > 0:
            left[0] -= 1
            terminate(context["connection"].connection.info.backend_pid)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield


def test_a_connection_terminated_between_requests_is_replaced(cluster):
    client = Client(raise_request_exception=False)
    assert client.get("/", HTTP_HOST=EDU_HOST).status_code == 200
    connection.ensure_connection()
    terminate(connection.connection.info.backend_pid)
    assert client.get(APPLY_URL, HTTP_HOST=EDU_HOST).status_code == 200


def test_a_read_terminated_mid_request_is_run_again(cluster):
    client = Client(raise_request_exception=False)
    with terminated_mid_request(times=1):
        response = client.get(APPLY_URL, HTTP_HOST=EDU_HOST)
    assert response.status_code == 200
    assert "申请" in response.content.decode()


def test_a_read_that_keeps_failing_gets_a_503_in_chinese(cluster):
    client = Client(raise_request_exception=False)
    with terminated_mid_request(times=2):
        response = client.get(APPLY_URL, HTTP_HOST=EDU_HOST)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "服务暂时不可用" in response.content.decode()


def test_a_post_terminated_mid_request_gets_a_503_and_no_receipt(cluster):
    client = Client(raise_request_exception=False)
    form = client.get(APPLY_URL, HTTP_HOST=EDU_HOST).content.decode()
    data = application_data(cluster.edu, submission_token=hidden_token(form))
    data.update(solve_captcha(form))
    with terminated_mid_request(times=1):
        response = client.post(APPLY_URL, data, HTTP_HOST=EDU_HOST)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    text = response.content.decode()
    assert "服务暂时不可用" in text and "查询码：" not in text
    assert not DisclosureApplication.objects.exists()
    # The citizen submits again: stored once, acknowledged.
    response = client.post(APPLY_URL, data, HTTP_HOST=EDU_HOST)
    assert response.status_code == 302
    assert DisclosureApplication.objects.count() == 1
