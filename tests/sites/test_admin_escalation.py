"""三员分立 cannot be escalated through the admin (R75; issue #14 item 1).

Every path the black-box attack found, tried through the real user edit form
(``/admin/users/edit/<id>/``), the group edit form and the account password view,
as each administrator.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from sites.models import AuditEvent
from sites.services.provisioning import SiteRole, site_groups
from sites.services.roles import (
    AUDIT_ADMIN,
    CLUSTER_ADMIN,
    SECURITY_ADMIN,
    SEPARATED_ADMINS,
    SUPERVISOR,
    SYSTEM_ADMIN,
)

pytestmark = pytest.mark.django_db
PASSWORD = "测试密码-Abc12345"
NEW_PASSWORD = "Hijacked-Pass-9876!"


def group(name):
    return Group.objects.get(name=name)


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


def account_form(client, **fields):
    """The account settings page's whole form as a browser would send it."""
    from bs4 import BeautifulSoup

    page = client.get(reverse("wagtailadmin_account")).content.decode()
    form = BeautifulSoup(page, "html.parser").find(
        "form", method=lambda m: (m or "").lower() == "post"
    )
    data = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.get("type") in ("submit", "file"):
            continue
        if element.name == "select":
            chosen = element.find("option", selected=True) or element.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        elif element.get("type") in ("checkbox", "radio"):
            if element.has_attr("checked"):
                data[name] = element.get("value", "on")
        else:
            data[name] = element.get("value", "")
    return {**data, **fields}


def privileged_groups(cluster):
    edu = site_groups(cluster.edu.site_name)
    return [
        group(CLUSTER_ADMIN),
        group(SUPERVISOR),
        group(AUDIT_ADMIN),
        edu[SiteRole.DISCLOSURE_HANDLER],
        edu[SiteRole.LETTER_HANDLER],
    ]


@pytest.mark.parametrize(
    "index",
    range(5),
    ids=["集群管理员", "监督员", "审计管理员", "公开办理", "信件办理"],
)
def test_security_admin_cannot_add_itself_to_a_privileged_group(
    client, cluster, make_user, index
):
    """The attack: 安全管理员 edits its own account and ticks 集群管理员, 监督员,
    审计管理员 or a site's ·公开办理/·信件办理 (then reads ID numbers / the audit log)."""
    security = make_user("sec", group(SECURITY_ADMIN))
    wanted = privileged_groups(cluster)[index]
    client.force_login(security)
    edit_user(client, security, groups=[group(SECURITY_ADMIN).pk, wanted.pk])
    assert list(security.groups.values_list("name", flat=True)) == [SECURITY_ADMIN]
    assert not AuditEvent.objects.filter(action="cluster.role_grant").exists()
    # And the audit log stays closed to them.
    assert client.get(reverse("sites_audit_log")).status_code in (302, 403)


def test_security_admin_cannot_drop_its_own_role_either(client, cluster, make_user):
    security = make_user("sec", group(SECURITY_ADMIN))
    client.force_login(security)
    edit_user(client, security, groups=[])
    assert list(security.groups.values_list("name", flat=True)) == [SECURITY_ADMIN]


@pytest.mark.parametrize("target_role", [SECURITY_ADMIN, AUDIT_ADMIN, SYSTEM_ADMIN])
def test_system_admin_cannot_reset_another_administrators_credentials(
    client, cluster, make_user, target_role
):
    """The attack: 系统管理员 sets 安全管理员's password and logs in as them."""
    target = make_user(
        "target", group(target_role), email="target@example.gov.cn", first_name="甲"
    )
    client.force_login(make_user("sys", group(SYSTEM_ADMIN)))
    edit_user(
        client,
        target,
        username="renamed",
        email="attacker@example.com",
        is_active="",
        password1=NEW_PASSWORD,
        password2=NEW_PASSWORD,
    )
    target.refresh_from_db()
    assert target.check_password(PASSWORD)
    assert not target.check_password(NEW_PASSWORD)
    assert (target.username, target.email, target.is_active) == (
        "target",
        "target@example.gov.cn",
        True,
    )
    client.logout()
    assert not client.login(username="target", password=NEW_PASSWORD)


