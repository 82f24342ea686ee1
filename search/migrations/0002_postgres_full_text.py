"""PostgreSQL only: the full-text column and indexes search.engines.postgres searches.

A stored generated tsvector (title weighted A, body B, the 'english' configuration) and a GIN
index on it. Django has no portable way to say this, and SQLite has no full-text types, so on
any other database this migration does nothing and the table stays plain (search/models.py).
'<' is read as a space: PostgreSQL's parser would otherwise take "<script>" for an HTML tag
and drop its words, from the index and from the snippets ts_headline cuts (which use the same
substitution, search/engines/postgres.py).
"""

from django.db import migrations

TABLE = "search_searchdocument"

FORWARD = [
    f"""
    ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, replace(title, '<', ' ')), 'A')
        || setweight(to_tsvector('english'::regconfig, replace(body, '<', ' ')), 'B')
    ) STORED
    """,
    f"CREATE INDEX search_document_vector_gin ON {TABLE} USING gin (search_vector)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS search_document_vector_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD)),
    ]
