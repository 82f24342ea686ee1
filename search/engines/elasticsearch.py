"""Elasticsearch 8 or OpenSearch 2 over their REST API (no client library: urllib and JSON).

For deployments whose index outgrows one machine's files. Settings (docs/search.md):
SEARCH_ENGINE = "search.engines.elasticsearch.ElasticsearchEngine",
SEARCH_ELASTICSEARCH_URL (e.g. "https://search.internal:9200", credentials in the URL's userinfo
or SEARCH_ELASTICSEARCH_API_KEY) and SEARCH_ELASTICSEARCH_INDEX (an alias; default "lodestar").

The reader's scope is a `terms` filter on `access` inside the query, so hits, the total and
every aggregation only see documents the reader may open. Hits are collapsed on `group_key` (a
topic's posts are one result); the total and the facets count groups with `cardinality`
aggregations (exact up to GROUPS_EXACT groups). Competency names are searched through a text
sub-field, boosted like the title. Highlights use the "html" encoder, so document text comes
back escaped. No "did you mean": Elasticsearch's suggesters read the whole index, which would
reveal words of documents the reader cannot open.
"""

import base64
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.html import escape

from search.documents import Document
from search.engines.base import FACETS, Engine, Hit, SearchQuery, SearchResults

BULK_BATCH = 1000
TIMEOUT_SECONDS = 10
FACET_SIZE = 50
GROUPS_EXACT = 40_000  # cardinality's largest precision_threshold: exact counts below it
SNIPPET_CHARACTERS = 240
BETWEEN = " … "

MAPPING = {
    "settings": {"number_of_shards": 1},
    "mappings": {
        "dynamic": "strict",
        "properties": {
            "key": {"type": "keyword"},
            "kind": {"type": "keyword"},
            "type": {"type": "keyword"},
            "title": {"type": "text", "analyzer": "english"},
            "lead": {"type": "text", "analyzer": "english"},
            "body": {"type": "text", "analyzer": "english"},
            "url": {"type": "keyword", "index": False},
            "access": {"type": "keyword"},
            "competency": {
                "type": "keyword",
                "fields": {"text": {"type": "text", "analyzer": "english"}},
            },
            "community": {"type": "keyword"},
            "group_key": {"type": "keyword"},
        },
    },
}

# (method, path, body or None) -> (status, parsed JSON body)
Transport = Callable[[str, str, object], tuple[int, dict]]


def _source(document: Document) -> dict:
    return {
        "key": document.key,
        "kind": document.kind,
        "type": document.type_label,
        "title": document.title,
        "lead": document.lead,
        "body": document.body,
        "url": document.url,
        "access": document.access,
        "competency": list(document.competencies),
        "community": document.community,
        "group_key": document.group_key,
    }


def _groups() -> dict:
    return {"cardinality": {"field": "group_key", "precision_threshold": GROUPS_EXACT}}


def _snippet(source: dict, highlight: dict) -> str:
    """Safe HTML, as the other engines cut it: the lead whole, then the body's fragments."""
    body = BETWEEN.join(highlight.get("body", []))
    lead = source.get("lead", "")
    if not lead:
        return body or escape(source["body"][:SNIPPET_CHARACTERS])
    lead = "".join(highlight.get("lead", [])) or escape(lead)
    return f"{lead}{BETWEEN}{body}" if body else lead


