# Activation Layers: build the course site and test it.
#   make build   build _build/html, executing every chapter against nnh
#   make test    everything CI checks (lint, unit tests, nbval, figures, browser)
# Both create .venv from requirements.lock first.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-from-lock
PYTEST := $(PY) -m pytest

.PHONY: run-in-page serve chromium venv build rebuild pdf wheel test test-unit test-notebooks test-site lint lint-workflows refresh baselines bench screenshots lock clean help

help:
	@sed -n '1,5p' Makefile

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(PY) -m pip install --quiet --disable-pip-version-check --requirement requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --editable .
	touch $@

venv: $(STAMP)

# The site, then nnh's wheel and the PDFs into _build/html/downloads (each skipped when unchanged).
build: venv chromium
	$(PY) tools/build.py
	$(PY) tools/wheel.py
	$(PY) tools/run_in_page.py
	$(PY) tools/pdf.py

# The whole book and one PDF per chapter in _build/pdf (made by `make build` too).
pdf: build

wheel: venv
	$(PY) tools/wheel.py

rebuild: venv
	$(PY) tools/build.py --all

lint: venv lint-workflows
	$(PY) -m ruff check .

lint-workflows: venv
	$(VENV)/bin/actionlint .github/workflows/*.yml

test-unit: venv
	$(PYTEST) -n 2 tests --ignore=tests/site

test-notebooks: venv
	$(PYTEST) -n 2 --dist loadscope --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:randomly book

# Debian's Chromium for the browser tests: installed with apt-get when run as root.
chromium:
	@tools/ensure_chromium.sh

test-site: build chromium
	$(PYTEST) tests/site

test: chromium lint build test-unit test-notebooks test-site

baselines: venv
	$(PY) tests/test_plotting_images.py

refresh: venv
	$(PY) tools/build.py --refresh

bench: build
	$(PY) tools/bench.py

screenshots: build
	$(PY) tools/screenshots.py

# Re-resolve the lock from pyproject.toml's [dev] extra in a throwaway venv.
lock:
	rm -rf /tmp/nnh-lock-venv && $(PYTHON) -m venv /tmp/nnh-lock-venv
	/tmp/nnh-lock-venv/bin/pip install --quiet -e '.[dev]'
	{ echo "# Exact versions for the build and the tests (Python 3.11, Linux). Regenerate with: make lock"; \
	  /tmp/nnh-lock-venv/bin/pip freeze --exclude-editable | grep -v '^-e'; } > requirements.lock

clean:
	rm -rf _build .pytest_cache .ruff_cache .hypothesis screenshots bench-results
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +

# --- Run it in the page (issue 21) ---------------------------------------------------------
# Pyodide (npm), its NumPy/matplotlib wheels (the mirror NNH_PYODIDE_MIRROR, else
# ../shared/pyodide/<version>, else Pyodide's release; each checked against the lock), nnh's
# wheel and the CodeMirror bundle (npm ci + esbuild in runner/) into _build/html/_static/.
# `make build` runs this step; `make serve` serves the site on localhost (Pyodide cannot
# load from file://).
PORT ?= 8000

run-in-page: venv
	$(PY) tools/wheel.py
	$(PY) tools/run_in_page.py

serve:
	@test -f _build/html/index.html || { echo "No built site: run make build first" >&2; exit 1; }
	@echo "Serving the course on http://localhost:$(PORT)/ (Ctrl-C stops)"
	$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html
