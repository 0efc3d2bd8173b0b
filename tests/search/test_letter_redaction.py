"""Letter publication hides personal numbers however they are typed (issue 14
item 2; R54; SECURITY.md "personal data never reaches public pages or search"):
phones and ID numbers with spaces, hyphens, full-width digits, zero-width
characters, the 15-digit ID, landlines with area codes and e-mail, in the letter
and the writer's own phone, e-mail and ID numbers in the reply — on the public
letter page, in what the search index receives and in search snippets. The
office's numbers in the reply stay visible (issue 18)."""

import re
import uuid

import pytest
from haystack import connections

from interaction.models import Letter
from interaction.services import letter_workflow as workflow
from interaction.services.publication import redact
from sites.services.provisioning import SiteRole, site_groups

from .conftest import index_now
from .helpers import search, soup

# (as typed, its digits) — each survived the old redaction.
VARIANTS = [
    ("139 1234 5678", "13912345678"),
    ("138-2345-6789", "13823456789"),
    ("１３７３４５６７８９０", "13734567890"),
    ("136\u200b4567\u200b8901", "13645678901"),
    ("+86 135 6789 0123", "13567890123"),
    ("110105 19491231 002X", "11010519491231002X"),
    ("１１０１０５１９８００１０１００２３", "110105198001010023"),
    ("110105491231002", "110105491231002"),
    ("0471-6234567", "04716234567"),
    ("（0471）6345678", "04716345678"),
    ("0471 645 6789", "04716456789"),
]
EMAILS = ("wang.wu @ example.com", "zhaoliu＠example.net")
OFFICE = "0477-8123456"  # the portal's declared 联系电话 (tests/conftest.py)
UNIT = "0477-8199999"  # a unit's number quoted in the reply, declared nowhere


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.fixture
def published(cluster, make_user):
    group = site_groups(cluster.portal.site_name)[SiteRole.LETTER_HANDLER]
    handler = make_user("redact-1", group)
    reviewer = make_user(
        "redact-2", site_groups(cluster.portal.site_name)[SiteRole.REVIEWER]
    )
    mailbox = cluster.portal.mailboxes.get()
    content = "；".join(f"号码{typed}" for typed, _ in VARIANTS)
    letter, _ = workflow.submit(mailbox, mailbox.categories.first(), {
        "subject": "供暖问题的咨询",
        "content": f"小区供暖不热。{content}；邮箱{EMAILS[0]}、{EMAILS[1]}。",
        "name": "欧阳明", "phone": "13912345678", "email": "Wang.Wu@example.com",
        "may_publish": True,
    }, uuid.uuid4())  # fmt: skip
    workflow.accept(letter, handler, cluster.portal)
    # The writer's own phone in three spellings, an ID number and their e-mail.
    own = "、".join(typed for typed, _ in VARIANTS[:1]) + "、１３９１２３４５６７８"
    workflow.reply(letter, handler, (
        f"供暖公司已检修，已按{own}、+86 139-1234-5678联系您，证件{VARIANTS[5][0]}、"
        f"{VARIANTS[7][0]}已核验，结果发至wang.wu@EXAMPLE.com。"
        f"咨询电话{OFFICE}，供热科电话{UNIT}。"
    ))  # fmt: skip
    workflow.review(letter, reviewer, True)
    workflow.publish(letter, handler)
    return Letter.objects.get(pk=letter.pk)


def _assert_clean(text: str):
    for typed, digits in VARIANTS:
        assert typed not in text, typed
        assert digits not in _digits(text), typed
    for email in EMAILS:
        assert email.split("@")[0].split("＠")[0].strip() not in text


def test_every_variant_is_hidden_on_the_public_letter_page(client, cluster, published):
    response = client.get(
        f"/hdjl/ldxx/{published.case_number}/", HTTP_HOST=cluster.portal.hostname
    )
    assert response.status_code == 200
    text = soup(response).get_text()
    assert "小区供暖不热" in text and "供暖公司已检修" in text
    _assert_clean(text)
    assert OFFICE in text and UNIT in text  # the office's own numbers are kept


def test_the_index_receives_and_snippets_show_only_redacted_text(
    client, cluster, engine, published
):
    document = (
        connections["default"]
        .get_unified_index()
        .get_index(Letter)
        .full_prepare(published)
    )
    _assert_clean(f"{document['text']} {document['snippet']} {document['title']}")
    index_now()
    _, titles = search(client, cluster.portal, q="供暖", type="letter")
    assert titles == ["供暖问题的咨询"]
    response, _ = search(client, cluster.portal, q="供暖")
    _assert_clean(soup(response).select_one(".search-results").get_text())
    for _typed, digits in VARIANTS:
        assert search(client, cluster.portal, q=digits, scope="all")[1] == []


@pytest.mark.parametrize(
    "text",
    [
        "2024年3月5日", "2024-01-15", "第3.5条", "文号〔2024〕15号", "12345热线",
        "400-123-4567", "共计1,000,000元", "编号 20240115-001",
    ],
)  # fmt: skip
def test_dates_amounts_and_hotlines_are_left_alone(text):
    assert redact(text, keep=frozenset()) == text


def test_a_date_before_a_phone_is_kept_and_the_phone_hidden():
    assert (
        redact("2024-01-15 0471-6234567来电", keep=frozenset()) == "2024-01-15 ***来电"
    )


def test_letters_published_before_are_redacted_again(
    client, cluster, engine, published
):
    from django.core.management import call_command

    # As the old redaction left it.
    Letter.objects.filter(pk=published.pk).update(
        public_content="旧文本：号码139 1234 5678，证件110105491231002。"
    )
    call_command("redact_published_letters")
    letter = Letter.objects.get(pk=published.pk)
    assert letter.public_content == "旧文本：号码***，证件***。"
    index_now()
    assert search(client, cluster.portal, q="旧文本", type="letter")[1] == [
        "供暖问题的咨询"
    ]
    page = client.get(f"/hdjl/ldxx/{letter.case_number}/", HTTP_HOST=PORTAL)
    text = soup(page).get_text()
    assert "139 1234 5678" not in text and "110105491231002" not in text
    assert "旧文本：号码***，证件***。" in text


PORTAL = "www.bj.example.gov.cn"
