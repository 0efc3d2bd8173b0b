"""Citizens' personal data: encrypted at rest with rotatable keys, validated, masked
(SECURITY: personal data; REQUIREMENTS R44)."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError

from sites import personal_data as pd

ID = "11010519491231002X"


def test_encryption_round_trips_and_survives_key_rotation(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PERSONAL_DATA_KEYS = [old]
    token = pd.encrypt(ID)
    assert ID not in token and pd.decrypt(token) == ID
    settings.PERSONAL_DATA_KEYS = [new, old]  # a new key first, the old one kept
    assert pd.decrypt(token) == ID
    assert pd.decrypt(pd.encrypt(ID)) == ID
    settings.PERSONAL_DATA_KEYS = [new]  # the old key dropped: unreadable, not a crash
    assert pd.decrypt(token) == ""
    assert pd.decrypt("garbage") == ""


@pytest.mark.parametrize("value", ["11010519491231002X", "11010519491231002x"])
def test_valid_resident_ids(value):
    pd.validate_resident_id(value)


@pytest.mark.parametrize(
    "value", ["110105194912310021", "11010519491331002X", "1101051949123100", "ABC"]
)
def test_invalid_resident_ids_get_chinese_messages(value):
    with pytest.raises(ValidationError, match="身份证号码"):
        pd.validate_resident_id(value)


def test_credit_codes_are_checked():
    pd.validate_uscc("91110000600037341L")
    for bad in ("91110000600037341A", "9111000060003734", "91110000600037341I"):
        with pytest.raises(ValidationError, match="统一社会信用代码"):
            pd.validate_uscc(bad)


def test_masks_keep_only_what_identifies_nothing():
    assert pd.mask_id(ID) == "1101**********002X"
    assert pd.mask_phone("13912345678") == "139****5678"
    assert pd.mask_phone("0477-8123456") == "047*****3456"
    assert pd.mask_name("张三") == "张*"
    assert pd.mask_name("欧阳娜娜") == "欧***"
