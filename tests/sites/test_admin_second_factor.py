"""Second factor for every admin login (R74; issue #13 item 5; 等保 8.1.4.1 d).

Password through Wagtail's real login form, then TOTP (django-otp): enrolment on
first login with a QR code drawn server-side, recovery codes, and no admin URL
answering a session that has not passed the second factor.
"""

import re
import time

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sites.admin_access.middleware import LAST_ACTIVITY
from sites.models import AuditEvent
from sites.services.roles import AUDIT_ADMIN, SECURITY_ADMIN, SYSTEM_ADMIN

from .admin_access_helpers import login, totp_token

pytestmark = pytest.mark.django_db
SETUP = "/admin/otp/setup/"
VERIFY = "/admin/otp/verify/"
# Loaded by the setup and verify pages themselves: the same for everyone.
PAGE_ASSETS = ("/admin/sprite/", "/admin/jsi18n/")


@pytest.fixture(autouse=True)
def _second_factor_on(settings):
    settings.ADMIN_2FA_REQUIRED = True
    settings.ADMIN_LOCKOUT_ENABLED = True


def admin_urls_without_arguments():
    """Every admin URL pattern that takes no argument, from the resolver, so an
    admin view added later is covered the day it is added."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                if "<" in route or "(?P" in route or "^" in route.lstrip("^"):
                    continue
                found.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    open_paths = {"/admin/login/", "/admin/logout/", SETUP, VERIFY, *PAGE_ASSETS}
    return sorted({u for u in found if u.startswith("/admin/") and u not in open_paths})


def enrol(client):
    """Finish first-login enrolment the way a user does; returns the device and
    the recovery codes shown."""
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(SETUP, {"token": totp_token(device), "next": "/admin/"})
    assert response.status_code == 200
    codes = re.findall(r"<code>([a-z2-7]{8})</code>", response.content.decode())
    return page, device, codes


def test_the_setup_page_loads_its_icons_and_translations(client, cluster, make_user):
    """Redirected to the setup page, the icon sprite was that whole page again,
    which icons.js drew under the first: the form showed twice (issue #17)."""
    make_user("sys", Group.objects.get(name=SYSTEM_ADMIN))
    login(client, "sys")
    page = client.get(SETUP).content.decode()
    assert page.count("<h1>") == 1
    sprite = client.get("/admin/sprite/")
    assert sprite.status_code == 200
    assert "<svg" in sprite.content.decode() and "<h1>" not in sprite.content.decode()
    catalog = client.get("/admin/jsi18n/")
    assert catalog.status_code == 200
    assert "javascript" in catalog["Content-Type"]
    assert client.get("/admin/").status_code == 302


def test_a_password_alone_opens_no_admin_url(client, cluster, make_user):
    make_user("sys", Group.objects.get(name=SYSTEM_ADMIN))
    assert login(client, "sys").status_code == 302
    urls = admin_urls_without_arguments()
    assert len(urls) > 40
    with_arguments = [
        reverse("wagtailusers_users:edit", args=[1]),
        reverse("wagtailadmin_pages:edit", args=[cluster.edu.root_page_id]),
        reverse("wagtailadmin_explore", args=[cluster.portal.root_page_id]),
    ]
    for url in [*urls, *with_arguments]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP), url
    # Writes too: a POST to the user edit form changes nothing.
    target = make_user("target", email="old@example.gov.cn")
    response = client.post(
        reverse("wagtailusers_users:edit", args=[target.pk]),
        {"username": "target", "email": "new@example.gov.cn"},
    )
    assert response["Location"].startswith(SETUP)
    target.refresh_from_db()
    assert target.email == "old@example.gov.cn"


def test_with_a_device_the_session_is_sent_to_verification(client, cluster, make_user):
    user = make_user("audit", Group.objects.get(name=AUDIT_ADMIN))
    TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
    login(client, "audit")
    for url in ["/admin/", reverse("sites_audit_log"), "/admin/account/"]:
        response = client.get(url)
        assert response["Location"].startswith(VERIFY), url


