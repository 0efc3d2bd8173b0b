"""Date inputs carry ISO values (issue #17): the browser's date picker shows an
empty field for the Chinese locale's ``2026/12/07``, so the handler saw no
default 受理确认日期."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from sites.services.provisioning import SiteRole
from tests.disclosure.test_casework import new_case

pytestmark = pytest.mark.django_db


def test_register_form_shows_todays_date_in_the_date_picker(client, cluster, site_user):
    case = new_case(cluster.edu)
    client.force_login(site_user(cluster.edu, SiteRole.DISCLOSURE_HANDLER))
    response = client.get(reverse("disclosure_application_detail", args=[case.pk]))
    assert response.status_code == 200
    field = re.search(
        r'<input[^>]*name="[^"]*received_on"[^>]*>', response.content.decode()
    )
    assert field, "no received_on input"
    assert 'type="date"' in field.group(0)
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in field.group(0)
