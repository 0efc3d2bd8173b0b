"""An applicant's ID number, phone, address and e-mail never reach a public page,
feed, search result, export or log (issue #4 must-show; REQUIREMENTS R44, SECURITY)."""

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from disclosure.applications import casework
from disclosure.applications.case_terms import Outcome
from disclosure.models import DisclosureApplication
from sites.models import ColumnPage

from .application_helpers import EDU_HOST, PORTAL_HOST, submit_application
from .test_casework import new_case

pytestmark = pytest.mark.django_db
SECRETS = {
    "name": "欧阳隐私",
    "id_number": "11010519491231002X",
    "phone": "13987654321",
    "address": "北疆市保密路99号",
    "email": "yinsi@example.com",
}


def test_personal_data_appears_nowhere_public(client, cluster, admin_user, caplog):
    cache.clear()
    caplog.set_level(logging.DEBUG)
    submit_application(
        client, EDU_HOST, cluster.edu, name=SECRETS["name"], phone=SECRETS["phone"],
        address=SECRETS["address"], email=SECRETS["email"],
        info_title="北疆市保密路改造工程批复",
    )  # fmt: skip
    case = DisclosureApplication.objects.get()
    case = casework.register(case, admin_user, timezone.localdate())
    casework.reply(case, admin_user, Outcome.GRANTED, "已通过电子邮件提供。",
                   replied_on=case.received_on)  # fmt: skip
    cache.clear()

    visitor = Client()
    urls = [(site.hostname, "/") for site in cluster.all]
    urls += [
        (EDU_HOST, column.url_path.split("/", 2)[2].join("//"))
        for column in ColumnPage.objects.live().descendant_of(cluster.edu.root_page)
    ]
    urls += [
        (host, path)
        for host in (EDU_HOST, PORTAL_HOST)
        for path in (
            "/wzdt/",
            "/xxgk/gkml/",
            "/xxgk/gkml/export.csv",
            "/xxgk/gkml/export.json",
            "/open-data/disclosure.json",
            "/xxgk/ysqgk/",
            "/xxgk/ysqgk/query/",
            "/xxgk/ysqgk/receipt/",
            f"/search/?q={SECRETS['name']}",
            f"/search/?q={SECRETS['phone']}",
            f"/search/?q={SECRETS['id_number']}",
            "/search/?q=保密路",
            f"/xxgk/gkml/?q={SECRETS['name']}",
        )
    ]
    fetched = 0
    for host, path in urls:
        response = visitor.get(path, HTTP_HOST=host, follow=True)
        assert response.status_code in (200, 404), (host, path)
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        text = body.decode("utf-8-sig")
        # A search page repeats what the visitor typed; only the results count.
        for typed in parse_qs(urlsplit(path).query).get("q", []):
            text = text.replace(typed, "")
        for label, secret in SECRETS.items():
            assert secret not in text, f"{label} leaked on {host}{path}"
        fetched += 1
    assert fetched > 30
    assert_not_logged(caplog, SECRETS)


def assert_not_logged(caplog, secrets):
    """Messages and tracebacks alike: a traceback is what reaches the log file."""
    formatter = logging.Formatter()
    logged = "\n".join(
        r.getMessage() + (formatter.formatException(r.exc_info) if r.exc_info else "")
        for r in caplog.records
    )
    for label, secret in secrets.items():
        assert secret not in logged, f"{label} leaked into the logs"


def test_a_refused_e_mail_does_not_log_the_address(cluster, caplog, settings):
    settings.EMAIL_BACKEND = (
        "tests.disclosure.application_helpers_broken_mail.RefusingBackend"
    )
    case = new_case(cluster.edu, email="yinsi@example.com")
    caplog.set_level(logging.DEBUG)
    casework.notify_applicant(case, "已答复")
    assert any("notifying the applicant" in r.getMessage() for r in caplog.records)
    assert_not_logged(caplog, {"e-mail": "yinsi@example.com"})
