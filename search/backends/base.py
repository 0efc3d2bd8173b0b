"""What the cluster's own backends share: index-unavailable errors and bulk
writing (one writer, one commit) behind haystack's backend interface."""

import contextlib

from haystack.backends import BaseSearchQuery, SearchNode


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


class TextTreeCompiler:
    """What the FTS5 and PostgreSQL query compilers share: which subtrees of the
    SearchNode tree search the text (every leaf is a content/exact look-up on
    the document field) and so go to the full-text index. ``self.content`` is
    the backend's document field name."""

    content: str

    def _is_text(self, child) -> bool:
        if isinstance(child, SearchNode):
            return bool(child.children) and all(
                self._is_text(c) for c in child.children
            )
        field, kind = child[0].partition("__")[::2]
        return field in ("content", self.content) and kind in ("", "content", "exact")
