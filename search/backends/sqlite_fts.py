"""A haystack backend on SQLite FTS5, fed jieba tokens: the embedded engine for
large clusters on one machine (``SEARCH_ENGINE=sqlite``; figures in the README).

The index is its own database file (never the site's database): ``docs`` holds
one narrow row per document (identifiers and one column per filterable field, so
that filtering tens of thousands of matches reads a few megabytes), ``doc_data``
the stored fields as JSON and the indexed words (needed to delete a row from the
contentless text index), multi-valued fields sit in ``doc_values``, and a
contentless FTS5 table has three columns — ``body``,
the words in order (phrases match consecutive words), and ``inner``, dictionary
words found inside longer ones (社保 in 社保卡), and ``tags``, one opaque token
per value of a filter field (the sites, the content type, 索引号, 文号). A
filter on those joins the text query inside FTS5, which intersects the word's
list of documents with the site's by seeking: a site search for a word found in
40,000 documents ranks that site's few hundred, without reading the 40,000 rows.
Queries arrive as haystack's SearchNode tree and become one FTS5 MATCH (ranked
with bm25) plus SQL filters (date ranges), with every value bound as a parameter.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import threading
from pathlib import Path

from django.utils import timezone
from haystack.backends import BaseEngine, BaseSearchBackend, SearchNode
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SkipDocument
from haystack.models import SearchResult
from haystack.utils import get_identifier

from ..analysis import clean_words, query_words, split_many
from .base import IndexUnavailable, NodeTreeQuery, TextTreeCompiler

NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
# Bumped whenever the tables change: an index file of another layout is reported
# unavailable (the search page says so) until ``rebuild_index`` recreates it.
SCHEMA_VERSION = 2
# Page cache per connection, in KiB (SQLite's default is 2 MB). A web worker
# reads through the operating system's file cache and must stay small (issue #6:
# under 250 MB); the writer's large transactions gain from more.
READER_CACHE_KIB = 8 * 1024
WRITER_CACHE_KIB = 32 * 1024
# Relevance: a match in the words themselves counts twice one found inside a
# longer word.
BM25 = "bm25(fts, 1.0, 0.5, 0.0)"
TEXT_COLUMNS = "{body inner}"
RANKED = f"{BM25}, docs.rowid DESC"


def _sql_name(name: str) -> str:
    if not NAME.match(name):
        raise ValueError(f"unsupported field name {name!r}")
    return f'"f_{name}"'


def _utc(value) -> str:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):  # naive values are UTC already
            value = value.astimezone(dt.UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat() + "T00:00:00"
    return value


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _tag(field: str, value) -> str:
    """The ``tags`` token of one filter value: letters and digits only, so the
    tokenizer keeps it whole, and never a word of any text."""
    value = _utc(value)
    digest = hashlib.blake2s(f"{field}\x00{value}".encode(), digest_size=8)
    return "t" + digest.hexdigest()


def _tagged(field) -> bool:
    """Filter fields whose values are also ``tags`` tokens: single terms."""
    return field.is_multivalued or field.field_type == "exact"


class SQLiteFTSBackend(BaseSearchBackend):
    def __init__(self, connection_alias, **options):
        super().__init__(connection_alias, **options)
        self.path = Path(options["PATH"])
        # Processes that segment large batches: update_index/rebuild_index raise
        # it; web processes never fork (1 = in-process).
        self.workers = 1
        self._local = threading.local()
        self._fields = None

    # --- schema ------------------------------------------------------------------
    def _schema_fields(self):
        if self._fields is None:
            from haystack import connections

            fields = connections[self.connection_alias].get_unified_index()
            fields = fields.all_searchfields()
            self.content_field = next(
                f.index_fieldname for f in fields.values() if f.document
            )
            self._fields = {f.index_fieldname: f for f in fields.values()}
        return self._fields

    def _columns(self):
        return [
            name
            for name, field in self._schema_fields().items()
            if not field.document and not field.is_multivalued
        ]

    def _connect(self, create: bool = False, write: bool = False) -> sqlite3.Connection:
        """The index, opened once per thread. Only ``create`` (the clear of
        rebuild_index) makes a missing index: an update that did would leave an
        index of its own few documents that looks complete (issue 16 item 4), so
        a missing one stays reported and its updates stay queued until rebuilt."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            if self._same_file():
                return conn
            # Deleted or replaced (rebuild_index in another process) under this
            # open connection: reading on would show a ghost, writing fill one.
            self.close()
        if not create and not self.path.exists():
            raise IndexUnavailable(
                "检索索引不存在，需要重建（manage.py rebuild_index）"
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # mode=rw: a file deleted since the check above is not made anew either.
        target = self.path if create else f"{self.path.resolve().as_uri()}?mode=rw"
        try:
            conn = sqlite3.connect(
                target, timeout=30, isolation_level=None, uri=not create
            )
        except sqlite3.OperationalError as error:
            raise IndexUnavailable(str(error)) from error
        try:
            conn.execute("PRAGMA journal_mode=WAL").fetchall()
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=30000")
            cache_kib = WRITER_CACHE_KIB if create or write else READER_CACHE_KIB
            conn.execute(f"PRAGMA cache_size=-{cache_kib}")
            empty = not conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'docs'"
            ).fetchone()
            if create and empty:
                self._create(conn)
            elif conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                raise IndexUnavailable(
                    "检索索引的格式已更新，需要重建（manage.py rebuild_index）"
                )
            conn.execute("SELECT count(*) FROM docs WHERE rowid = 0").fetchone()
        except (sqlite3.DatabaseError, IndexUnavailable) as error:
            conn.close()
            if isinstance(error, IndexUnavailable):
                raise
            raise IndexUnavailable(str(error)) from error
        self._local.conn = conn
        self._local.inode = self._inode()
        return conn

    def _inode(self):
        try:
            return os.stat(self.path).st_ino
        except FileNotFoundError:
            return None

    def _same_file(self) -> bool:
        inode = self._inode()
        return inode is not None and inode == getattr(self._local, "inode", None)

    def _create(self, conn):
        columns = "".join(f", {_sql_name(c)}" for c in self._columns())
        conn.executescript(
            f"""
            CREATE TABLE IF NOT EXISTS docs (
                rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL,
                django_ct TEXT, django_id TEXT {columns});
            CREATE TABLE IF NOT EXISTS doc_data (
                rowid INTEGER PRIMARY KEY, data TEXT, body TEXT, inner TEXT, tags TEXT);
            CREATE TABLE IF NOT EXISTS doc_values (
                field TEXT, value TEXT, doc INTEGER,
                PRIMARY KEY (field, value, doc)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS doc_values_doc ON doc_values (doc);
            CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
                body, inner, tags, content='', tokenize='unicode61 remove_diacritics 0');
            PRAGMA user_version = {SCHEMA_VERSION};
            """
        )
        for column in self._columns():
            conn.execute(
                f"CREATE INDEX IF NOT EXISTS idx_{column} ON docs ({_sql_name(column)})"
            )

    def close(self):
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # --- writing -------------------------------------------------------------------
    @contextlib.contextmanager
    def bulk(self, fresh=False):
        """One transaction (one commit) for everything inside."""
        conn = self._connect(write=True)
        if conn.in_transaction:
            yield self
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
            # Fold the write-ahead log back into the index file, so a rebuild
            # leaves one file of the index's size, not a second copy beside it.
            # Read to the end: a statement left half-read keeps a read snapshot
            # open, and this connection would not see other writers' commits.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def update(self, index, iterable, commit=True):
        self._schema_fields()
        docs = []
        for obj in iterable:
            try:
                docs.append(index.full_prepare(obj))
            except SkipDocument:
                continue
        texts = [doc.get(self.content_field) or "" for doc in docs]
        tokens = split_many(texts, self.workers)
        with self.bulk() as backend:
            conn = backend._connect(write=True)
            for doc, (body, inner) in zip(docs, tokens, strict=True):
                self._delete(conn, doc[ID])
                self._insert(conn, doc, body, inner)

    def _insert(self, conn, doc, body, inner):
        stored = {}
        columns = {}
        values = []
        tags = []
        for name, field in self._fields.items():
            value = doc.get(name)
            if field.document:
                continue
            if field.is_multivalued:
                values.extend((name, str(v)) for v in value or ())
                tags.extend(_tag(name, str(v)) for v in value or ())
            else:
                columns[name] = _utc(value)
                if _tagged(field) and value is not None:
                    tags.append(_tag(name, value))
            if field.stored:
                stored[name] = (
                    value.isoformat() if hasattr(value, "isoformat") else value
                )
        names = ", ".join(_sql_name(n) for n in columns)
        marks = ", ".join("?" for _ in columns)
        # Column names are checked identifiers; every value is bound.
        sql = f"INSERT INTO docs (id, django_ct, django_id, {names}) VALUES (?, ?, ?, {marks})"  # noqa: S608
        cursor = conn.execute(
            sql, [doc[ID], doc[DJANGO_CT], str(doc[DJANGO_ID]), *columns.values()]
        )
        rowid = cursor.lastrowid
        words = (" ".join(body), " ".join(inner), " ".join(tags))
        conn.execute(
            "INSERT INTO doc_data (rowid, data, body, inner, tags) VALUES (?, ?, ?, ?, ?)",
            (rowid, json.dumps(stored, ensure_ascii=False), *words),
        )
        conn.execute(
            "INSERT INTO fts (rowid, body, inner, tags) VALUES (?, ?, ?, ?)",
            (rowid, *words),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO doc_values (field, value, doc) VALUES (?, ?, ?)",
            [(name, value, rowid) for name, value in values],
        )

    def _delete(self, conn, identifier):
        row = conn.execute(
            "SELECT docs.rowid, doc_data.body, doc_data.inner, doc_data.tags FROM docs "
            "JOIN doc_data ON doc_data.rowid = docs.rowid WHERE docs.id = ?",
            (identifier,),
        ).fetchone()
        if row is None:
            return
        conn.execute(
            "INSERT INTO fts (fts, rowid, body, inner, tags) VALUES ('delete', ?, ?, ?, ?)",
            row,
        )
        for table, column in (("doc_values", "doc"), ("doc_data", "rowid")):
            conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (row[0],))  # noqa: S608
        conn.execute("DELETE FROM docs WHERE rowid = ?", (row[0],))

    def remove(self, obj_or_string, commit=True):
        self._schema_fields()
        with self.bulk() as backend:
            backend._delete(backend._connect(write=True), get_identifier(obj_or_string))

    def clear(self, models=None, commit=True):
        self._schema_fields()
        if models is None:
            # Dropping the file also repairs a corrupt index (rebuild_index).
            self.close()
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(f"{self.path}{suffix}")
            self._connect(create=True)
            return
        from haystack.utils import get_model_ct

        conn = self._connect(write=True)
        with self.bulk():
            for model in models:
                ids = conn.execute(
                    "SELECT id FROM docs WHERE django_ct = ?", (get_model_ct(model),)
                ).fetchall()
                for (identifier,) in ids:
                    self._delete(conn, identifier)

    # --- searching -------------------------------------------------------------------
    def search(self, query, **kwargs):
        self._schema_fields()
        start = kwargs.get("start_offset") or 0
        end = kwargs.get("end_offset")
        conn = self._connect(create=False)
        compiler = _Compiler(self)
        match, where, params = compiler.top(query)
        # Every indexed model is registered, so limiting to all of them (haystack's
        # default) filters nothing; only an explicit ``models(...)`` narrows.
        models = kwargs.get("models")
        if models:
            cts = [f"{m._meta.app_label}.{m._meta.model_name}" for m in models]
            where.append(f"docs.django_ct IN ({', '.join('?' for _ in cts)})")
            params.extend(cts)
        order = self._order(kwargs.get("sort_by"), bool(match))
        limit = -1 if end is None else max(end - start, 0)
        if match and not where and order == RANKED:
            # Text alone: the text index counts and ranks without touching a row.
            count_sql = "SELECT count(*) FROM fts WHERE fts MATCH ?"
            rank_sql = f"SELECT rowid, {BM25} FROM fts WHERE fts MATCH ? ORDER BY {BM25}, rowid DESC LIMIT ? OFFSET ?"  # noqa: S608  # fmt: skip
            all_params = [match]
        else:
            source, conditions = "docs", list(where)
            if match:
                source = "fts JOIN docs ON docs.rowid = fts.rowid"
                conditions.insert(0, "fts MATCH ?")
            clause = " AND ".join(conditions) or "1"
            score = BM25 if match else "0"
            # Values are bound; names and operators come from the compiler.
            count_sql = f"SELECT count(*) FROM {source} WHERE {clause}"  # noqa: S608
            rank_sql = f"SELECT docs.rowid, {score} FROM {source} WHERE {clause} ORDER BY {order} LIMIT ? OFFSET ?"  # noqa: S608
            all_params = [*([match] if match else []), *params]
        try:
            hits = conn.execute(count_sql, all_params).fetchone()[0]
            # Rank with the row ids and scores only; the page's stored fields are
            # read afterwards, for the page alone.
            ranked = conn.execute(rank_sql, [*all_params, limit, start]).fetchall()
            stored = {}
            ids = [rowid for rowid, _score in ranked]
            for chunk in range(0, len(ids), 500):
                part = ids[chunk : chunk + 500]
                stored.update(
                    (rowid, (ct, pk, data))
                    for rowid, ct, pk, data in conn.execute(
                        "SELECT docs.rowid, docs.django_ct, docs.django_id, doc_data.data "  # noqa: S608
                        "FROM docs JOIN doc_data ON doc_data.rowid = docs.rowid "
                        f"WHERE docs.rowid IN ({', '.join('?' for _ in part)})",
                        part,
                    )
                )
            rows = [(*stored[rowid][:2], sc, stored[rowid][2]) for rowid, sc in ranked
                    if rowid in stored]  # fmt: skip
        except sqlite3.DatabaseError as error:
            raise IndexUnavailable(str(error)) from error
        result_class = kwargs.get("result_class") or SearchResult
        results = []
        for ct, pk, score, data in rows:
            app_label, model_name = ct.split(".")
            fields = json.loads(data)
            for name, value in fields.items():
                if (
                    self._fields.get(name) is not None
                    and self._fields[name].field_type in ("date", "datetime")
                    and isinstance(value, str)
                ):
                    fields[name] = dt.datetime.fromisoformat(value)
            results.append(
                result_class(app_label, model_name, pk, -float(score), **fields)
            )
        return {"results": results, "hits": hits}

    def _order(self, sort_by, ranked):
        parts = []
        for key in sort_by or ():
            descending = key.startswith("-")
            name = key.lstrip("-")
            if name in self._columns():
                parts.append(
                    f"docs.{_sql_name(name)} {'DESC' if descending else 'ASC'}"
                )
        if ranked:
            parts.append(BM25)
        parts.append("docs.rowid DESC")
        return ", ".join(parts)

    def document_count(self) -> int:
        try:
            conn = self._connect(create=False)
            return conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise IndexUnavailable(str(error)) from error

    def more_like_this(self, *args, **kwargs):
        return {"results": [], "hits": 0}

    def prep_value(self, value):
        return value


