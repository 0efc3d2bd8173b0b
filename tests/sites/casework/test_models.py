"""The shared fields of a public case (sites.casework.models): the submitter's
data stored only encrypted, clear values as properties, masked copies."""

import pytest
from django.core.exceptions import FieldError

from sites.casework.models import CaseEvent, CaseFile, PublicCase

from .conftest import KINDS, MODELS, PHONE, VALID_ID


@KINDS
def test_the_submitters_data_is_stored_encrypted_and_read_clear(kind, submit_case):
    case, _code = submit_case(kind)
    case = MODELS[kind].objects.get(pk=case.pk)
    assert isinstance(case, PublicCase)
    assert PHONE not in case.phone_encrypted and case.phone == PHONE
    assert VALID_ID not in case.id_number_encrypted and case.id_number == VALID_ID
    assert case.phone_masked == "139****5678"
    assert not case.personal_data_unreadable
    # Setting a clear value encrypts it and refreshes the masked copy.
    case.phone = "13800001111"
    case.save()
    case.refresh_from_db()
    assert case.phone == "13800001111" and case.phone_masked == "138****1111"
    # No column holds the clear value: filtering by it fails loudly.
    with pytest.raises(FieldError):
        MODELS[kind].objects.filter(phone=PHONE).exists()


@KINDS
def test_the_history_starts_with_the_submission_by_nobody(kind, submit_case):
    case, _code = submit_case(kind)
    event = case.events.get()
    assert isinstance(event, CaseEvent) and event.action == "submit"
    assert event.actor is None and event.at is not None  # the submitter has no account


def test_the_files_kept_with_cases_share_one_definition():
    from disclosure.models import ReplyAttachment
    from interaction.models import LetterAttachment

    for model in (LetterAttachment, ReplyAttachment):
        assert issubclass(model, CaseFile)
        assert model._meta.get_field("content_type").max_length == 80
        assert model._meta.ordering == ["pk"]
