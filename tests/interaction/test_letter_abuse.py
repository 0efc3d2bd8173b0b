"""Abuse of the public letter form and look-up (SECURITY.md §1, issue 5 "Must show"):
floods, script in every field, guessed query codes, disguised and oversized files,
image bombs, double clicks and a mail server that is down."""

import datetime
import io
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core import mail
from django.test import Client
from django.utils import timezone
from PIL import Image

from interaction.models import Letter, LetterAttachment
from interaction.services import letter_workflow as workflow
from tests.disclosure.application_helpers import hidden_token, solve_captcha

from .helpers import (
    PORTAL_HOST,
    WRITE_URL,
    category_value,
    letter_data,
    png_bytes,
    query,
    receipt_of,
    refused,
    upload,
    write_letter,
)

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_200_rapid_submissions_from_one_client_are_throttled_without_touching_others(
    client, cluster, settings
):
    # A day-long window: a minute-long one may roll over during a slow run.
    settings.INTERACTION_LETTER_RATE = "5/d"
    flood, other = "10.66.0.1", "10.77.0.2"
    statuses = []
    for number in range(200):
        if number < 6:
            response = write_letter(client, subject=f"刷屏{number}", REMOTE_ADDR=flood)
            data = None
        else:
            # A script does not wait for the form: it replays the last POST.
            data = data or {**letter_data(subject="刷屏"), "mailbox": "1", "letter_type": "咨询",
                            "captcha_token": "x", "captcha_answer": "1"}  # fmt: skip
            data["submission_token"] = str(uuid.uuid4())
            response = client.post(
                WRITE_URL, data, HTTP_HOST=PORTAL_HOST, REMOTE_ADDR=flood
            )
        statuses.append(response.status_code)
        if number == 100:
            # A citizen elsewhere writes in the middle of the flood.
            citizen = client.__class__()
            assert (
                write_letter(citizen, subject="正常来信", REMOTE_ADDR=other).status_code
                == 302
            )
    assert statuses[:5] == [302] * 5
    assert set(statuses[5:]) == {429}
    assert Letter.objects.filter(subject__startswith="刷屏").count() == 5
    assert Letter.objects.filter(subject="正常来信").count() == 1
    blocked = write_letter(client, REMOTE_ADDR=flood)
    assert "提交过于频繁" in blocked.content.decode()


def test_script_and_html_in_every_field_are_kept_as_typed_and_shown_as_text(
    client, cluster, people
):
    response = write_letter(client, subject=SCRIPT[:90], content=SCRIPT, name="<b>张</b>",
                            address="<i>幸福路</i>")  # fmt: skip
    assert response.status_code == 302
    case_number, code = receipt_of(client)
    letter = Letter.objects.get(case_number=case_number)
    assert letter.content == SCRIPT
    query(client, case_number, code)
    pages = [client.get("/hdjl/ldxx/query/", HTTP_HOST=PORTAL_HOST).content.decode()]
    staff = client.__class__()
    staff.force_login(people["portal"])
    pages.append(
        staff.get(
            f"/admin/interaction/letters/{letter.pk}/", HTTP_HOST=PORTAL_HOST
        ).content.decode()
    )
    pages.append(
        staff.get("/admin/interaction/letters/", HTTP_HOST=PORTAL_HOST).content.decode()
    )
    workflow.accept(letter, people["portal"], cluster.edu)
    workflow.reply(letter, people["edu"], SCRIPT)
    workflow.review(letter, people["portal_reviewer"], True)
    workflow.publish(letter, people["portal"])
    pages.append(
        client.get(f"/hdjl/ldxx/{case_number}/", HTTP_HOST=PORTAL_HOST).content.decode()
    )
    pages.append(client.get("/hdjl/ldxx/", HTTP_HOST=PORTAL_HOST).content.decode())
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html, pages.index(html)


def test_a_wrong_query_code_reveals_nothing_and_guessing_is_locked(client, cluster):
    write_letter(client, subject="查询测试")
    case_number, code = receipt_of(client)
    client.get("/hdjl/ldxx/query/leave/", HTTP_HOST=PORTAL_HOST)
    wrong = query(client, case_number, "AAAAAAAA")
    forged = query(client, "XX20990101999999", code)
    for response in (wrong, forged):
        assert response.status_code == 404
        html = response.content.decode()
        assert "信件编号或查询码不正确" in html
        assert "查询测试" not in html and "李" not in html
    assert query(client, "<script>x</script>", "' OR 1=1 --").status_code == 404
    for _ in range(4):
        query(client, case_number, "BBBBBBBB")
    locked = query(client, case_number, code)
    assert locked.status_code == 429 and "失败次数过多" in locked.content.decode()
    # Another letter's owner is not affected by the lock.
    write_letter(client, subject="另一封")
    other_number, other_code = receipt_of(client)
    assert query(client, other_number, other_code).status_code == 302


