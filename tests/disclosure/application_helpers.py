"""Helpers for the 依申请公开 tests: a valid public form, solving the captcha as a person would."""

import re
import uuid

from bs4 import BeautifulSoup

PORTAL_HOST = "www.bj.example.gov.cn"
EDU_HOST = "jyj.bj.example.gov.cn"
APPLY_URL = "/xxgk/ysqgk/"
QUERY_URL = "/xxgk/ysqgk/query/"
VALID_ID = "11010519491231002X"  # checksum-valid test number (GB 11643 example)
VALID_USCC = "91110000600037341L"
NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def spoken_to_int(text: str) -> int:
    if "十" not in text:
        return NUMERALS[text]
    tens, _, ones = text.partition("十")
    return (NUMERALS[tens] if tens else 1) * 10 + (NUMERALS[ones] if ones else 0)


def solve_captcha(html: str) -> dict:
    """Read the question and the token off the page, as a visitor (or screen reader) does."""
    soup = BeautifulSoup(html, "html.parser")
    help_text = soup.find(id=re.compile("captcha_answer_helptext")).get_text()
    left, right = re.match(r"(\S+?)加(\S+?)等于几", help_text).groups()
    token = soup.find("input", attrs={"name": "captcha_token"})["value"]
    return {
        "captcha_token": token,
        "captcha_answer": str(spoken_to_int(left) + spoken_to_int(right)),
    }


def hidden_token(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    return soup.find("input", attrs={"name": "submission_token"})["value"]


def application_data(site, **overrides) -> dict:
    data = {
        "agency": site.pk,
        "applicant_type": "natural",
        "name": "张三",
        "contact_person": "",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13912345678",
        "email": "zhangsan@example.com",
        "address": "北疆市新城区幸福路8号",
        "postcode": "017000",
        "info_title": "2026年北疆市义务教育学校招生计划",
        "info_document_number": "",
        "description": "申请公开2026年北疆市各公立小学的招生计划和学区划分文件。",
        "delivery_form": "electronic",
        "delivery_channel": "email",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def submit_application(client, host, site, **overrides):
    """GET the form, fill it, POST it; returns the POST response (not followed)."""
    page = client.get(APPLY_URL, HTTP_HOST=host)
    html = page.content.decode()
    overrides.setdefault("submission_token", hidden_token(html))
    data = application_data(site, **overrides)
    data.update(solve_captcha(html))
    return client.post(APPLY_URL, data, HTTP_HOST=host)
