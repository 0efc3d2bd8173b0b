"""Steps of the demo roles' flows in Chromium, shared by the browser tests of
each flow (tests/browser/test_demo_*.py) and the walk through a running demo
(bench/demo_walk.py).

Every account logs in as the demo prints it, then binds its authenticator the
way a user does on the first login: it reads the key written under the QR code
and types the 6 digits an authenticator app would show (computed with
django-otp, the project's own dependency).
"""

from __future__ import annotations

import re
from base64 import b32decode
from pathlib import Path

ARTEFACTS = Path(__file__).parent / "artefacts" / "demo"
ACCOUNT_LINE = re.compile(r"^\s+(\S+?)：用户名 (\S+)  密码 (\S+)")

# English that must not reach a user of these screens (issue #17 item 2).
ENGLISH = (
    "Dashboard",
    "Pages",
    "Search",
    "Save draft",
    "Publish",
    "Submit to",
    "Approve",
    "Cancel",
    "Sorry",
    "permission",
    "Page not found",
    "Server Error",
    "Wagtail",
    "Error",
)


def printed_accounts(output: str) -> dict[str, str]:
    """username → password, from the lines ``seed_demo`` prints."""
    accounts = {}
    for line in output.splitlines():
        match = ACCOUNT_LINE.match(line)
        if match:
            accounts[match.group(2)] = match.group(3)
    return accounts


def authenticator_code(secret_text: str) -> str:
    """The code an authenticator app shows for the key written on the page."""
    from django_otp.oath import TOTP

    key = b32decode("".join(secret_text.split()))
    return f"{TOTP(key).token():06d}"


def english_on(page) -> list[str]:
    text = page.locator("body").inner_text()
    return [word for word in ENGLISH if re.search(rf"\b{word}\b", text)]


def log_in_and_enrol(page, base: str, username: str, password: str) -> None:
    """First login: password, then bind the authenticator, then the 工作台."""
    page.goto(f"{base}/admin/login/")
    assert "登录" in page.title(), page.title()
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.login-form button[type=submit], main form button[type=submit]")
    page.wait_for_url("**/otp/setup/**")
    assert page.locator("h1").inner_text() == "首次登录：绑定动态口令"
    assert page.locator(".otp-qr svg").count() == 1
    secret = page.locator("main p:has-text('手动输入密钥') code").inner_text()
    page.fill("input[name=token]", authenticator_code(secret))
    page.click("button:has-text('绑定并登录')")
    page.wait_for_selector("h1:has-text('请保存恢复码')")
    assert page.locator(".recovery-codes li").count() == 10
    page.click("text=我已保存，进入管理后台")
    page.wait_for_url(f"{base}/admin/")
    assert_workbench(page)


def assert_workbench(page) -> None:
    assert page.title().startswith("工作台"), page.title()
    assert english_on(page) == [], english_on(page)


def person(browser, console_errors=None):
    """A new browser context (one person's session) at a desktop size; console
    errors are collected into ``console_errors`` when given."""
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    # A shared two-core machine answers a workflow step in seconds, not 30.
    page.set_default_timeout(90_000)
    if console_errors is not None:

        def collect(message):
            # Chromium ignores COOP on plain http (the test server) and says
            # so; production serves HTTPS.
            text = message.text
            if message.type == "error" and "Cross-Origin-Opener-Policy" not in text:
                console_errors.append(f"{page.url}: {text}")

        page.on("console", collect)
    return page


def open_menu(page, *labels) -> None:
    """Click through the admin's sidebar: 信息报送 → 报送稿件."""
    *submenus, item = labels
    for label in submenus:
        page.locator(f"nav >> text={label}").first.click()
    with page.expect_navigation():
        page.locator(f"nav >> text={item}").first.click()


def write_rich_text(page, selector: str, text: str) -> None:
    """Type into a rich-text field as an editor does: the leading digits on the
    keyboard, the Chinese pasted from a document (Draft.js ignores synthetic
    key presses of Chinese characters; a real IME composes them). Waits until
    the editor's state holds the text, so the form sends it."""
    digits = re.match(r"[0-9A-Za-z]*", text).group(0)
    field = page.locator(selector).first
    field.click()
    page.keyboard.type(digits)
    field.evaluate(
        """(el, text) => {
            const data = new DataTransfer();
            data.setData('text/plain', text);
            el.dispatchEvent(new ClipboardEvent('paste',
                {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        text[len(digits) :],
    )
    page.wait_for_function(
        """(text) => [...document.querySelectorAll('input[name$="-value"]')]
            .some(input => input.value.includes(text))""",
        arg=text[len(digits) :][:10],
    )


def screenshot(page, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=False)


def assert_no_error(page) -> None:
    """No permission denial, 404 or server error page, no red banner."""
    text = page.locator("body").inner_text()
    for refusal in ("对不起，你没有权限", "没有权限访问", "服务器错误", "页面不存在"):
        assert refusal not in text, f"{page.url}: {refusal}"
    errors = page.locator(".messages .error, .w-message--error, .help-critical")
    assert errors.count() == 0, f"{page.url}: {errors.all_inner_texts()}"
