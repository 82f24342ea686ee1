"""The Elasticsearch/OpenSearch engine, through a recording transport (no server runs in CI):
the settings path, the permission filter inside every query, escaped highlights, bulk writes,
topics collapsed into one hit, competency words, the lead at the head of a snippet."""

import json

import pytest

from search.documents import Document
from search.engines import _engine, get_engine
from search.engines.base import SearchQuery
from search.engines.elasticsearch import MAPPING, ElasticsearchEngine


class Recorder:
    def __init__(self, answers=None):
        self.calls = []
        self.answers = answers or {}

    def __call__(self, method, path, body):
        self.calls.append((method, path, body))
        for (m, prefix), answer in self.answers.items():
            if m == method and path.startswith(prefix):
                return answer
        return 200, {}


def document(n: int) -> Document:
    return Document(
        key=f"post:{n}",
        kind="post",
        type_label="Discussion",
        title=f"Topic {n}",
        body="Budget <b>season</b>",
        url=f"/forum/{n}/",
        access="forum:1",
        community="Questions & answers",
    )


def test_the_setting_selects_the_engine(settings):
    settings.SEARCH_ENGINE = "search.engines.elasticsearch.ElasticsearchEngine"
    settings.SEARCH_ELASTICSEARCH_URL = "http://search.internal:9200"
    _engine.cache_clear()
    try:
        engine = get_engine()
        assert isinstance(engine, ElasticsearchEngine)
        assert engine.url == "http://search.internal:9200" and engine.index == "lodestar"
    finally:
        _engine.cache_clear()


def _bucket(key: str, groups: int) -> dict:
    return {"key": key, "doc_count": groups * 3, "groups": {"value": groups}}


ANSWER = {
    "hits": {
        "total": {"value": 7},  # documents: not what the reader counts
        "hits": [
            {
                "_source": {
                    "key": "post:1",
                    "kind": "post",
                    "type": "Discussion",
                    "title": "Topic 1",
                    "url": "/forum/1/",
                    "lead": "",
                    "body": "Budget <b>season</b>",
                    "community": "Questions & answers",
                    "competency": [],
                    "group_key": "topic:1",
                },
                "highlight": {"body": ['<mark class="match">Budget</mark> &lt;b&gt;season']},
                "inner_hits": {"matches": {"hits": {"total": {"value": 4}, "hits": []}}},
            },
            {
                "_source": {
                    "key": "mentor:2",
                    "kind": "mentor",
                    "type": "Mentor",
                    "title": "Hana Sato",
                    "url": "/mentors/2/",
                    "lead": "Head of Finance — Strengths: Budgeting",
                    "body": "Twenty <i>years</i>.",
                    "community": "",
                    "competency": ["Budgeting"],
                    "group_key": "mentor:2",
                },
                "highlight": {
                    "lead": ['Head of Finance — Strengths: <mark class="match">Budgeting</mark>']
                },
                "inner_hits": {"matches": {"hits": {"total": {"value": 1}, "hits": []}}},
            },
        ],
    },
    "aggregations": {
        "groups": {"doc_count": 7, "count": {"value": 2}},
        "type": {"values": {"buckets": [_bucket("Discussion", 1), _bucket("Mentor", 1)]}},
        "competency": {"values": {"buckets": [_bucket("Budgeting", 1)]}},
        "community": {"values": {"buckets": [_bucket("Questions & answers", 1)]}},
    },
}


def test_every_query_carries_the_readers_scope_so_hits_totals_and_facets_obey_it():
    transport = Recorder({("POST", "/lodestar/_search"): (200, ANSWER)})
    engine = ElasticsearchEngine("http://es:9200", transport=transport)
    results = engine.search(
        SearchQuery("budget", frozenset({"forum:1", "page:4"}), {"type": "Discussion"}, page=2)
    )
    ((_, path, body),) = transport.calls
    assert path == "/lodestar/_search"
    assert body["query"]["bool"]["filter"] == [{"terms": {"access": ["forum:1", "page:4"]}}]
    assert body["post_filter"] == {"bool": {"filter": [{"term": {"type": "Discussion"}}]}}
    # Each facet counts within the other facets' choices, and always within the scope (query).
    assert body["aggs"]["type"]["filter"] == {"bool": {"filter": []}}
    assert body["aggs"]["community"]["filter"] == {
        "bool": {"filter": [{"term": {"type": "Discussion"}}]}
    }
    assert body["highlight"]["encoder"] == "html"
    assert body["from"] == 10
    assert results.hits[0].snippet.startswith('<mark class="match">Budget</mark> &lt;b&gt;')


