"""Time the portal search over many forum posts: the Whoosh engine, then the PostgreSQL engine.

In a throwaway SQLite database (bench.settings, as bench/harness.py does): the demo at scale 1,
then --posts forum posts in topics of ten across the demo's communities, written with
bulk_create from a vocabulary of mentoring and leadership words. Then, for each engine: a full
index build from the database (timed), --warmup untimed queries and --queries timed ones,
spread over four demo readers of different roles, so the permission filter is always on.

Whoosh is asked through search.service.search_for, as the search page asks it (the reader's
scope is computed per query: three small SQLite queries, reported apart as scope_median_ms).
PostgreSQL is asked through search.service.answer (what search_for calls once it has the scope,
a spelling correction included) with the same words, filters and scopes, in a database created
for the run on --postgres (lodestar_bench_search_<pid>) and dropped at the end, failure
included. --skip-postgres times Whoosh alone.

    .venv/bin/python bench/search.py [--json] [--posts 100000] [--queries 200]
"""

import argparse
import contextlib
import gc
import json
import logging
import os
import random
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import SEARCH_PG_ALIAS, SEARCH_PG_ENV_VAR
from bench.harness import close_connections, median, p95, setup_django, use_database

DEFAULT_POSTS = 100_000
DEFAULT_QUERIES = 200
DEFAULT_WARMUP = 20
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
POSTS_PER_TOPIC = 10
BATCH = 2_000
SEED = 2026
TARGETS = {"build_seconds": 300, "median_ms": 20, "p95_ms": 100}  # Whoosh, on 2 cores
READERS = {  # the demo logins (README.md), one per kind of access
    "mentee": "amara.okafor@meridian.example",
    "mentor": "daniel.hartmann@meridian.example",
    "programme_manager": "sofia.lindqvist@meridian.example",
    "moderator": "tomas.alvarez@meridian.example",
}

logger = logging.getLogger("bench")

# --- the words ----------------------------------------------------------------------------------
# Each list runs from common to rare. Words are drawn with Zipf-Mandelbrot weights 1/(rank + 10):
# the commonest noun lands in about one post in seven, a middling one in one in fifty, the rarest
# in a few hundred posts of 100,000; a topic's posts keep returning to its own theme words.


def _words(text: str) -> list[str]:
    return list(dict.fromkeys(text.split()))  # in order, once each


