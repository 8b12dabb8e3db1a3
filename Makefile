# Activation Layers: build the course site and test it.
#   make build   build _build/html, executing every chapter against nnh
#   make test    everything CI checks (lint, unit tests, nbval, figures, browser)
# Both create .venv from requirements.lock first.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
LOCKED := $(VENV)/.installed-from-lock
STAMP  := $(VENV)/.nnh-installed
PYTEST := $(PY) -m pytest

.PHONY: chromium venv build rebuild pdf wheel test test-unit test-notebooks test-site lint lint-workflows refresh baselines bench screenshots lock clean help

help:
	@sed -n '1,5p' Makefile

# The venv is made anew whenever the lock changes, so a package dropped from the lock leaves
# with it; every file is checked against the lock's sha256 (--require-hashes).
$(LOCKED): requirements.lock
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps --requirement requirements.lock
	touch $@

# nnh itself, editable, built with the locked setuptools (no download).
$(STAMP): $(LOCKED) pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	touch $@

venv: $(STAMP)

# The site, then nnh's wheel and the PDFs into _build/html/downloads (each skipped when unchanged).
build: venv chromium
	$(PY) tools/build.py
	$(PY) tools/wheel.py
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

# Re-resolve requirements.lock from pyproject.toml (nnh's dependencies and the `dev` dependency
# group) with uv, for every platform and Python >= 3.11, with hashes; pins already in the lock are
# kept unless a requirement forces a change. `make lock UPGRADE=--upgrade` moves to newer releases.
lock: venv
	$(VENV)/bin/uv pip compile pyproject.toml --group pyproject.toml:dev --universal \
	  --generate-hashes --quiet $(UPGRADE) --output-file requirements.lock

clean:
	rm -rf _build .pytest_cache .ruff_cache .hypothesis screenshots bench-results
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
