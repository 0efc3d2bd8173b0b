"""Password policy and what the administrators cover instead of a superuser
(R74, R75; issue #13 item 5)."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from sites.services.roles import (
    AUDIT_ADMIN,
    CLUSTER_ADMIN,
    SECURITY_ADMIN,
    SYSTEM_ADMIN,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password",
    [
        "Short-9x!",  # under 12 characters
        "314159265358979",  # all digits
        "password1234",  # Django's common list
        "Woaini1314!!",  # Chinese weak part, capitalised, padded
        "1qaz2wsx3edc4rfv",  # keyboard walk
        "Zhengfu@2026xyz",  # a government default
        "Admin@123456789",
    ],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_strong_password_passes():
    validate_password("Hu7-lake-Tq2-river")


def test_system_admin_cannot_set_a_weak_password_in_the_user_form(
    client, cluster, make_user
):
    client.force_login(make_user("sys", Group.objects.get(name=SYSTEM_ADMIN)))
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "newclerk",
            "email": "clerk@example.gov.cn",
            "first_name": "甲",
            "last_name": "乙",
            "password1": "woaini5201314",
            "password2": "woaini5201314",
        },
    )
    assert response.status_code == 200
    assert "常见弱口令" in response.content.decode()
    assert not Group.objects.filter(user__username="newclerk").exists()


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (SYSTEM_ADMIN, "/admin/users/"),
        (SYSTEM_ADMIN, "wagtailusers_users:add"),
        (SYSTEM_ADMIN, "/admin/sites/"),
        (SYSTEM_ADMIN, "/admin/settings/sites/clustersettings/"),
        (SECURITY_ADMIN, "/admin/groups/"),
        (SECURITY_ADMIN, "wagtailusers_groups:add"),
        (SECURITY_ADMIN, "/admin/cluster/login-locks/"),
        (AUDIT_ADMIN, "/admin/cluster/audit-log/"),
        (CLUSTER_ADMIN, "/admin/cluster/create-site/"),
        (CLUSTER_ADMIN, "/admin/workflows/list/"),
        (CLUSTER_ADMIN, "/admin/redirects/"),
    ],
)
def test_what_a_superuser_did_is_covered_by_a_role(client, cluster, make_user, role,
                                                   url):  # fmt: skip
    """No superuser in production: every area only a superuser could open before
    has a role that opens it now."""
    client.force_login(make_user(f"u-{role}", Group.objects.get(name=role)))
    if not url.startswith("/"):
        url = reverse(url)
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert (
        response.redirect_chain == [] or "login" not in response.redirect_chain[-1][0]
    )
    assert response.request["PATH_INFO"] != "/admin/"