NOUNS = _words(
    "feedback team meeting goal career session conversation project stakeholder confidence "
    "promotion priority decision change workload delegation trust presentation plan review "
    "strategy network habit question agenda leadership culture visibility influence deadline "
    "colleague budget risk conflict customer negotiation salary appraisal interview transition "
    "restructure merger onboarding roadmap resilience burnout credibility vision objective "
    "lesson failure experiment insight report journal succession sponsorship boundary hiring "
    "retention coaching recognition ambiguity accountability alignment escalation facilitation "
    "mediation secondment sabbatical shadowing offsite handover forecast headcount pipeline "
    "compliance procurement audit tender supplier pricing margin inventory logistics shift plant "
    "safety quality warranty outage incident postmortem migration prototype backlog sprint "
    "retrospective charter mandate matrix reorganisation relocation apprenticeship graduate "
    "internship fellowship certification accreditation scholarship bursary ombudsman arbitration "
    "grievance tribunal motivation energy focus calendar inbox email update dashboard metric "
    "target bonus commission equity pension benefit policy process template checklist framework "
    "model canvas workshop offsite retreat keynote panel webinar podcast newsletter blog article "
    "book course module exam degree mba diploma language accent pronunciation confidence "
    "posture voice silence pause story anecdote metaphor analogy example evidence data "
    "spreadsheet forecast scenario assumption hypothesis bias blindspot habit routine ritual "
    "weekend holiday commute office desk home childcare parenting caregiving health wellbeing "
    "sleep exercise stress anxiety fatigue recovery leave return sabbatical patience humility "
    "curiosity courage empathy kindness candour tact diplomacy politics alliance rivalry "
    "competition collaboration partnership vendor contract clause invoice refund complaint "
    "escalation apology recovery loyalty churn renewal upsell territory region market segment "
    "persona brand campaign launch release deployment rollback architecture platform api "
    "integration security privacy regulator inspection license permit patent trademark "
    "acquisition divestment integration synergy valuation dividend investor shareholder "
    "chairman chairwoman trustee governor council committee subcommittee quorum minutes "
    "resolution motion vote ballot election campaign manifesto pledge cohort alumni reunion"
)
VERBS = _words(
    "ask listen delegate prepare present negotiate influence support challenge lead plan "
    "prioritise coach reflect align escalate persuade recognise facilitate reframe summarise "
    "celebrate mediate sponsor untangle clarify document rehearse shadow observe interview "
    "recruit onboard retain promote reward measure forecast budget audit simplify automate "
    "pilot test launch review postpone cancel renegotiate apologise thank congratulate invite "
    "introduce connect network broker pitch defend justify question probe explore map chart "
    "sketch draft edit rewrite publish share circulate archive retire sunset inherit rebuild "
    "restructure merge split outsource insource"
)
ADJECTIVES = _words(
    "difficult new first honest senior practical quarterly useful quiet strategic executive "
    "ambitious nervous hybrid regional remote cross-functional overdue candid tricky annual "
    "informal formal awkward brave calm careful clumsy costly crowded curious decisive "
    "distracted eager early fragile generous global gradual hesitant hopeful humble junior "
    "late local loyal modest noisy obvious patient polite quick rare reluctant risky rushed "
    "sceptical shy silent slow small steady stubborn subtle sudden tense tired uneven urgent "
    "vague visible vocal warm weekly wise"
)
ROLES = _words(
    "manager mentee mentor director peer sponsor coach lead stakeholder chair founder analyst "
    "engineer designer recruiter controller auditor supervisor apprentice graduate intern "
    "trustee advisor consultant buddy"
)
PHRASES = [
    "career conversation",
    "difficult conversation",
    "executive presence",
    "stakeholder map",
    "first 90 days",
    "board pack",
    "growth mindset",
    "psychological safety",
    "active listening",
    "decision log",
    "skip-level meeting",
    "succession plan",
    "imposter syndrome",
    "time management",
    "team charter",
    "feedback model",
    "development plan",
    "peer mentoring",
    "reverse mentoring",
    "leadership style",
    "elevator pitch",
    "performance review",
    "personal brand",
    "career ladder",
    "operating model",
    "change fatigue",
    "working agreement",
    "retention risk",
    "talent pool",
    "learning budget",
    "stretch assignment",
    "exit interview",
    "town hall",
    "listening tour",
    "pre-mortem",
    "red team",
    "hiring panel",
    "promotion case",
    "pay review",
    "flexible working",
    "return to work",
    "parental leave",
    "job share",
    "internal move",
    "acting role",
    "interim manager",
    "cost review",
    "budget round",
    "quarterly plan",
    "strategy day",
]
SENTENCES = [
    "How do you {verb} a {adj} {noun} when the {noun2} is unclear?",
    "My {role} asked me to {verb} the {noun} before our {phrase}.",
    "We tried a {phrase} and it changed how we handle {noun}.",
    "I found it useful to {verb} early and keep notes on every {noun}.",
    "The {adj} part was the {noun}; the {phrase} helped more than I expected.",
    "Has anyone used a {phrase} with a {adj} {role}?",
    "Start with the {noun}, then {verb} the {noun2} with your {role}.",
    "After three sessions my mentee could {verb} the {noun} without me.",
    "Our {role} keeps pushing for {noun}, but {noun2} matters more this quarter.",
    "It took a {adj} {phrase} to rebuild {noun} across the department.",
    "Write down the {noun} and {verb} it at the next {phrase}.",
    "I would not {verb} the {noun} alone; bring your {role} in early.",
    "What worked for me: one {noun} per session and a {adj} {noun2} at the end.",
    "Be candid about the {noun}. A {adj} {role} respects that more than polish.",
    "Last year I had to {verb} a {noun} with almost no {noun2}.",
    "If the {noun} slips, {verb} it openly rather than hoping nobody notices.",
    "My advice is to {verb} before you {verb2}.",
    "The {phrase} felt {adj} at first, but it gave us a shared {noun}.",
    "Nobody told me that {noun} and {noun2} pull in opposite directions.",
    "Ask your {role} what a {adj} {noun} would look like to them.",
    "We keep a shared page for {noun} so the {role} can see progress.",
    "Try a {adj} {noun} for a month and see what changes.",
    "The hardest {noun} was telling a {role} their {noun2} was not ready.",
    "Do you {verb} the {noun} yourself or leave it to the {role}?",
    "A {adj} {role} once told me to {verb} less and listen more.",
    "I still {verb} every {noun}, even when it feels {adj}.",
    "Thanks, this helped with my own {noun} this week.",
    "Agree. The {phrase} only works when the {role} takes part.",
    "Same here: the {noun} got easier once we had a {phrase}.",
    "Could you share the {noun} template you used?",
]
SUBJECTS = [
    "How to {verb} a {adj} {noun}",
    "{phrase} with a {role}",
    "Advice on {noun} and {noun2}",
    "When your {role} will not {verb}",
    "A {adj} {noun}: what would you do?",
    "Lessons from a {phrase}",
    "Is it normal to {verb} the {noun}?",
    "{noun} versus {noun2}",
    "First time running a {phrase}",
    "Asking my {role} about {noun}",
    "Our {adj} {noun} experiment",
    "Help: {adj} {noun} next week",
]


