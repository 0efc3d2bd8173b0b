"""A citizen writes a letter in a real browser, follows it with the query code,
and watches an interview's answers arrive on the live page without reloading
(issue 5; R66 accessibility of the letter form)."""

import datetime

from django.utils import timezone

from interaction.models import InterviewPage, InterviewQuestion, Letter
from tests.browser.conftest import BROWSER_MARKS, url
from tests.browser.test_disclosure_application_in_browser import (
    AXE_OPTIONS,
    answer_captcha,
)
from tests.conftest import column

pytestmark = BROWSER_MARKS


def test_write_a_letter_and_follow_it_with_the_query_code(
    live_server, live_cluster, browser_page
):
    from axe_playwright_python.sync_playwright import Axe

    page = browser_page
    page.goto(url(live_server, live_cluster.edu, "/hdjl/ldxx/write/"))
    assert Axe().run(page, options=AXE_OPTIONS).violations_count == 0
    page.get_by_label("信件类型").select_option("咨询")
    page.get_by_label("信件标题").fill("<b>校车</b>接送时间咨询")
    page.get_by_label("信件内容").fill("请问新学期校车几点发车？")
    page.get_by_label("姓名").fill("李四")
    page.get_by_label("联系电话").fill("139")
    page.get_by_label("同意公开（个人信息不会公开）").check()
    answer_captcha(page)
    page.get_by_role("button", name="提交信件").click()
    assert "手机号码" in page.locator(".field-error").first.inner_text()
    assert Axe().run(page, options=AXE_OPTIONS).violations_count == 0
    assert Letter.objects.count() == 0

    page.get_by_label("联系电话").fill("13912345678")
    answer_captcha(page)
    page.get_by_role("button", name="提交信件").click()
    case_number = page.locator(".case-number").inner_text()
    code = page.locator(".query-code").inner_text()
    assert Letter.objects.get().case_number == case_number

    page.get_by_role("link", name="查询办理进度").click()
    page.get_by_label("信件编号").fill(case_number)
    page.get_by_label("查询码").fill(code)
    answer_captcha(page)
    page.get_by_role("button", name="查询").click()
    assert page.locator(".case-status").inner_text() == "待受理"
    # The typed markup is text, not markup.
    assert page.get_by_text("<b>校车</b>接送时间咨询").count() == 1
    assert Axe().run(page, options=AXE_OPTIONS).violations_count == 0
    for path in ("/hdjl/ldxx/", "/hdjl/ldxx/tj/", "/hdjl/yjzj/", "/hdjl/zxft/"):
        page.goto(url(live_server, live_cluster.portal, path))
        result = Axe().run(page, options=AXE_OPTIONS)
        assert result.violations_count == 0, (path, result.generate_report())


def test_the_live_page_shows_answers_as_they_come(
    live_server, live_cluster, browser_page
):
    now = timezone.now()
    interview = InterviewPage(
        title="聚焦校园安全", guests="教育局局长", starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=2),
    )  # fmt: skip
    column(live_cluster.edu, "zxft").add_child(instance=interview)
    interview.save_revision().publish()
    page = browser_page
    page.goto(url(live_server, live_cluster.edu, "/hdjl/zxft/" + interview.slug + "/"))
    assert page.locator("#live-questions li.empty").count() == 1
    InterviewQuestion.objects.create(
        page=interview, content="<img src=x onerror=alert(1)>校门口何时加装护栏？",
        name_masked="王*", status="answered", answer="本月底前完成。", answered_by="局长",
        answered_at=timezone.now(),
    )  # fmt: skip
    answer = page.locator("#live-questions .answer")
    answer.wait_for(timeout=15000)
    assert "本月底前完成" in answer.inner_text()
    assert "<img src=x" in page.locator("#live-questions .question").inner_text()
    assert page.locator("#live-questions img").count() == 0
