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

.PHONY: run-in-page serve chromium node npm java venv build rebuild pdf wheel test test-unit test-notebooks test-site lint lint-workflows refresh baselines bench screenshots lock clean help

help:
	@sed -n '1,5p' Makefile

# The venv is made anew whenever the lock changes, so a package dropped from the lock leaves
# with it; every file is checked against the lock's sha256 (--require-hashes). pip installs
# only the lock's uv (its own lines of the lock, hashes included); uv, about 15 times faster
# than pip, then installs the whole lock with the same hash check, compiled to bytecode as pip
# does (else the first processes of every later step compile it, each for itself).
UV := $(VENV)/bin/uv
UV_PIP := $(UV) pip install --quiet --python $(PY) --no-deps

$(LOCKED): requirements.lock
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	sed -n '/^uv==/,/[^\\]$$/p' requirements.lock > $(VENV)/uv-requirement.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps --requirement $(VENV)/uv-requirement.txt
	$(UV_PIP) --compile-bytecode --require-hashes --requirement requirements.lock
	touch $@

# nnh and the site's extensions (book/_ext: registers its myst-nb render plugin), editable,
# built with the locked setuptools (no build isolation: no download).
$(STAMP): $(LOCKED) pyproject.toml book/_ext/pyproject.toml
	$(UV_PIP) --no-build-isolation --editable . --editable book/_ext
	touch $@

venv: $(STAMP)

# The site, then nnh's wheel, the in-page Python (Pyodide and the editor, from npm) and the PDFs
# into _build/html (each skipped when unchanged).
build: venv chromium node npm
	$(PY) -m tools.build
	$(PY) -m tools.wheel
	$(PY) -m tools.run_in_page
	$(PY) -m tools.pdf

# The whole book and one PDF per chapter in _build/pdf (made by `make build` too).
pdf: build

wheel: venv
	$(PY) -m tools.wheel

rebuild: venv node
	$(PY) -m tools.build --all

# ruff over everything; mypy over nnh, which ships py.typed (settings in pyproject.toml);
# ESLint over the site's own JavaScript (tools/js_lint.py, pinned in tools/eslint/).
lint: venv npm lint-workflows
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m tools.js_lint

lint-workflows: venv
	$(VENV)/bin/actionlint .github/workflows/*.yml

# Two workers; one that runs out of tests takes half of the other's queue (worksteal), so both
# finish together although a few tests (real builds, kernels) take far longer than the rest.
# The 15 test phases that used the most CPU time are listed at the end (tests/conftest.py).
test-unit: venv node
	$(PYTEST) -n 2 --dist worksteal --cpu-durations=15 tests --ignore=tests/site

# nbval re-executes every chapter in kernels whose arithmetic rounds otherwise (another OpenBLAS
# kernel, NumPy without SIMD paths: tools/rounding.py), so a stored digit that depends on
# rounding fails here, as it would on another CPU.
test-notebooks: venv
	$(PY) -m tools.rounding pytest -n 2 --dist loadscope --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg book

# Debian's Chromium (PDFs, browser tests), Node.js (MathJax typesets the formulas in every
# build), npm (the in-page editor's bundle, axe-core) and Java (vnu.jar, browser tests only):
# installed with apt-get when run as root; otherwise make stops and prints the one command to
# run (tools/system.py).
chromium:
	@$(PYTHON) -m tools.system chromium

node:
	@$(PYTHON) -m tools.system node

npm:
	@$(PYTHON) -m tools.system npm

java:
	@$(PYTHON) -m tools.system java

# Two workers, a file each at a time (module fixtures such as the page weights are computed once).
test-site: build chromium npm java
	$(PYTEST) -n 2 --dist loadfile --no-loadscope-reorder tests/site

test: chromium lint build test-unit test-notebooks test-site

baselines: venv
	$(PY) tests/test_plotting_images.py

refresh: venv node
	$(PY) -m tools.build --refresh

bench: build
	$(PY) -m tools.bench

screenshots: build
	$(PY) -m tools.screenshots

# Re-resolve requirements.lock from pyproject.toml (nnh's dependencies and the `dev` dependency
# group) with uv, for every platform and Python >= 3.11, with hashes; pins already in the lock are
# kept unless a requirement forces a change. `make lock UPGRADE=--upgrade` moves to newer releases.
lock: venv
	$(VENV)/bin/uv pip compile pyproject.toml --group pyproject.toml:dev --universal \
	  --generate-hashes --quiet $(UPGRADE) --output-file requirements.lock

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

run-in-page: venv npm
	$(PY) -m tools.wheel
	$(PY) -m tools.run_in_page

serve:
	@test -f _build/html/index.html || { echo "No built site: run make build first" >&2; exit 1; }
	@echo "Serving the course on http://localhost:$(PORT)/ (Ctrl-C stops)"
	$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html
