"""Whoosh, written and read directly (haystack's backend reopens the index for every query and
opens a searcher for every document it writes; see docs/search.md for the measured difference).

Writes: Whoosh allows one writer per index. A process-wide lock orders this process's writers
(Whoosh's file lock is an fcntl lock, which does not exclude threads of one process) and the file
lock, waited on with a timeout, orders processes. Reads: each thread keeps one searcher and
refreshes it when a commit has made it stale, a cheap check of the index's table of contents.
"""

import contextlib
import logging
import os
import shutil
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.utils.html import escape

import numpy as np
from whoosh import index, qparser
from whoosh import query as query_module
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.highlight import ContextFragmenter, Highlighter, HtmlFormatter, WholeFragmenter
from whoosh.lang.porter2 import stem
from whoosh.query import NullQuery, Term

from search.documents import Document
from search.engines.base import (
    FACETS,
    FEW_RESULTS,
    NOT_UNDERSTOOD,
    ONLY_COMMON_WORDS,
    UNAVAILABLE,
    Engine,
    Hit,
    SearchQuery,
    SearchResults,
    respell,
    spelling_words,
)

logger = logging.getLogger(__name__)

WRITE_TIMEOUT_SECONDS = 60.0
SNIPPET_CHARACTERS = 240
READ_ATTEMPTS = 5
CACHE_ENTRIES = 512  # term and scope document sets kept per searcher
CACHE_DOCUMENT_NUMBERS = 4_000_000  # about 150 MB of sets per thread at most
FIRST_RANKED = 4  # pages' worth of ranked documents read first when collapsing topics
BETWEEN = " … "


def _analyzer():
    # Porter2 (the Snowball English stemmer): "negotiating" and "negotiation" meet.
    return StemmingAnalyzer(stemfn=stem)


def _schema() -> Schema:
    return Schema(
        key=ID(stored=True, unique=True),
        kind=ID(stored=True),
        type=ID(stored=True, sortable=True),
        # One searched field (title and competency tags twice, then lead and body): each word
        # walks one posting list, and a word in the title or a tag counts double. Title, lead
        # and body are stored for display.
        text=TEXT(analyzer=_analyzer(), spelling=True),
        title=STORED(),
        lead=STORED(),
        body=STORED(),
        url=STORED(),
        access=ID(),
        competency=KEYWORD(stored=True, commas=True),
        community=ID(stored=True, sortable=True),
        # A column, read into group numbers once per segment (_groups).
        group_key=ID(sortable=True),
    )


def _is_boolean(q) -> bool:
    """Whether `q` is words joined by AND, OR and NOT, which _matching answers from sets."""
    if isinstance(q, Term):
        return True
    if isinstance(q, (query_module.And, query_module.Or)):
        return all(_is_boolean(sub) for sub in q.subqueries)
    if isinstance(q, (query_module.AndNot, query_module.AndMaybe)):
        return _is_boolean(q.a) and _is_boolean(q.b)
    if isinstance(q, query_module.Not):
        return _is_boolean(q.query)
    return False


def _fields(document: Document) -> dict:
    tags = list(document.competencies)
    return {
        "key": document.key,
        "kind": document.kind,
        "type": document.type_label,
        "text": "\n".join(
            [document.title, document.title, *tags, *tags, document.lead, document.body]
        ),
        "title": document.title,
        "lead": document.lead,
        "body": document.body,
        "url": document.url,
        "access": document.access,
        "competency": ",".join(document.competencies),
        "community": document.community,
        "group_key": document.group_key,
    }


def _first_of_each_group(top_n, groups, wanted: int, keep=None) -> list[int]:
    """Positions in `top_n` (ranked (score, docnum) pairs) of each group's best document, up to
    `wanted` of them, skipping documents not in `keep` when given. A group's best document is
    its first in rank order, so the first `wanted` groups found are the top `wanted` groups."""
    seen: set = set()
    positions = []
    for position, (_, docnum) in enumerate(top_n):
        if keep is not None and docnum not in keep:
            continue
        group = docnum if groups is None else int(groups[docnum])
        if group not in seen:
            seen.add(group)
            positions.append(position)
            if len(positions) == wanted:
                break
    return positions


