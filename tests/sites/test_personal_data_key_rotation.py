"""Key rotation for personal data at rest (R80, issue 13 item 6): after a new key
is put first, one command re-encrypts letters' and applicants' data, and the old
key can then be removed."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from disclosure.models import DisclosureApplication
from tests.disclosure.test_casework import new_case

pytestmark = pytest.mark.django_db


def test_rotation_reencrypts_every_encrypted_column_with_the_newest_key(
    cluster, settings
):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PERSONAL_DATA_KEYS = [old]
    case = new_case(cluster.edu, name="欧阳明月", phone="13987650123")
    settings.PERSONAL_DATA_KEYS = [new, old]
    call_command("rotate_personal_data_keys")
    settings.PERSONAL_DATA_KEYS = [new]  # the old key retired
    case = DisclosureApplication.objects.get(pk=case.pk)
    assert (case.name, case.phone, case.id_number) == (
        "欧阳明月",
        "13987650123",
        "11010519491231002X",
    )
    Fernet(new.encode()).decrypt(case.phone_encrypted.encode())
