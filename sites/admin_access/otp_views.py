"""Second factor for the admin: TOTP enrolment on first login, verification on
every login, recovery codes (django-otp's static device)."""

from urllib.parse import urlencode

import segno
from django import forms
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..audit import record
from . import lockout

RECOVERY_CODE_COUNT = 10
TEMPLATE = "sites/admin/otp.html"


class TokenForm(forms.Form):
    token = forms.CharField(
        label="动态口令",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
        help_text="身份验证器应用中显示的 6 位数字，或一个恢复码。",
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split()).lower()


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and target.startswith(reverse("wagtailadmin_home")):
        return target
    return reverse("wagtailadmin_home")


def _with_next(name, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def _qr_svg(url: str) -> str:
    # Generated here, inline: no external service or asset sees the secret.
    return segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


def _render(request, form, **context):
    return TemplateResponse(
        request, TEMPLATE, {"form": form, "next": _next_url(request), **context}
    )


def _wrong_code(request, form):
    record("cluster.otp_failed", user=request.user, request=request)
    # Wrong codes count towards the account's lockout like wrong passwords.
    lock = lockout.register_failure(request.user.get_username(), request)
    if lock is not None or lockout.active_lock(request.user.get_username(), request):
        lock = lock or lockout.active_lock(request.user.get_username(), request)
        logout(request)
        from django.contrib import messages

        messages.error(request, lockout.lock_message(lock))
        return redirect("wagtailadmin_login")
    form.add_error("token", "动态口令不正确或已过期，请重新输入。")
    return None


@never_cache
@sensitive_post_parameters("token")
def setup(request):
    """First login: bind an authenticator app (QR code) and receive recovery codes."""
    user = request.user
    if any(devices_for_user(user, confirmed=True)):
        return redirect(_with_next("cluster_otp_verify", request))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="身份验证器", confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save()
            codes = _new_recovery_codes(user)
            otp_login(request, device)
            record("cluster.otp_enrolled", user=user, request=request)
            return _render(request, None, mode="codes", codes=codes)
        response = _wrong_code(request, form)
        if response is not None:
            return response
    return _render(
        request,
        form,
        mode="setup",
        qr_svg=mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - segno's own SVG
        secret=_base32(device),
    )


def _base32(device) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=static, token=code) for code in codes]
    )
    return codes


@never_cache
@sensitive_post_parameters("token")
def verify(request):
    """Every login: the password was right, now the second factor."""
    user = request.user
    devices = list(devices_for_user(user, confirmed=True))
    if not devices:
        return redirect(_with_next("cluster_otp_setup", request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        # TOTP first; a recovery code only when the TOTP device refused.
        devices.sort(key=lambda d: isinstance(d, StaticDevice))
        for device in devices:
            matched = verify_token(user, device.persistent_id, token)
            if matched is not None:
                otp_login(request, matched)
                if isinstance(matched, StaticDevice):
                    left = StaticToken.objects.filter(device=matched).count()
                    record(
                        "cluster.otp_recovery_used",
                        user=user,
                        request=request,
                        codes_left=left,
                    )
                else:
                    record("cluster.otp_verified", user=user, request=request)
                return redirect(_next_url(request))
        response = _wrong_code(request, form)
        if response is not None:
            return response
    return _render(request, form, mode="verify")
