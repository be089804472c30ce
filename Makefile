# The two commands of the README: `make book` and `make test`.
# Everything runs from .venv, which the first target creates from requirements.txt.

# python3.11 where it has that name, else python3 (which must then be 3.11).
PYTHON ?= $(or $(shell command -v python3.11 2>/dev/null),python3)
VENV   := .venv
BIN    := $(VENV)/bin
# The stamp records that .venv holds exactly requirements.txt and the package;
# it is older than either file when they change, so set-up re-runs only then.
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(wildcard book/*.ipynb)
# jupyter-cache keys on a notebook's code alone, so a change to the data or to the helpers
# (or to the pinned packages) would leave old outputs in the cache. The book target compares this hash with the last
# build's and, when it differs, drops the cache and the parsed pages before building.
# It drops the search index too: Sphinx merges a new index into the old one, and a word
# that the data no longer hold would stay in it with no page (search would differ from a cold build).
INPUTS_HASH = $(shell cat requirements.txt $$(find data src/helpers -type f \( -name '*.csv' -o -name '*.json' -o -name '*.bib' -o -name '*.py' \) | LC_ALL=C sort) | sha256sum | cut -c1-64)

.PHONY: book pdf print-pdf weight bench test validate execute lab clean setup environment release

# The PDF edition is printed by Debian's chromium: make book prints it when chromium is installed
# (PDF=auto), and the landing page links it only then, so the link is never dead. PDF=no skips it.
PDF ?= auto
WITH_PDF = $(if $(filter auto,$(PDF)),$(shell $(BIN)/python -c "from helpers.pdf import chromium; print('no' if chromium() is None else 'yes')" 2>/dev/null || echo no),$(PDF))
PDF_FILE := _build/html/residual-pain-review.pdf

book: $(STAMP)
	@mkdir -p _build
	@if [ "$$(cat _build/.inputs-sha256 2>/dev/null)" != "$(INPUTS_HASH)" ]; then \
	  echo "data/ or src/helpers/ changed since the last build: re-executing every notebook"; \
	  rm -rf _build/.jupyter_cache _build/.doctrees _build/jupyter_execute _build/html/searchindex.js; \
	  echo "$(INPUTS_HASH)" > _build/.inputs-sha256; fi
	@$(MAKE) --no-print-directory _build/.prefilled
	EDITION_PDF=$(WITH_PDF) $(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going
	@if [ "$(WITH_PDF)" = yes ]; then $(MAKE) --no-print-directory print-pdf; \
	else rm -f $(PDF_FILE); echo "No PDF edition (PDF=$(PDF)): it needs Debian's chromium (apt-get install chromium)"; fi

# Jupyter Book executes notebooks one at a time; fill its cache with one kernel per core first.
# Only when a notebook, or the inputs' hash (and with it the cache), changed since the last fill.
_build/.prefilled: $(NOTEBOOKS) _build/.inputs-sha256
	$(BIN)/python -m helpers prefill _build/.jupyter_cache $(NOTEBOOKS)
	@touch $@

# The PDF edition alone: fails without chromium.
pdf:
	@$(MAKE) --no-print-directory book PDF=yes

# The single-page build, printed into the HTML build; reprinted only when a page has changed.
print-pdf:
	@if [ -f $(PDF_FILE) ] && [ -z "$$(find _build/html/book -name '*.html' -newer $(PDF_FILE))" ]; then \
	  echo "$(PDF_FILE) is up to date"; \
	else \
	  EDITION_PDF=yes $(BIN)/jupyter-book build . --builder singlehtml --warningiserror --nitpick --keep-going && \
	  $(BIN)/python -m helpers pdf _build/singlehtml $(PDF_FILE); fi

# The bytes each page loads, and the size of each figure (none may exceed 200 KB).
weight: book
	$(BIN)/python -m helpers weight _build/html

# Build times against Jupyter Book's own template; prints the ratios and writes BENCHMARKS.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# Every test: unit, data and bad-input tests, tests of the built book, and nbval, which
# re-executes each notebook and compares it with the outputs committed in book/.
test: book
	@start=$$(date +%s); \
	$(BIN)/python -m pytest tests book --nbval -n 2 --dist loadfile; status=$$?; \
	echo "make test: the tests took $$(( $$(date +%s) - start )) s"; exit $$status

validate: $(STAMP)
	$(BIN)/python -m helpers validate

# Re-executes the notebooks in place: run after changing data/ or a notebook, then commit
# them, since their saved outputs are what nbval compares against.
execute: $(STAMP)
	$(BIN)/python -m helpers execute $(NOTEBOOKS)

# Opens the notebooks in JupyterLab; each runs top to bottom from any working directory.
lab: $(STAMP)
	$(BIN)/jupyter lab book

setup: $(STAMP)

# make release VERSION=x.y.z: refuses a dirty tree; bumps pyproject.toml, CITATION.cff and
# .zenodo.json, dates the changelog's Unreleased section, commits and tags vx.y.z.
release: $(STAMP)
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=x.y.z" >&2; exit 2; }
	$(BIN)/python -m helpers release $(VERSION)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Removes every build output and execution cache; keeps .venv.
clean:
	rm -rf _build .jupyter_cache .pytest_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

# environment.yml repeats requirements.txt for conda users; run this after changing a pin.
environment:
	{ printf '%s\n' '# Generated from requirements.txt by `make environment`; do not edit by hand.' \
	    'name: residual-pain-review' 'channels:' '  - conda-forge' 'dependencies:' \
	    '  - python=3.11' '  - pip' '  - pip:'; \
	  sed -n 's/^\([A-Za-z0-9._-]*==[^ ]*\).*/      - \1/p' requirements.txt; \
	  printf '%s\n' '      - --editable .'; } > environment.yml
