# Activation Layers: build the course site and test it.
#   make build   build _build/html, executing every chapter against nnh
#   make test    everything CI checks (lint, unit tests, nbval, figures, browser)
# Both create .venv from requirements.lock first.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-from-lock
PYTEST := $(PY) -m pytest

.PHONY: chromium npm venv build rebuild pdf wheel test test-unit test-notebooks test-site lint lint-workflows refresh baselines bench screenshots lock clean help

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
	$(PY) -m tools.build
	$(PY) -m tools.wheel
	$(PY) -m tools.pdf

# The whole book and one PDF per chapter in _build/pdf (made by `make build` too).
pdf: build

wheel: venv
	$(PY) -m tools.wheel

rebuild: venv
	$(PY) -m tools.build --all

lint: venv lint-workflows
	$(PY) -m ruff check .

lint-workflows: venv
	$(VENV)/bin/actionlint .github/workflows/*.yml

test-unit: venv
	$(PYTEST) -n 2 tests --ignore=tests/site

# nbval re-executes every chapter in kernels whose arithmetic rounds otherwise (another OpenBLAS
# kernel, NumPy without SIMD paths: tools/rounding.py), so a stored digit that depends on
# rounding fails here, as it would on another CPU.
test-notebooks: venv
	$(PY) -m tools.rounding pytest -n 2 --dist loadscope --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg book

# Debian's Chromium (PDFs, browser tests) and npm (axe-core, browser tests only): installed with
# apt-get when run as root; otherwise make stops and prints the one command to run (tools/system.py).
chromium:
	@$(PYTHON) -m tools.system chromium

npm:
	@$(PYTHON) -m tools.system npm

# Two workers, a file each at a time (module fixtures such as the page weights are computed once).
test-site: build chromium npm
	$(PYTEST) -n 2 --dist loadfile tests/site

test: chromium lint build test-unit test-notebooks test-site

baselines: venv
	$(PY) tests/test_plotting_images.py

refresh: venv
	$(PY) -m tools.build --refresh

bench: build
	$(PY) -m tools.bench

screenshots: build
	$(PY) -m tools.screenshots

# Re-resolve the lock from pyproject.toml's [dev] extra in a throwaway venv.
lock:
	rm -rf /tmp/nnh-lock-venv && $(PYTHON) -m venv /tmp/nnh-lock-venv
	/tmp/nnh-lock-venv/bin/pip install --quiet -e '.[dev]'
	{ echo "# Exact versions for the build and the tests (Python 3.11, Linux). Regenerate with: make lock"; \
	  /tmp/nnh-lock-venv/bin/pip freeze --exclude-editable | grep -v '^-e'; } > requirements.lock

clean:
	rm -rf _build .pytest_cache .ruff_cache .hypothesis screenshots bench-results
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
