"""The static-file writer: one process at a time works the queue off.

Like the search index (search/queue.py): a change stores StaticPageTask rows in
its own transaction; after the commit the request kicks the writer (in a thread
by default, so the editor's response does not wait for the rendering), and
``manage.py process_static_queue --loop`` is the standing worker that catches
whatever a kick missed. The writer lock is an ``fcntl.flock`` on a file in the
output directory, so several application processes never write at once. A
server error while rendering keeps the task (and the file on disk) for a retry.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.http.request import validate_host
from django.utils import timezone

from . import storage
from .handover import pending_for, record_written
from .models import StaticPageTask
from .render import render
from .targets import FIRST, PURGE, PURGE_PATH

log = logging.getLogger("sites.static_output")
BATCH = 200
ENQUEUE_CHUNK = 500


@dataclass
class Outcome:
    written: list[str] = field(default_factory=list)  # "host/path/" whose bytes changed
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    failed: int = 0
    busy: bool = False


def enqueue(targets: dict) -> None:
    """Store the addresses (``targets.Targets``) and kick the writer after commit."""
    if not targets or not storage.enabled():
        return
    items = sorted(targets.items(), key=lambda item: item[1])
    for start in range(0, len(items), ENQUEUE_CHUNK):
        _enqueue_chunk(dict(items[start : start + ENQUEUE_CHUNK]))
    transaction.on_commit(kick)


def _enqueue_chunk(targets: dict) -> None:
    existing = {
        (t.hostname, t.port, t.path): t
        for t in StaticPageTask.objects.filter(
            hostname__in={h for h, _, _ in targets},
            path__in={p for _, _, p in targets},
        )
    }
    StaticPageTask.objects.bulk_create(
        [
            StaticPageTask(hostname=hostname, port=port, path=path, priority=priority)
            for (hostname, port, path), priority in targets.items()
            if (hostname, port, path) not in existing
        ],
        ignore_conflicts=True,
    )
    # Already queued: mark it as changed again (a writer that started before
    # this change must not drop it) and move it up if this change is more urgent.
    again = [existing[a].pk for a in targets if a in existing]
    if not again:
        return
    StaticPageTask.objects.filter(pk__in=again).update(updated_at=timezone.now())
    for priority in (PURGE, FIRST):
        StaticPageTask.objects.filter(
            pk__in=[
                existing[a].pk
                for a, p in targets.items()
                if a in existing and p == priority
            ],
            priority__gt=priority,
        ).update(priority=priority)


def kick() -> None:
    """After the commit: rewrite the files now (in a thread unless told otherwise)."""
    mode = getattr(settings, "STATIC_PAGES_ON_COMMIT", "thread")
    if mode == "inline":
        process_quietly()
    elif mode == "thread":
        threading.Thread(target=_in_thread, name="static-writer", daemon=True).start()


def _in_thread() -> None:
    try:
        process_quietly()
    finally:
        connection.close()


def process_quietly() -> None:
    """Never raises into the request that published."""
    try:
        process_pending(blocking=True)
    except Exception:
        log.warning("静态页面更新失败，任务保留待重试", exc_info=True)


@contextlib.contextmanager
def writer_lock(blocking: bool = True):
    base = storage.root()
    base.mkdir(parents=True, exist_ok=True)
    with open(base / ".writer.lock", "a+") as handle:
        flags = fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB)
        try:
            fcntl.flock(handle, flags)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def process_pending(blocking: bool = True, limit: int | None = None) -> Outcome:
    """Render every queued address once; returns what changed on disk."""
    outcome = Outcome()
    if not storage.enabled():
        return outcome
    with writer_lock(blocking) as acquired:
        if not acquired:
            outcome.busy = True
            return outcome
        # Tasks queued after this pass started belong to the kick that queued them.
        pass_started = timezone.now()
        failed: set[int] = set()
        done = 0
        while limit is None or done < limit:
            tasks = list(
                StaticPageTask.objects.filter(updated_at__lte=pass_started)
                .exclude(pk__in=failed)
                .order_by("priority", "pk")[:BATCH]
            )
            if not tasks:
                break
            # Before rendering: a mark read now was committed before the
            # rendering starts, so the rendering may be its baseline.
            pending = pending_for(tasks)
            for task in tasks:
                if limit is not None and done >= limit:
                    break
                done += 1
                mark = pending.get((task.hostname, task.port, task.path))
                try:
                    ok = apply(task.hostname, task.port, task.path, outcome, mark)
                except Exception as error:
                    ok = False
                    _record_failure(task, f"{type(error).__name__}: {error}")
                if ok:
                    # Only the row exactly as it was read goes. A change that
                    # queues this address again stamps updated_at inside its
                    # own transaction, before its commit: compared with the
                    # time the rendering started, a stamp taken just before it
                    # but committed during it would be deleted with its change
                    # unrendered (a stale file until the next change). Kept,
                    # it is rendered again by this pass or the next.
                    StaticPageTask.objects.filter(
                        pk=task.pk, updated_at=task.updated_at
                    ).delete()
                else:
                    failed.add(task.pk)
                    outcome.failed += 1
    return outcome


def apply(hostname: str, port: int, path: str, outcome: Outcome, mark=None) -> bool:
    """Render one address and write or remove its file; False on a server error.
    ``mark``: the tamper recorder waits for this rendering (handover.py)."""
    if path == PURGE_PATH:
        if storage.purge_host(hostname):
            outcome.removed.append(f"{hostname}/*")
        return True
    target = storage.file_for(hostname, path)
    if target is None or not _allowed_host(hostname):
        return True  # cannot be a static file: the application answers it
    rendered = render(hostname, port, path)
    address = f"{hostname}{path}"
    if rendered.failed:
        log.warning("静态页面渲染出错（%s）：%s", rendered.status, address)
        return False
    if rendered.content is None:
        if storage.remove(target):
            outcome.removed.append(address)
    elif storage.write_atomic(target, rendered.content):
        outcome.written.append(address)
        storage.save_headers(rendered.headers)
    else:
        outcome.unchanged += 1
    if mark is not None and rendered.content is not None:
        _record_baseline(mark, rendered.content, address)
    return True


def _record_baseline(mark, body: bytes, address: str) -> None:
    """Never fails the file: an unrecorded address stays pending and the next
    ``check_integrity`` renders it itself."""
    try:
        record_written(mark, body)
    except Exception:
        log.warning("防篡改基线记录失败，留待下次检查：%s", address, exc_info=True)


def _allowed_host(hostname: str) -> bool:
    """A site whose host the settings refuse (Wagtail's stock ``localhost`` site
    in production) is never served, so it is never written either."""
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return validate_host(hostname, allowed)


def _record_failure(task, message: str) -> None:
    log.warning("静态页面更新失败：%s%s（%s）", task.hostname, task.path, message)
    StaticPageTask.objects.filter(pk=task.pk).update(
        attempts=F("attempts") + 1, last_error=message[:200]
    )
