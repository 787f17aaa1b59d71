# The two README commands: `make demo` (the main job on the sample corpus) and `make test`.
# Both create .venv with Python 3.11 and install everything they need on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= annotate.db

.PHONY: demo serve test test-fast bench lint setup setup-test clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

setup-test: $(STAMP)
	bash scripts/ensure-chromium.sh
	$(BIN)/annotate studio install

# The main job: sample corpus -> pre-annotations -> local Label Studio with two simulated annotators ->
# pull -> agreement -> gold -> accuracy -> training data; ends with the Label Studio URL and login.
demo: setup
	$(BIN)/annotate demo --simulate --db $(DB)
	$(BIN)/annotate stats --corrections --db $(DB)
	$(BIN)/annotate agreement --db $(DB)
	$(BIN)/annotate adjudicate --strategy annotator:annotator-a@annotate.local --db $(DB)
	$(BIN)/annotate conflicts --limit 3 --db $(DB)
	$(BIN)/annotate evaluate --db $(DB) --report exports/demo-report.html
	$(BIN)/annotate export --format conll --split 80/10/10 --db $(DB) --out exports/demo-conll
	$(BIN)/annotate studio status
	@echo "Dashboard: $(BIN)/annotate serve --db $(DB)  (then open http://127.0.0.1:8765/)"

serve: setup
	$(BIN)/annotate serve --db $(DB)

test: setup-test
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not labelstudio and not browser and not slow"

bench: setup
	$(BIN)/python bench/run_all.py

lint: setup
	$(BIN)/ruff check annotate tests bench
	$(BIN)/mypy annotate

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
