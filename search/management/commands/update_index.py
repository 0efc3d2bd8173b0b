"""haystack's update_index, as the single writer with one commit.

haystack commits every batch (1,000 documents), which makes Whoosh slow down
without end on large rebuilds; here the whole run holds the writer lock and one
writer, committed once at the end. On the SQLite FTS5 and postgres engines, word
segmentation (most of the work) runs on every core."""

import contextlib
import os

from haystack import connections
from haystack.management.commands.update_index import Command as HaystackCommand

from search.analysis import ensure_vocabulary
from search.backends.base import bulk
from search.queue import writer_lock


def add_segment_workers_argument(parser):
    """``--segment-workers``, shared with rebuild_index (which passes it on)."""
    parser.add_argument(
        "--segment-workers",
        type=int,
        default=os.cpu_count() or 1,
        help="分词进程数（SQLite FTS5 与 postgres 引擎；默认每个CPU核一个）",
    )


class Command(HaystackCommand):
    help = "更新统一检索索引（全站群，一个写入进程、一次提交）。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_segment_workers_argument(parser)

    def handle(self, **options):
        ensure_vocabulary(force=True)
        aliases = options.get("using") or list(connections.connections_info)
        with writer_lock(blocking=True), contextlib.ExitStack() as stack:
            for alias in aliases:
                backend = connections[alias].get_backend()
                if hasattr(backend, "workers"):
                    backend.workers = max(1, options["segment_workers"])
                stack.enter_context(bulk(backend))
            return super().handle(**options)
