"""haystack's rebuild_index (clear, then update) under the writer lock, so no
web process writes between the two steps. Also repairs a corrupt index: the
clear drops the index files."""

from django.core.management import call_command
from haystack.management.commands.rebuild_index import Command as HaystackCommand

from search.queue import writer_lock

from .update_index import add_segment_workers_argument


class Command(HaystackCommand):
    help = "清空并重建统一检索索引（也用于修复损坏的索引）。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_segment_workers_argument(parser)

    def handle(self, **options):
        # haystack's own handle, with the segmenting workers for update_index only.
        clear_options = {
            k: v
            for k, v in options.items()
            if k not in ("batchsize", "workers", "max_retries", "segment_workers")
        }
        update_options = {k: v for k, v in options.items() if k != "interactive"}
        with writer_lock(blocking=True):
            call_command("clear_index", **clear_options)
            call_command("update_index", **update_options)