class WhooshEngine(Engine):
    _write_lock = threading.Lock()

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path or Path(settings.SEARCH_INDEX_DIR) / "portal")
        self._local = threading.local()
        self.parser = qparser.QueryParser("text", _schema())
        # Words, phrases, AND/OR/NOT, grouping, +/- and prefixes: nothing that names a field
        # (a reader must not query `access:`) and no regex or range syntax.
        self.parser.remove_plugin_class(qparser.FieldsPlugin)
        self.parser.remove_plugin_class(qparser.RangePlugin)
        self.parser.remove_plugin_class(qparser.BoostPlugin)
        self.parser.add_plugin(qparser.PlusMinusPlugin())

    # --- writing ----------------------------------------------------------------------------------

    def _index(self) -> index.Index:
        """The live index. Never created here: an empty index made by an update would hide
        everything else until a rebuild; `rebuild_search_index` creates it."""
        return index.open_dir(self.path)

    def rebuild(self, documents: Iterable[Document]) -> int:
        """Build a new index beside the live one and swap it in, so searches keep working."""
        building = self.path.with_name(self.path.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        new = index.create_in(building, _schema())
        count = 0
        writer = new.writer(limitmb=256)
        try:
            for document in documents:
                writer.add_document(**_fields(document))
                count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit(optimize=True)
        with self._write_lock:
            retired = self.path.with_name(self.path.name + ".retired")
            shutil.rmtree(retired, ignore_errors=True)
            if self.path.exists():
                self.path.rename(retired)
            building.rename(self.path)
            shutil.rmtree(retired, ignore_errors=True)
        return count

    def apply(self, upserts: list[Document], deletes: list[str]) -> None:
        if not upserts and not deletes:
            return
        with self._write_lock:
            for attempt in range(READ_ATTEMPTS):
                try:
                    self._write(upserts, deletes)
                    return
                except index.EmptyIndexError:
                    logger.warning(
                        "search index missing at %s: run rebuild_search_index", self.path
                    )
                    return
                except FileNotFoundError:
                    if not self.path.exists():
                        logger.warning(
                            "search index missing at %s: run rebuild_search_index", self.path
                        )
                        return
                    # Opening the index raced with a commit removing the generation it listed
                    # (another process); open the newest one and write again.
                    if attempt == READ_ATTEMPTS - 1:
                        raise
                    time.sleep(0.01 * (attempt + 1))

    def _write(self, upserts: list[Document], deletes: list[str]) -> None:
        writer = self._index().writer(timeout=WRITE_TIMEOUT_SECONDS)
        # An index built before a field existed keeps working until it is rebuilt.
        names = set(writer.schema.names())
        try:
            for key in deletes:
                writer.delete_by_term("key", key)
            for document in upserts:
                fields = _fields(document)
                writer.update_document(**{name: fields[name] for name in fields if name in names})
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    # --- reading ----------------------------------------------------------------------------------

    def _searcher(self):
        """This thread's searcher, reopened when a commit or a rebuild has made it stale.

        A rebuild swaps in a new folder whose generation numbers start again, so the folder's
        inode is compared as well as Whoosh's generation."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            try:
                if self._local.folder == self._folder() and searcher.up_to_date():
                    return searcher
            except (OSError, index.EmptyIndexError):
                pass
            self._drop_searcher()
        folder = self._folder()
        searcher = index.open_dir(self.path).searcher()
        self._local.searcher, self._local.folder = searcher, folder
        return searcher

    def _folder(self) -> tuple:
        stat = os.stat(self.path)
        return (str(self.path), stat.st_dev, stat.st_ino)

    def is_reachable(self) -> bool:
        try:
            self._searcher().doc_count()
        except (OSError, index.EmptyIndexError):
            return False
        return True

    def keys(self) -> set[str]:
        searcher = self._searcher()
        return {fields["key"] for fields in searcher.all_stored_fields()}

    def _cached(self, searcher, name: str, compute):
        """A value computed once per searcher (an index generation), per thread. Bounded by
        entries and by document numbers held (a common word's set holds most of the index)."""
        cache = getattr(self._local, "cache", None)
        if cache is None or cache[0] is not searcher:
            cache = self._local.cache = (searcher, {}, [0])
        values, held = cache[1], cache[2]
        if name not in values:
            value = compute()
            size = len(value) if isinstance(value, (set, frozenset)) else 1
            if len(values) >= CACHE_ENTRIES or held[0] + size > CACHE_DOCUMENT_NUMBERS:
                values.clear()
                held[0] = 0
            values[name] = value
            held[0] += size
        return values[name]

    def _term_docs(self, searcher, field: str, value: str) -> frozenset[int]:
        return self._cached(
            searcher,
            ("term", field, value),
            lambda: frozenset(searcher.docs_for_query(Term(field, value))),
        )

    def _matching(self, searcher, q) -> frozenset[int]:
        """Documents matching `q` (words joined by AND, OR and NOT: see _is_boolean), by set
        operations on cached per-word document sets."""
        if isinstance(q, Term):
            return self._term_docs(searcher, q.fieldname, q.text)
        if isinstance(q, query_module.And):
            sets = sorted((self._matching(searcher, sub) for sub in q.subqueries), key=len)
            return sets[0].intersection(*sets[1:]) if sets else frozenset()
        if isinstance(q, query_module.Or):
            return frozenset().union(*(self._matching(searcher, sub) for sub in q.subqueries))
        if isinstance(q, query_module.AndNot):
            return self._matching(searcher, q.a) - self._matching(searcher, q.b)
        if isinstance(q, query_module.AndMaybe):
            return self._matching(searcher, q.a)
        return self._every(searcher) - self._matching(searcher, q.query)  # Not, the last case

    def _every(self, searcher) -> frozenset[int]:
        return self._cached(
            searcher, ("every",), lambda: frozenset(searcher.reader().all_doc_ids())
        )

    def _allowed(self, searcher, scope: frozenset[str]) -> frozenset[int]:
        """Documents the reader's tokens open (the permission filter, inside the index)."""
        return self._cached(
            searcher,
            ("scope", scope),
            lambda: frozenset().union(
                *(self._term_docs(searcher, "access", token) for token in scope)
            ),
        )

    def _allowed_set(self, searcher, scope: frozenset[str]) -> set[int]:
        """The same documents as a set, the type Whoosh's `filter` takes (never modified)."""
        return self._cached(
            searcher, ("scope-set", scope), lambda: set(self._allowed(searcher, scope))
        )

    def _groups(self, searcher):
        """Every document's group as a number (an array indexed by document number); None for
        an index built before groups existed. Documents without a group get a negative number
        of their own (~docnum)."""
        if "group_key" not in searcher.schema:
            return None

        def read():
            state = getattr(self._local, "groups", None)
            if state is None or state[0] != self._local.folder:
                state = self._local.groups = (self._local.folder, {}, {})
            _, numbers, kept = state
            parts, current = [], {}
            for leaf, _ in searcher.reader().leaf_readers():
                name, part = self._segment_groups(leaf, numbers, kept)
                parts.append(part)
                if name:
                    current[name] = part
            kept.clear()  # segments merged away since the last searcher
            kept.update(current)
            groups = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
            own = np.flatnonzero(groups < 0)
            groups[own] = ~own
            return groups

        return self._cached(searcher, ("groups",), read)

    @staticmethod
    def _segment_groups(leaf, numbers: dict, kept: dict):
        """One segment's name and group numbers (-1: no group), from `kept` when read before.

        Reading the column costs about a microsecond a document, and a commit only adds a small
        segment (or merges small ones): keeping each segment's numbers (for this thread, per
        index folder, so numbers stay the same from one searcher to the next) means a commit
        costs the next search its new segments, not the whole index."""
        segment = leaf.segment()
        if segment is None or not leaf.has_column("group_key"):
            # An empty reader, or a segment written before the column existed.
            return None, np.full(leaf.doc_count_all(), -1, dtype=np.int64)
        name = segment.segment_id()
        if name not in kept:
            column = leaf.column_reader("group_key", translate=False)
            kept[name] = np.fromiter(
                (numbers.setdefault(value, len(numbers)) if value else -1 for value in column),
                dtype=np.int64,
                count=leaf.doc_count_all(),
            )
        return name, kept[name]

    def _collapse(self, matched: frozenset[int], groups):
        """One document per group of `matched` (which one does not matter: a group's documents
        share every facet value), and how many of `matched` each group holds."""
        if groups is None or len(matched) < 2:
            return matched, lambda group: 1
        docs = np.fromiter(matched, dtype=np.int64, count=len(matched))
        names, first, counts = np.unique(groups[docs], return_index=True, return_counts=True)

        def count(group: int) -> int:
            return int(counts[np.searchsorted(names, group)])

        if len(first) == len(docs):
            return matched, count
        return frozenset(docs[first].tolist()), count

    def _facet_values(self, searcher, field: str) -> list[str]:
        return self._cached(
            searcher,
            ("values", field),
            lambda: [
                value.decode() if isinstance(value, bytes) else value
                for value in searcher.lexicon(field)
            ],
        )

    def search(self, query: SearchQuery) -> SearchResults:
        """Search with this thread's searcher; if a concurrent commit removed files it was about
        to open (a merge deletes old segments), reopen on the newest generation and retry."""
        for attempt in range(READ_ATTEMPTS):
            try:
                return self._search(query)
            except (OSError, index.EmptyIndexError):
                self._drop_searcher()
                if attempt < READ_ATTEMPTS - 1:
                    time.sleep(0.01 * (attempt + 1))  # a rebuild's swap takes moments
        logger.error("search index unavailable at %s: run rebuild_search_index", self.path)
        return SearchResults.empty(UNAVAILABLE)

    def _drop_searcher(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        self._local.searcher = None
        if searcher is not None:
            with contextlib.suppress(OSError):
                searcher.close()

    def _search(self, query: SearchQuery) -> SearchResults:
        try:
            parsed = self.parser.parse(query.text)
        except Exception:
            return SearchResults.empty(NOT_UNDERSTOOD)
        if parsed is NullQuery:
            return SearchResults.empty(ONLY_COMMON_WORDS)
        if not query.scope:
            return SearchResults.empty()
        searcher = self._searcher()
        # Sets of document numbers: what matches, what the reader may open, what each chosen
        # facet value keeps. Counts and facets come from their intersections, so nothing the
        # reader may not open is ever counted.
        allowed = self._allowed(searcher, query.scope)
        ranked = None
        if _is_boolean(parsed):
            matched = self._matching(searcher, parsed) & allowed
        else:
            # Phrases and prefixes: checking positions is the costly part, so walk the postings
            # once, scoring every allowed match, rather than once to count and again to rank.
            ranked = searcher.search(
                parsed, limit=None, filter=self._allowed_set(searcher, query.scope), terms=True
            )
            matched = frozenset(docnum for _, docnum in ranked.top_n)
        # A topic's posts are one result: counts and facets count one document per group.
        groups = self._groups(searcher)
        counted, group_size = self._collapse(matched, groups)
        chosen = {
            name: self._term_docs(searcher, name, value)
            for name, value in query.filters.items()
            if name in FACETS and value
        }
        visible = matched.intersection(*chosen.values())
        total = len(counted.intersection(*chosen.values()))
        facets = {}
        for name in FACETS:
            # Each facet counts within the other facets' choices, so a reader can switch value.
            base = counted.intersection(*(docs for other, docs in chosen.items() if other != name))
            counts = [
                (value, len(base & self._term_docs(searcher, name, value)))
                for value in self._facet_values(searcher, name)
            ]
            facets[name] = sorted(
                ((value, count) for value, count in counts if count and value),
                key=lambda pair: (-pair[1], pair[0]),
            )
        hits = []
        if visible:
            start, end = (query.page - 1) * query.per_page, query.page * query.per_page
            if ranked is None:
                results, firsts = self._ranked_groups(searcher, parsed, visible, groups, end)
            else:
                results = ranked
                firsts = _first_of_each_group(ranked.top_n, groups, end, keep=visible)
            results.fragmenter = ContextFragmenter(maxchars=SNIPPET_CHARACTERS, surround=60)
            results.formatter = HtmlFormatter(tagname="mark", between=BETWEEN)
            whole = Highlighter(
                fragmenter=WholeFragmenter(), formatter=HtmlFormatter(tagname="mark")
            )
            for position in firsts[start:end]:
                hit = results[position]
                hits.append(
                    Hit(
                        key=hit["key"],
                        kind=hit["kind"],
                        type_label=hit["type"],
                        title=hit["title"],
                        url=hit["url"],
                        snippet=self._snippet(hit, whole),
                        community=hit.get("community", ""),
                        competencies=tuple(filter(None, hit.get("competency", "").split(","))),
                        matches=group_size(int(groups[hit.docnum])) if groups is not None else 1,
                    )
                )
        suggestion = ""
        if total < FEW_RESULTS:
            suggestion = self._suggest(searcher, query.text, self._allowed(searcher, query.scope))
        return SearchResults(hits, total, facets, suggestion=suggestion)

    def _ranked_groups(self, searcher, parsed, visible: frozenset[int], groups, wanted: int):
        """The ranked results and the positions of the top `wanted` groups' best documents.

        Whoosh ranks the top N documents fastest (it skips blocks that cannot reach the top), so
        ask for a few pages' worth and ask again for more only when topics with many matching
        posts filled them with fewer than `wanted` groups."""
        allowed = set(visible)
        limit = wanted * FIRST_RANKED
        while True:
            results = searcher.search(parsed, limit=limit, filter=allowed, terms=True)
            firsts = _first_of_each_group(results.top_n, groups, wanted)
            if len(firsts) >= wanted or limit >= len(visible):
                return results, firsts
            limit *= FIRST_RANKED

    @staticmethod
    def _snippet(hit, whole: Highlighter) -> str:
        """Safe HTML: the lead whole (its matched words marked), then the best fragments of the
        body; the start of the body when nothing in it matched and there is no lead."""
        body = hit.highlights("text", text=hit["body"], top=2)
        lead = hit.get("lead", "")
        if not lead:
            return body or escape(hit["body"][:SNIPPET_CHARACTERS])
        lead = whole.highlight_hit(hit, "text", text=lead, top=1) or escape(lead)
        return f"{lead}{BETWEEN}{body}" if body else lead

    def _suggest(self, searcher, text: str, allowed: frozenset[int]) -> str:
        """The reader's words with each unknown one replaced by the closest indexed word (edit
        distance up to 2, from the unstemmed words Whoosh keeps for spelling). A word is offered
        only if it is in a document the reader may open: a suggestion must not reveal words of
        documents they cannot see."""
        corrector = searcher.corrector("text")
        corrections = {}
        for word in spelling_words(text):
            if self._word_docs(searcher, word) & allowed:
                continue
            for candidate in corrector.suggest(word, limit=5, maxdist=2):
                if self._word_docs(searcher, candidate) & allowed:
                    corrections[word] = candidate
                    break
        return respell(text, corrections)

    def _word_docs(self, searcher, word: str) -> frozenset[int]:
        docs = frozenset()
        for token in _analyzer()(word):
            docs |= self._term_docs(searcher, "text", token.text)
        return docs
