"""A citizen applies for government information in a real browser (issue #4 item 4;
REQUIREMENTS R66 accessibility, Art. 43: help for applicants with difficulties)."""

import re

from disclosure.models import DisclosureApplication
from tests.browser.conftest import BROWSER_MARKS, url
from tests.disclosure.application_helpers import VALID_ID, spoken_to_int

pytestmark = BROWSER_MARKS
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
}


def answer_captcha(page):
    question = page.locator("#id_captcha_answer_helptext").inner_text()
    left, right = re.match(r"(\S+?)加(\S+?)等于几", question).groups()
    page.get_by_label("验证码").fill(str(spoken_to_int(left) + spoken_to_int(right)))


def test_apply_with_the_keyboard_friendly_form_and_follow_the_case(
    live_server, live_cluster, browser_page
):
    from axe_playwright_python.sync_playwright import Axe

    page = browser_page
    page.goto(url(live_server, live_cluster.edu, "/xxgk/ysqgk/"))
    assert Axe().run(page, options=AXE_OPTIONS).violations_count == 0

    # A first attempt with a mistyped ID number shows the error next to the field.
    page.get_by_label("姓名或名称").fill("张三")
    page.get_by_label("证件号码").fill("110105194912310021")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("电子邮箱").fill("zhangsan@example.com")
    page.get_by_label("所需信息的内容描述").fill(
        "申请公开2026年北疆市义务教育学校招生计划。"
    )
    page.get_by_label("电子文本（数据电文）").check()
    page.get_by_label("电子邮件").check()
    answer_captcha(page)
    page.get_by_role("button", name="提交申请").click()
    assert (
        "校验位不正确"
        in page.locator("#id_id_number_error, .field-error").first.inner_text()
    )
    assert page.get_by_label("证件号码").get_attribute("aria-invalid") == "true"
    assert Axe().run(page, options=AXE_OPTIONS).violations_count == 0
    assert DisclosureApplication.objects.count() == 0

    page.get_by_label("证件号码").fill(VALID_ID)
    answer_captcha(page)
    page.get_by_role("button", name="提交申请").click()
    case_number = page.locator(".case-number").inner_text()
    query_code = page.locator(".query-code").inner_text()
    assert DisclosureApplication.objects.get().case_number == case_number

    page.get_by_role("link", name="查询办理进度").click()
    page.get_by_label("申请编号").fill(case_number)
    page.get_by_label("查询码").fill(query_code)
    answer_captcha(page)
    page.get_by_role("button", name="查询").click()
    assert page.locator(".case-status").inner_text() == "待登记"
    assert VALID_ID not in page.content()
    assert Axe().run(page, options=AXE_OPTIONS).violations_count == 0
