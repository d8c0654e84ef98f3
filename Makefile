# Briefings: `make site` builds the example site into output/, `make test`
# runs the whole test suite. Both set up .venv/ first (pinned, see
# requirements.txt), reusing it when nothing changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup browser site test eval bench serve clean

# Debian's python3 needs python3-venv for `venv`; install it if we may.
$(STAMP): pyproject.toml requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV) && [ "$$(id -u)" = 0 ] && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && \
	  $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

site: setup
	$(BIN)/briefings build

# The browser tests drive Debian's Chromium (Playwright downloads no browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "Chromium is missing and cannot be installed here: run 'sudo apt-get install chromium'"

test: setup browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# Accuracy on ../shared/data, overall and on the tuning and checking halves
# (benchmarks/halves.py); quotes also on PolNeAR's train split, held out.
eval: setup
	$(BIN)/python -m benchmarks.players
	$(BIN)/python -m benchmarks.quotes --split dev train
	$(BIN)/python -m benchmarks.timex
	$(BIN)/python -m benchmarks.related --players
	$(BIN)/python -m benchmarks.timeline17
	$(BIN)/python -m benchmarks.entities

# Build speed and memory against plain Pelican and spaCy alone (BBC corpus),
# annotation on a two-worker Dask LocalCluster against the local pool, the peak
# memory of one 950,000-character article, and the edit-to-page time under
# briefings serve.
bench: setup
	$(BIN)/python -m benchmarks.bench --scale --cluster
	$(BIN)/python -m benchmarks.memory
	$(BIN)/python -m benchmarks.serve_bench

serve: site
	$(BIN)/briefings serve

clean:
	rm -rf output .cache
