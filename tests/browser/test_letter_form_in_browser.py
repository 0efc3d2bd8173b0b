"""With its script, the letter form's 信件类型 offers only what the chosen
写信对象 accepts (issue 18)."""

from tests.browser.conftest import BROWSER_MARKS, url

pytestmark = BROWSER_MARKS


def test_the_type_select_follows_the_chosen_mailbox(
    live_server, live_cluster, browser_page
):
    edu = live_cluster.edu.mailboxes.get()
    edu.categories.filter(name="投诉").update(is_active=False)
    page = browser_page
    page.goto(url(live_server, live_cluster.portal, "/hdjl/ldxx/write/"))

    def offered():
        return page.locator("#id_letter_type option:not([hidden])").all_inner_texts()

    page.get_by_label("写信对象").select_option(label="北疆市人民政府·领导信箱")
    page.get_by_label("信件类型").select_option("投诉")
    assert "投诉" in offered()
    page.get_by_label("写信对象").select_option(label="北疆市教育局·领导信箱")
    assert "投诉" not in offered() and "咨询" in offered()
    # A type the new mailbox does not take is cleared, not sent.
    assert page.get_by_label("信件类型").input_value() == ""
