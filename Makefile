# make build: set up everything and build every output from policy_data/.
# make test:  set up everything the tests need too, then run the whole test suite.
# make test-fast: the same without the browser, package (wheel/pip) and slow tests.
# Both work on a fresh Debian machine with Python 3.11 (they install what is missing).

# Debian's own python3.11 where it is there (on a fresh Debian machine it is the only one): Debian
# builds it with profile-guided and link-time optimisation, which a python3.11 built by pyenv or
# from source with the default options lacks: the suite's Python processes took 10-18% less CPU
# on it (manual: developers/tests.md).  PYTHON=python3.11 (or any path) chooses another.
PYTHON ?= $(or $(wildcard /usr/bin/python3.11),python3.11)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# WeasyPrint needs Pango; Noto fonts print Latin, Hebrew (Yiddish), Arabic (Urdu) and Bengali.
DEB_BUILD := python3-venv libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-dejavu-core
# Tests drive Debian's Chromium (its headless shell, as Playwright does), read PDFs with
# poppler-utils, move the clock with faketime.
DEB_TEST  := $(DEB_BUILD) chromium-headless-shell poppler-utils faketime
# npm installs the browser-side packages the tests pin (package-lock.json): axe-core, and the
# iframe-worker shim the package vendors (a test compares the two). Building needs no npm. Debian's npm is installed only when no npm
# is on the PATH (a Node.js that ships its own npm would conflict with it).
DEB_NODE  := nodejs npm
NODE_STAMP := node_modules/.installed

.PHONY: build test test-fast check serve desk manual bench clean debs-build debs-test node-packages

build: debs-build $(STAMP)
	$(BIN)/handbook build

# The static checks: the layers and no import cycles (pyproject.toml [tool.importlinter]), lint
# and format ([tool.ruff]), types: strict on core/ and pipeline/, checked everywhere ([tool.mypy]).
CHECKS := "$(BIN)/lint-imports" "$(BIN)/ruff check generator tests bench manual" \
	"$(BIN)/ruff format --check generator tests bench manual" "$(BIN)/mypy"

# --dist loadfile: each test file runs on one worker, so a project its module-scoped fixtures
# build is built once, not once per worker (tests/conftest.py shares the session's build).
# --no-loadscope-reorder: the files run in the order tests/conftest.py puts them in (the long
# ones first), not by their number of tests.
# Three workers on two cores: the suite's tests wait much of their time (browsers typing, pages
# settling, servers polled), so with two workers a third of the CPU sat idle; the third worker
# runs a test in that time (make test WORKERS=2 to compare; tests/timeline.py shows the waits).
WORKERS ?= 3
PYTEST := $(BIN)/python -m pytest -n $(WORKERS) --dist loadfile --no-loadscope-reorder -q

# Python may write bytecode while the tests run, as it does on a machine that does not forbid it
# (PYTHONDONTWRITEBYTECODE): else every process a test starts (the command line, `mkdocs build`,
# serve, the desk) compiles the generator's modules again, 0.4 s each.  The files go to
# __pycache__ folders, which git ignores and the tests' copies of the package leave out.
test test-fast: export PYTHONDONTWRITEBYTECODE :=
# pytest-xdist's controller makes the projects the tests share as the run starts (tests/conftest.py).
test test-fast: export HANDBOOK_TESTS_PREBUILD := 1
# The workers already fill the cores: a command a test runs renders its PDFs in its own process
# rather than starting more (tests/test_print_base.py runs the shared-out path on its own).
test test-fast: export HANDBOOK_JOBS := 1

# The checks run beside the suite (scripts/beside.sh); make fails if any of them or a test fails.
test: debs-test $(STAMP) $(NODE_STAMP)
	scripts/beside.sh $(CHECKS) -- $(PYTEST)

# The markers are registered in pyproject.toml; a test that drives Chromium is marked `browser`
# by tests/conftest.py whatever file it is in.
test-fast: debs-test $(STAMP) $(NODE_STAMP)
	scripts/beside.sh "$(BIN)/lint-imports" -- $(PYTEST) -m "not browser and not package and not slow"

check: $(STAMP)
	$(BIN)/handbook check

# The tool's manual (manual/), into .manual-build/; --strict: a broken link or anchor fails it.
# Its reference pages are generated from the code as it builds (manual/hooks/reference.py).
manual: $(STAMP)
	$(BIN)/mkdocs build --strict -f manual/mkdocs.yml

serve: debs-build $(STAMP)
	$(BIN)/handbook serve

desk: debs-build $(STAMP)
	$(BIN)/handbook desk

debs-build:
	@scripts/debian-packages.sh $(DEB_BUILD)

debs-test:
	@scripts/debian-packages.sh $(DEB_TEST)

# uv installs the locked versions into the venv (3 s where pip took 28 s of a fresh clone's
# `make test`), pip among them; uv itself is installed by pip, at the version below.  The venv is
# made without pip (ensurepip unpacking pip took 2.5 s): where $(PYTHON) has a pip of its own, that
# pip installs uv into the venv (--python, pip 22.3 and later); where it has none (Debian's
# python3.11), the venv gets ensurepip's pip for it.
UV_VERSION := 0.13.9
UV := $(BIN)/uv pip install -q --python $(BIN)/python --compile-bytecode
PIP_UV := install -q --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (set PYTHON=...)" >&2; exit 1; }
	$(PYTHON) -m venv --without-pip --clear $(VENV)
	$(PYTHON) -m pip --python $(BIN)/python $(PIP_UV) 2>/dev/null || \
		{ $(BIN)/python -m ensurepip >/dev/null && $(BIN)/python -m pip $(PIP_UV); }
	$(UV) -r requirements.lock
	$(UV) --no-deps -e .
	touch $@

node-packages: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || scripts/debian-packages.sh $(DEB_NODE)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf build .manual-build .pytest_cache

# Fails (exit 1) when a ratio figure is worse than its target (bench/targets.py); both parts run.
bench: debs-build $(STAMP)
	$(BIN)/python bench/run.py; site=$$?; $(BIN)/python bench/run.py --settings 20; settings=$$?; \
	test $$site -eq 0 -a $$settings -eq 0
