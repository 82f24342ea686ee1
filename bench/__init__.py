"""Page benchmarks: throwaway demo databases, pages timed in-process (see bench/README.md)."""

# bench/harness.py sets it to the throwaway SQLite file; bench/settings.py refuses to load without.
DB_ENV_VAR = "LODESTAR_BENCH_DB"
