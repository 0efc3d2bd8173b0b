"""The submitter's own look-up (sites.casework.lookup): number + query code,
under the lockout, on both public pages built from one view."""

from django.urls import resolve

from sites import query_codes
from sites.casework.lookup import CaseLookupView, find_case
from tests.disclosure.application_helpers import solve_captcha

from .conftest import KINDS, MODELS

HOST = "www.bj.example.gov.cn"
PAGES = {"letter": "/hdjl/ldxx/query/", "application": "/xxgk/ysqgk/query/"}


def look_up(client, kind, case_number, code, address):
    url = PAGES[kind]
    page = client.get(url, HTTP_HOST=HOST, REMOTE_ADDR=address).content.decode()
    data = {"case_number": case_number, "query_code": code, **solve_captcha(page)}
    return client.post(url, data, HTTP_HOST=HOST, REMOTE_ADDR=address)


@KINDS
def test_the_number_and_code_open_the_case_as_typed(kind, submit_case):
    case, code = submit_case(kind)
    cases = MODELS[kind].objects.all()
    typed = f"  {case.case_number.lower()} "
    assert find_case(cases, typed, code.lower().replace("-", " ")) == case
    assert find_case(cases, case.case_number, "AAAA-AAAA-AAAA-AAAA") is None
    assert find_case(cases, "XX20990101999999", code) is None


def test_an_unknown_number_costs_the_same_keyed_hash_as_a_wrong_code(
    cluster, monkeypatch
):
    spent = []
    monkeypatch.setattr(query_codes, "spend_like_a_check", lambda: spent.append(1))
    assert find_case(MODELS["letter"].objects.all(), "XX20990101999999", "X") is None
    assert spent == [1]


@KINDS
def test_both_public_look_ups_are_the_one_view(kind, cluster):
    view = resolve(PAGES[kind]).func
    assert issubclass(view.view_class, CaseLookupView)


@KINDS
def test_five_wrong_codes_lock_that_client_out_of_that_case_only(
    kind, client, submit_case
):
    case, code = submit_case(kind)
    for _ in range(5):
        wrong = look_up(client, kind, case.case_number, "AAAA-AAAA", "10.1.1.1")
        assert wrong.status_code == 404
    locked = look_up(client, kind, case.case_number, code, "10.1.1.1")
    assert locked.status_code == 429 and "失败次数过多" in locked.content.decode()
    # The submitter, from their own connection, still opens their case.
    opened = look_up(client.__class__(), kind, case.case_number, code, "10.2.2.2")
    assert opened.status_code == 302 and opened.url == PAGES[kind]


@KINDS
def test_an_opened_case_stays_open_for_the_session_until_left(
    kind, client, submit_case
):
    case, code = submit_case(kind)
    assert look_up(client, kind, case.case_number, code, "10.3.3.3").status_code == 302
    page = client.get(PAGES[kind], HTTP_HOST=HOST)
    assert case.case_number in page.content.decode()
    assert "query_code" not in page.content.decode()  # the form is gone
    client.get(PAGES[kind] + "leave/", HTTP_HOST=HOST)
    page = client.get(PAGES[kind], HTTP_HOST=HOST).content.decode()
    assert 'name="query_code"' in page
