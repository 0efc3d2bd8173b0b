"""依申请公开 登记 → 答复 → 审核签发 → 答复告知书 PDF in Chromium, with the demo
accounts exactly as ``seed_demo`` prints them, each signing in with its password
and a real TOTP code (issue #17 item 4 and "Must show"; REQUIREMENTS Art. 36,
Art. 45; SECURITY: second factor for every admin login)."""

import io
import re
import time
import uuid

from django.core.management.base import OutputWrapper
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from pypdf import PdfReader

from demo.sites.users import ensure_demo_users
from disclosure.applications import casework
from disclosure.models import DisclosureApplication, ReplyNotice
from sites.services.roles import ensure_cluster_groups
from tests.browser.conftest import BROWSER_MARKS, url

pytestmark = BROWSER_MARKS


def demo_accounts(cluster) -> dict[str, tuple[str, str]]:
    """The demo accounts as the operator reads them off seed_demo's output."""
    ensure_cluster_groups()
    out = io.StringIO()
    ensure_demo_users(
        {"edu": cluster.edu, "baiyun": cluster.banner}, OutputWrapper(out)
    )
    printed = re.findall(r"(\S+)：用户名 (\S+)\s+密码 (\S+)", out.getvalue())
    return {role: (username, password) for role, username, password in printed}


def code_for(device) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    while totp.t() <= device.last_t:  # a code counts once
        time.sleep(0.5)
    return f"{totp.token():0{device.digits}d}"


def sign_in(browser, live_server, site, account):
    """A fresh browser context: password, then the authenticator's code."""
    username, password = account
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    device = TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
    page = browser.new_context().new_page()
    page.goto(url(live_server, site, "/admin/login/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/otp/**")
    page.fill("input[name=token]", code_for(device))
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/otp/" not in page.url and "/login/" not in page.url, page.url
    return page


def test_register_reply_review_and_download_the_notice(
    live_server, live_cluster, browser_page, settings, tmp_path
):
    settings.ADMIN_2FA_REQUIRED = True
    accounts = demo_accounts(live_cluster)
    assert {"教育局公开办理", "教育局审核"} <= accounts.keys()
    edu = live_cluster.edu
    case, _code = casework.submit(
        edu,
        {
            "applicant_type": "natural", "name": "张三", "id_type": "resident_id",
            "id_number": "11010519491231002X", "phone": "13912345678",
            "info_title": "2026年义务教育学校招生计划",
            "description": "申请公开2026年各公立小学的招生计划。",
            "delivery_form": "electronic", "delivery_channel": "email",
        },
        uuid.uuid4(),
    )  # fmt: skip
    detail = url(live_server, edu, f"/admin/disclosure/applications/{case.pk}/")
    browser = browser_page.context.browser

    # The clerk (公开办理) registers the case and drafts the reply.
    clerk = sign_in(browser, live_server, edu, accounts["教育局公开办理"])
    clerk.goto(detail)
    assert clerk.get_by_label("受理确认日期").input_value() == (
        timezone.localdate().isoformat()
    )
    clerk.get_by_role("button", name="登记（确认收到申请）").click()
    expect(clerk.locator("body")).to_contain_text("登记（确认收到申请）已完成")
    clerk.get_by_label("办理结果").select_option("granted")
    clerk.get_by_label("答复内容").fill("现将招生计划通过电子邮件提供给您，详见附件。")
    plan = tmp_path / "招生计划.pdf"
    plan.write_bytes(b"%PDF-1.4\n% 2026 plan\n")
    clerk.get_by_label("答复附件（本机关提供的材料，可选）").set_input_files(str(plan))
    clerk.get_by_role("button", name="提交审核签发").click()
    expect(clerk.locator("body")).to_contain_text("答复稿已提交审核签发")
    assert clerk.get_by_role("button", name="签发", exact=True).count() == 0
    case.refresh_from_db()
    assert case.status == "registered" and case.replied_on is None

    # The reviewer (审核) finds it on the 工作台 and signs it off.
    reviewer = sign_in(browser, live_server, edu, accounts["教育局审核"])
    reviewer.goto(url(live_server, edu, "/admin/"))
    reviewer.locator(
        "#disclosure_reply_review-section, #disclosure_reply_review"
    ).get_by_role("link", name=re.compile(case.case_number)).first.click()
    reviewer.get_by_role("button", name="签发", exact=True).click()
    expect(reviewer.locator("body")).to_contain_text("答复告知书")
    notice = ReplyNotice.objects.get(application=case)
    assert f"答复告知书 {notice.number} 已生成" in reviewer.content()
    assert DisclosureApplication.objects.get(pk=case.pk).status == "replied"

    # The clerk downloads the 答复告知书 from the case.
    clerk.goto(detail)
    with clerk.expect_download() as download:
        clerk.get_by_role("link", name="下载答复告知书（PDF）").click()
    text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    text = re.sub(r"\s+", "", text)
    assert notice.number in text and "予以公开" in text
    assert "行政复议" in text and "行政诉讼" in text and "招生计划.pdf" in text
    assert "11010519491231002X" not in text and "13912345678" not in text
