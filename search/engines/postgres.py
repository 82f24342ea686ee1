"""PostgreSQL full-text search over search.models.SearchDocument, in the portal's own database.

The index is a table (one row per document) with a stored generated tsvector and a GIN index
(migrations 0002 and 0003). A search is one SQL statement: the reader's words go through
`websearch_to_tsquery('english', …)`, which reads quotes, OR and -word and never fails on odd
input; rows are kept only when their access token is in the reader's scope, ranked with
`ts_rank_cd`, collapsed to the best row of each group (a topic's posts are one result), counted
(the total and every facet, each facet within the other facets' choices, as the Whoosh engine
counts), and only the page's hits get a `ts_headline` snippet.

Snippets: ts_headline returns text, not HTML. It marks matches with control characters that
cannot appear in the text (they are removed from it first), the text is HTML-escaped, and only
then do the markers become <mark> tags. '<' is swapped for another such character before the
parser sees the text (it would take "<script>" for a tag and drop it) and back after escaping.

"Did you mean" (only when a search finds fewer than FEW_RESULTS): each word no document in the
reader's scope contains is replaced by the most similar word of SearchWord (pg_trgm) that one of
those documents does contain, so a suggestion never reveals a word of a document the reader
cannot open. Refuses to start unless the database is PostgreSQL (a system check says so first).
"""

import json
import re
from collections.abc import Iterable, Iterator

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils.html import escape

from search.documents import Document
from search.engines.base import (
    FACETS,
    FEW_RESULTS,
    ONLY_COMMON_WORDS,
    Engine,
    Hit,
    SearchQuery,
    SearchResults,
    respell,
    spelling_words,
)
from search.models import COMPETENCY_SEPARATOR, SearchDocument, SearchWord

BATCH = 2000  # documents per COPY when the whole index is rebuilt
TABLE = SearchDocument._meta.db_table
WORDS = SearchWord._meta.db_table
# Every column but the id (and search_vector, which PostgreSQL computes and the model omits).
_WRITTEN_FIELDS = [field for field in SearchDocument._meta.concrete_fields if not field.primary_key]

START, STOP, LESS_THAN = "\x02", "\x03", "\x04"  # never in the text: removed before ts_headline
HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxFragments=2, MinWords=12, MaxWords=30, "
    f'FragmentDelimiter=" … "'
)
WHOLE_OPTIONS = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"  # for the lead
BETWEEN = " … "
SUGGESTIONS_PER_WORD = 5  # the most similar words tried, in order, for each unknown word
_LETTERS = re.compile(r"[^\W\d_]+")
WORD_LENGTHS = range(2, 65)  # what SearchWord keeps (its column holds 64 characters)

_NOT = re.compile(r"(?<!\S)NOT\s+(?=\S)")

_TSQUERY = "websearch_to_tsquery('english', %(text)s)"
# A facet filter holds when nothing is chosen for it (NULL) or the row has the chosen value.
_TYPE = "(%(type)s::text IS NULL OR m.type_label = %(type)s)"
_COMMUNITY = "(%(community)s::text IS NULL OR m.community = %(community)s)"
_COMPETENCY = (
    "(%(competency)s::text IS NULL"
    " OR %(competency)s = ANY(string_to_array(m.competencies, %(separator)s)))"
)


def _counted(value: str, where: str) -> str:
    """Rows of `counted` for one facet, as JSON text [[value, count], …]: most frequent first,
    then by code point (as Python sorts)."""
    return f"""(
        SELECT json_agg(json_build_array({value}, n) ORDER BY n DESC, {value} COLLATE "C")::text
        FROM counted WHERE {where} AND n > 0 AND {value} <> ''
    )"""  # noqa: S608 (constants only)