def _weights(words: list[str]) -> list[float]:
    """Cumulative Zipf-Mandelbrot weights 1 / (rank + 10), for random.choices."""
    total, cumulative = 0.0, []
    for rank in range(1, len(words) + 1):
        total += 1 / (rank + 10)
        cumulative.append(total)
    return cumulative


@dataclass
class Writer:
    """Varied, repeatable text: each topic has a theme its posts keep returning to."""

    rng: random.Random
    weights: dict[str, list[float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.lists = {
            "noun": NOUNS,
            "verb": VERBS,
            "adj": ADJECTIVES,
            "role": ROLES,
            "phrase": PHRASES,
        }
        self.weights = {name: _weights(words) for name, words in self.lists.items()}

    def word(self, kind: str) -> str:
        return self.rng.choices(self.lists[kind], cum_weights=self.weights[kind])[0]

    def theme(self) -> dict[str, str]:
        return {kind: self.word(kind) for kind in self.lists}

    def fill(self, template: str, theme: dict[str, str]) -> str:
        # A third of the slots take the topic's theme, the rest any word.
        slots = {
            kind: theme[kind] if self.rng.random() < 0.33 else self.word(kind)
            for kind in self.lists
        }
        slots["noun2"] = self.word("noun")
        slots["verb2"] = self.word("verb")
        text = template.format(**slots)
        return text[0].upper() + text[1:]

    def subject(self, theme: dict[str, str]) -> str:
        return self.fill(self.rng.choice(SUBJECTS), theme)

    def post(self, theme: dict[str, str]) -> str:
        count = self.rng.randint(2, 6)
        return " ".join(self.fill(self.rng.choice(SENTENCES), theme) for _ in range(count))


# --- seeding ------------------------------------------------------------------------------------


def _forums_by_weight() -> tuple[list, list[int]]:
    """Every community's forum, the open Q&A busiest, as the demo's own threads are."""
    from forums.models import Community

    weights = {
        Community.Kind.QUESTIONS: 40,
        Community.Kind.MENTORS: 20,
        Community.Kind.ALUMNI: 10,
        Community.Kind.COHORT: 5,
    }
    communities = list(Community.objects.select_related("forum").order_by("pk"))
    return [c.forum for c in communities], [weights.get(c.kind, 5) for c in communities]


def seed_posts(count: int, rng: random.Random) -> int:
    """`count` approved posts in topics of POSTS_PER_TOPIC, bulk-created (index updates paused)."""
    from django.db import transaction
    from django.utils.text import slugify

    from machina.core.db.models import get_model

    from portal.people.models import User
    from search import tasks as search_tasks

    Post = get_model("forum_conversation", "Post")
    Topic = get_model("forum_conversation", "Topic")
    forums, weights = _forums_by_weight()
    authors = list(User.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    writer = Writer(rng)
    written = 0
    with search_tasks.paused():
        while written < count:
            size = min(BATCH, count - written)
            topics, themes = [], []
            for _ in range(-(-size // POSTS_PER_TOPIC)):
                theme = writer.theme()
                subject = writer.subject(theme)[:255]
                topics.append(
                    Topic(
                        forum=rng.choices(forums, weights=weights)[0],
                        subject=subject,
                        slug=slugify(subject)[:255] or "topic",
                        poster_id=rng.choice(authors),
                        type=Topic.TOPIC_POST,
                        status=Topic.TOPIC_UNLOCKED,
                        approved=True,
                        posts_count=POSTS_PER_TOPIC,
                    )
                )
                themes.append(theme)
            with transaction.atomic():
                Topic.objects.bulk_create(topics)
                posts = [
                    Post(
                        topic=topic,
                        poster_id=rng.choice(authors),
                        subject=topic.subject if n == 0 else f"Re: {topic.subject}"[:255],
                        content=writer.post(theme),
                        approved=True,
                    )
                    for topic, theme in zip(topics, themes, strict=True)
                    for n in range(POSTS_PER_TOPIC)
                ][:size]
                Post.objects.bulk_create(posts)
            written += len(posts)
    return written


# --- the queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    filters: dict[str, str] = field(default_factory=dict)


# How the queries divide, per 200 (scaled to --queries).
MIX = {
    "word": 40,
    "two_words": 40,
    "phrase": 30,
    "misspelling": 20,
    "or": 20,
    "not": 20,
    "facet": 30,
}


def _misspell(word: str, rng: random.Random) -> str:
    """Two inner letters swapped: 'delegation' -> 'delegaiton'."""
    if len(word) < 5:
        return word + word[-1]
    at = rng.randrange(1, len(word) - 2)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def build_queries(count: int, rng: random.Random, communities: list[str]) -> list[Query]:
    """`count` queries in the proportions of MIX, shuffled, the same for both engines."""
    writer = Writer(rng)
    makers: dict[str, Callable[[], Query]] = {
        "word": lambda: Query("word", writer.word(rng.choice(["noun", "noun", "verb", "adj"]))),
        "two_words": lambda: Query("two_words", f"{writer.word('adj')} {writer.word('noun')}"),
        "phrase": lambda: Query("phrase", f'"{writer.word("phrase")}"'),
        "misspelling": lambda: Query(
            "misspelling", _misspell(rng.choice([w for w in NOUNS if len(w) > 6]), rng)
        ),
        "or": lambda: Query("or", f"{writer.word('noun')} OR {writer.word('noun')}"),
        "not": lambda: Query("not", f"{writer.word('noun')} -{writer.word('noun')}"),
        "facet": lambda: Query(
            "facet",
            writer.word("noun"),
            rng.choice([{"type": "Discussion"}, {"community": rng.choice(communities)}]),
        ),
    }
    total = sum(MIX.values())
    counts = {kind: count * share // total for kind, share in MIX.items()}
    for kind in list(MIX)[: count - sum(counts.values())]:  # the rounding's remainder
        counts[kind] += 1
    queries = [makers[kind]() for kind, n in counts.items() for _ in range(n)]
    rng.shuffle(queries)
    return queries


# --- timing -------------------------------------------------------------------------------------


def _figures(timings: list[tuple[str, float]]) -> dict[str, Any]:
    every = [ms for _, ms in timings]
    kinds = sorted({kind for kind, _ in timings})
    return {
        "median_ms": round(median(every), 3),
        "p95_ms": round(p95(every), 3),
        "max_ms": round(max(every), 3),
        "by_kind": {
            kind: {
                "median_ms": round(median([ms for k, ms in timings if k == kind]), 3),
                "p95_ms": round(p95([ms for k, ms in timings if k == kind]), 3),
            }
            for kind in kinds
        },
    }


def time_queries(
    queries: list[Query], readers: list, ask: Callable[[Any, Query], int], warmup: int
) -> tuple[dict[str, Any], list[int]]:
    """Ask every query (reader i % len(readers)) after `warmup` untimed ones; returns the
    figures and each query's total."""
    for n, query in enumerate(queries[:warmup]):
        ask(readers[n % len(readers)], query)
    gc.collect()
    timings, totals = [], []
    for n, query in enumerate(queries):
        start = time.perf_counter()
        totals.append(ask(readers[n % len(readers)], query))
        timings.append((query.kind, (time.perf_counter() - start) * 1000))
    return _figures(timings), totals


# --- PostgreSQL ---------------------------------------------------------------------------------


@contextlib.contextmanager
def throwaway_postgres(server_url: str) -> Iterator[str]:
    """A new, empty database on the server of `server_url`; its URL; dropped on the way out."""
    import psycopg
    from psycopg import sql

    name = f"lodestar_bench_search_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(server_url)._replace(path=f"/{name}").geturl()
    finally:
        close_connections()
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        logger.info("bench: dropped %s", name)


def _migrate_search_tables(alias: str) -> None:
    """Only the search app's migrations (the table the engine uses), without post_migrate
    signals, which would expect every other app's tables in this database."""
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[alias])
    executor.migrate(executor.loader.graph.leaf_nodes("search"))


# --- the whole run ------------------------------------------------------------------------------


def _readers() -> list:
    from portal.people.models import User

    users = {user.email: user for user in User.objects.filter(email__in=READERS.values())}
    missing = set(READERS.values()) - set(users)
    if missing:
        raise RuntimeError(f"the demo has no {', '.join(sorted(missing))}")
    return [users[email] for email in READERS.values()]


def _scope_ms(readers: list) -> float:
    from search.access import reader_scope

    timings = []
    for _ in range(10):
        for reader in readers:
            start = time.perf_counter()
            reader_scope(reader)
            timings.append((time.perf_counter() - start) * 1000)
    return round(median(timings), 3)


def run_whoosh(queries: list[Query], readers: list, warmup: int) -> tuple[dict, list[int]]:
    from django.conf import settings

    from search import tasks
    from search.service import search_for

    settings.SEARCH_ENGINE = "search.engines.whoosh.WhooshEngine"
    started = time.perf_counter()
    documents = tasks.rebuild()
    build = time.perf_counter() - started
    logger.info("bench: Whoosh built %s documents in %.1f s", documents, build)

    def ask(reader, query: Query) -> int:
        return search_for(reader, query.text, query.filters).results.total

    figures, totals = time_queries(queries, readers, ask, warmup)
    return {"documents": documents, "build_seconds": round(build, 1), **figures}, totals


def run_postgres(queries: list[Query], readers: list, warmup: int) -> tuple[dict, list[int]]:
    from search import documents as search_documents
    from search.access import reader_scope
    from search.engines.base import SearchQuery
    from search.engines.postgres import PostgresEngine
    from search.service import PER_PAGE, answer

    _migrate_search_tables(SEARCH_PG_ALIAS)
    engine = PostgresEngine(using=SEARCH_PG_ALIAS)
    started = time.perf_counter()
    documents = engine.rebuild(search_documents.every_document())
    build = time.perf_counter() - started
    logger.info("bench: PostgreSQL built %s documents in %.1f s", documents, build)
    scopes = {reader.pk: reader_scope(reader) for reader in readers}

    def ask(reader, query: Query) -> int:
        search = SearchQuery(query.text, scopes[reader.pk], query.filters, 1, PER_PAGE)
        return answer(engine, search).results.total  # as search_for asks (a correction too)

    figures, totals = time_queries(queries, readers, ask, warmup)
    return {"documents": documents, "build_seconds": round(build, 1), **figures}, totals


def run(posts: int, query_count: int, warmup: int, postgres: str | None) -> dict[str, Any]:
    started = time.perf_counter()
    result: dict[str, Any] = {}
    with (
        tempfile.TemporaryDirectory(prefix="lodestar-bench-search-") as tmp,
        contextlib.redirect_stdout(sys.stderr),
        throwaway_postgres(postgres) if postgres else contextlib.nullcontext() as pg_url,
    ):
        if pg_url:
            os.environ[SEARCH_PG_ENV_VAR] = pg_url
        database = Path(tmp) / "search.sqlite3"
        setup_django(database)
        try:
            from django.core.management import call_command

            from forums.models import Community
            from portal.demo.services import seed_demo

            use_database(database)
            call_command("migrate", interactive=False, verbosity=0)
            seeding = time.perf_counter()
            seed_demo(scale=1)
            written = seed_posts(posts, random.Random(SEED))  # noqa: S311
            seed_seconds = time.perf_counter() - seeding
            logger.info("bench: seeded the demo and %s posts in %.1f s", written, seed_seconds)
            communities = list(Community.objects.values_list("forum__name", flat=True))
            queries = build_queries(query_count, random.Random(SEED + 1), communities)  # noqa: S311
            readers = _readers()
            result["whoosh"], whoosh_totals = run_whoosh(queries, readers, warmup)
            if pg_url:
                result["postgresql"], pg_totals = run_postgres(queries, readers, warmup)
                same = sum(a == b for a, b in zip(whoosh_totals, pg_totals, strict=True))
            result["meta"] = {
                "posts": written,
                "queries": len(queries),
                "warmup": warmup,
                "readers": list(READERS),
                "mix": {kind: sum(q.kind == kind for q in queries) for kind in MIX},
                "scope_median_ms": _scope_ms(readers),
                "median_total": median(whoosh_totals),
                "seed_seconds": round(seed_seconds, 1),
                "targets_whoosh": TARGETS,
            }
            if pg_url:
                result["meta"]["same_total_fraction"] = round(same / len(queries), 3)
        finally:
            close_connections()
    result["meta"]["seconds"] = round(time.perf_counter() - started, 1)
    return result


# --- command line -------------------------------------------------------------------------------


def format_table(result: dict[str, Any]) -> str:
    meta = result["meta"]
    lines = [
        f"{meta['queries']} queries by {len(meta['readers'])} readers after {meta['warmup']} "
        f"warm-up, over {meta['posts']:,} posts; whole run {meta['seconds']} s",
        "",
        f"{'engine':<12}{'documents':>11}{'build s':>10}{'median ms':>11}{'p95 ms':>9}"
        f"{'max ms':>9}",
    ]
    engines = [name for name in ("whoosh", "postgresql") if name in result]
    for name in engines:
        figures = result[name]
        lines.append(
            f"{name:<12}{figures['documents']:>11,}{figures['build_seconds']:>10.1f}"
            f"{figures['median_ms']:>11.2f}{figures['p95_ms']:>9.2f}{figures['max_ms']:>9.2f}"
        )
    lines += ["", "median / p95 ms by kind of query:"]
    for kind in MIX:
        cells = "".join(
            f"{result[name]['by_kind'][kind]['median_ms']:>9.2f} /"
            f"{result[name]['by_kind'][kind]['p95_ms']:>8.2f}  "
            for name in engines
            if kind in result[name]["by_kind"]
        )
        lines.append(f"  {kind:<12}{meta['mix'][kind]:>4}  {cells}")
    lines += [
        "",
        f"reader scope (search_for computes it per query): {meta['scope_median_ms']} ms median",
        "targets for Whoosh: build < {build_seconds} s, median < {median_ms} ms, "
        "p95 < {p95_ms} ms".format(**TARGETS),
    ]
    if "same_total_fraction" in meta:
        lines.append(f"queries with the same total in both engines: {meta['same_total_fraction']}")
    return "\n".join(lines)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--posts", type=_positive, default=DEFAULT_POSTS)
    parser.add_argument("--queries", type=_positive, default=DEFAULT_QUERIES)
    parser.add_argument("--warmup", type=int, default=DEFAULT_WARMUP)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("LODESTAR_BENCH_POSTGRES", DEFAULT_POSTGRES),
        help="a PostgreSQL server URL on which to create the throwaway database "
        f"(default {DEFAULT_POSTGRES}, or LODESTAR_BENCH_POSTGRES)",
    )
    parser.add_argument("--skip-postgres", action="store_true", help="time Whoosh only")
    args = parser.parse_args(argv)
    # A terminated run still drops its PostgreSQL database (the `finally` in throwaway_postgres).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    result = run(
        args.posts, args.queries, args.warmup, None if args.skip_postgres else args.postgres
    )
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