def test_guessing_from_one_client_is_rate_limited(client, cluster, settings):
    settings.INTERACTION_QUERY_RATE = "3/d"
    codes = [query(client, f"XX2026010100000{n}", "AAAAAAAA", REMOTE_ADDR="10.5.5.5")
             for n in range(4)]  # fmt: skip
    assert [r.status_code for r in codes] == [404, 404, 404, 429]


def _sent(client, files):
    return write_letter(client, files=files)


def test_attachments_images_and_pdf_are_kept_outside_media_root(
    client, cluster, people
):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = _sent(client, [upload("现场照片.png", png_bytes(), "image/png"),
                              upload("材料.pdf", pdf, "application/pdf")])  # fmt: skip
    assert response.status_code == 302
    files = list(LetterAttachment.objects.order_by("pk"))
    assert [f.content_type for f in files] == ["image/png", "application/pdf"]
    for stored in files:
        path = Path(stored.file.path)
        assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
        assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
        assert "现场" not in path.name
    # Only the letter's handlers (and the writer in the query session) read them.
    url = f"/admin/interaction/letters/attachments/{files[0].pk}/"
    staff = client.__class__()
    staff.force_login(people["edu"])
    assert refused(staff.get(url, HTTP_HOST=PORTAL_HOST))
    staff.force_login(people["portal"])
    download = staff.get(url, HTTP_HOST=PORTAL_HOST)
    content = b"".join(download.streaming_content)
    # Images are stored re-encoded without metadata (issue 14): same picture.
    assert download.status_code == 200
    assert Image.open(io.BytesIO(content)).size == (8, 8)
    anonymous = client.__class__()
    assert (
        anonymous.get(
            f"/hdjl/ldxx/query/file/{files[0].pk}/", HTTP_HOST=PORTAL_HOST
        ).status_code
        == 404
    )


def test_an_executable_named_jpg_is_refused_with_a_clear_message(client, cluster):
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    response = _sent(client, [upload("photo.jpg", exe, "image/jpeg")])
    assert response.status_code == 400
    assert "附件“photo.jpg”的实际内容与扩展名不符" in response.content.decode()
    assert Letter.objects.count() == 0


def test_other_file_types_and_oversized_files_are_refused(client, cluster, settings):
    response = _sent(client, [upload("run.exe", b"MZ" + b"\x00" * 50)])
    assert "只接收 JPG、PNG 图片和 PDF 文件" in response.content.decode()
    settings.INTERACTION_MAX_ATTACHMENT_SIZE = 1024
    response = _sent(
        client, [upload("big.png", png_bytes((200, 200)) + b"\x00" * 2048, "image/png")]
    )
    assert response.status_code == 400 and "超过" in response.content.decode()
    assert Letter.objects.count() == 0


