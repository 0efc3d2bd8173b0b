"""The text captcha of public forms: answerable by people and screen readers,
opaque to scripts, single-use (SECURITY: abuse of public forms)."""

import base64
import json

import pytest
from django.core.cache import cache

from sites import captcha
from tests.disclosure.application_helpers import spoken_to_int

# Used tokens are remembered in the "state" cache, a database table.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def answer_of(question: str) -> int:
    left, right = question.split("等于")[0].split("加")
    return spoken_to_int(left) + spoken_to_int(right)


def test_the_question_is_plain_chinese_and_the_token_hides_the_answer():
    for _ in range(30):
        question, token = captcha.new_challenge()
        answer = answer_of(question)
        assert 2 <= answer <= 18
        payload = token.split(":")[0]
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        assert set(data) == {"h", "n"}  # a keyed hash and a nonce, no answer
        assert captcha.check(token, str(answer)) is None


def test_wrong_forged_reused_and_silly_answers_are_refused_in_chinese():
    question, token = captcha.new_challenge()
    answer = answer_of(question)
    assert "不正确" in captcha.check(token, str(answer + 1))
    assert "不正确" in captcha.check(token, "9" * 5000)
    assert "不正确" in captcha.check(token, "")
    assert "无效" in captcha.check(token[:-2] + "xx", str(answer))
    assert "无效" in captcha.check("", str(answer))
    assert captcha.check(token, str(answer)) is None
    assert "已使用" in captcha.check(token, str(answer))


def test_an_old_challenge_expires(monkeypatch):
    question, token = captcha.new_challenge()
    monkeypatch.setattr(captcha, "MAX_AGE_SECONDS", -1)
    assert "已过期" in captcha.check(token, str(answer_of(question)))
