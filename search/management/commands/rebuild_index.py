"""haystack's rebuild_index (clear, then update) under the writer lock, so no
web process writes between the two steps. Also repairs a corrupt index: the
clear drops the index files."""

from haystack.management.commands.rebuild_index import Command as HaystackCommand

from search.queue import writer_lock


class Command(HaystackCommand):
    help = "清空并重建统一检索索引（也用于修复损坏的索引）。"

    def handle(self, **options):
        with writer_lock(blocking=True):
            return super().handle(**options)
