"""The writer's files, handed to the tamper recorder (sites.integrity) so that a
publish renders each page once (issue 15: one render per publish).

After a publish both the writer and the recorder need the same pages rendered
as an anonymous visitor gets them. The recorder asks here first: for each of
its addresses that this change queued for the writer, it waits (briefly) until
the writer has worked the address off, then reads the file instead of
rendering. A file read this way was rendered after the change's commit — its
task only became visible to the writer at the commit — so it is exactly what
nginx now serves. Addresses the writer did not queue, could not render (a
server error keeps the task), did not write (not a public page) or did not
reach in time are left to the recorder, which renders them itself as before.
"""

from __future__ import annotations

import time

from django.conf import settings

from . import storage
from .models import StaticPageTask
from .render import host_header
from .targets import page_change

POLL_SECONDS = 0.02


def wait_seconds() -> float:
    """How long the recorder waits for the writer (``STATIC_PAGES_HANDOVER_WAIT``)."""
    return float(getattr(settings, "STATIC_PAGES_HANDOVER_WAIT", 3.0))


def _queued(wanted: set[tuple[str, str]], *, failed: bool) -> set[tuple[str, str]]:
    """Addresses of ``wanted`` still queued (``failed``: also those whose
    rendering failed, which are not waited for)."""
    tasks = StaticPageTask.objects.filter(
        hostname__in={host.split(":")[0] for host, _ in wanted},
        path__in={path for _, path in wanted},
    )
    if not failed:
        tasks = tasks.filter(attempts=0)
    found = tasks.values_list("hostname", "port", "path")
    return {(host_header(h, port), path) for h, port, path in found} & wanted


def files_after_publish(page, addresses) -> dict[tuple[str, str], bytes]:
    """``{(host, path): bytes}`` of the written files for the addresses of
    ``addresses`` (host as in the Host header) that this publish of ``page``
    queued, once the writer has rendered them."""
    if not storage.enabled():
        return {}
    queued = {
        (host_header(hostname, port), path)
        for hostname, port, path in page_change(page, subtree=page.numchild > 0)
    }
    wanted = set(addresses) & queued
    if not wanted:
        return {}
    deadline = time.monotonic() + wait_seconds()
    while _queued(wanted, failed=False) and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
    # Still queued (late, or failed with a server error): the file on disk is
    # not this publish's.
    found = {}
    for host, path in wanted - _queued(wanted, failed=True):
        target = storage.file_for(host.split(":")[0], path)
        if target is None:
            continue
        try:
            found[(host, path)] = target.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            continue  # not a public page: the recorder decides for itself
    return found
