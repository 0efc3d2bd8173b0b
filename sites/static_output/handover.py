"""The tamper baseline of a publish, recorded by the static writer (issue 15:
one render per publish, and no waiting in the publishing request).

After a publish both the writer and the tamper recorder (sites.integrity) need
the same pages rendered as an anonymous visitor gets them. So the publish does
not render them for the recorder: inside its own transaction it marks the
recorder's addresses *pending* (their hashes emptied, ``PublishedHash``), and
the writer, which renders those addresses anyway, records what it renders.

Why a recorded body is never stale:

- the marks commit together with the writer's tasks, so a writer that sees a
  task of this publish also sees its marks;
- the writer reads the marks of a batch *before* it renders the batch: a mark
  it read was committed before its rendering started, so the rendering shows
  that change (or a later one);
- it records with a compare-and-set on the mark's time: if another publish
  marked the address again meanwhile (its rendering may have started before
  that commit), nothing is recorded and the address waits for the next pass.

An address the writer does not render (not a static file, a server error, no
writer running) stays pending; ``check_integrity`` then renders it itself, past
the static files, before it compares anything (``checking.check_content``).
"""

from __future__ import annotations

import datetime

from ..integrity.recording import (
    addresses_after_publish,
    mark_pending_many,
    pending_entries,
    record_in_request,
    record_pending,
)
from . import storage
from .render import host_header


def handing_over() -> bool:
    """The writer records the baseline when static output is on and the
    recorder is to record at publish time (not left to ``check_integrity``)."""
    return storage.enabled() and record_in_request()


def hand_over(page) -> set[tuple[str, str]]:
    """Inside the publish's transaction: mark the recorder's addresses of
    ``page`` that the writer writes as pending; returns them (host, path)."""
    if not handing_over():
        return set()
    addresses = [
        a for a in addresses_after_publish(page) if storage.file_for(a[2], a[3])
    ]
    return mark_pending_many(addresses)


def pending_for(tasks) -> dict[tuple[str, int, str], tuple[int, datetime.datetime]]:
    """``{(hostname, port, path): (entry pk, marked at)}`` of the tasks' addresses
    that wait for the writer's rendering (read before the batch is rendered)."""
    if not tasks:
        return {}
    wanted = {(host_header(t.hostname, t.port), t.path): t for t in tasks}
    return {
        (wanted[key].hostname, wanted[key].port, wanted[key].path): mark
        for key, mark in pending_entries(set(wanted)).items()
    }


def record_written(mark: tuple[int, datetime.datetime], body: bytes) -> bool:
    """The writer rendered ``body`` for a pending address: record it as the
    baseline unless the address was marked again since ``mark`` was read."""
    return record_pending(*mark, body)
