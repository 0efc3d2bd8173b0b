"""A haystack backend on PostgreSQL full-text search, fed jieba tokens
(``SEARCH_ENGINE=postgres``): a cluster on PostgreSQL searches in its own
database, and its read replicas, with no search server to run.

The index is two tables of the cluster's database (created by the migration
``search.0002_postgres_search_document`` on PostgreSQL, or at first write):
``search_fts_document`` holds one narrow row per document — the identifiers, the
``published`` date (ranges, sorting), ``tags`` (one ``field:value`` text per value
of a filter field: the sites, the content type, 索引号, 文号; GIN-indexed) and
``words``, a ``tsvector`` built here from jieba's tokens (PostgreSQL's own
parsers do not segment Chinese, so no text search configuration is involved:
the lexemes are written as they are, which is the ``simple`` configuration's
behaviour), GIN-indexed. The words in order carry weight A at their position
(phrases match consecutive positions), the dictionary words found inside longer
ones (社保 in 社保卡) weight B at the position of the longer word.
``search_fts_document_data`` holds the stored fields as JSON, read for the page
of results only. Rows stay inline up to 8 KB (``toast_tuple_target``), so ranking
(``ts_rank_cd``) reads the table's pages, not a TOAST table per match.

Queries arrive as haystack's SearchNode tree and become one ``tsquery`` (every
value bound as a parameter) plus SQL filters. Writes go through Django's
connection (``USING``, default ``default``), in one transaction per batch;
reads through ``READ_USING`` (a read replica's alias, default the same). One
writer at a time across every host: a PostgreSQL advisory lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re

from django.db import DatabaseError, transaction
from django.db import connections as databases
from django.utils import timezone
from haystack.backends import BaseEngine, BaseSearchBackend, SearchNode
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SkipDocument
from haystack.models import SearchResult
from haystack.utils import get_identifier

from ..analysis import clean_words, positioned_tokens, query_words, split_many
from .base import IndexUnavailable, NodeTreeQuery, TextTreeCompiler

TABLE_NAME = re.compile(r"^([a-z_][a-z0-9_]*\.)?[a-z_][a-z0-9_]*$")
DEFAULT_TABLE = "search_fts_document"
# The date field of the document contract (search.indexes.ClusterDocument):
# its own column, for ranges and the date sort.
DATE_FIELD = "published"
# tsvector limits: positions above 16,383 are stored as 16,383, and at most 256
# positions are kept per lexeme.
MAX_POSITION = 16383
MAX_POSITIONS = 256
# Relevance: ts_rank_cd's weights for {D, C, B, A}: a word found inside a longer
# word counts half of one found as itself (as on the SQLite engine); normalised
# by the logarithm of the document's length (1).
RANK = "ts_rank_cd('{0.1, 0.2, 0.5, 1.0}'::float4[], words, %s::tsquery, 1)"
# pg_advisory_lock key of the index writer ("search" in ASCII).
WRITER_LOCK_KEY = 0x736561726368
# A batch this large refreshes the planner's statistics when it commits.
ANALYZE_AFTER = 1000


def _naive_utc(value):
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time.min)
    return value


def _tag_text(value) -> str:
    value = _naive_utc(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    return str(value)


def _tag(field: str, value) -> str:
    return f"{field}:{_tag_text(value)}"


def _tagged(field) -> bool:
    """Filter fields whose values are ``tags``: single terms."""
    return field.is_multivalued or field.field_type == "exact"


def _lexeme(token: str) -> str:
    """A lexeme quoted for tsvector/tsquery input."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_text(tokens) -> str:
    """The tsvector input of ``positioned_tokens``' output: lexeme:positions."""
    positions: dict[str, list[str]] = {}
    for token, position, inner in tokens:
        entry = positions.setdefault(token, [])
        if len(entry) < MAX_POSITIONS:
            entry.append(f"{min(position + 1, MAX_POSITION)}{'B' if inner else 'A'}")
    return " ".join(f"{_lexeme(t)}:{','.join(p)}" for t, p in positions.items())


def _ddl(table: str) -> list[str]:
    base = table.split(".")[-1]
    return [
        f"""CREATE TABLE IF NOT EXISTS {table} (
            id text PRIMARY KEY,
            django_ct text NOT NULL,
            django_id text NOT NULL,
            {DATE_FIELD} timestamp,
            tags text[] NOT NULL DEFAULT '{{}}',
            words tsvector NOT NULL
        ) WITH (toast_tuple_target = 8160)""",
        f"ALTER TABLE {table} ALTER COLUMN words SET STORAGE MAIN",
        f"""CREATE TABLE IF NOT EXISTS {table}_data (
            id text PRIMARY KEY REFERENCES {table} (id) ON DELETE CASCADE,
            data jsonb NOT NULL
        )""",
        f"CREATE INDEX IF NOT EXISTS {base}_words ON {table} USING gin (words)",
        f"CREATE INDEX IF NOT EXISTS {base}_tags ON {table} USING gin (tags)",
        f"CREATE INDEX IF NOT EXISTS {base}_date ON {table} ({DATE_FIELD})",
        f"CREATE INDEX IF NOT EXISTS {base}_ct ON {table} (django_ct)",
    ]


