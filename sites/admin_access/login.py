"""The admin login form and authentication backend that honour the lockout."""

from django import forms
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from wagtail.admin.forms.auth import LoginForm

from . import lockout


class LockoutLoginForm(LoginForm):
    """Wagtail's login form, refusing a locked account or address up front with a
    clear Chinese message (the password is not even checked)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's password field has no label, so Django shows "Password".
        self.fields["password"].label = "密码"

    def clean(self):
        lock = lockout.active_lock(self.cleaned_data.get("username"), self.request)
        if lock is not None:
            raise forms.ValidationError(lockout.lock_message(lock), code="locked")
        return super().clean()


class LockoutModelBackend(ModelBackend):
    """Django's backend, refusing while a lock holds: any other way in
    (``authenticate()`` from elsewhere) meets the same lock."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get("username")
        if lockout.active_lock(username, request) is not None:
            raise PermissionDenied(lockout.LOCKED)
        return super().authenticate(request, username, password, **kwargs)
