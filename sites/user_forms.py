"""The admin's user forms, with the 三员分立 rule (REQUIREMENTS R75)."""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm

from .services.roles import separation_error


class SeparationOfDutiesMixin:
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