class PostgresFTSBackend(BaseSearchBackend):
    def __init__(self, connection_alias, **options):
        super().__init__(connection_alias, **options)
        self.using = options.get("USING", "default")
        self.read_using = options.get("READ_USING") or self.using
        self.table = options.get("TABLE", DEFAULT_TABLE)
        if not TABLE_NAME.match(self.table):
            raise ValueError(f"unsupported table name {self.table!r}")
        self.workers = 1  # raised by update_index/rebuild_index
        self._fields = None
        self._table_ready = False
        self._written = 0

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

    def _database(self, alias):
        connection = databases[alias]
        if connection.vendor != "postgresql":
            raise IndexUnavailable(
                "检索引擎 postgres 需要 PostgreSQL 数据库（DATABASE_URL）"
            )
        return connection

    def _ensure_table(self, cursor):
        if self._table_ready:
            return
        cursor.execute("SELECT to_regclass(%s)", [self.table])
        if cursor.fetchone()[0] is None:
            # Only clear() (rebuild_index) makes the tables: an update that did
            # would leave an index of its few documents that looks complete.
            raise IndexUnavailable(
                "检索索引不存在，需要重建（manage.py rebuild_index）"
            )
        self._table_ready = True

    @contextlib.contextmanager
    def _reading(self):
        """A cursor for a search; any database error means the index is unavailable
        (and, inside a transaction, is rolled back to a savepoint)."""
        connection = self._database(self.read_using)
        guard = (
            transaction.atomic(using=self.read_using)
            if connection.in_atomic_block
            else contextlib.nullcontext()
        )
        try:
            with guard, connection.cursor() as cursor:
                yield cursor
        except DatabaseError as error:
            raise IndexUnavailable(str(error)) from error

    # --- writing -------------------------------------------------------------------
    @contextlib.contextmanager
    def bulk(self, fresh=False):
        """One transaction (one commit) for everything inside."""
        connection = self._database(self.using)
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=self.using):
            with connection.cursor() as cursor:
                self._ensure_table(cursor)
            written_before = self._written
            yield self
            if self._written - written_before >= ANALYZE_AFTER:
                with connection.cursor() as cursor:
                    cursor.execute(f"ANALYZE {self.table}")
        if outermost:
            self._written = 0

    @contextlib.contextmanager
    def writer_lock(self, blocking=True):
        """The single writer across every process and host (search.queue)."""
        connection = databases[self.using]
        if connection.vendor != "postgresql":
            # Nothing to lock: every write fails and its task stays queued.
            yield True
            return
        with connection.cursor() as cursor:
            if blocking:
                cursor.execute("SELECT pg_advisory_lock(%s)", [WRITER_LOCK_KEY])
                acquired = True
            else:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [WRITER_LOCK_KEY])
                acquired = cursor.fetchone()[0]
        try:
            yield acquired
        finally:
            if acquired:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [WRITER_LOCK_KEY])

    def update(self, index, iterable, commit=True):
        fields = self._schema_fields()
        docs = []
        for obj in iterable:
            try:
                docs.append(index.full_prepare(obj))
            except SkipDocument:
                continue
        if not docs:
            return
        texts = [doc.get(self.content_field) or "" for doc in docs]
        tokens = split_many(texts, self.workers, positioned_tokens)
        rows, data = [], []
        for doc, positioned in zip(docs, tokens, strict=True):
            stored, tags, date = {}, [], None
            for name, field in fields.items():
                if field.document:
                    continue
                value = doc.get(name)
                if name == DATE_FIELD:
                    date = _naive_utc(value)
                if field.is_multivalued:
                    tags.extend(_tag(name, v) for v in value or ())
                elif _tagged(field) and value not in (None, ""):
                    tags.append(_tag(name, value))
                if field.stored:
                    stored[name] = (
                        value.isoformat() if hasattr(value, "isoformat") else value
                    )
            identifier = doc[ID]
            rows.append(
                (identifier, doc[DJANGO_CT], str(doc[DJANGO_ID]), date, tags,
                 tsvector_text(positioned))
            )  # fmt: skip
            data.append((identifier, json.dumps(stored, ensure_ascii=False)))
        table = self.table
        with self.bulk():
            with databases[self.using].cursor() as cursor:
                # The table name is a checked identifier; every value is bound.
                cursor.executemany(
                    f"INSERT INTO {table} (id, django_ct, django_id, {DATE_FIELD}, tags, words) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s, %s, %s::tsvector) ON CONFLICT (id) DO UPDATE SET "
                    f"django_ct = EXCLUDED.django_ct, django_id = EXCLUDED.django_id, "
                    f"{DATE_FIELD} = EXCLUDED.{DATE_FIELD}, tags = EXCLUDED.tags, "
                    "words = EXCLUDED.words",
                    rows,
                )
                cursor.executemany(
                    f"INSERT INTO {table}_data (id, data) VALUES (%s, %s::jsonb) "  # noqa: S608
                    "ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data",
                    data,
                )
            self._written += len(rows)

    def remove(self, obj_or_string, commit=True):
        with self.bulk(), databases[self.using].cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {self.table} WHERE id = %s",  # noqa: S608
                [get_identifier(obj_or_string)],
            )

    def clear(self, models=None, commit=True):
        connection = self._database(self.using)
        if models is None:
            # Dropping the tables also repairs a damaged index (rebuild_index).
            with transaction.atomic(using=self.using), connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {self.table}_data, {self.table}")
                for statement in _ddl(self.table):
                    cursor.execute(statement)
            self._table_ready = True
            return
        from haystack.utils import get_model_ct

        with self.bulk(), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {self.table} WHERE django_ct = ANY(%s)",  # noqa: S608
                [[get_model_ct(model) for model in models]],
            )

    # --- searching -------------------------------------------------------------------
    def search(self, query, **kwargs):
        self._schema_fields()
        start = kwargs.get("start_offset") or 0
        end = kwargs.get("end_offset")
        ranking, where, params = _Compiler(self).top(query)
        models = kwargs.get("models")
        if models:
            where.append("django_ct = ANY(%s)")
            params.append([f"{m._meta.app_label}.{m._meta.model_name}" for m in models])
        clause = " AND ".join(where) or "TRUE"
        limit = "ALL" if end is None else str(max(end - start, 0))
        # A count alone (haystack's count() asks for no rows) ranks nothing.
        ranked = bool(ranking) and limit != "0"
        score = RANK if ranked else "0"
        score_params = [ranking] if ranked else []
        sort_by = kwargs.get("sort_by")
        table = self.table
        # One statement, one scan of the matches: they are ranked with the narrow
        # rows, counted, and the stored fields are read for the page alone. The
        # outer LEFT JOIN keeps the count when the page is empty. Names and
        # operators come from the compiler; every value is bound.
        sql = (
            f"WITH hits AS MATERIALIZED (SELECT id, django_ct, django_id, {DATE_FIELD}, "  # noqa: S608
            f"{score} AS score FROM {table} WHERE {clause}), "
            f"page AS (SELECT * FROM hits ORDER BY {self._order(sort_by, '')} "
            f"LIMIT {limit} OFFSET %s) "
            "SELECT (SELECT count(*) FROM hits), page.id, page.django_ct, "
            "page.django_id, page.score, data.data FROM (SELECT 1) AS one "
            f"LEFT JOIN (page JOIN {table}_data AS data ON data.id = page.id) ON TRUE "
            f"ORDER BY {self._order(sort_by, 'page.')}"
        )
        with self._reading() as cursor:
            cursor.execute(sql, [*score_params, *params, start])
            rows = cursor.fetchall()
        hits = rows[0][0] if rows else 0
        result_class = kwargs.get("result_class") or SearchResult
        results = []
        for _count, identifier, ct, pk, score_value, data in rows:
            if identifier is None:
                continue
            fields = json.loads(data) if isinstance(data, str) else dict(data)
            for name, value in fields.items():
                field = self._fields.get(name)
                if (
                    field is not None
                    and field.field_type in ("date", "datetime")
                    and isinstance(value, str)
                ):
                    fields[name] = dt.datetime.fromisoformat(value)
            app_label, model_name = ct.split(".")
            results.append(
                result_class(app_label, model_name, pk, float(score_value), **fields)
            )
        return {"results": results, "hits": hits}

    def _order(self, sort_by, prefix):
        parts = []
        for key in sort_by or ():
            descending = key.startswith("-")
            if key.lstrip("-") == DATE_FIELD:
                direction = "DESC NULLS LAST" if descending else "ASC NULLS FIRST"
                parts.append(f"{prefix}{DATE_FIELD} {direction}")
        parts.extend(
            [
                f"{prefix}score DESC",
                f"{prefix}{DATE_FIELD} DESC NULLS LAST",
                f"{prefix}id",
            ]
        )
        return ", ".join(parts)

    def document_count(self) -> int:
        with self._reading() as cursor:
            cursor.execute(f"SELECT count(*) FROM {self.table}")  # noqa: S608
            return cursor.fetchone()[0]

    def more_like_this(self, *args, **kwargs):
        return {"results": [], "hits": 0}

    def prep_value(self, value):
        return value


