# Two commands do the whole set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# make test runs the storage suite on PostgreSQL and the lock suite on Redis too.
export AUTONOMIE_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test
export AUTONOMIE_TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test install lint format clean

install: $(STAMP)

# torch first, from its CPU wheel: otherwise sentence-transformers pulls CUDA builds.
$(STAMP): pyproject.toml setup.py constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt torch==2.13.0
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	@touch $@

run: install
	$(BIN)/autonomie db upgrade
	$(BIN)/autonomie serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest -q

lint: install
	@mkdir -p .mypy-path
	@ln -sfn ../bot .mypy-path/autonomie_bot; ln -sfn ../nlu .mypy-path/autonomie_nlu
	@ln -sfn ../knowledge .mypy-path/autonomie_knowledge; ln -sfn ../channels .mypy-path/autonomie_channels
	$(BIN)/ruff check .
	$(BIN)/ruff format --check bot channels tests/bot tests/conftest.py
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format bot channels tests/bot tests/conftest.py

clean:
	rm -rf $(VENV) .mypy-path .pytest_cache .ruff_cache .mypy_cache