def test_system_admin_still_resets_an_ordinary_users_password(
    client, cluster, make_user
):
    """Control: the same POST works on an account that is not an administrator."""
    target = make_user("editor", site_groups(cluster.edu.site_name)[SiteRole.EDITOR])
    client.force_login(make_user("sys", group(SYSTEM_ADMIN)))
    response = edit_user(client, target, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password(NEW_PASSWORD)


def test_security_admin_cannot_reset_the_system_admins_password(
    client, cluster, make_user
):
    target = make_user("sys", group(SYSTEM_ADMIN))
    client.force_login(make_user("sec", group(SECURITY_ADMIN)))
    edit_user(client, target, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    target.refresh_from_db()
    assert target.check_password(PASSWORD)


@pytest.mark.parametrize("role", SEPARATED_ADMINS)
def test_own_password_only_through_the_account_view_with_the_old_one(
    client, cluster, make_user, role
):
    user = make_user(
        "admin",
        group(role),
        email="admin@example.gov.cn",
        first_name="甲",
        last_name="乙",
    )
    client.force_login(user)
    # The user edit form (no old password asked) does not change it ...
    edit_user(client, user, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # ... the account view with a wrong old password does not either ...
    url = reverse("wagtailadmin_account")
    client.post(
        url,
        account_form(
            client,
            **{
                "password-old_password": "wrong",
                "password-new_password1": NEW_PASSWORD,
                "password-new_password2": NEW_PASSWORD,
            },
        ),
    )
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # ... and with the old one it does.
    response = client.post(
        url,
        account_form(
            client,
            **{
                "password-old_password": PASSWORD,
                "password-new_password1": NEW_PASSWORD,
                "password-new_password2": NEW_PASSWORD,
            },
        ),
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_security_admin_grants_a_privileged_role_to_someone_else_audited(
    client, cluster, make_user
):
    security = make_user("sec", group(SECURITY_ADMIN))
    handler_group = site_groups(cluster.edu.site_name)[SiteRole.DISCLOSURE_HANDLER]
    target = make_user("clerk")
    client.force_login(security)
    assert edit_user(client, target, groups=[handler_group.pk]).status_code == 302
    assert list(target.groups.all()) == [handler_group]
    event = AuditEvent.objects.get(action="cluster.role_grant")
    assert event.user == security
    assert event.object_id == str(target.pk)
    assert event.detail["group"] == handler_group.name
    assert event.detail["privileged"] is True
    assert edit_user(client, target, groups=[]).status_code == 302
    revoke = AuditEvent.objects.get(action="cluster.role_revoke")
    assert revoke.detail["group"] == handler_group.name


def test_privileged_roles_need_the_security_admin(client, cluster, make_user):
    """A custom group holding change_user and change_group (not 安全管理员) may
    hand out ordinary roles but not the ones that read personal data."""
    custom = Group.objects.create(name="人事专员")
    custom.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_user"),
        Permission.objects.get(codename="change_group"),
    )
    client.force_login(make_user("hr", custom))
    target = make_user("clerk")
    response = edit_user(client, target, groups=[group(SUPERVISOR).pk])
    assert response.status_code == 200
    assert "只有安全管理员可以授予" in response.content.decode()
    assert not target.groups.exists()
    editor = site_groups(cluster.edu.site_name)[SiteRole.EDITOR]
    assert edit_user(client, target, groups=[editor.pk]).status_code == 302
    assert list(target.groups.all()) == [editor]


@pytest.mark.parametrize("name", SEPARATED_ADMINS)
def test_security_admin_cannot_edit_the_administrators_groups(
    client, cluster, make_user, name
):
    """Giving 安全管理员's own group view_auditevent would read the audit log."""
    client.force_login(make_user("sec", group(SECURITY_ADMIN)))
    target = group(name)
    before = set(target.permissions.values_list("pk", flat=True))
    audit_perm = Permission.objects.get(codename="view_auditevent")
    url = reverse("wagtailusers_groups:edit", args=[target.pk])
    # Wagtail answers a PermissionDenied in its admin with a redirect home.
    assert client.get(url).status_code in (302, 403)
    response = client.post(url, {"name": name, "permissions": [audit_perm.pk]})
    assert response.status_code in (302, 403)
    assert set(target.permissions.values_list("pk", flat=True)) == before
    delete = reverse("wagtailusers_groups:delete", args=[target.pk])
    assert client.post(delete).status_code in (302, 403)
    assert Group.objects.filter(name=name).exists()


def test_security_admin_still_edits_other_groups(client, cluster, make_user):
    client.force_login(make_user("sec", group(SECURITY_ADMIN)))
    url = reverse("wagtailusers_groups:edit", args=[group(SUPERVISOR).pk])
    assert client.get(url).status_code == 200
