# Two commands do all the set-up on a fresh clone: `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_ENV := NORMBOOK_DEMO=1

.PHONY: serve test test-fast lint fmt install install-dev browser-deps clean messages bench lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs follow requirements.lock (every dependency's exact version); `make lock` renews it.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Install, migrate, load the fictional demo data and serve on http://127.0.0.1:8000 (SQLite), with a
## worker for background jobs (stopped with the server).
serve: install
	$(DEMO_ENV) $(BIN)/normbook db upgrade
	$(DEMO_ENV) $(BIN)/normbook demo
	$(DEMO_ENV) $(BIN)/normbook worker & worker=$$!; \
	trap 'kill $$worker' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/normbook serve --host 127.0.0.1 --port 8000

## Install everything the tests need and run the whole suite (SQLite unless DATABASE_URL says otherwise).
test: install-dev browser-deps
	$(BIN)/python -m pytest -n 2 --dist loadfile

browser-deps:
	./scripts/install-browser-deps

## The load benchmark at 100,000 practices (bench/README.md); wrk comes from Debian (apt-get install wrk).
bench: install
	$(BIN)/pip install --quiet -c requirements.lock -e '.[bench]'
	$(BIN)/python -m bench

## Resolve every dependency (with the dev and bench extras) to exact versions in requirements.lock.
lock: | $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --extra dev --extra bench --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock pyproject.toml

## Ruff, the import layers and mypy (strict on norms, submissions and synthesis; see pyproject.toml).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

fmt: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Extract the web interface strings and merge them into the French catalogue (then translate the new entries).
messages: install-dev
	mkdir -p var
	$(BIN)/pybabel extract -F web/babel.cfg -k N_ --no-location --sort-output -o var/messages.pot .
	$(BIN)/pybabel update -i var/messages.pot -d web/locale -l fr -w 100 --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) var build *.egg-info
