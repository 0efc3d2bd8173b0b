"""A text challenge for public forms (验证码) that screen readers can read aloud.

Image captchas shut out the blind and many elderly visitors (R-accessibility);
a short arithmetic question in Chinese numerals keeps scripts out without
that cost. The challenge is a signed token (no server state until it is used)
and is single-use: a solved token is remembered until it expires, in the
``state`` cache (a database table every process shares, up when Redis is not).
"""

from __future__ import annotations

import secrets

from django import forms
from django.core import signing
from django.core.cache import caches
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "sites.captcha"
MAX_AGE_SECONDS = 30 * 60
_NUMERALS = "零一二三四五六七八九十"


def _spoken(number: int) -> str:
    if number <= 10:
        return _NUMERALS[number]
    tens, ones = divmod(number, 10)
    return (
        ("" if tens == 1 else _NUMERALS[tens])
        + "十"
        + (_NUMERALS[ones] if ones else "")
    )


def new_challenge() -> tuple[str, str]:
    """(question, token) — e.g. ("三加五等于几？", "…")."""
    left, right = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    question = f"{_spoken(left)}加{_spoken(right)}等于几？（请填写阿拉伯数字）"
    nonce = secrets.token_hex(8)
    # The signed payload is readable (base64), so it carries a keyed hash of the
    # answer, never the answer itself.
    token = signing.dumps({"h": _digest(nonce, left + right), "n": nonce}, salt=SALT)
    return question, token


def _digest(nonce: str, answer) -> str:
    return salted_hmac(SALT, f"{nonce}:{answer}").hexdigest()


def check(token: str, answer: str, owner: str = "") -> str | None:
    """None when solved; otherwise the Chinese message to show.

    A solved challenge is used up, except for its ``owner`` (a form's hidden
    submission token): a browser that re-sends the very same submission (a
    double click) passes again, and the form's own idempotency stores it once.
    """
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        return "验证码已过期，请重新回答新的验证问题。"
    except signing.BadSignature:
        return "验证码无效，请重新回答验证问题。"
    given = (answer or "").strip()
    if (
        len(given) > 4
        or not given.isdigit()
        or not constant_time_compare(_digest(data["n"], int(given)), data["h"])
    ):
        return "验证码回答不正确，请重新计算后填写。"
    key = f"captcha-used:{data['n']}"
    used = caches["state"]
    if not used.add(key, owner or "-", MAX_AGE_SECONDS) and not (
        owner and used.get(key) == owner
    ):
        return "该验证码已使用，请回答新的验证问题。"
    return None


class CaptchaFormMixin(forms.Form):
    """Adds the challenge to a form; call ``refresh_captcha()`` before re-rendering."""

    captcha_token = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha_answer = forms.CharField(
        label="验证码", max_length=4, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The challenge comes last, just above the submit button.
        self.order_fields(
            [name for name in self.fields if not name.startswith("captcha_")]
        )
        if not self.is_bound:
            self.refresh_captcha()

    def refresh_captcha(self):
        question, token = new_challenge()
        self.captcha_question = question
        self.fields["captcha_answer"].help_text = question
        self.initial["captcha_token"] = token
        # Bound fields copy their help text when first built (during validation).
        self._bound_fields_cache.pop("captcha_answer", None)
        self._bound_fields_cache.pop("captcha_token", None)
        if self.is_bound:
            data = self.data.copy()
            data["captcha_token"] = token
            data["captcha_answer"] = ""
            self.data = data

    def validate_captcha(self, owner: str = "") -> bool:
        """Checked after the other fields, so a typo elsewhere does not burn the token."""
        message = check(
            self.data.get("captcha_token"), self.data.get("captcha_answer"), owner
        )
        if message:
            self.add_error("captcha_answer", message)
            return False
        return True
