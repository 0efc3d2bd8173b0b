"""Submit-once (sites.casework.submission): one form, one case, one working code."""

import datetime
import uuid

import pytest
from django.db import IntegrityError
from django.utils import timezone

from sites import query_codes
from sites.casework.submission import receipt_code, submit_once

from .conftest import KINDS, MODELS


@KINDS
def test_a_form_sent_twice_stores_one_case_and_its_receipt_shows_the_same_code(
    kind, submit_case
):
    token = uuid.uuid4()
    case, code = submit_case(kind, token)
    again, repeat_code = submit_case(kind, token)
    assert again.pk == case.pk and repeat_code is None
    assert MODELS[kind].objects.filter(submission_token=token).count() == 1
    assert query_codes.verify(code, case.query_code_hash)
    # The browser shows the answer to the second click: the same code.
    assert receipt_code(again, token, repeat_code) == code
    assert case.events.filter(action="submit").count() == 1


@KINDS
def test_a_form_sent_again_after_the_reissue_window_gets_no_code(kind, submit_case):
    token = uuid.uuid4()
    case, _code = submit_case(kind, token)
    long_ago = timezone.now() - query_codes.REISSUE_WINDOW - datetime.timedelta(1)
    MODELS[kind].objects.filter(pk=case.pk).update(submitted_at=long_ago)
    again, code = submit_case(kind, token)
    assert again.pk == case.pk and receipt_code(again, token, code) is None
    # Nor does another form's token open it.
    assert receipt_code(again, uuid.uuid4(), None) is None


@KINDS
def test_a_failure_that_is_not_a_repeated_token_is_not_taken_for_one(kind, cluster):
    def store(query_code_hash):
        raise IntegrityError("another constraint")

    with pytest.raises(IntegrityError):
        submit_once(MODELS[kind], uuid.uuid4(), store)
    assert not MODELS[kind].objects.exists()


@pytest.mark.parametrize(
    "receipt, look_up",
    [
        ("/hdjl/ldxx/receipt/", "/hdjl/ldxx/query/"),
        ("/xxgk/ysqgk/receipt/", "/xxgk/ysqgk/query/"),
    ],
)
def test_a_receipt_is_shown_only_to_the_session_that_submitted(
    client, cluster, receipt, look_up
):
    response = client.get(receipt, HTTP_HOST="www.bj.example.gov.cn")
    assert response.status_code == 302 and response.url == look_up
