# Two entry points for a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup run test bench clean chromium dashboard

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	VIRTUAL_ENV=$(VENV) $(BIN)/uv pip install --quiet -e '.[dev,dask]'
	@touch $@

run: setup
	$(BIN)/framing score --out out/scores.csv --evidence out/evidence.csv

test: setup chromium
	$(BIN)/ruff check framing app.py app_pages benchmarks scripts tests
	$(BIN)/python -m pytest -q

# Debian's Chromium drives the dashboard's browser tests (Playwright cannot download a browser here).
chromium:
	bash scripts/install_chromium.sh

dashboard: setup
	$(BIN)/streamlit run app.py

bench: setup
	$(BIN)/python benchmarks/bench_score.py

clean:
	rm -rf $(VENV) out .pytest_cache