_IN_SCOPE_WITH = (
    f"SELECT 1 FROM {TABLE} AS d WHERE d.search_vector @@ plainto_tsquery('english', {{word}})"  # noqa: S608 (constants only)
    " AND d.access = ANY(%(scope)s::text[])"
)
# "Did you mean", computed only when the total is under %(few)s (PostgreSQL evaluates the
# condition once, and scans nothing when it is false): for each of the reader's words that no
# document in their scope contains (and that is not a stop word), the most similar indexed word
# (pg_trgm's `%%`: similarity over 0.3) that a document in their scope does contain, trying the
# %(tried)s most similar in turn.
_SUGGESTIONS = f"""(
    SELECT json_agg(json_build_array(w.word, (
        SELECT c.word FROM (
            SELECT s.word, similarity(s.word, w.word) AS likeness
            FROM {WORDS} AS s
            WHERE s.word %% w.word AND s.word <> w.word
            ORDER BY likeness DESC, s.word
            LIMIT %(tried)s
        ) AS c
        WHERE EXISTS ({_IN_SCOPE_WITH.format(word="c.word")})
        ORDER BY c.likeness DESC, c.word
        LIMIT 1
    )))::text
    FROM unnest(%(words)s::text[]) AS w(word)
    WHERE coalesce((SELECT n FROM counted WHERE NOT by_type AND NOT by_community), 0) < %(few)s
      AND numnode(plainto_tsquery('english', w.word)) > 0
      AND NOT EXISTS ({_IN_SCOPE_WITH.format(word="w.word")})
)"""  # noqa: S608 (constants only)

# `matched`: every row the words match and the scope allows, ranked once. `grouped`: its best
# row of each group (a topic's posts), with how many rows of the group matched; everything after
# counts groups. `counted`: one pass over it for the total and the type and community facets
# (grouping sets: one row per type, one per community, one for all, each counting within the
# other facets' choices). Competencies are a list per row, so they are unnested apart, from the
# rows that have any. `page`: the hits shown, the only rows given a snippet. Then the spelling
# suggestions (_SUGGESTIONS). numnode() = 0 means the words left nothing to search for (stop
# words, punctuation, emoji): the planner folds that test to a constant and scans nothing.
SEARCH_SQL = f"""
WITH matched AS MATERIALIZED (
    SELECT d.id, d.group_key, d.type_label, d.community, d.competencies,
           ts_rank_cd(d.search_vector, {_TSQUERY}, 1) AS rank
    FROM {TABLE} AS d
    WHERE numnode({_TSQUERY}) > 0
      AND d.search_vector @@ {_TSQUERY}
      AND d.access = ANY(%(scope)s::text[])
), grouped AS MATERIALIZED (
    SELECT DISTINCT ON (m.group_key) m.id, m.type_label, m.community, m.competencies, m.rank,
           count(*) OVER (PARTITION BY m.group_key) AS matches
    FROM matched AS m
    ORDER BY m.group_key, m.rank DESC, m.id
), counted AS (
    SELECT m.type_label, m.community,
           GROUPING(m.type_label) = 0 AS by_type,
           GROUPING(m.community) = 0 AS by_community,
           CASE WHEN GROUPING(m.type_label) = 0
                THEN count(*) FILTER (WHERE {_COMMUNITY} AND {_COMPETENCY})
                WHEN GROUPING(m.community) = 0
                THEN count(*) FILTER (WHERE {_TYPE} AND {_COMPETENCY})
                ELSE count(*) FILTER (WHERE {_TYPE} AND {_COMMUNITY} AND {_COMPETENCY})
           END AS n
    FROM grouped AS m
    GROUP BY GROUPING SETS ((m.type_label), (m.community), ())
), competencies AS (
    SELECT competency, count(*) AS n
    FROM grouped AS m, unnest(string_to_array(m.competencies, %(separator)s)) AS competency
    WHERE m.competencies <> '' AND competency <> '' AND {_TYPE} AND {_COMMUNITY}
    GROUP BY competency
), page AS (
    SELECT m.id, m.rank, m.matches FROM grouped AS m
    WHERE {_TYPE} AND {_COMMUNITY} AND {_COMPETENCY}
    ORDER BY m.rank DESC, m.id LIMIT %(limit)s OFFSET %(offset)s
)
SELECT
    numnode({_TSQUERY}),
    coalesce((SELECT n FROM counted WHERE NOT by_type AND NOT by_community), 0),
    {_counted("type_label", "by_type")},
    (
        SELECT json_agg(json_build_array(competency, n) ORDER BY n DESC, competency COLLATE "C")
        ::text FROM competencies
    ),
    {_counted("community", "by_community")},
    (
        SELECT json_agg(json_build_object(
            'key', d.key, 'kind', d.kind, 'type_label', d.type_label, 'title', d.title,
            'url', d.url, 'community', d.community, 'competencies', d.competencies,
            'matches', p.matches,
            'lead', CASE WHEN d.lead = '' THEN '' ELSE ts_headline(
                'english',
                replace(translate(d.lead, %(markers)s, ''), '<', %(less_than)s),
                {_TSQUERY},
                %(whole)s
            ) END,
            'snippet', ts_headline(
                'english',
                replace(translate(d.body, %(markers)s, ''), '<', %(less_than)s),
                {_TSQUERY},
                %(headline)s
            )
        ) ORDER BY p.rank DESC, p.id)::text
        FROM page AS p JOIN {TABLE} AS d ON d.id = p.id
    ),
    {_SUGGESTIONS}
"""  # noqa: S608 (constants only; every value is a parameter)


