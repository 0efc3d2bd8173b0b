"""Cluster roles and 三员分立 (REQUIREMENTS R75; issue #3 item 1)."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from wagtail.models import Page

from sites.services.roles import (
    AUDIT_ADMIN,
    CLUSTER_ROLE_PERMISSIONS,
    SECURITY_ADMIN,
    SEPARATED_ADMINS,
    SUPERVISOR,
    SYSTEM_ADMIN,
)

pytestmark = pytest.mark.django_db


def test_cluster_groups_exist_after_migrate(cluster):
    assert set(CLUSTER_ROLE_PERMISSIONS) <= set(
        Group.objects.values_list("name", flat=True)
    )


@pytest.mark.parametrize(
    "pair",
    [
        (SYSTEM_ADMIN, SECURITY_ADMIN),
        (SYSTEM_ADMIN, AUDIT_ADMIN),
        (SECURITY_ADMIN, AUDIT_ADMIN),
    ],
)
def test_no_account_holds_two_of_the_three_administrators(cluster, make_user, pair):
    user = make_user("admin-a", Group.objects.get(name=pair[0]))
    with pytest.raises(ValidationError) as excinfo, transaction.atomic():
        user.groups.add(Group.objects.get(name=pair[1]))
    assert "三员分立" in str(excinfo.value)
    assert list(user.groups.values_list("name", flat=True)) == [pair[0]]


def test_user_form_refuses_two_administrator_roles_in_chinese(
    client, cluster, make_user
):
    security = make_user("security", Group.objects.get(name=SECURITY_ADMIN))
    target = make_user("target", Group.objects.get(name=SYSTEM_ADMIN))
    client.force_login(security)
    url = reverse("wagtailusers_users:edit", args=[target.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "username": "target",
            "email": "target@example.gov.cn",
            "first_name": "系统",
            "last_name": "管理员",
            "is_active": "on",
            "groups": [
                Group.objects.get(name=SYSTEM_ADMIN).pk,
                Group.objects.get(name=AUDIT_ADMIN).pk,
            ],
        },
    )
    assert response.status_code == 200
    assert "三员分立" in response.content.decode()
    assert list(target.groups.values_list("name", flat=True)) == [SYSTEM_ADMIN]


@pytest.mark.parametrize("role", [*SEPARATED_ADMINS, SUPERVISOR])
def test_administrators_and_supervisors_cannot_edit_content(cluster, make_user, role):
    user = make_user(f"u-{role}", Group.objects.get(name=role))
    for site in cluster.all:
        home = Page.objects.get(pk=site.root_page_id)
        permissions = home.permissions_for_user(user)
        assert not permissions.can_edit()
        assert not permissions.can_publish()
        assert not permissions.can_add_subpage()


def edit_user(client, target, **changes):
    data = {
        "username": target.username,
        "email": target.email or "old@example.gov.cn",
        "first_name": target.first_name or "甲",
        "last_name": target.last_name or "乙",
        "is_active": "on",
        "groups": list(target.groups.values_list("pk", flat=True)),
        **changes,
    }
    return client.post(reverse("wagtailusers_users:edit", args=[target.pk]), data)


def test_system_admin_manages_accounts_but_not_roles(client, cluster, make_user):
    client.force_login(make_user("sys", Group.objects.get(name=SYSTEM_ADMIN)))
    target = make_user("target", email="old@example.gov.cn")
    response = edit_user(
        client,
        target,
        email="new@example.gov.cn",
        groups=[Group.objects.get(name=SUPERVISOR).pk],
        is_superuser="on",
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.email == "new@example.gov.cn"  # accounts: yes
    assert not target.groups.exists()  # roles: no
    assert not target.is_superuser  # never a superuser


def test_security_admin_assigns_roles_but_not_accounts(client, cluster, make_user):
    client.force_login(make_user("sec", Group.objects.get(name=SECURITY_ADMIN)))
    target = make_user("target", email="old@example.gov.cn")
    response = edit_user(
        client,
        target,
        email="hijack@example.com",
        groups=[Group.objects.get(name=SUPERVISOR).pk],
        is_superuser="on",
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert list(target.groups.values_list("name", flat=True)) == [SUPERVISOR]
    assert target.email == "old@example.gov.cn"
    assert not target.is_superuser
