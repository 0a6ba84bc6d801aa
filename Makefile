# Two commands do the whole set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for make test (the suite waits on servers and subprocesses as much as it computes)
TEST_WORKERS ?= 2
# make test runs the storage suite on PostgreSQL and the lock suite on Redis too.
export AUTONOMIE_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test
export AUTONOMIE_TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

# Browser tests: Debian's Chromium (root installs it; CI runs as root) and axe-core.
AXE := .cache/axe/node_modules/axe-core/axe.min.js

.PHONY: run test install lint format clean browser-deps cluster-deps bench fuzz cluster bench-cluster kb-check screenshots

install: $(STAMP)

# torch first, from its CPU wheel: otherwise sentence-transformers pulls CUDA builds.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt torch==2.13.0
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	@touch $@

# trains only what is stale; demo data and demo counsellors are created once.
run: install
	$(BIN)/autonomie train
	$(BIN)/autonomie db upgrade
	$(BIN)/autonomie platform seed
	$(BIN)/autonomie console seed-demo
	$(BIN)/autonomie serve --host $(HOST) --port $(PORT)

browser-deps: $(AXE)
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } || \
	  echo "install chromium (apt-get install chromium) for the browser tests" >&2

# HAProxy from Debian's packages, for the two-node cluster (root installs it; CI runs as root).
cluster-deps:
	@command -v haproxy >/dev/null || test -x /usr/sbin/haproxy || { [ "$$(id -u)" = 0 ] && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy; } || \
	  echo "install haproxy (apt-get install haproxy) for the cluster tests" >&2

$(AXE):
	npm install --prefix .cache/axe --no-save --no-package-lock --no-audit --no-fund axe-core@4.14.1

test: install browser-deps cluster-deps
	$(BIN)/lint-imports  # the layers and no cycles (pyproject.toml): CI enforces them
	$(BIN)/autonomie kb check  # every fiche sourced, dated, in review: CI fails otherwise
	$(BIN)/autonomie train  # once, before the workers share the models
	$(BIN)/pytest -q -n $(TEST_WORKERS)

# docs/*.png at 390 and 1280 px, taken by the browser tests that check those pages
SHOTS_TESTS := tests/channels/test_widget_conversation.py tests/channels/test_widget_embed.py \
	tests/console/test_inbox_browser.py tests/console/test_browser.py
screenshots: install browser-deps
	AUTONOMIE_SHOTS=$(CURDIR)/docs AUTONOMIE_TEST_REQUIRE_BROWSER=1 \
	  $(BIN)/pytest -q -n $(TEST_WORKERS) $(SHOTS_TESTS)

# the fiche rules alone (what a counsellor runs after editing a fiche)
kb-check: install
	$(BIN)/autonomie kb check

# the benchmark report (never part of `make test`): var/bench.json and a Markdown table,
# with 300 simulated conversations (turns to book, invariant breaks, slot accuracy).
# BENCH_ARGS="--postgres postgresql://... --requests 500 --seconds 10" to change it.
bench: install
	$(BIN)/autonomie train
	$(BIN)/autonomie bench $(BENCH_ARGS)

# two nodes behind HAProxy (deploy/haproxy.cfg) on PostgreSQL + Redis, until Ctrl-C.
cluster: install cluster-deps
	$(BIN)/autonomie train
	$(BIN)/python -m bot.cluster

# one node against two (each pinned to a core), then a node killed mid-load:
# var/bench-cluster.json and a Markdown table. BENCH_SECONDS=20 per throughput pass.
bench-cluster: install cluster-deps
	$(BIN)/autonomie train
	$(BIN)/python -m bot.cluster_bench

# the fuzz tests (never part of `make test`, which runs a sample): the webhooks' formats
# (hypothesis, 10,000 examples per endpoint; make test runs 200), every operation of
# the OpenAPI specs (schemathesis, 10,000 random cases per operation on the trained models,
# plus its boundary cases; make test runs 8 on the button-payload interpreter), and the
# fuzz bar (1,000 nasty inputs through every public endpoint on the trained models: no
# 5xx, no request over 1 s of CPU, no worker blocked; make test runs 40).
fuzz: install
	AUTONOMIE_FUZZ_EXAMPLES=10000 AUTONOMIE_FUZZ_MODELS=1 AUTONOMIE_FUZZ_BAR=1000 \
	  $(BIN)/pytest -q -s tests/admin/test_fuzz.py tests/admin/test_openapi_fuzz.py \
	  tests/security/test_fuzz_bar.py

# lint-imports: the layers and the no-cycle rule of pyproject.toml (ARCHITECTURE.md)
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check bot channels vocab platform_server platform_api sqlkit tests/platform_server tests/platform_fixtures.py tests/embedded_platform.py tests/bot tests/channels tests/handoff tests/console tests/dialogue tests/conversations tests/admin tests/bench tests/resilience tests/browser.py tests/conftest.py
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format bot channels vocab platform_server platform_api sqlkit tests/platform_server tests/platform_fixtures.py tests/embedded_platform.py tests/bot tests/channels tests/handoff tests/console tests/dialogue tests/conversations tests/admin tests/bench tests/resilience tests/browser.py tests/conftest.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
