"""Transitions of a public case: lock the row, check, change, save, and write
one history event and one audit entry (the case number, never personal data)
— all in one transaction, so two desks acting at once act one after the other.

A module describes its case once as a :class:`CaseTransitions` (model, event
model, audit prefix, its error) and runs every step through :meth:`run`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from sites.audit import record as audit_record


@dataclass
class Step:
    """What a change wants written besides the event's action and note."""

    event: dict = field(default_factory=dict)  # more columns of the history event
    audit: dict = field(default_factory=dict)  # the detail of the audit entry
    fields: list[str] | None = None  # the columns saved; None saves them all
    action: str = ""  # the event's action when it differs from the audited one
    note: str | None = None  # the event's note when it depends on the locked row
    audited: bool = True  # False for the submitter's own steps (no staff act)


@dataclass
class CaseTransitions:
    model: type
    event_model: type
    audit_prefix: str  # e.g. "interaction.letter": actions are "<prefix>.<action>"
    error: type[Exception]
    lock_related: tuple[str, ...] = ()  # loaded with the locked row
    site_of: Callable = field(default=lambda case: case.site)

    def __post_init__(self):
        # The event's foreign key to the case (``letter``, ``application``).
        self.event_case_field = next(
            f.name
            for f in self.event_model._meta.get_fields()
            if f.many_to_one and f.related_model is self.model
        )

    def locked(self, case):
        """The case row, locked until the transaction ends (only that row:
        PostgreSQL refuses to lock the nullable side of an outer join)."""
        return (
            self.model.objects.select_for_update(of=("self",))
            .select_related(*self.lock_related)
            .get(pk=case.pk)
        )

    def require(self, condition: bool, message: str) -> None:
        if not condition:
            raise self.error(message)

    def record(self, case, action: str, user, note: str = "", request=None,
               step: Step | None = None) -> None:  # fmt: skip
        """One history event and (unless ``step.audited`` is False) one audit entry."""
        step = step or Step()
        self.event_model.objects.create(
            **{self.event_case_field: case},
            actor=user if getattr(user, "pk", None) else None,
            action=step.action or action,
            note=note,
            **step.event,
        )
        if step.audited:
            audit_record(
                f"{self.audit_prefix}.{action}", user=user, site=self.site_of(case),
                obj=case, title=case.case_number, request=request, **step.audit,
            )  # fmt: skip

    def run(self, case, user, action: str, change: Callable, note: str = "",
            request=None):  # fmt: skip
        """Lock ``case``, let ``change(locked)`` check and change it (raising the
        module's error to refuse), save, record; returns the locked case.

        ``change`` may return a :class:`Step` to say what else is written.
        """
        with transaction.atomic():
            current = self.locked(case)
            step = change(current) or Step()
            current.save(update_fields=step.fields)
            note = note if step.note is None else step.note
            self.record(current, action, user, note, request, step)
        return current
