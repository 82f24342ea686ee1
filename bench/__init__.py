"""Page benchmarks: throwaway demo databases, pages timed in-process (see bench/README.md)."""

# bench/harness.py sets it to the throwaway SQLite file; bench/settings.py refuses to load without.
DB_ENV_VAR = "LODESTAR_BENCH_DB"
# bench/search.py names a throwaway PostgreSQL database (a URL) here; bench/settings.py then adds
# it as the SEARCH_PG_ALIAS database, to time the PostgreSQL search engine beside Whoosh.
SEARCH_PG_ENV_VAR = "LODESTAR_BENCH_SEARCH_PG"
SEARCH_PG_ALIAS = "search_pg"
