"""What the cluster's own backends share: index-unavailable errors and bulk
writing (one writer, one commit) behind haystack's backend interface."""

import contextlib

from haystack.backends import BaseSearchQuery


class IndexUnavailable(Exception):
    """The index is missing or unreadable; the search page says so, a rebuild
    (``manage.py rebuild_index``) repairs it."""


def bulk(backend, *, fresh: bool = False):
    """One writer and one commit for many updates, where the backend supports it
    (ours do); other engines (Elasticsearch) batch on their own."""
    opener = getattr(backend, "bulk", None)
    return opener(fresh=fresh) if opener else contextlib.nullcontext()


class NodeTreeQuery(BaseSearchQuery):
    """Hands the backend the SearchNode tree itself instead of a query string
    (the embedded FTS5 and the PostgreSQL engines read the tree directly)."""

    def build_query(self):
        return self.query_filter

    def build_query_fragment(self, field, filter_type, value):
        return ""

    def clean(self, query_fragment):
        return query_fragment
