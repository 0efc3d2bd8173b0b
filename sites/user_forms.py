"""The admin's user forms, with 三员分立 (REQUIREMENTS R75; issue #14 item 1).

- No account may hold two of 系统管理员, 安全管理员 and 审计管理员.
- 系统管理员 manages accounts but not roles: the groups field is read-only for them.
- 安全管理员 assigns roles but does not manage accounts: the account fields are
  read-only for them.
- Nobody changes their own roles, active flag or password here: their own password
  is changed under 账号设置, which asks for the old one.
- The credentials of an administrator's account (the three administrators, and
  any superuser) are read-only for everyone else: 系统管理员 cannot reset
  安全管理员's password and log in as them. To take over such an account, the
  安全管理员 first removes its role, then the 系统管理员 resets it (two people).
- Roles that read personal data or the audit log (``privileged_role``) are granted
  and revoked by 安全管理员 only, and every grant and revocation is audited.
- Only a superuser can make a superuser (a superuser holds every role at once).
"""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm

from .services.roles import (
    SECURITY_ADMIN,
    is_administrator,
    privileged_role,
    separation_error,
)

ACCOUNT_FIELDS = ("username", "email", "first_name", "last_name", "is_active",
                  "password1", "password2")  # fmt: skip
CREDENTIAL_FIELDS = ("username", "email", "is_active", "password1", "password2")


def _read_only(field):
    # Read-only, and not required: the stored value stands as it is (a disabled
    # password field is empty, so the password is kept).
    field.disabled = True
    field.required = False


class SeparationOfDutiesMixin:
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        self.initial_groups = (
            set(self.instance.groups.all()) if self.instance.pk else set()
        )
        if for_user is None or for_user.is_superuser:
            return
        self.fields.pop("is_superuser", None)
        editing_self = self.instance.pk is not None and self.instance.pk == for_user.pk
        if "groups" in self.fields and (
            editing_self or not for_user.has_perm("auth.change_group")
        ):
            self.fields["groups"].disabled = True
            if editing_self:
                self.fields["groups"].help_text = "不能修改自己的角色。"
        locked = ACCOUNT_FIELDS if not for_user.has_perm("auth.add_user") else ()
        if editing_self:
            # Own password under 账号设置 (old password required); never deactivate
            # oneself.
            locked = (*locked, "is_active", "password1", "password2")
        elif self.instance.pk and is_administrator(self.instance):
            locked = (*locked, *CREDENTIAL_FIELDS)
        for name in locked:
            if name in self.fields:
                _read_only(self.fields[name])

    def clean_groups(self):
        groups = self.cleaned_data.get("groups")
        if groups is None:
            return groups
        error = separation_error(group.name for group in groups)
        if error:
            raise forms.ValidationError(error)
        changed = set(groups) ^ self.initial_groups
        sensitive = sorted(g.name for g in changed if privileged_role(g))
        user = self.for_user
        if sensitive and not (
            user is None
            or user.is_superuser
            or user.groups.filter(name=SECURITY_ADMIN).exists()
        ):
            raise forms.ValidationError(
                "只有安全管理员可以授予或收回可查看个人信息或审计日志的角色："
                + "、".join(sensitive)
            )
        return groups

    def role_changes(self):
        """(granted, revoked) group names, once the form is valid."""
        new = set(self.cleaned_data.get("groups") or ())
        if "groups" not in self.cleaned_data:
            new = self.initial_groups
        granted = sorted(g.name for g in new - self.initial_groups)
        revoked = sorted(g.name for g in self.initial_groups - new)
        return granted, revoked


class ClusterUserCreationForm(SeparationOfDutiesMixin, UserCreationForm):
    pass


class ClusterUserEditForm(SeparationOfDutiesMixin, UserEditForm):
    pass
