# Two entry points for a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
UV     := $(shell command -v uv 2>/dev/null)

.PHONY: setup run test bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(UV)" ]; then $(PYTHON) -m pip install --quiet --disable-pip-version-check uv; fi
	uv venv --quiet --allow-existing --python $(PYTHON) $(VENV)
	VIRTUAL_ENV=$(VENV) uv pip install --quiet -e '.[dev,dask]'
	@touch $@

run: setup
	$(BIN)/framing score --out out/scores.csv --evidence out/evidence.csv

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/bench_score.py

clean:
	rm -rf $(VENV) out .pytest_cache
