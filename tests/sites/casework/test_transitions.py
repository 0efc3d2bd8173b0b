"""Locked transitions (sites.casework.transitions): the change, one history
event and one audit entry in one transaction — or nothing at all."""

import pytest

from sites.casework.transitions import Step
from sites.models import AuditEvent

from .conftest import KINDS, TRANSITIONS


@pytest.fixture
def clerk(make_user):
    return make_user("casework-clerk")


@KINDS
def test_a_step_writes_the_change_one_event_and_one_audit_entry(
    kind, submit_case, clerk
):
    case, _code = submit_case(kind)
    book = TRANSITIONS[kind]

    def change(locked):
        assert locked.pk == case.pk and locked is not case
        locked.due_provisional = True
        return Step(fields=["due_provisional"], audit={"why": "测试"})

    done = book.run(case, clerk, "checked", change, "核对", request=None)
    done.refresh_from_db()
    assert done.due_provisional
    event = done.events.get(action="checked")
    assert (event.actor, event.note) == (clerk, "核对")
    audit = AuditEvent.objects.get(action=f"{book.audit_prefix}.checked")
    assert audit.object_title == case.case_number and audit.user == clerk
    assert audit.site_id == book.site_of(done).pk and audit.detail == {"why": "测试"}


@KINDS
def test_a_refused_step_changes_and_records_nothing(kind, submit_case, clerk):
    case, _code = submit_case(kind)
    book = TRANSITIONS[kind]

    def change(locked):
        locked.due_provisional = True
        book.require(False, "不能这样办理。")

    with pytest.raises(book.error, match="不能这样办理"):
        book.run(case, clerk, "checked", change)
    case.refresh_from_db()
    assert not case.due_provisional
    assert not case.events.filter(action="checked").exists()
    assert not AuditEvent.objects.filter(action__endswith=".checked").exists()


@KINDS
def test_the_submitters_own_step_is_told_in_the_history_only(kind, submit_case):
    case, _code = submit_case(kind)
    book = TRANSITIONS[kind]
    before = AuditEvent.objects.count()
    book.run(case, None, "rated", lambda locked: Step(audited=False, action="rate"))
    assert case.events.filter(action="rate", actor=None).count() == 1
    assert AuditEvent.objects.count() == before
