# 政府网站集约化平台 — run `make help` for the targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Workers for the test suite: one per core (the suite builds one database per worker).
TEST_WORKERS ?= $(shell $(PYTHON) -c "import os; print(min(4, os.cpu_count() or 1))")

.DEFAULT_GOAL := help
.PHONY: help demo test test-only install install-dev lint format bench bench-render bench-search bench-search-postgres clean serve-production bench-serving bench-submissions

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## create .venv and install the runtime dependencies

install-dev: $(VENV)/.installed-dev ## install the runtime and test dependencies

demo: install ## install, migrate, seed the demo cluster and serve it on http://www.bj.localhost:$(PORT)/
	$(PY) manage.py migrate --noinput
	CLUSTER_PORT=$(PORT) $(PY) manage.py seed_demo --port $(PORT)
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install-dev test-only ## install everything and run the whole test suite

test-only: ## run the whole test suite with what is installed
	$(PY) -m pytest -n $(TEST_WORKERS) --dist load

lint: install-dev ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev ## apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install-dev ## run the benchmark scripts under bench/
	$(PY) bench/seed_scale_bench.py
	$(PY) bench/page_speed.py

bench-render: install-dev ## uncached home, list and article: queries and CPU at 5 and 100 sites
	$(PY) bench/render_speed.py

bench-search: install-dev ## search benchmark: SQLite FTS5 at 100,000 documents, Whoosh at 20,000
	$(PY) bench/search_bench.py --engine sqlite --sites 100 --pages 1000
	$(PY) bench/search_bench.py --engine whoosh --sites 20 --pages 1000

serve-production: install ## nginx + gunicorn + static-page writer on this machine (DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS, PERSONAL_DATA_KEYS from the environment)
	PY=$(PY) sh deploy/serve_production.sh

bench-serving: install-dev ## nginx static pages vs page-cache hits vs uncached pages, side by side (needs nginx, wrk)
	$(PY) bench/serving.py

bench-submissions: install-dev ## letters per second, 8 clients × 30 s, PostgreSQL (POSTGRES_BENCH_URL, recreated) and SQLite
	$(PY) bench/submission_throughput.py $(if $(POSTGRES_BENCH_URL),--postgres-url $(POSTGRES_BENCH_URL),)

bench-search-postgres: install-dev ## search benchmark of the postgres engine at 100,000 documents (needs DATABASE_URL=postgres://…)
	$(PY) bench/search_bench.py --engine postgres --sites 100 --pages 1000

clean: ## remove the virtualenv and local data
	rm -rf $(VENV) data static_collected