def test_a_topics_posts_are_one_hit_and_totals_and_facets_count_topics():
    transport = Recorder({("POST", "/lodestar/_search"): (200, ANSWER)})
    engine = ElasticsearchEngine("http://es:9200", transport=transport)
    results = engine.search(SearchQuery("budget", frozenset({"forum:1", "mentor:2"})))
    ((_, _, body),) = transport.calls
    assert body["collapse"]["field"] == "group_key"
    # The total counts groups among the hits the chosen facets keep (the post_filter's rows).
    assert body["aggs"]["groups"]["filter"] == body["post_filter"]
    assert body["aggs"]["groups"]["aggs"]["count"]["cardinality"]["field"] == "group_key"
    assert results.total == 2
    assert [hit.matches for hit in results.hits] == [4, 1]
    assert results.facets["type"] == [("Discussion", 1), ("Mentor", 1)]


def test_competency_names_are_searched_words_weighted_like_the_title():
    transport = Recorder({("POST", "/lodestar/_search"): (200, ANSWER)})
    ElasticsearchEngine("http://es:9200", transport=transport).search(
        SearchQuery("stakeholder", frozenset({"forum:1"}))
    )
    ((_, _, body),) = transport.calls
    fields = body["query"]["bool"]["must"]["simple_query_string"]["fields"]
    assert fields == ["title^2", "competency.text^2", "lead", "body"]
    competency = MAPPING["mappings"]["properties"]["competency"]
    assert competency["fields"]["text"]["analyzer"] == "english"


def test_a_lead_heads_the_snippet_escaped_with_its_matches_marked():
    transport = Recorder({("POST", "/lodestar/_search"): (200, ANSWER)})
    results = ElasticsearchEngine("http://es:9200", transport=transport).search(
        SearchQuery("budget", frozenset({"forum:1", "mentor:2"}))
    )
    assert results.hits[1].snippet == (
        'Head of Finance — Strengths: <mark class="match">Budgeting</mark>'
    )
    assert transport.calls[0][2]["highlight"]["fields"]["lead"] == {"number_of_fragments": 0}


def test_a_reader_with_no_scope_is_not_even_sent_to_the_server():
    transport = Recorder()
    assert (
        ElasticsearchEngine("http://es:9200", transport=transport)
        .search(SearchQuery("budget", frozenset()))
        .total
        == 0
    )
    assert transport.calls == []


def test_updates_are_one_bulk_request_and_rebuild_swaps_the_alias():
    transport = Recorder({("GET", "/_alias/"): (200, {"lodestar-old": {}})})
    engine = ElasticsearchEngine("http://es:9200", transport=transport)
    engine.apply([document(1)], ["post:2"])
    method, path, body = transport.calls[0]
    lines = [json.loads(line) for line in body.splitlines()]
    assert (method, path) == ("POST", "/lodestar/_bulk")
    assert lines[0] == {"delete": {"_id": "post:2"}}
    assert lines[1] == {"index": {"_id": "post:1"}} and lines[2]["access"] == "forum:1"

    transport.calls.clear()
    assert engine.rebuild([document(1), document(3)]) == 2
    steps = [(m, p.split("/")[1] if p.count("/") > 1 else p) for m, p, _ in transport.calls]
    assert steps[0][0] == "PUT" and transport.calls[0][2]["mappings"]["dynamic"] == "strict"
    aliases = next(body for m, p, body in transport.calls if p == "/_aliases")
    assert {"remove": {"index": "lodestar-old", "alias": "lodestar"}} in aliases["actions"]
    assert transport.calls[-1] == ("DELETE", "/lodestar-old", None)


def test_a_refused_bulk_write_raises_so_the_task_reports_it():
    transport = Recorder(
        {
            ("POST", "/lodestar/_bulk"): (
                200,
                {"errors": True, "items": [{"index": {"status": 400}}]},
            )
        }
    )
    with pytest.raises(RuntimeError, match="refused 1 bulk"):
        ElasticsearchEngine("http://es:9200", transport=transport).apply([document(1)], [])


def test_an_unreachable_server_is_reported_not_raised():
    assert ElasticsearchEngine("http://127.0.0.1:9", index="lodestar").is_reachable() is False


def test_a_url_that_is_not_http_is_refused_at_start():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="http"):
        ElasticsearchEngine("file:///etc/passwd")
