"""A letter to 教育局 is accepted, answered, reviewed by another role and published,
in Chromium, with the demo accounts as seed_demo prints them (issue 17 item 4,
"Must show": letter 受理 → reply → review by another role → publish).

The accounts come from seed_demo's own code (its ``_ensure_users``, which prints
them) on the test cluster's 教育局, which is the demo's 教育局 under the same
name; the admin requires the second factor, so each account binds a real TOTP
device and types its current code, as in production.
"""

import io
import re
import time

import pytest
from django.core.management.base import OutputWrapper
from django.test import Client

from demo.sites.users import ensure_demo_users
from interaction.models import Letter
from tests.browser.conftest import BROWSER_MARKS, url
from tests.interaction.helpers import (
    ADDRESS,
    EDU_HOST,
    PHONE,
    VALID_ID,
    receipt_of,
    write_letter,
)

pytestmark = BROWSER_MARKS
EDU = "北疆市教育局"


def demo_accounts(cluster) -> dict[str, tuple[str, str]]:
    """description → (username, password), read from what seed_demo prints."""
    out = io.StringIO()
    ensure_demo_users(
        {"edu": cluster.edu, "baiyun": cluster.banner}, OutputWrapper(out)
    )
    printed = out.getvalue()
    accounts = {
        description: (username, password)
        for description, username, password in re.findall(
            r"^\s+(\S+)：用户名 (\S+)\s+密码 (\S+)", printed, re.M
        )
    }
    assert "双因素认证" in printed
    return accounts


def bind_totp(username):
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(username=username)
    return TOTPDevice.objects.create(user=user, name="手机", confirmed=True)


def current_code(device) -> str:
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    while totp.t() <= device.last_t:  # a code is accepted once
        time.sleep(0.5)
    return f"{totp.token():0{device.digits}d}"


def log_in(page, live_server, site, username, password, device):
    page.context.clear_cookies()
    page.goto(url(live_server, site, "/admin/login/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/otp/**")
    page.fill("input[name=token]", current_code(device))
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/otp/" not in page.url and "/login/" not in page.url, page.url


@pytest.fixture
def two_factor(settings):
    settings.ADMIN_2FA_REQUIRED = True


def test_accept_reply_review_publish_with_the_demo_accounts(
    live_server, live_cluster, browser_page, two_factor
):
    accounts = demo_accounts(live_cluster)
    clerk, clerk_password = accounts["教育局信件办理"]
    reviewer, reviewer_password = accounts["教育局审核"]
    devices = {name: bind_totp(name) for name in (clerk, reviewer)}

    citizen = Client()
    assert write_letter(citizen, host=EDU_HOST, site_name=EDU).status_code == 302
    case_number, _ = receipt_of(citizen, host=EDU_HOST)
    letter = Letter.objects.get(case_number=case_number)
    edu = live_cluster.edu
    page = browser_page

    # The clerk: 受理 for 教育局 itself, then the reply.
    log_in(page, live_server, edu, clerk, clerk_password, devices[clerk])
    page.goto(url(live_server, edu, "/admin/interaction/letters/"))
    page.get_by_role("link", name=case_number).first.click()
    page.get_by_role("button", name="受理", exact=True).click()
    page.wait_for_load_state()
    assert "已受理，由本单位办理。" in page.inner_text("body")
    assert f"{EDU} → {EDU}" not in page.inner_text("body")
    page.fill(
        "textarea#reply", f"您好，报名材料为户口簿和房产证明。来电{PHONE}已记录。"
    )
    page.get_by_role("button", name="提交答复").click()
    page.wait_for_load_state()
    assert "答复已提交" in page.inner_text("body")
    assert page.get_by_role("button", name="审核通过").count() == 0

    # Another role, the site's 审核: the 工作台 lists it; approve and publish.
    log_in(page, live_server, edu, reviewer, reviewer_password, devices[reviewer])
    page.goto(url(live_server, edu, "/admin/"))
    panel = page.locator("#interaction_replies_to_review-section")
    assert "待审核的信件答复" in panel.inner_text()
    assert case_number in panel.inner_text()
    page.get_by_role("link", name=re.compile(case_number)).first.click()
    page.wait_for_load_state()
    body = page.inner_text("body")
    assert "李四" in body and PHONE in body  # the reviewer reads the case in full
    assert page.get_by_role("checkbox", name=re.compile("公开")).is_checked()
    page.get_by_role("button", name="审核通过").click()
    page.wait_for_load_state()
    assert "答复已公开" in page.inner_text("body")

    # The public reads the reply on the letter's page, without personal data.
    page.context.clear_cookies()
    page.goto(url(live_server, edu, f"/hdjl/ldxx/{case_number}/"))
    public = page.inner_text("main")
    assert "报名材料为户口簿和房产证明" in public
    for secret in ("李四", PHONE, VALID_ID, ADDRESS):
        assert secret not in public
    letter.refresh_from_db()
    assert letter.status == "closed" and letter.is_published
    labels = [e.label for e in letter.events.all()]
    assert labels == ["来信", "受理", "答复", "审核通过", "公开"]
