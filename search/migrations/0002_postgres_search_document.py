"""The tables of the ``postgres`` search engine (search/backends/postgres_fts.py),
on PostgreSQL only: on any other database nothing happens (the engine then
reports the index unavailable). The engine also creates them at first write,
and ``rebuild_index`` drops and recreates them."""

from django.db import migrations

CREATE = [
    """CREATE TABLE IF NOT EXISTS search_fts_document (
        id text PRIMARY KEY,
        django_ct text NOT NULL,
        django_id text NOT NULL,
        published timestamp,
        tags text[] NOT NULL DEFAULT '{}',
        words tsvector NOT NULL
    ) WITH (toast_tuple_target = 8160)""",
    "ALTER TABLE search_fts_document ALTER COLUMN words SET STORAGE MAIN",
    """CREATE TABLE IF NOT EXISTS search_fts_document_data (
        id text PRIMARY KEY REFERENCES search_fts_document (id) ON DELETE CASCADE,
        data jsonb NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS search_fts_document_words "
    "ON search_fts_document USING gin (words)",
    "CREATE INDEX IF NOT EXISTS search_fts_document_tags "
    "ON search_fts_document USING gin (tags)",
    "CREATE INDEX IF NOT EXISTS search_fts_document_date "
    "ON search_fts_document (published)",
    "CREATE INDEX IF NOT EXISTS search_fts_document_ct "
    "ON search_fts_document (django_ct)",
]
DROP = ["DROP TABLE IF EXISTS search_fts_document_data, search_fts_document"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
