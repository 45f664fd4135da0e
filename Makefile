# Two commands for a fresh machine (Python 3.11 and the package registries):
#   make demo   install, load the sample articles, print the timeline and its score
#   make test   install, run the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= timeline.duckdb

.PHONY: install demo test clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

demo: install
	$(BIN)/timeline run examples/seeds --db $(DB)
	$(BIN)/timeline show --db $(DB)
	$(BIN)/timeline eval seeds --db $(DB)

test: install
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(DB) $(DB).wal *.egg-info