class ElasticsearchEngine(Engine):
    def __init__(self, url: str | None = None, index: str | None = None, transport=None):
        self.url = (url or getattr(settings, "SEARCH_ELASTICSEARCH_URL", "")).rstrip("/")
        self.index = index or getattr(settings, "SEARCH_ELASTICSEARCH_INDEX", "lodestar")
        self.api_key = getattr(settings, "SEARCH_ELASTICSEARCH_API_KEY", "")
        self.transport: Transport = transport or self._http
        if transport is None and urlsplit(self.url).scheme not in ("http", "https"):
            raise ImproperlyConfigured(
                "SEARCH_ELASTICSEARCH_URL must be an http:// or https:// URL of the cluster."
            )

    # --- transport --------------------------------------------------------------------------------

    def _http(self, method: str, path: str, body) -> tuple[int, dict]:
        parts = urlsplit(self.url)
        headers = {"Content-Type": "application/json"}
        if parts.username:
            credentials = f"{parts.username}:{parts.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(credentials).decode()
            parts = parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else ""))
        if self.api_key:
            headers["Authorization"] = f"ApiKey {self.api_key}"
        if isinstance(body, str):  # _bulk: newline-delimited JSON
            data, headers["Content-Type"] = body.encode(), "application/x-ndjson"
        else:
            data = None if body is None else json.dumps(body).encode()
        # The scheme was checked in __init__ (http or https only).
        request = urllib.request.Request(  # noqa: S310
            urlunsplit(parts) + path, data=data, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def _call(self, method: str, path: str, body=None, ok=(200, 201)) -> dict:
        status, payload = self.transport(method, path, body)
        if status not in ok:
            raise RuntimeError(f"search engine answered {status} to {method} {path}: {payload}")
        return payload

    def _bulk(self, lines: list[dict], index: str) -> None:
        for start in range(0, len(lines), BULK_BATCH * 2):
            chunk = lines[start : start + BULK_BATCH * 2]
            body = "".join(json.dumps(line) + "\n" for line in chunk)
            payload = self._call("POST", f"/{index}/_bulk", body)
            if payload.get("errors"):
                failed = [item for item in payload.get("items", []) if _item_failed(item)]
                if failed:
                    raise RuntimeError(f"search engine refused {len(failed)} bulk operations")

    # --- writing ----------------------------------------------------------------------------------

    def rebuild(self, documents: Iterable[Document]) -> int:
        """Fill a new index, then point the alias at it and drop the old one."""
        name = f"{self.index}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 10**6}"
        self._call("PUT", f"/{name}", MAPPING)
        lines, count = [], 0
        for document in documents:
            lines += [{"index": {"_id": document.key}}, _source(document)]
            count += 1
        self._bulk(lines, name)
        self._call("POST", f"/{name}/_refresh")
        status, aliases = self.transport("GET", f"/_alias/{self.index}", None)
        old = list(aliases) if status == 200 else []
        actions = [{"remove": {"index": o, "alias": self.index}} for o in old]
        actions.append({"add": {"index": name, "alias": self.index}})
        self._call("POST", "/_aliases", {"actions": actions})
        for index in old:
            self._call("DELETE", f"/{index}", ok=(200, 404))
        return count

    def apply(self, upserts: list[Document], deletes: list[str]) -> None:
        lines = [{"delete": {"_id": key}} for key in deletes]
        for document in upserts:
            lines += [{"index": {"_id": document.key}}, _source(document)]
        if lines:
            self._bulk(lines, self.index)

    # --- reading ----------------------------------------------------------------------------------

    def is_reachable(self) -> bool:
        try:
            status, _ = self.transport("GET", f"/{self.index}/_count", None)
        except OSError:
            return False
        return status == 200

    def keys(self) -> set[str]:
        payload = self._call("POST", f"/{self.index}/_search", {"size": 10_000, "_source": ["key"]})
        return {hit["_source"]["key"] for hit in payload["hits"]["hits"]}

    def search(self, query: SearchQuery) -> SearchResults:
        if not query.scope:
            return SearchResults.empty()
        chosen = {name: value for name, value in query.filters.items() if name in FACETS and value}

        def filters_except(name: str | None) -> list[dict]:
            return [{"term": {f: v}} for f, v in chosen.items() if f != name]

        body = {
            "from": (query.page - 1) * query.per_page,
            "size": query.per_page,
            "track_total_hits": True,
            "query": {
                "bool": {
                    "must": {
                        "simple_query_string": {
                            "query": query.text,
                            "fields": ["title^2", "competency.text^2", "lead", "body"],
                            "default_operator": "and",
                        }
                    },
                    # The permission filter: inside the query, so aggregations obey it too.
                    "filter": [{"terms": {"access": sorted(query.scope)}}],
                }
            },
            "post_filter": {"bool": {"filter": filters_except(None)}},
            # One hit per group, its best document; inner_hits counts the group's matches.
            "collapse": {"field": "group_key", "inner_hits": {"name": "matches", "size": 0}},
            "aggs": {
                "groups": {
                    "filter": {"bool": {"filter": filters_except(None)}},
                    "aggs": {"count": _groups()},
                },
                **{
                    name: {
                        "filter": {"bool": {"filter": filters_except(name)}},
                        "aggs": {
                            "values": {
                                "terms": {"field": name, "size": FACET_SIZE},
                                "aggs": {"groups": _groups()},
                            }
                        },
                    }
                    for name in FACETS
                },
            },
            "highlight": {
                "encoder": "html",
                "pre_tags": ['<mark class="match">'],
                "post_tags": ["</mark>"],
                "fields": {
                    "lead": {"number_of_fragments": 0},
                    "body": {"fragment_size": 120, "number_of_fragments": 2},
                },
            },
        }
        payload = self._call("POST", f"/{self.index}/_search", body)
        hits = []
        for raw in payload["hits"]["hits"]:
            source = raw["_source"]
            matches = raw.get("inner_hits", {}).get("matches", {}).get("hits", {})
            hits.append(
                Hit(
                    key=source["key"],
                    kind=source["kind"],
                    type_label=source["type"],
                    title=source["title"],
                    url=source["url"],
                    snippet=_snippet(source, raw.get("highlight", {})),
                    community=source.get("community", ""),
                    competencies=tuple(source.get("competency", [])),
                    matches=matches.get("total", {}).get("value", 1),
                )
            )
        aggregations = payload["aggregations"]
        facets = {
            name: sorted(
                (
                    (bucket["key"], bucket["groups"]["value"])
                    for bucket in aggregations[name]["values"]["buckets"]
                    if bucket["key"]
                ),
                key=lambda pair: (-pair[1], pair[0]),
            )
            for name in FACETS
        }
        return SearchResults(hits, aggregations["groups"]["count"]["value"], facets)


def _item_failed(item: dict) -> bool:
    (result,) = item.values()
    return result.get("status", 200) >= 300 and not (
        result.get("status") == 404 and "delete" in item
    )
