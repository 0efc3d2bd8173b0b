"""A wrong PERSONAL_DATA_KEYS is an error, not blank ID numbers (issue 16 item 7).

The keys are checked against a stored known value (and, before it exists,
against stored tokens): the system check ``sites.E110``, the security_report
line and the handler's own case page all say 密钥不匹配.
"""

import pytest
from cryptography.fernet import Fernet
from django.test import Client

from disclosure.models import DisclosureApplication
from sites.key_check import check_personal_data_keys, key_status
from sites.models import PersonalDataKeyCanary
from sites.services.provisioning import SiteRole, site_groups

from ..disclosure.application_helpers import EDU_HOST, submit_application

pytestmark = pytest.mark.django_db
LIST = "/admin/disclosure/applications/"


@pytest.fixture
def keys(settings):
    right, wrong = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PERSONAL_DATA_KEYS = [right]
    return right, wrong


@pytest.fixture
def submitted(cluster, keys):
    response = submit_application(Client(), EDU_HOST, cluster.edu, name="欧阳明月")
    assert response.status_code == 302
    return DisclosureApplication.objects.get()


def test_the_right_key_passes_and_records_the_known_value(submitted):
    assert check_personal_data_keys(databases=["default"]) == []
    assert PersonalDataKeyCanary.objects.count() == 1
    assert key_status().ok


def test_a_wrong_key_is_a_system_check_error(settings, keys, submitted):
    settings.PERSONAL_DATA_KEYS = [keys[1]]
    # Before the known value exists: the stored applicant's data tells.
    errors = check_personal_data_keys(databases=["default"])
    assert [e.id for e in errors] == ["sites.E110"]
    assert "密钥不匹配" in errors[0].msg
    assert not PersonalDataKeyCanary.objects.exists()  # nothing recorded
    settings.PERSONAL_DATA_KEYS = [keys[0]]
    assert check_personal_data_keys(databases=["default"]) == []
    DisclosureApplication.objects.all().delete()
    settings.PERSONAL_DATA_KEYS = [keys[1]]
    # Afterwards the known value alone tells, with no case stored.
    assert [e.id for e in check_personal_data_keys(databases=["default"])] == [
        "sites.E110"
    ]
    # Only database checks (migrate, check --database) look.
    assert check_personal_data_keys() == []


def test_a_rotated_key_list_still_reads_and_rotation_covers_the_known_value(
    settings, keys, submitted
):
    from django.core.management import call_command

    assert key_status().ok
    newest = Fernet.generate_key().decode()
    settings.PERSONAL_DATA_KEYS = [newest, keys[0]]
    assert key_status().ok
    call_command("rotate_personal_data_keys", verbosity=0)
    settings.PERSONAL_DATA_KEYS = [newest]
    assert key_status().ok


def test_the_security_report_line_turns_red_on_a_wrong_key(settings, keys, submitted):
    from sites.admin_access.security_report import personal_data_keys

    assert personal_data_keys().status == "OK"
    settings.PERSONAL_DATA_KEYS = [keys[1]]
    line = personal_data_keys()
    assert line.status == "FAIL"
    assert "密钥不匹配" in line.detail


def test_the_handler_sees_key_mismatch_instead_of_blanks(
    client, settings, cluster, make_user, keys, submitted
):
    handler = make_user(
        "edu-gk", site_groups(cluster.edu.site_name)[SiteRole.DISCLOSURE_HANDLER]
    )
    client.force_login(handler)
    page = client.get(f"{LIST}{submitted.pk}/").content.decode()
    assert "欧阳明月" in page and "密钥不匹配" not in page
    settings.PERSONAL_DATA_KEYS = [keys[1]]
    page = client.get(f"{LIST}{submitted.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "密钥不匹配" in text and "欧阳明月" not in text


def test_the_letter_handler_sees_key_mismatch_instead_of_blanks(
    client, settings, cluster, make_user, keys
):
    from interaction.models import Letter
    from tests.interaction.helpers import PORTAL_HOST, write_letter

    assert write_letter(Client(), name="欧阳来信").status_code == 302
    letter = Letter.objects.get()
    handler = make_user(
        "xx-handler", site_groups(cluster.portal.site_name)[SiteRole.LETTER_HANDLER]
    )
    client.force_login(handler)
    url = f"/admin/interaction/letters/{letter.pk}/"
    page = client.get(url, HTTP_HOST=PORTAL_HOST).content.decode()
    assert "欧阳来信" in page and "密钥不匹配" not in page
    settings.PERSONAL_DATA_KEYS = [keys[1]]
    page = client.get(url, HTTP_HOST=PORTAL_HOST)
    assert page.status_code == 200
    text = page.content.decode()
    assert "密钥不匹配" in text and "欧阳来信" not in text
