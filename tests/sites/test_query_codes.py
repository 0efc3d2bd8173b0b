"""Query codes with a keyed fast hash (issue 16 item 6): long, typeable codes;
old PBKDF2 receipts still open their case; keys can be rotated."""

import re
import time
import uuid

from django.contrib.auth.hashers import PBKDF2PasswordHasher

from sites import query_codes


def test_a_code_is_long_typeable_and_its_hash_fast_and_keyed(settings):
    code = query_codes.code_for(uuid.uuid4())
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}", code)
    stored = query_codes.hash_code(code)
    assert code.replace("-", "") not in stored
    started = time.process_time()
    for _ in range(200):
        assert query_codes.verify(code, stored)
    assert time.process_time() - started < 0.5  # PBKDF2 took ~1.2 s for one
    # Typed as a visitor may: lower case, spaces instead of dashes.
    assert query_codes.verify(code.lower().replace("-", " "), stored)
    assert not query_codes.verify(code[:-1] + ("A" if code[-1] != "A" else "B"), stored)
    assert not query_codes.verify("", stored)
    # Another key: the stored hash means nothing.
    settings.QUERY_CODE_KEYS = ["another-key"]
    assert not query_codes.verify(code, stored)


def test_different_tokens_give_different_codes_and_a_token_always_the_same():
    token = uuid.uuid4()
    assert query_codes.code_for(token) == query_codes.code_for(str(token))
    codes = {query_codes.code_for(uuid.uuid4()) for _ in range(500)}
    assert len(codes) == 500


def test_a_rotated_key_keeps_old_receipts_working(settings):
    settings.QUERY_CODE_KEYS = ["old-key"]
    old_code = query_codes.code_for(uuid.uuid4())
    old_stored = query_codes.hash_code(old_code)
    settings.QUERY_CODE_KEYS = ["new-key", "old-key"]
    assert query_codes.verify(old_code, old_stored)
    new_stored = query_codes.hash_code(query_codes.code_for(uuid.uuid4()))
    settings.QUERY_CODE_KEYS = ["old-key"]
    assert not query_codes.verify(old_code, new_stored)


def test_the_default_key_follows_secret_key_fallbacks(settings):
    code = query_codes.code_for(uuid.uuid4())
    stored = query_codes.hash_code(code)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key"
    assert query_codes.verify(code, stored)


def test_a_legacy_pbkdf2_hash_still_verifies(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    # As stored before the keyed hash: 8 characters under Django's PBKDF2.
    stored = PBKDF2PasswordHasher().encode("ABCD2345", "legacysalt", iterations=1000)
    assert query_codes.verify("ABCD2345", stored)
    assert query_codes.verify("abcd 2345", stored)
    assert not query_codes.verify("ABCD2346", stored)