def test_enrolment_on_first_login_then_the_admin_opens(client, cluster, make_user):
    user = make_user("sec", Group.objects.get(name=SECURITY_ADMIN))
    response = login(client, "sec")
    assert client.get(response["Location"])["Location"].startswith(SETUP)
    page, device, codes = enrol(client)
    # The QR code is an inline SVG drawn by the server: no image URL, no script,
    # no outside service sees the secret.
    assert "<svg" in page
    assert "otpauth" not in page.split("<svg", 1)[0].rsplit("<img", 1)[-1]
    assert not re.search(r'<img[^>]+src="https?://', page)
    device.refresh_from_db()
    assert device.confirmed and device.user == user
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(action="cluster.otp_enrolled", user=user).exists()


def test_next_login_asks_for_the_code_and_refuses_a_wrong_one(
    client, cluster, make_user, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # retry at once in the test
    make_user("sys", Group.objects.get(name=SYSTEM_ADMIN))
    login(client, "sys")
    _, device, _ = enrol(client)
    client.post(reverse("wagtailadmin_logout"))
    login(client, "sys")
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    response = client.post(VERIFY, {"token": "000000", "next": "/admin/"})
    assert response.status_code == 200
    assert "动态口令不正确" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    response = client.post(
        VERIFY, {"token": totp_token(device, steps_ahead=1), "next": "/admin/pages/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(action="cluster.otp_failed").count() == 1


def test_a_recovery_code_works_once(client, cluster, make_user):
    make_user("sys", Group.objects.get(name=SYSTEM_ADMIN))
    login(client, "sys")
    _, _, codes = enrol(client)
    for attempt in range(2):
        client.post(reverse("wagtailadmin_logout"))
        login(client, "sys")
        response = client.post(VERIFY, {"token": codes[0], "next": "/admin/"})
        if attempt == 0:
            assert response.status_code == 302
            assert client.get("/admin/").status_code == 200
        else:
            assert response.status_code == 200  # used up
            assert client.get("/admin/").status_code == 302
    assert StaticDevice.objects.get().token_set.count() == 9
    event = AuditEvent.objects.get(action="cluster.otp_recovery_used")
    assert event.detail["codes_left"] == 9


def test_wrong_codes_count_towards_the_lockout(client, cluster, make_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = make_user("sys", Group.objects.get(name=SYSTEM_ADMIN))
    TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
    login(client, "sys")
    for _ in range(5):
        response = client.post(VERIFY, {"token": "123456", "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_login")
    assert "_auth_user_id" not in client.session
    assert "已被锁定" in login(client, "sys", address="10.0.0.9").content.decode()


def test_the_next_parameter_stays_in_the_admin(client, cluster, make_user):
    make_user("sys", Group.objects.get(name=SYSTEM_ADMIN))
    login(client, "sys")
    client.get(SETUP)
    device = TOTPDevice.objects.get()
    response = client.post(
        SETUP, {"token": totp_token(device), "next": "https://evil.example.com/"}
    )
    assert 'href="/admin/"' in response.content.decode()


def test_idle_admin_session_is_logged_out(client, cluster, make_user, settings):
    settings.ADMIN_2FA_REQUIRED = False
    settings.ADMIN_IDLE_TIMEOUT_SECONDS = 1800
    make_user("sys", Group.objects.get(name=SYSTEM_ADMIN))
    login(client, "sys")
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[LAST_ACTIVITY] = int(time.time()) - 1801
    session.save()
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert "_auth_user_id" not in client.session
    # Active within the limit: still logged in.
    login(client, "sys")
    session = client.session
    session[LAST_ACTIVITY] = int(time.time()) - 1700
    session.save()
    assert client.get("/admin/").status_code == 200


def test_security_admin_resets_a_lost_second_factor_audited(client, cluster, make_user):
    user = make_user("clerk", Group.objects.get(name=SYSTEM_ADMIN))
    TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
    security = make_user("sec", Group.objects.get(name=SECURITY_ADMIN))
    TOTPDevice.objects.create(user=security, name="手机", confirmed=True)
    client.force_login(security)
    # force_login skips the second factor: verify the session as a user would.
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=security).persistent_id
    session.save()
    response = client.post(
        reverse("cluster_otp_reset"), {"username": "clerk", "reason": "手机丢失"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(action="cluster.otp_reset")
    assert event.detail["reason"] == "手机丢失"
