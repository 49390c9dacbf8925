# Two commands on a fresh Debian/Ubuntu machine: `make run` and `make test`.
# Both bootstrap: system packages (when root), the .venv, the project with its extras.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_RUN := libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
	fonts-dejavu-core libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 \
	libxcb-shape0 libxcb-xkb1 python3-venv
APT_TEST := $(APT_RUN) poppler-utils libreoffice-calc postgresql-15

.PHONY: run test lint typecheck pytest bootstrap-run bootstrap-test dist bench clean

run: bootstrap-run
	$(BIN)/fundtracker

test: bootstrap-test lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check fundtracker tests benchmarks
	$(BIN)/ruff format --check fundtracker tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q $(PYTEST_ARGS)

bootstrap-run:
	@APT_PACKAGES="$(APT_RUN)" sh tools/bootstrap-system.sh
	@$(MAKE) --no-print-directory $(STAMP)

bootstrap-test:
	@APT_PACKAGES="$(APT_TEST)" sh tools/bootstrap-system.sh
	@sh tools/test-postgres.sh
	@$(MAKE) --no-print-directory $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,postgres,dist]'
	touch $(STAMP)

dist: bootstrap-test
	$(BIN)/pyinstaller --noconfirm --clean build.spec
	QT_QPA_PLATFORM=offscreen dist/fundtracker/fundtracker --self-test

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
