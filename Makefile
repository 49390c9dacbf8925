# Two commands on a fresh Debian/Ubuntu machine: `make run` and `make test`.
# Both bootstrap: system packages (when root), the .venv, the project with its extras.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
# Quiet and warning-free: no pip self-upgrade, and the "compat" editable mode (a plain .pth
# path) instead of setuptools' import-hook mode, which prints a boxed warning on every install.
PIP_INSTALL := $(BIN)/python -m pip install -q --disable-pip-version-check \
	--config-settings editable_mode=compat
APT_RUN := libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
	fonts-dejavu-core libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 \
	libxcb-shape0 libxcb-xkb1 python3-venv libenchant-2-2 hunspell-en-us
APT_TEST := $(APT_RUN) poppler-utils libreoffice-calc postgresql-15

.PHONY: run test lint typecheck pytest bootstrap-run bootstrap-test dist bench clean

run: bootstrap-run
	$(BIN)/fundtracker

test: bootstrap-test lint typecheck pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check fundtracker tests benchmarks
	$(BIN)/ruff format --check fundtracker tests benchmarks

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

pytest: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q $(PYTEST_ARGS)

bootstrap-run:
	@APT_PACKAGES="$(APT_RUN)" sh tools/bootstrap-system.sh
	@$(MAKE) --no-print-directory $(RUN_STAMP)

bootstrap-test:
	@APT_PACKAGES="$(APT_TEST)" sh tools/bootstrap-system.sh
	@sh tools/test-postgres.sh
	@$(MAKE) --no-print-directory $(TEST_STAMP)

# `make run` installs only what the app needs; `make test` adds the test and packaging extras.
$(RUN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -e .
	touch $(RUN_STAMP)

$(TEST_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -e '.[test,postgres,dist]'
	touch $(RUN_STAMP) $(TEST_STAMP)

dist: bootstrap-test
	$(BIN)/pyinstaller --noconfirm --clean build.spec
	QT_QPA_PLATFORM=offscreen dist/fundtracker/fundtracker --self-test

# Every benchmark, then their headline figures (each with its target) as one table.
bench: $(TEST_STAMP)
	@rows=$$(mktemp); trap 'rm -f $$rows' EXIT; \
	for b in benchmarks/bench_*.py; do FUNDTRACKER_BENCH_ROWS=$$rows $(BIN)/python $$b || echo "$$b: exit $$?"; done; \
	echo; $(BIN)/python benchmarks/table.py $$rows

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
