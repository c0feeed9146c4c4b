# The two set-up commands: `make demo` and `make test`. Everything else is a helper of theirs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# pyenv keeps each Python under ~/.pyenv/versions: put them on PATH so tox finds 3.11 and 3.12.
export PATH := $(subst $(eval) ,:,$(wildcard $(HOME)/.pyenv/versions/3.1[123]*/bin)):$(PATH)

.PHONY: demo test lint clean loadtest

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/.installed
	$(BIN)/python example_project/manage.py migrate --noinput
	$(BIN)/python example_project/manage.py seed_demo --problems 200 --histories 2000 --users 20
	$(BIN)/python example_project/manage.py runserver 127.0.0.1:8000

test: $(BIN)/.installed
	$(BIN)/tox run

lint: $(BIN)/.installed
	$(BIN)/tox run -e lint

# gunicorn on PostgreSQL (LOADTEST_DATABASE_URL) driven by locust, all on 127.0.0.1; ~3 minutes.
loadtest: $(BIN)/.installed
	$(BIN)/pip install --quiet -e '.[bench]'
	BIN=$(BIN) bash example_project/loadtest/run.sh

clean:
	rm -rf $(VENV) .tox example_project/db.sqlite3
