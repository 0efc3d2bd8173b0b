"""The admin's user forms, with 三员分立 (REQUIREMENTS R75).

- No account may hold two of 系统管理员, 安全管理员 and 审计管理员.
- 系统管理员 manages accounts but not roles: the groups field is read-only for them.
- 安全管理员 assigns roles but does not manage accounts: the account fields are
  read-only for them.
- Only a superuser can make a superuser (a superuser holds every role at once).
"""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm

from .services.roles import separation_error

ACCOUNT_FIELDS = ("username", "email", "first_name", "last_name", "is_active",
                  "password1", "password2")  # fmt: skip


class SeparationOfDutiesMixin:
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        if for_user is None or for_user.is_superuser:
            return
        self.fields.pop("is_superuser", None)
        if "groups" in self.fields and not for_user.has_perm("auth.change_group"):
            self.fields["groups"].disabled = True
        if not for_user.has_perm("auth.add_user"):
            for name in ACCOUNT_FIELDS:
                if name in self.fields:
                    # Read-only, and not required: the stored value stands as it is
                    # (a disabled password field is empty, so the password is kept).
                    self.fields[name].disabled = True
                    self.fields[name].required = False

    def clean_groups(self):
        groups = self.cleaned_data.get("groups")
        if groups is not None:
            error = separation_error(group.name for group in groups)
            if error:
                raise forms.ValidationError(error)
        return groups


class ClusterUserCreationForm(SeparationOfDutiesMixin, UserCreationForm):
    pass


class ClusterUserEditForm(SeparationOfDutiesMixin, UserEditForm):
    pass