class _Compiler(TextTreeCompiler):
    """SearchNode tree → (FTS5 MATCH expression, SQL conditions, parameters)."""

    def __init__(self, backend: SQLiteFTSBackend):
        self.backend = backend
        self.fields = backend._fields
        self.content = backend.content_field

    def top(self, node):
        """Text clauses of the top-level AND join into one ranked MATCH, and so do
        the filters on tagged fields when there is text to match."""
        matches, tagged, rest = [], [], []
        children = (
            node.children if node.connector == "AND" and not node.negated else [node]
        )
        for child in children:
            fts = self.fts(child)
            if fts is not None:
                matches.append(f"{TEXT_COLUMNS} : ({fts})")
            elif (tags := self.tags(child)) is not None:
                tagged.append((tags, child))
            else:
                rest.append(child)
        if matches:
            matches.extend(tags for tags, _child in tagged)
        else:
            rest.extend(child for _tags, child in tagged)
        where, params = [], []
        for child in rest:
            sql, values = self.sql(child)
            where.append(sql)
            params.extend(values)
        match = " AND ".join(f"({m})" for m in matches)
        return match, where, params

    def tags(self, child):
        """The ``tags`` MATCH of a filter on tagged fields, or None."""
        if isinstance(child, SearchNode):
            if child.negated or not child.children:
                return None
            parts = [self.tags(c) for c in child.children]
            if any(p is None for p in parts):
                return None
            return f" {child.connector} ".join(f"({p})" for p in parts)
        expression, value = child
        field, _, kind = expression.partition("__")
        value = getattr(value, "query_string", value)
        if field not in self.fields or not _tagged(self.fields[field]):
            return None
        if kind in ("", "content", "exact") and value is not None:
            values = [value]
        elif kind == "in" and value and None not in value:
            values = list(value)
        else:
            return None
        tokens = " OR ".join(
            _quote(_tag(field, str(v) if self.fields[field].is_multivalued else v))
            for v in values
        )
        return f"tags : ({tokens})"

    def fts(self, child):
        if not self._is_text(child):
            return None
        if isinstance(child, SearchNode):
            parts = [self.fts(c) for c in child.children]
            parts = [p for p in parts if p]
            if not parts:
                return None
            joined = f" {child.connector} ".join(f"({p})" for p in parts)
            return f"NOT ({joined})" if child.negated else joined
        value = child[1]
        text = getattr(value, "query_string", value)
        words = query_words(clean_words(str(text)))
        if not words:
            return '"\x01"'  # matches nothing
        if getattr(value, "input_type_name", "") == "exact" and len(words) > 1:
            return "body : " + _quote(" ".join(words))
        return " AND ".join(_quote(w) for w in words)

    def sql(self, child):
        if isinstance(child, SearchNode):
            parts, params = [], []
            for c in child.children:
                fts = self.fts(c)
                if fts is not None:
                    parts.append(
                        "docs.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)"
                    )
                    params.append(f"{TEXT_COLUMNS} : ({fts})")
                else:
                    sql, values = self.sql(c)
                    parts.append(sql)
                    params.extend(values)
            joined = f" {child.connector} ".join(f"({p})" for p in parts) or "1"
            return (f"NOT ({joined})" if child.negated else joined), params
        expression, value = child
        field, _, kind = expression.partition("__")
        kind = kind or "content"
        value = getattr(value, "query_string", value)
        if field in (DJANGO_CT, DJANGO_ID):
            column = f"docs.{field}"
        elif field in self.fields and self.fields[field].is_multivalued:
            values = value if kind == "in" else [value]
            marks = ", ".join("?" for _ in values)
            sql = f"docs.rowid IN (SELECT doc FROM doc_values WHERE field = ? AND value IN ({marks}))"  # noqa: S608
            return (
                sql,
                [field, *(str(v) for v in values)],
            )
        elif field in self.fields:
            column = f"docs.{_sql_name(field)}"
        else:
            return "0", []
        operators = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
        if kind in operators:
            return f"{column} {operators[kind]} ?", [_utc(value)]
        if kind == "in":
            values = [_utc(v) for v in value]
            return f"{column} IN ({', '.join('?' for _ in values)})", values
        if kind == "startswith":
            return f"substr({column}, 1, ?) = ?", [len(str(value)), str(value)]
        return f"{column} = ?", [_utc(value)]


class SQLiteFTSQuery(NodeTreeQuery):
    pass


class SQLiteFTSEngine(BaseEngine):
    backend = SQLiteFTSBackend
    query = SQLiteFTSQuery
