"""Cases of both kinds, stored by their own modules' services: the contract is
tested through the real models it serves (a letter, a 依申请公开 application)."""

import uuid

import pytest

from disclosure.applications import casework
from disclosure.models import DisclosureApplication
from interaction.models import Letter, Mailbox
from interaction.services import letter_workflow

PHONE = "13912345678"
VALID_ID = "11010519491231002X"


def application_data() -> dict:
    return {
        "applicant_type": "natural",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": PHONE,
        "email": "zhangsan@example.com",
        "description": "申请公开某项政策文件",
        "delivery_form": "electronic",
        "delivery_channel": "email",
    }


def letter_data() -> dict:
    return {
        "subject": "关于小学入学报名的咨询",
        "content": "请问报名需要哪些材料？",
        "name": "李四",
        "phone": PHONE,
        "email": "lisi@example.com",
        "id_number": VALID_ID,
        "address": "北疆市新城区幸福路8号",
        "may_publish": True,
    }


@pytest.fixture
def submit_case(cluster):
    """``submit_case(kind, token)`` → (case, query_code) through the module's
    own ``submit``; ``kind`` is "letter" or "application"."""

    def submit(kind: str, token=None):
        token = token or uuid.uuid4()
        if kind == "application":
            return casework.submit(cluster.edu, application_data(), token)
        mailbox = Mailbox.objects.filter(site=cluster.portal).first()
        category = mailbox.categories.first()
        return letter_workflow.submit(mailbox, category, letter_data(), token)

    return submit


MODELS = {"letter": Letter, "application": DisclosureApplication}
TRANSITIONS = {"letter": letter_workflow.LETTERS, "application": casework.CASES}
KINDS = pytest.mark.parametrize("kind", ["letter", "application"])
