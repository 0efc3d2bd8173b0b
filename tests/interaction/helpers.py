"""Helpers for the 政民互动 tests: fill the public forms as a visitor does."""

import io
import re

from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.disclosure.application_helpers import hidden_token, solve_captcha

PORTAL_HOST = "www.bj.example.gov.cn"
EDU_HOST = "jyj.bj.example.gov.cn"
HEALTH_HOST = "wjw.bj.example.gov.cn"
WRITE_URL = "/hdjl/ldxx/write/"
QUERY_URL = "/hdjl/ldxx/query/"
VALID_ID = "11010519491231002X"
PHONE = "13912345678"
EMAIL = "lisi@example.com"
ADDRESS = "北疆市新城区幸福路8号3单元"


def options(html: str, name: str) -> dict[str, str]:
    """Option labels → values of a select of the write form."""
    soup = BeautifulSoup(html, "html.parser")
    select = soup.find("select", attrs={"name": name})
    return {o.get_text(): o["value"] for o in select.find_all("option")}


def category_value(html: str, site_name: str, kind: str = "咨询") -> dict:
    """The 写信对象 and 信件类型 a visitor picks: the site's mailbox, the kind."""
    mailbox = next(
        (
            v
            for label, v in options(html, "mailbox").items()
            if label.startswith(site_name)
        ),
        None,
    )
    if mailbox is None or kind not in options(html, "letter_type"):
        raise AssertionError(f"no category {site_name} {kind}")
    return {"mailbox": mailbox, "letter_type": kind}


def letter_data(**overrides) -> dict:
    data = {
        "subject": "关于小学入学报名的咨询",
        "content": f"请问报名需要哪些材料？我的电话{PHONE}，住在{ADDRESS}。",
        "name": "李四",
        "phone": PHONE,
        "email": EMAIL,
        "id_number": VALID_ID,
        "address": ADDRESS,
        "may_publish": "yes",
    }
    data.update(overrides)
    return data


def write_letter(client, host=PORTAL_HOST, site_name="北疆市人民政府", kind="咨询",
                 files=None, **overrides):  # fmt: skip
    """GET the form, fill it, POST it; returns the POST response (not followed)."""
    html = client.get(WRITE_URL, HTTP_HOST=host, **_extra(overrides)).content.decode()
    data = letter_data(**{k: v for k, v in overrides.items() if k != "REMOTE_ADDR"})
    if "mailbox" not in data:
        data.update(category_value(html, site_name, kind))
    data["submission_token"] = overrides.get("submission_token") or hidden_token(html)
    data.update(solve_captcha(html))
    if files:
        data["attachments"] = files
    return client.post(WRITE_URL, data, HTTP_HOST=host, **_extra(overrides))


def _extra(overrides):
    return (
        {"REMOTE_ADDR": overrides["REMOTE_ADDR"]} if "REMOTE_ADDR" in overrides else {}
    )


def receipt_of(client, host=PORTAL_HOST) -> tuple[str, str]:
    html = client.get("/hdjl/ldxx/receipt/", HTTP_HOST=host).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    return (
        soup.find(class_="case-number").get_text(strip=True),
        soup.find(class_="query-code").get_text(strip=True),
    )


def query(client, case_number, code, host=PORTAL_HOST, **extra):
    page = client.get(QUERY_URL, HTTP_HOST=host, **extra).content.decode()
    data = {"case_number": case_number, "query_code": code, **solve_captcha(page)}
    return client.post(QUERY_URL, data, HTTP_HOST=host, **extra)


def png_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", BeautifulSoup(html, "html.parser").get_text(" "))


def refused(response) -> bool:
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == "/admin/"
    )
