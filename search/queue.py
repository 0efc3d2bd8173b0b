"""Index updates through one writer, never inside the publishing request.

A content change stores an IndexTask row in its own transaction (post_save /
post_delete / page move, see search.signals). Who works the queue off is
``SEARCH_QUEUE_ON_COMMIT``:

- ``"worker"`` (production, several processes): ``manage.py process_search_queue
  --loop 1``, a standing process that polls every second;
- ``"thread"`` (one process): after the commit one background thread per
  process is woken and drains the queue, so the response (and the page cache
  and static invalidation, which run after the commit too) never waits for the
  index;
- ``"inline"`` (embedded default, tests): right after the commit, in the
  committing thread.

One process at a time takes the writer lock (an ``fcntl.flock`` on a file beside
the index, so web processes never fight over Whoosh's own lock; the postgres
engine locks in the database instead, which holds across hosts). The thread and
the worker wait for a busy lock rather than give up, so a page published while
another writer works is indexed as soon as that writer is done. A failure leaves
the task queued with the error's name for the next run: publishing never waits
for, nor fails because of, the index.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q

from .analysis import ensure_vocabulary
from .backends.base import IndexUnavailable, bulk
from .models import IndexAction, IndexTask

log = logging.getLogger("search")
BATCH = 500


def model_label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def lock_path() -> Path:
    path = Path(settings.SEARCH_WRITER_LOCK)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


_held = threading.local()


def _engine_lock():
    """The engine's own writer lock, when it has one (a lock in the database
    holds across hosts; a lock file only on one machine)."""
    from haystack import connections

    return getattr(connections["default"].get_backend(), "writer_lock", None)


@contextlib.contextmanager
def writer_lock(blocking: bool = True):
    """Yield True when this process is the single index writer, else False.
    Re-entrant within a thread (rebuild_index holds it around update_index)."""
    if getattr(_held, "depth", 0):
        _held.depth += 1
        try:
            yield True
        finally:
            _held.depth -= 1
        return
    engine_lock = _engine_lock()
    if engine_lock is not None:
        # An engine shared by several hosts (postgres) locks where it stores.
        with engine_lock(blocking) as acquired:
            if not acquired:
                yield False
                return
            _held.depth = 1
            try:
                yield True
            finally:
                _held.depth = 0
        return
    with open(lock_path(), "a+") as handle:
        flags = fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB)
        try:
            fcntl.flock(handle, flags)
        except BlockingIOError:
            yield False
            return
        _held.depth = 1
        try:
            yield True
        finally:
            _held.depth = 0
            fcntl.flock(handle, fcntl.LOCK_UN)


def enqueue(label: str, pk, action: str = IndexAction.UPDATE) -> None:
    # One upsert (update_or_create took a savepoint and two more queries, on
    # every page save of a publish); updated_at is stamped again on a conflict.
    IndexTask.objects.bulk_create(
        [IndexTask(model=label, object_pk=str(pk), action=action)],
        update_conflicts=True,
        unique_fields=["model", "object_pk"],
        update_fields=["action", "attempts", "last_error", "updated_at"],
    )
    if run_mode() != "worker":
        transaction.on_commit(kick)


def run_mode() -> str:
    return getattr(settings, "SEARCH_QUEUE_ON_COMMIT", "inline")


def kick() -> None:
    """After the commit: have the queue worked off without holding up the request."""
    if run_mode() == "inline":
        process_quietly()
    else:
        _drainer.wake()


def process_quietly(blocking: bool = False) -> None:
    """Never raises into the request (or thread) that published."""
    try:
        process_pending(blocking=blocking)
    except Exception:
        log.warning("检索索引更新失败，任务保留待重试", exc_info=True)


class _Drainer:
    """One background thread per process that drains the queue whenever woken.

    Wakes that arrive while it works collapse into one more pass, so a burst of
    commits costs one or two passes, not a thread each."""

    def __init__(self):
        self._wake = threading.Event()
        self._start = threading.Lock()
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        with self._start:
            if self._thread is None or not self._thread.is_alive():
                # None yet, or this is a forked child (threads do not survive fork).
                self._thread = threading.Thread(
                    target=self._run, name="search-indexer", daemon=True
                )
                self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            try:
                process_quietly(blocking=True)  # a busy writer: wait for it
            finally:
                connection.close()  # this thread's own; opened again on need


_drainer = _Drainer()


@dataclass
class Outcome:
    updated: int = 0
    removed: int = 0
    failed: int = 0
    busy: bool = False
    unavailable: bool = False


def process_pending(blocking: bool = True, limit: int | None = None) -> Outcome:
    """Work off the queue (each task at most once per call); returns counts."""
    outcome = Outcome()
    with writer_lock(blocking) as acquired:
        if not acquired:
            outcome.busy = True
            return outcome
        last_pk = 0
        while limit is None or outcome.updated + outcome.removed < limit:
            tasks = list(
                IndexTask.objects.filter(pk__gt=last_pk).order_by("pk")[:BATCH]
            )
            if not tasks:
                break
            last_pk = tasks[-1].pk
            try:
                _apply(tasks, outcome)
            except IndexUnavailable as error:
                # No index (never built, deleted, corrupt): every task waits for
                # rebuild_index; one line in the log, not one per task.
                outcome.failed += len(tasks)
                outcome.unavailable = True
                log.warning(
                    "检索索引不可用（%s），%d 条更新保留待重建", error, len(tasks)
                )
                _record_failure_of(tasks, error)
                break
            except Exception:
                # One bad document must not hold back the others: retry one by one.
                for task in tasks:
                    try:
                        _apply([task], outcome)
                    except Exception as error:
                        outcome.failed += 1
                        _record_failure(task, error)
                        continue
                    _done([task])
            else:
                _done(tasks)
    return outcome


def _done(tasks):
    """Delete the tasks worked off, unless enqueued again meanwhile.

    Only a row exactly as it was read goes: a publish that re-queues a task
    stamps updated_at inside its own transaction, before its commit, so a
    comparison with the time this pass started would delete a task whose new
    content this pass never saw (the background thread runs beside the
    publishing request)."""
    for start in range(0, len(tasks), 100):
        unchanged = Q()
        for task in tasks[start : start + 100]:
            unchanged |= Q(pk=task.pk, updated_at=task.updated_at)
        IndexTask.objects.filter(unchanged).delete()


def _record_failure(task, error):
    log.warning(
        "检索索引更新失败：%s:%s（%s）",
        task.model,
        task.object_pk,
        type(error).__name__,
    )
    _record_failure_of([task], error)


def _record_failure_of(tasks, error):
    IndexTask.objects.filter(pk__in=[t.pk for t in tasks]).update(
        attempts=F("attempts") + 1,
        last_error=f"{type(error).__name__}: {error}"[:200],
    )


def _apply(tasks, outcome: Outcome):
    from haystack import connections
    from haystack.exceptions import NotHandled

    ensure_vocabulary()
    grouped = defaultdict(list)
    for task in tasks:
        grouped[task.model].append(task)
    backend = connections["default"].get_backend()
    unified = connections["default"].get_unified_index()
    with bulk(backend):
        for label, group in grouped.items():
            try:
                model = apps.get_model(label)
                index = unified.get_index(model)
            except (LookupError, NotHandled):
                continue  # a model no longer indexed: nothing to do
            wanted = [t.object_pk for t in group if t.action == IndexAction.UPDATE]
            objects = (
                list(index.index_queryset().filter(pk__in=wanted)) if wanted else []
            )
            if objects:
                backend.update(index, objects)
                outcome.updated += len(objects)
            present = {str(obj.pk) for obj in objects}
            for task in group:
                if task.object_pk not in present:
                    # Deleted, unpublished, withdrawn or restricted: out of the index.
                    backend.remove(f"{label}.{task.object_pk}")
                    outcome.removed += 1
