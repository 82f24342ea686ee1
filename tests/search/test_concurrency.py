"""Whoosh allows one writer: ten threads updating posts while others search must lose nothing
and leave an index that opens cleanly."""

import threading

from django.db import connection

import pytest
from whoosh import index as whoosh_index

from search import tasks
from search.engines import get_engine
from search.service import search_for
from tests.forums.helpers import topic_in

WRITERS = 10
ROUNDS = 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's in-memory test database locks whole tables between threads; "
    "the engine-level test below covers the index on SQLite, CI runs this one on PostgreSQL",
)
def test_ten_parallel_writers_and_concurrent_searches_lose_no_update(mentee, questions):
    topics = [topic_in(questions, mentee, f"Writer {n} topic") for n in range(WRITERS)]
    posts = [topic.posts.get() for topic in topics]
    tasks.rebuild()
    errors: list[BaseException] = []
    writing = threading.Event()

    def write(n: int) -> None:
        try:
            post = type(posts[n]).objects.get(pk=posts[n].pk)
            for round_ in range(ROUNDS):
                post.content = f"Revision {round_} by writer zeta{n}q{round_}"
                post.save()  # commits (autocommit), then the index task runs
        except BaseException as error:  # reported below, with the thread's name
            errors.append(error)
        finally:
            connection.close()

    def read() -> None:
        try:
            while writing.is_set():
                search_for(mentee, "revision")
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    writing.set()
    readers = [threading.Thread(target=read) for _ in range(2)]
    writers = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=120)
    writing.clear()
    for thread in readers:
        thread.join(timeout=60)

    assert errors == []
    for n in range(WRITERS):
        final = search_for(mentee, f"zeta{n}q{ROUNDS - 1}").results
        assert [hit.key for hit in final.hits] == [f"post:{posts[n].pk}"], n
        assert search_for(mentee, f"zeta{n}q0").results.total == 0  # older text was replaced
    reopened = whoosh_index.open_dir(get_engine().path)
    with reopened.searcher() as searcher:
        assert searcher.doc_count() == WRITERS
    assert get_engine().keys() == {f"post:{post.pk}" for post in posts}


def test_ten_threads_writing_the_index_while_others_search_keep_every_update(db, tmp_path):
    from search.documents import Document
    from search.engines.base import SearchQuery
    from search.engines.whoosh import WhooshEngine

    engine = WhooshEngine(tmp_path / "index")
    engine.rebuild([])
    scope = frozenset({"forum:1"})
    errors: list[BaseException] = []
    writing = threading.Event()

    def document(n: int, round_: int) -> Document:
        return Document(
            key=f"post:{n}",
            kind="post",
            type_label="Discussion",
            title=f"Writer {n}",
            body=f"Revision {round_} by writer zeta{n}q{round_}",
            url=f"/forum/{n}/",
            access="forum:1",
            community="Questions & answers",
        )

    def write(n: int) -> None:
        try:
            for round_ in range(ROUNDS):
                engine.apply([document(n, round_)], [])
        except BaseException as error:
            errors.append(error)

    def read() -> None:
        try:
            while writing.is_set():
                engine.search(SearchQuery("revision", scope))
        except BaseException as error:
            errors.append(error)

    writing.set()
    readers = [threading.Thread(target=read) for _ in range(2)]
    writers = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=120)
    writing.clear()
    for thread in readers:
        thread.join(timeout=60)

    assert errors == []
    for n in range(WRITERS):
        latest = engine.search(SearchQuery(f"zeta{n}q{ROUNDS - 1}", scope))
        assert [hit.key for hit in latest.hits] == [f"post:{n}"]
        assert engine.search(SearchQuery(f"zeta{n}q0", scope)).total == 0
    with whoosh_index.open_dir(engine.path).searcher() as searcher:
        assert searcher.doc_count() == WRITERS