class _Compiler(TextTreeCompiler):
    """SearchNode tree → (ranking tsquery, SQL conditions, parameters)."""

    def __init__(self, backend: PostgresFTSBackend):
        self.fields = backend._fields
        self.content = backend.content_field

    def top(self, node):
        """The text clauses of the top-level AND become one tsquery, ranked and
        matched through the GIN index in one scan; the rest are conditions."""
        children = (
            node.children if node.connector == "AND" and not node.negated else [node]
        )
        texts, where, params = [], [], []
        for child in children:
            text = self.tsquery(child)
            if text is not None:
                texts.append(text)
            else:
                sql, values = self.sql(child)
                where.append(sql)
                params.extend(values)
        ranking = " & ".join(f"({t})" for t in texts)
        if ranking:
            where.insert(0, "words @@ %s::tsquery")
            params.insert(0, ranking)
        return ranking, where, params

    def tsquery(self, child):
        """The tsquery text of a subtree whose leaves all search the text, or None."""
        if not self._is_text(child):
            return None
        if isinstance(child, SearchNode):
            parts = [self.tsquery(c) for c in child.children]
            operator = " & " if child.connector == "AND" else " | "
            joined = operator.join(f"({p})" for p in parts)
            return f"!({joined})" if child.negated else joined
        value = child[1]
        text = getattr(value, "query_string", value)
        words = query_words(clean_words(str(text)))
        if not words:
            return "'\x01'"  # a lexeme no document has: matches nothing
        if getattr(value, "input_type_name", "") == "exact" and len(words) > 1:
            # A phrase: consecutive words, not words found inside longer ones.
            return " <-> ".join(f"{_lexeme(w)}:A" for w in words)
        return " & ".join(_lexeme(w) for w in words)

    def _tag_values(self, child):
        """The tags one filter leaf accepts (any of them), or None."""
        if isinstance(child, SearchNode):
            return None
        expression, value = child
        field, _, kind = expression.partition("__")
        value = getattr(value, "query_string", value)
        if field not in self.fields or not _tagged(self.fields[field]):
            return None
        if kind in ("", "content", "exact") and value is not None:
            return [_tag(field, value)]
        if kind == "in" and value is not None:
            return [_tag(field, v) for v in value]
        return None

    def sql(self, child):
        if isinstance(child, SearchNode):
            leaves = [self._tag_values(c) for c in child.children]
            if child.connector == "OR" and leaves and None not in leaves:
                # Any of these sites (or types): one GIN look-up.
                sql = "tags && %s::text[]"
                params = [[tag for tags in leaves for tag in tags]]
            else:
                parts, params = [], []
                for c in child.children:
                    text = self.tsquery(c)
                    if text is not None:
                        parts.append("words @@ %s::tsquery")
                        params.append(text)
                    else:
                        part, values = self.sql(c)
                        parts.append(part)
                        params.extend(values)
                sql = f" {child.connector} ".join(f"({p})" for p in parts) or "TRUE"
            return (f"NOT ({sql})" if child.negated else sql), params
        tags = self._tag_values(child)
        if tags is not None:
            return "tags && %s::text[]", [tags]
        expression, value = child
        field, _, kind = expression.partition("__")
        kind = kind or "content"
        value = getattr(value, "query_string", value)
        if field in (DJANGO_CT, DJANGO_ID):
            column, value = (
                field,
                ([str(v) for v in value] if kind == "in" else str(value)),
            )
        elif field == DATE_FIELD:
            column = DATE_FIELD
            value = (
                [_naive_utc(v) for v in value] if kind == "in" else _naive_utc(value)
            )
        else:
            return "FALSE", []  # not a filter field of the document contract
        operators = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
        if kind in operators:
            return f"{column} {operators[kind]} %s", [value]
        if kind == "in":
            return f"{column} = ANY(%s)", [list(value)]
        return f"{column} = %s", [value]


class PostgresFTSQuery(NodeTreeQuery):
    pass


class PostgresFTSEngine(BaseEngine):
    backend = PostgresFTSBackend
    query = PostgresFTSQuery
