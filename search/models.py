"""The PostgreSQL engine's index: one row per search.documents.Document.

Only search.engines.postgres reads and writes this table; with the Whoosh engine it stays empty.
On PostgreSQL, migrations 0002 and 0003 add what the model cannot say portably: a stored
generated `search_vector` column (title and competencies weighted A, lead and body B, the
'english' configuration) and its GIN index, and a trigram index on SearchWord for spelling
suggestions. The column is not a model field, so the ORM never writes it and SQLite never sees it.
"""

from django.db import models

COMPETENCY_SEPARATOR = ","  # as in the Whoosh index's comma-separated competency keyword


class SearchDocument(models.Model):
    key = models.CharField(max_length=64)  # "<kind>:<pk>", unique
    kind = models.CharField(max_length=16)
    type_label = models.CharField(max_length=100)
    title = models.TextField()
    lead = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.TextField()
    access = models.CharField(max_length=64)  # the one token a reader must hold
    competencies = models.TextField(blank=True)  # names joined by COMPETENCY_SEPARATOR
    community = models.CharField(max_length=255, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    group_key = models.CharField(max_length=64)  # rows sharing it are one result (a topic)

    class Meta:
        # Declared here rather than with unique=True / db_index=True, which on PostgreSQL add a
        # second, pattern-matching index per column that no query here uses.
        constraints = [models.UniqueConstraint(fields=["key"], name="search_document_key_unique")]
        indexes = [models.Index(fields=["access"], name="search_document_access")]

    def __str__(self) -> str:
        return self.key


class SearchWord(models.Model):
    """Every word of the indexed text, once, lower case: where "did you mean" looks for the
    closest spelling (a trigram index, PostgreSQL only). A word is offered only when a document
    the reader may open contains it, so words left behind by deleted documents are never shown;
    a rebuild clears them."""

    word = models.CharField(max_length=64)

    class Meta:
        # A constraint rather than unique=True, for the reason SearchDocument gives.
        constraints = [models.UniqueConstraint(fields=["word"], name="search_word_unique")]

    def __str__(self) -> str:
        return self.word
