"""Documents gain a lead and a group (a topic's posts are one result); competency tags and the
lead become searchable words.

On PostgreSQL only: the generated search_vector is recreated with the competencies (weight A,
as the title) and the lead (weight B, as the body); PostgreSQL 15 cannot change a generated
column's expression in place. Existing rows keep working before a rebuild: each is its own
group until `rebuild_search_index` writes the topics.
"""

from django.db import migrations, models

TABLE = "search_searchdocument"

_VECTOR = """
    ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED
"""
NEW_EXPRESSION = """
    setweight(to_tsvector('english'::regconfig, replace(title, '<', ' ')), 'A')
    || setweight(to_tsvector('english'::regconfig, replace(competencies, '<', ' ')), 'A')
    || setweight(to_tsvector('english'::regconfig, replace(lead, '<', ' ')), 'B')
    || setweight(to_tsvector('english'::regconfig, replace(body, '<', ' ')), 'B')
"""
OLD_EXPRESSION = """
    setweight(to_tsvector('english'::regconfig, replace(title, '<', ' ')), 'A')
    || setweight(to_tsvector('english'::regconfig, replace(body, '<', ' ')), 'B')
"""


def _vector(expression: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS search_document_vector_gin",
        f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
        _VECTOR.format(table=TABLE, expression=expression),
        f"CREATE INDEX search_document_vector_gin ON {TABLE} USING gin (search_vector)",
    ]


FORWARD = [
    *_vector(NEW_EXPRESSION),
    f"UPDATE {TABLE} SET group_key = key WHERE group_key = ''",
]
BACKWARD = _vector(OLD_EXPRESSION)


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0002_postgres_full_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="lead",
            field=models.TextField(blank=True, default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="group_key",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD)),
    ]