def test_an_image_bomb_is_refused_before_it_is_decoded(client, cluster):
    buffer = io.BytesIO()
    # 20000 × 20000 one-bit pixels: a few kB on disk, 400 megapixels once decoded.
    Image.new("1", (20000, 20000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 200_000
    response = _sent(client, [upload("bomb.png", buffer.getvalue(), "image/png")])
    assert response.status_code == 400
    assert "图片尺寸过大" in response.content.decode()
    truncated = png_bytes((50, 50))[:60]
    response = _sent(client, [upload("broken.png", truncated, "image/png")])
    assert "不是完整有效的图片" in response.content.decode()
    assert Letter.objects.count() == 0


def test_a_double_click_stores_one_letter_and_leaves_a_working_query_code(
    client, cluster
):
    html = client.get(WRITE_URL, HTTP_HOST=PORTAL_HOST).content.decode()
    data = letter_data(
        **category_value(html, "北疆市人民政府"),
        submission_token=hidden_token(html),
        **solve_captcha(html),
    )
    assert client.post(WRITE_URL, data, HTTP_HOST=PORTAL_HOST).status_code == 302
    case_number, code = receipt_of(client)
    # A double click re-sends the very same bytes, solved captcha included; the
    # browser shows only the second answer. It must be the same letter, with a
    # query code that works — and the first answer's code must keep working
    # (both receipts may have been seen: every receipt carries a working code).
    browser = Client()
    assert browser.post(WRITE_URL, data, HTTP_HOST=PORTAL_HOST).status_code == 302
    assert Letter.objects.count() == 1
    again_number, again_code = receipt_of(browser)
    assert again_number == case_number
    assert again_code == code
    assert query(browser, case_number, again_code).status_code == 302
    assert query(Client(), case_number, code).status_code == 302
    # The same form re-sent with a fresh challenge is the same letter too.
    fresh = client.get(WRITE_URL, HTTP_HOST=PORTAL_HOST).content.decode()
    data.update(solve_captcha(fresh))
    assert client.post(WRITE_URL, data, HTTP_HOST=PORTAL_HOST).status_code == 302
    assert Letter.objects.count() == 1


def test_a_receipt_from_before_the_keyed_hash_still_opens_its_letter(
    client, cluster, settings
):
    """Letters stored with a PBKDF2 hash of an 8-character code (issue 16 item 6)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    write_letter(client)
    case_number, _code = receipt_of(client)
    legacy = PBKDF2PasswordHasher().encode("ABCD2345", "legacysalt", iterations=1000)
    Letter.objects.update(query_code_hash=legacy)
    assert query(Client(), case_number, "abcd2345").status_code == 302
    assert query(Client(), case_number, "ABCD2346").status_code == 404


def test_a_solved_captcha_serves_one_letter_only(client, cluster):
    html = client.get(WRITE_URL, HTTP_HOST=PORTAL_HOST).content.decode()
    data = letter_data(
        **category_value(html, "北疆市人民政府"),
        submission_token=hidden_token(html),
        **solve_captcha(html),
    )
    assert client.post(WRITE_URL, data, HTTP_HOST=PORTAL_HOST).status_code == 302
    data["submission_token"] = str(uuid.uuid4())
    response = client.post(WRITE_URL, data, HTTP_HOST=PORTAL_HOST)
    assert response.status_code == 400
    assert "该验证码已使用" in response.content.decode()
    assert Letter.objects.count() == 1


def test_a_resent_letter_after_half_an_hour_gets_no_new_query_code(client, cluster):
    """Only the sending browser, moments later, may replace the query code."""
    html = client.get(WRITE_URL, HTTP_HOST=PORTAL_HOST).content.decode()
    token = hidden_token(html)
    data = letter_data(
        **category_value(html, "北疆市人民政府"),
        submission_token=token,
        **solve_captcha(html),
    )
    client.post(WRITE_URL, data, HTTP_HOST=PORTAL_HOST)
    case_number, code = receipt_of(client)
    Letter.objects.update(submitted_at=timezone.now() - datetime.timedelta(minutes=31))
    browser = Client()
    assert browser.post(WRITE_URL, data, HTTP_HOST=PORTAL_HOST).status_code == 302
    assert (
        "case-number"
        not in browser.get(
            "/hdjl/ldxx/receipt/", HTTP_HOST=PORTAL_HOST
        ).content.decode()
    )
    assert query(client, case_number, code).status_code == 302  # the first still works


def test_a_letter_survives_a_failing_mail_server(
    client, cluster, people, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = (
        "tests.disclosure.application_helpers_broken_mail.BrokenBackend"
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = write_letter(client)
    assert callbacks, "the handlers' mail runs after the commit"
    assert response.status_code == 302
    assert Letter.objects.count() == 1
    case_number, code = receipt_of(client)
    assert case_number and code


def test_handlers_of_the_mailbox_only_are_mailed_without_personal_data(
    client, cluster, people, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        write_letter(client)
    assert [m.to for m in mail.outbox] == [["xx@bj.example.gov.cn"]]
    body = mail.outbox[0].subject + mail.outbox[0].body
    for secret in ("李四", "13912345678", "幸福路", "11010519491231002X", "小学入学"):
        assert secret not in body


def test_routing_mails_only_the_new_handling_sites_handlers(
    client, cluster, people, django_capture_on_commit_callbacks
):
    """No notification fan-out (CVE-2022-21683 class): only the letter's actors."""
    write_letter(client)
    letter = Letter.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.accept(letter, people["portal"], cluster.edu)
    recipients = sorted(address for m in mail.outbox for address in m.to)
    # The new handling site's handler and the writer (told it was accepted); not the
    # portal's nor another department's handlers.
    assert recipients == ["lisi@example.com", "xx@jyj.example.gov.cn"]
    for message in mail.outbox:
        assert "13912345678" not in message.body and "李四" not in message.body
