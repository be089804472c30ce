# make book and make test (README.md), and the maintainers' targets (CONTRIBUTING.md), all run from .venv.

PYTHON ?= $(or $(shell command -v python3.11 2>/dev/null),python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EDITOR := .venv-editor/.installed
PIP    := -m pip install --quiet --disable-pip-version-check
EDIT   := --no-deps --no-build-isolation -e .
LOCK   := .venv-editor/bin/uv pip compile pyproject.toml --python-version 3.11.7 -q
# Each build starts some twenty Python processes: let them keep their compiled modules.
unexport PYTHONDONTWRITEBYTECODE
PDF    ?= auto
WITH_PDF := $(if $(filter auto,$(PDF)),$(if $(wildcard /usr/bin/chromium),yes,no),$(PDF))
# Every input of the book: make rebuilds only when one of them is newer than the last build.
INPUTS := $(shell find book data src/helpers releases -type f ! -path '*/__pycache__/*' 2>/dev/null) \
          _config.yml _toc.yml requirements.txt pyproject.toml CITATION.cff tools/build.py tools/prefill.py tools/pdf.py

.PHONY: book pdf test check lint validate execute lab bench weight lock release clean FORCE

# The book in _build/html (and its PDF when Debian's chromium is there), built only if an input changed.
book: _build/.book
	@echo "The book in _build/html is up to date."

_build/.book: $(STAMP) $(INPUTS) _build/.settings
	$(BIN)/python -m tools.build --pdf $(PDF)
	@touch $@

# What the book depends on beside its files: the commit and any uncommitted change (the provenance page shows
# them) and whether it has a PDF edition. Rewritten only when one of them changes.
_build/.settings: FORCE
	@mkdir -p _build; now=$$({ git rev-parse HEAD; git status --porcelain --untracked-files=no; echo $(WITH_PDF); } \
	  2>/dev/null | sha256sum); [ "$$now" = "$$(cat $@ 2>/dev/null)" ] || echo "$$now" > $@

# The book and its PDF edition; fails without Debian's chromium.
pdf: $(STAMP)
	$(BIN)/python -m tools.build --pdf yes

# Every test: the fast ones, the tests of the built book, of whole builds and of the browser, and nbval.
test: book
	@start=$$(date +%s); $(BIN)/python -m pytest tests book --nbval -n 2 --dist loadfile --no-loadscope-reorder \
	  --durations=8; status=$$?; echo "make test: the tests took $$(( $$(date +%s) - start )) s"; exit $$status
# The fast tests (unit, data and bad-input) and the linter, with no build, browser or notebook.
check: $(STAMP) lint
	@start=$$(date +%s); $(BIN)/python -m pytest tests -m "not slow" -n 2 --dist loadfile -q; status=$$?; \
	echo "make check: the tests took $$(( $$(date +%s) - start )) s"; exit $$status

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
validate: $(STAMP)
	$(BIN)/python -m helpers validate
# Re-executes the notebooks in place; commit them, since their saved outputs are nbval's baseline.
execute: $(STAMP)
	$(BIN)/python -m tools.execute book/*.ipynb
lab: $(EDITOR)
	.venv-editor/bin/jupyter lab book
bench: $(STAMP)  # build times against Jupyter Book's own template, written to BENCHMARKS.md
	$(BIN)/python -m tools.bench
weight: book  # the bytes each page loads, and each figure's size
	$(BIN)/python -m tools.page_weight _build/html
# The pins, from the dependencies that pyproject.toml declares by purpose: requirements.txt for the book and
# the tests (what make book installs), requirements-editor.txt with the editor's too; environment.yml follows.
lock: $(EDITOR)
	$(LOCK) --extra book --extra test -o requirements.txt
	$(LOCK) --all-extras -c requirements.txt -o requirements-editor.txt
	$(PYTHON) -m tools.environment requirements.txt > environment.yml
release: $(STAMP)
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=x.y.z" >&2; exit 2; }
	$(BIN)/python -m tools.release $(VERSION)

# JupyterLab and uv in an environment of their own: in the book's, they would slow every build (CONTRIBUTING.md).
$(EDITOR): requirements-editor.txt pyproject.toml
	test -x .venv-editor/bin/python || $(PYTHON) -m venv .venv-editor
	.venv-editor/bin/python $(PIP) -r requirements-editor.txt && .venv-editor/bin/python $(PIP) $(EDIT) && touch $@
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python $(PIP) -r requirements.txt && $(BIN)/python $(PIP) $(EDIT) && touch $@
clean:
	rm -rf _build .jupyter_cache .pytest_cache
	find . \( -path ./$(VENV) -o -path ./.venv-editor \) -prune -o -name __pycache__ -type d -exec rm -rf {} +
