"""Helpers for the admin access tests: real logins through Wagtail's login form."""

import time

from django.urls import reverse
from django_otp.oath import TOTP

PASSWORD = "测试密码-Abc12345"


def login(client, username, password=PASSWORD, address="10.0.0.1"):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def totp_token(device, steps_ahead=0):
    """The code an authenticator app shows now (or ``steps_ahead`` periods later,
    within the device's tolerance, so that a code is not reused)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"
