# Sen: `make run` installs, migrates, loads demo data and serves; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLACES_CSV ?= ../shared/data/vn-admin-units-2026.csv
export FLASK_APP := webapp

.PHONY: install translations db run test clean

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Sen needs Python 3.11 or newer")'
	@$(PYTHON) -m venv $(VENV) || { echo "Cannot create a virtual environment: run 'apt-get install python3-venv' first."; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(BIN)/.installed translations

translations: $(BIN)/.installed
	$(BIN)/pybabel compile -d translations

db: install
	$(BIN)/flask db upgrade
	$(BIN)/flask setup
	@if [ -f "$(PLACES_CSV)" ]; then $(BIN)/flask places import "$(PLACES_CSV)"; \
	  else echo "No $(PLACES_CSV): only the demo communes are loaded (flask places import FILE.csv later)."; fi
	$(BIN)/flask demo

run: db
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/ruff check webapp tests benchmarks
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) instance .pytest_cache
