"""Writers' personal data never reaches public pages, feeds or the audit log
(SECURITY.md; REQUIREMENTS R54): a crawl of every public 政民互动 page after a
full walk, and the audit entries of every step."""

import re
import uuid

from interaction.models import Letter
from interaction.services import letter_workflow as workflow
from sites.models import AuditEvent

from .helpers import ADDRESS, EDU_HOST, EMAIL, PHONE, PORTAL_HOST, VALID_ID

SECRETS = ("李四", PHONE, VALID_ID, EMAIL, ADDRESS, "幸福路8号")


def walk(cluster, people):
    mailbox = cluster.portal.mailboxes.get()
    letter, _ = workflow.submit(mailbox, mailbox.categories.first(), {
        "subject": f"李四的咨询（电话{PHONE}）",
        "content": f"我是李四，身份证{VALID_ID}，邮箱{EMAIL}，住{ADDRESS}。",
        "name": "李四", "phone": PHONE, "email": EMAIL, "id_number": VALID_ID,
        "address": ADDRESS, "may_publish": True,
    }, uuid.uuid4())  # fmt: skip
    workflow.accept(letter, people["portal"], cluster.edu)
    workflow.reply(letter, people["edu"], f"李四您好，已按{PHONE}联系您。")
    workflow.review(letter, people["portal_reviewer"], True)
    workflow.publish(letter, people["portal"])
    return Letter.objects.get(pk=letter.pk)


def test_a_crawl_of_the_public_pages_finds_no_personal_data(client, cluster, people):
    letter = walk(cluster, people)
    seen, queue = (
        set(),
        ["/hdjl/", "/hdjl/ldxx/", "/hdjl/ldxx/tj/", "/hdjl/yjzj/", "/hdjl/zxft/"],
    )
    while queue:
        path = queue.pop()
        if path in seen or len(seen) > 60:
            continue
        seen.add(path)
        for host in (PORTAL_HOST, EDU_HOST):
            response = client.get(path, HTTP_HOST=host)
            if response.status_code != 200 or "html" not in response.get(
                "Content-Type", ""
            ):
                continue
            html = response.content.decode()
            for secret in SECRETS:
                assert secret not in html, (path, secret)
            queue += [
                p for p in re.findall(r'href="(/hdjl/[^"?#]*)"', html) if p not in seen
            ]
    assert f"/hdjl/ldxx/{letter.case_number}/" in seen
    assert "李**" in letter.public_content and "***" in letter.public_subject


def test_the_audit_log_names_the_case_only(cluster, people):
    walk(cluster, people)
    events = list(AuditEvent.objects.filter(action__startswith="interaction.letter."))
    assert {e.action.rsplit(".", 1)[1] for e in events} >= {
        "accept",
        "reply",
        "approve",
        "publish",
    }
    for event in events:
        blob = f"{event.object_title} {event.detail}"
        for secret in SECRETS:
            assert secret not in blob
