"""信息处理费 (Art. 42; 国办函〔2020〕109号; REQUIREMENTS R42): only for excessive
requests, exact progressive tables, one method per request, the wait not counted."""

import datetime
from decimal import Decimal

import pytest

from disclosure.applications import casework
from disclosure.applications.case_terms import Outcome
from disclosure.applications.casework import CaseworkError
from disclosure.applications.fees import FeeMethod, per_item_fee, per_volume_fee

from .test_casework import SEP_24, new_case

D = datetime.date


@pytest.mark.parametrize(
    ("rank", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (55, 400)],
)
def test_per_item_fee_per_applicant_and_month(rank, fee):
    assert per_item_fee(rank) == Decimal(fee)


@pytest.mark.parametrize(
    ("pages", "fee"),
    # 31–100 at ¥10, 101–200 at ¥20, above 200 at ¥40, each band on its own pages.
    [
        (1, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 2700),
        (201, 2740),
        (250, 4700),
    ],
)
def test_per_volume_fee_is_progressive(pages, fee):
    assert per_volume_fee(pages) == Decimal(fee)


def handling(case, user, received=SEP_24):
    case = casework.register(case, user, received)
    return casework.start_review(case, user)


@pytest.mark.django_db
def test_per_item_fee_starts_with_the_eleventh_request_of_the_month(cluster, people):
    handler = people["handler"]
    cases = [handling(new_case(cluster.edu, submitted_on=D(2026, 9, 1)), handler, D(2026, 9, 1 + i))
             for i in range(11)]  # fmt: skip
    # Another applicant's requests and last month's don't count.
    handling(new_case(cluster.edu, submitted_on=D(2026, 9, 2), id_number="110101199003071234"),
             handler, D(2026, 9, 2))  # fmt: skip
    with pytest.raises(CaseworkError, match="本月第10件申请"):
        casework.issue_fee(
            cases[9], handler, FeeMethod.PER_ITEM, issued_on=D(2026, 9, 14)
        )
    case = casework.issue_fee(
        cases[10], handler, FeeMethod.PER_ITEM, issued_on=D(2026, 9, 14)
    )
    fee = casework.fee_notice_of(case)
    assert fee.request_rank == 11 and fee.amount == Decimal(100)


@pytest.mark.django_db
def test_per_volume_fee_and_never_two_notices(cluster, people):
    handler = people["handler"]
    case = handling(new_case(cluster.edu), handler)
    with pytest.raises(CaseworkError, match="30页以内"):
        casework.issue_fee(
            case, handler, FeeMethod.PER_VOLUME, pages=30, issued_on=D(2026, 9, 28)
        )
    case = casework.issue_fee(
        case, handler, FeeMethod.PER_VOLUME, pages=120, issued_on=D(2026, 9, 28)
    )
    assert casework.fee_notice_of(case).amount == Decimal(700 + 20 * 20)
    with pytest.raises(CaseworkError, match="只能发出一次收费通知"):
        casework.issue_fee(case, handler, FeeMethod.PER_ITEM, issued_on=D(2026, 9, 29))


@pytest.mark.django_db
def test_the_wait_for_payment_is_not_counted(cluster, people):
    handler = people["handler"]
    case = handling(new_case(cluster.edu), handler)
    case = casework.issue_fee(
        case, handler, FeeMethod.PER_VOLUME, pages=50, issued_on=D(2026, 9, 28)
    )
    assert case.due_on is None  # the clock stands until the applicant pays
    assert casework.fee_notice_of(case).pay_by == D(2026, 10, 30)  # 20 working days
    with pytest.raises(CaseworkError, match="尚未缴纳"):
        casework.reply(
            case, handler, Outcome.GRANTED, "答复", replied_on=D(2026, 10, 9)
        )
    case = casework.fee_paid(case, handler, D(2026, 10, 9))
    # Sep 29, 30, Oct 8, 9 were spent waiting: Oct 29 + 4 working days.
    assert case.due_on == D(2026, 11, 4)


@pytest.mark.django_db
def test_an_unpaid_fee_closes_the_case_only_after_the_payment_deadline(cluster, people):
    handler = people["handler"]
    case = handling(new_case(cluster.edu), handler)
    case = casework.issue_fee(
        case, handler, FeeMethod.PER_VOLUME, pages=50, issued_on=D(2026, 9, 28)
    )
    with pytest.raises(CaseworkError, match="逾期未缴费"):
        casework.reply(case, handler, Outcome.OTHER_NO_FEE, "不再处理", "109号",
                       replied_on=D(2026, 10, 30))  # fmt: skip
    case = casework.reply(case, handler, Outcome.OTHER_NO_FEE, "不再处理", "国办函〔2020〕109号",
                          replied_on=D(2026, 11, 2))  # fmt: skip
    assert case.outcome == Outcome.OTHER_NO_FEE
