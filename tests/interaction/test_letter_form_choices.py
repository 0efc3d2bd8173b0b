"""The letter form asks 写信对象 and 信件类型 as two questions (issue 18), works
without a script, and wording that doubled 书名号 is fixed."""

from bs4 import BeautifulSoup

from interaction.models import Letter
from tests.conftest import column

from .helpers import (
    EDU_HOST,
    PORTAL_HOST,
    WRITE_URL,
    letter_data,
    options,
    write_letter,
)
from .test_consultations_and_interviews import consultation


def test_the_portal_form_asks_whom_and_what_kind_in_two_selects(client, cluster):
    html = client.get(WRITE_URL, HTTP_HOST=PORTAL_HOST).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("select", attrs={"name": "category"}) is None
    whom = options(html, "mailbox")
    kinds = options(html, "letter_type")
    assert "北疆市人民政府·领导信箱" in whom and "北疆市教育局·领导信箱" in whom
    assert list(kinds)[1:] == ["咨询", "建议", "投诉"]
    assert (
        soup.find("label", attrs={"for": "id_mailbox"})
        .get_text()
        .startswith("写信对象")
    )
    assert (
        soup.find("label", attrs={"for": "id_letter_type"})
        .get_text()
        .startswith("信件类型")
    )
    # Each type names the mailboxes that take it, for the filtering script.
    consult = soup.find("select", attrs={"name": "letter_type"}).find(
        "option", attrs={"value": "咨询"}
    )
    assert whom["北疆市教育局·领导信箱"] in consult["data-mailboxes"].split()
    assert soup.find("script", src=lambda s: s and s.endswith("letter_type.js"))


def test_without_a_script_the_pair_chooses_the_category(client, cluster):
    assert (
        write_letter(client, site_name="北疆市教育局", kind="建议").status_code == 302
    )
    letter = Letter.objects.get()
    assert letter.mailbox.site == cluster.edu and letter.category.name == "建议"


def test_a_pair_the_mailbox_does_not_take_is_refused_in_chinese(client, cluster):
    mailbox = cluster.edu.mailboxes.get()
    mailbox.categories.filter(name="投诉").update(is_active=False)
    response = write_letter(client, site_name="北疆市教育局", kind="咨询",
                            mailbox=str(mailbox.pk), letter_type="投诉")  # fmt: skip
    assert response.status_code == 400
    assert "所选写信对象不受理此类信件" in response.content.decode()
    assert not Letter.objects.exists()
    bad = client.post(WRITE_URL, {**letter_data(), "mailbox": "x", "letter_type": "?"},
                      HTTP_HOST=PORTAL_HOST)  # fmt: skip
    assert bad.status_code == 400 and not Letter.objects.exists()


def test_a_department_form_preselects_its_own_mailbox(client, cluster):
    html = client.get(WRITE_URL, HTTP_HOST=EDU_HOST).content.decode()
    select = BeautifulSoup(html, "html.parser").find(
        "select", attrs={"name": "mailbox"}
    )
    chosen = select.find("option", selected=True)
    assert chosen.get_text() == "北疆市教育局·领导信箱"


def test_a_title_already_in_book_marks_is_not_wrapped_twice(client, cluster):
    page = consultation(column(cluster.edu, "yjzj"))
    html = client.get(f"/hdjl/yjzj/{page.pk}/comment/", HTTP_HOST=EDU_HOST)
    h1 = BeautifulSoup(html.content, "html.parser").find("h1").get_text()
    assert h1 == "对《北疆市停车管理办法（征求意见稿）》提出意见"
    plain = consultation(column(cluster.edu, "yjzj"), title="北疆市养犬管理规定")
    html = client.get(f"/hdjl/yjzj/{plain.pk}/comment/", HTTP_HOST=EDU_HOST)
    h1 = BeautifulSoup(html.content, "html.parser").find("h1").get_text()
    assert h1 == "对《北疆市养犬管理规定》提出意见"