def database_errors(alias: str = DEFAULT_DB_ALIAS) -> list[checks.CheckMessage]:
    """Why this engine cannot run on database `alias` (empty when it can)."""
    vendor = connections[alias].vendor
    if vendor == "postgresql":
        return []
    return [
        checks.Error(
            f"SEARCH_ENGINE is search.engines.postgres.PostgresEngine, but the {alias!r} "
            f"database is {vendor}, not PostgreSQL.",
            hint="Set DATABASE_URL to a PostgreSQL database, or use "
            "search.engines.whoosh.WhooshEngine (docs/search.md).",
            id="search.E003",
        )
    ]


def websearch_text(text: str) -> str:
    """The reader's words as websearch_to_tsquery should read them: without NUL (PostgreSQL text
    cannot hold it), and with NOT outside quotes written as '-', which is all websearch knows
    (the search form offers both, as the Whoosh engine reads both)."""
    parts = text.replace("\x00", " ").split('"')
    parts[::2] = [_NOT.sub("-", part) for part in parts[::2]]
    return '"'.join(parts)


def _row(document: Document) -> SearchDocument:
    return SearchDocument(
        key=document.key,
        kind=document.kind,
        type_label=document.type_label,
        title=document.title,
        lead=document.lead,
        body=document.body,
        url=document.url,
        access=document.access,
        competencies=COMPETENCY_SEPARATOR.join(document.competencies),
        community=document.community,
        date=document.date,
        group_key=document.group_key,
    )


def words_of(document: Document) -> Iterator[str]:
    """The words SearchWord keeps for `document`: lower-case runs of letters."""
    for text in (document.title, document.lead, document.body, *document.competencies):
        for match in _LETTERS.finditer(text.lower()):
            if len(match.group()) in WORD_LENGTHS:
                yield match.group()


def _html(headline: str | None) -> str:
    return (
        escape(headline or "")
        .replace(START, "<mark>")
        .replace(STOP, "</mark>")
        .replace(LESS_THAN, "&lt;")
    )


def _snippet(lead: str, body: str) -> str:
    """Safe HTML: the lead whole (matched words marked), then the body's fragments if any of its
    words matched; without a lead, the body's fragments or (nothing matched) its start."""
    if not lead:
        return _html(body)
    if START in body:  # the markers were removed from the text: this one marks a match
        return f"{_html(lead)}{BETWEEN}{_html(body)}"
    return _html(lead)


def _facet_counts(counted: str | None) -> list[tuple[str, int]]:
    return [(value, count) for value, count in json.loads(counted or "[]")]


def _copy(cursor, documents: list[Document], words: set[str]) -> int:
    columns = ", ".join(field.column for field in _WRITTEN_FIELDS)
    with cursor.cursor.copy(f"COPY {TABLE} ({columns}) FROM STDIN") as copy:  # psycopg's cursor
        for document in documents:
            row = _row(document)
            copy.write_row([getattr(row, field.attname) for field in _WRITTEN_FIELDS])
            words.update(words_of(document))
    return len(documents)


def _add_words(cursor, words: Iterable[str]) -> None:
    cursor.execute(
        f"INSERT INTO {WORDS} (word) SELECT unnest(%s::text[]) ON CONFLICT (word) DO NOTHING",
        [sorted(words)],
    )


