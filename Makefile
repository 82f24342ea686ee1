# Lodestar: `make run` and `make test` are the whole quick start (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# `make run VERBOSITY=1` shows each migration and the seed's and index's reports; by default the
# routine steps are quiet and the demo logins are the last thing printed.
VERBOSITY ?= 0

.PHONY: run test lint bench clean

# Only the dependencies are installed (the project runs from its checkout, never from
# site-packages, so a second checkout can share nothing by accident). The stamps depend on
# pyproject.toml, so a second run skips the install entirely.
DEPS = $(PY) -c 'import sys, tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	print("\n".join(p["dependencies"] + sum((p["optional-dependencies"][x] for x in sys.argv[1:]), [])))'

$(VENV)/.run-stamp: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(DEPS) > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(VENV)/requirements.txt
	touch $@

$(VENV)/.test-stamp: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(DEPS) test > $(VENV)/requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(VENV)/requirements-test.txt
	touch $(VENV)/.run-stamp $@

# The seed runs its side work (Wagtail's reference index) inline rather than queueing hundreds of
# tasks for the worker. `serve` runs the web server and the task worker (db_worker) side by side,
# prints the demo logins once the site answers, and stops both on Ctrl-C.
run: $(VENV)/.run-stamp
	$(PY) manage.py migrate --noinput -v $(VERBOSITY)
	TASK_BACKEND=django_tasks.backends.immediate.ImmediateBackend $(PY) manage.py seed_demo -v $(VERBOSITY)
	$(PY) manage.py rebuild_search_index -v $(VERBOSITY)
	$(PY) manage.py serve $(HOST)

# Browser tests run in their own process: Playwright leaves an event loop running in the main
# thread, which changes how Django keeps connections for every test after it. Both runs spread
# over the machine's cores (pytest-xdist, one test database and temporary folder per worker).
# Tests are handed out one by one in pytest-django's order, so transactional tests (which empty
# every table, migrated rows included, as they end) come last on every worker; handing out
# whole files would run them mid-way. TEST_WORKERS=0 runs everything in this process (debuggers).
TEST_WORKERS ?= auto
test: $(VENV)/.test-stamp
	$(PY) -m pytest -n $(TEST_WORKERS) --ignore=tests/browser $(PYTEST_ARGS)
	$(PY) -m pytest -n $(TEST_WORKERS) tests/browser $(PYTEST_ARGS)

lint: $(VENV)/.test-stamp
	$(VENV)/bin/pre-commit run --all-files

bench: $(VENV)/.test-stamp
	$(PY) bench/pages.py

clean:
	rm -rf $(VENV) var
