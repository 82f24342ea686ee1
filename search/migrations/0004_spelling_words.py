"""SearchWord: the indexed vocabulary "did you mean" looks in (search.engines.postgres).

On PostgreSQL only: the pg_trgm extension (a trusted extension since PostgreSQL 13: the database
owner may create it) and a trigram index on the words, for similarity search. The table fills
on the next `rebuild_search_index`; until then the PostgreSQL engine suggests nothing.
"""

from django.db import migrations, models

WORDS = "search_searchword"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX search_word_trigrams ON {WORDS} USING gin (word gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS search_word_trigrams"]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0003_groups_leads_and_tags"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=64)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("word",), name="search_word_unique")
                ],
            },
        ),
        migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD)),
    ]