class PostgresEngine(Engine):
    def __init__(self, using: str = DEFAULT_DB_ALIAS):
        errors = database_errors(using)
        if errors:
            raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")
        self.using = using

    # --- writing ----------------------------------------------------------------------------------

    def rebuild(self, documents: Iterable[Document]) -> int:
        """Replace every row in one transaction: searches see the old index until it commits.

        Rows go in with COPY, a batch at a time (`documents` may read the same database, which
        it cannot do while a COPY is under way on the connection): about twice as fast as
        INSERTs (bench/search.py). PostgreSQL computes search_vector as they arrive."""
        count = 0
        with (
            transaction.atomic(using=self.using),
            connections[self.using].cursor() as cursor,
        ):
            # Raw: QuerySet.delete() would load every row to send post_delete signals.
            cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 (a constant)
            cursor.execute(f"DELETE FROM {WORDS}")  # noqa: S608 (a constant)
            batch: list[Document] = []
            words: set[str] = set()
            for document in documents:
                batch.append(document)
                if len(batch) == BATCH:
                    count += _copy(cursor, batch, words)
                    batch = []
            count += _copy(cursor, batch, words)
            _add_words(cursor, words)
            # Fresh statistics, so the planner knows how large the new index is.
            cursor.execute(f"ANALYZE {TABLE}")
            cursor.execute(f"ANALYZE {WORDS}")
        return count

    def apply(self, upserts: list[Document], deletes: list[str]) -> None:
        if not upserts and not deletes:
            return
        latest = {document.key: _row(document) for document in upserts}  # one row per key
        with transaction.atomic(using=self.using):
            if deletes:
                with connections[self.using].cursor() as cursor:
                    cursor.execute(f"DELETE FROM {TABLE} WHERE key = ANY(%s)", [list(deletes)])  # noqa: S608
            if latest:
                SearchDocument.objects.using(self.using).bulk_create(
                    list(latest.values()),
                    update_conflicts=True,
                    unique_fields=["key"],
                    update_fields=[field.name for field in _WRITTEN_FIELDS if field.name != "key"],
                )
                with connections[self.using].cursor() as cursor:
                    _add_words(cursor, {w for document in upserts for w in words_of(document)})

    # --- reading ----------------------------------------------------------------------------------

    def is_reachable(self) -> bool:
        try:
            with (
                transaction.atomic(using=self.using),
                connections[self.using].cursor() as cursor,
            ):
                cursor.execute(f"SELECT search_vector FROM {TABLE} LIMIT 1")  # noqa: S608
        except DatabaseError:
            return False
        return True

    def keys(self) -> set[str]:
        return set(SearchDocument.objects.using(self.using).values_list("key", flat=True))

    def search(self, query: SearchQuery) -> SearchResults:
        params = {
            "text": websearch_text(query.text),
            "scope": sorted(query.scope),
            "limit": query.per_page,
            "offset": (query.page - 1) * query.per_page,
            "separator": COMPETENCY_SEPARATOR,
            "markers": START + STOP + LESS_THAN,
            "less_than": LESS_THAN,
            "headline": HEADLINE_OPTIONS,
            "whole": WHOLE_OPTIONS,
            "words": spelling_words(query.text),
            "few": FEW_RESULTS,
            "tried": SUGGESTIONS_PER_WORD,
            **{name: query.filters.get(name) or None for name in FACETS},
        }
        with connections[self.using].cursor() as cursor:
            cursor.execute(SEARCH_SQL, params)
            nodes, total, types, competencies, communities, hits, words = cursor.fetchone()
        if not nodes:
            return SearchResults([], 0, {}, notice=ONLY_COMMON_WORDS)
        corrections = {word: better for word, better in json.loads(words or "[]") if better}
        return SearchResults(
            hits=[
                Hit(
                    key=hit["key"],
                    kind=hit["kind"],
                    type_label=hit["type_label"],
                    title=hit["title"],
                    url=hit["url"],
                    snippet=_snippet(hit["lead"], hit["snippet"]),
                    community=hit["community"],
                    competencies=tuple(
                        filter(None, hit["competencies"].split(COMPETENCY_SEPARATOR))
                    ),
                    matches=hit["matches"],
                )
                for hit in json.loads(hits or "[]")
            ],
            total=total,
            facets={
                "type": _facet_counts(types),
                "competency": _facet_counts(competencies),
                "community": _facet_counts(communities),
            },
            suggestion=respell(query.text, corrections),
        )
