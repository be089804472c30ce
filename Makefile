# The two commands of the README: `make book` and `make test`.
# Everything runs from .venv, which the first target creates from requirements.txt.

# python3.11 where it has that name, else python3 (which must then be 3.11).
PYTHON ?= $(or $(shell command -v python3.11 2>/dev/null),python3)
VENV   := .venv
# Each build starts some twenty Python processes (kernels, workers, Sphinx) that import the package:
# let Python keep its compiled modules, even where the environment asks it not to.
unexport PYTHONDONTWRITEBYTECODE
BIN    := $(VENV)/bin
# The stamp records that .venv holds exactly requirements.txt and the package;
# it is older than either file when they change, so set-up re-runs only then.
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(wildcard book/*.ipynb)
# jupyter-cache keys on a notebook's code alone, so a change to the data or to the helpers (or to
# the pinned packages, or to the stored releases) would leave old outputs in the cache. So each set
# of inputs has an execution cache of its own, _build/.caches/<hash of the inputs>, which
# _build/.jupyter_cache points to: changed inputs start from an empty cache, and inputs that come
# back (a study added, then removed) find their notebooks executed. When the inputs change, the
# parsed pages are dropped too, and the search index, which Sphinx would otherwise merge into the
# old one, keeping words that the data no longer hold.
INPUTS_HASH = $(shell cat requirements.txt $$(find data src/helpers releases -type f \( -name '*.csv' -o -name '*.json' -o -name '*.bib' -o -name '*.py' \) | LC_ALL=C sort) | sha256sum | cut -c1-64)
# Sphinx reads the configuration, and copies the book's own styles, scripts and templates, only
# when a page has changed: a change to those alone makes every page be read again.
PAGES_HASH = $(shell cat _config.yml _toc.yml $$(find book/_static book/_templates -type f | LC_ALL=C sort) | sha256sum | cut -c1-64)
CACHES := _build/.caches
# What makes Sphinx read every page again: its parsed pages gone, and the search index with them.
READ_EVERY_PAGE := rm -rf _build/.doctrees _build/html/searchindex.js

.PHONY: book pdf print-pdf weight bench check test validate execute lab clean setup environment release

# The PDF edition is printed by Debian's chromium: make book prints it when chromium is installed
# (PDF=auto), and the landing page links it only then, so the link is never dead. PDF=no skips it.
PDF ?= auto
WITH_PDF = $(if $(filter auto,$(PDF)),$(shell $(BIN)/python -c "from tools.pdf import chromium; print('no' if chromium() is None else 'yes')" 2>/dev/null || echo no),$(PDF))
PDF_FILE := _build/html/residual-pain-review.pdf

book: $(STAMP)
	@# Validate the data once, before any kernel starts: a data error stops here with the
	@# validator's message, and the kernels then load the validated data without the validator.
	@$(BIN)/python -m helpers validate --if-changed
	@mkdir -p _build
	@# A build that did not finish (interrupted or failed) may have written some pages and not
	@# others, while Sphinx's record says all are up to date: then every page is read again.
	@if [ -e _build/.building ]; then $(READ_EVERY_PAGE); fi
	@if [ "$$(cat _build/.pages-sha256 2>/dev/null)" != "$(PAGES_HASH)" ]; then \
	  if [ -e _build/.pages-sha256 ]; then \
	    echo "the configuration, or the book's styles, scripts or templates changed: every page is read again"; fi; \
	  $(READ_EVERY_PAGE); echo "$(PAGES_HASH)" > _build/.pages-sha256; fi
	@if [ "$$(cat _build/.inputs-sha256 2>/dev/null)" != "$(INPUTS_HASH)" ]; then \
	  if [ -e _build/.inputs-sha256 ]; then \
	    echo "data/, src/helpers/, releases/ or the pins changed since the last build: every page is read again," \
	         "and every notebook runs again unless the execution cache of these inputs holds it"; fi; \
	  $(READ_EVERY_PAGE); rm -rf _build/jupyter_execute _build/.jupyter_cache; \
	  mkdir -p $(CACHES)/$(INPUTS_HASH) && ln -sfn .caches/$(INPUTS_HASH) _build/.jupyter_cache; \
	  ls -1t $(CACHES) | tail -n +6 | sed 's|^|$(CACHES)/|' | xargs -r rm -rf; \
	  echo "$(INPUTS_HASH)" > _build/.inputs-sha256; fi
	@touch _build/.building
	@$(MAKE) --no-print-directory _build/.prefilled
	EDITION_PDF=$(WITH_PDF) $(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going
	@rm -f _build/.building
	@if [ "$(WITH_PDF)" = yes ]; then $(MAKE) --no-print-directory print-pdf; \
	elif [ "$(PDF)" = no ]; then rm -f $(PDF_FILE); echo "No PDF edition: PDF=no"; \
	else rm -f $(PDF_FILE); echo "No PDF edition: it needs Debian's chromium (apt-get install chromium)"; fi

# Jupyter Book executes notebooks one at a time; fill its cache with one kernel per core first.
# Only when a notebook, or the inputs' hash (and with it the cache), changed since the last fill.
# Each notebook's run time goes to _build/execution-times.csv, outside the published pages.
_build/.prefilled: $(NOTEBOOKS) _build/.inputs-sha256
	$(BIN)/python -m tools.prefill _build/.jupyter_cache $(NOTEBOOKS)
	@touch $@

# The PDF edition alone: fails without chromium.
pdf:
	@$(MAKE) --no-print-directory book PDF=yes

# The single-page build, printed into the HTML build. The PDF is a function of the book's inputs
# (which hold the extension that builds the single page), its configuration, its pages and their
# styles, and the printing tool; so each version of those keeps its PDF in _build/.pdfs/<hash>:
# pages that come back (a study added, then removed) find theirs printed. The last 3 are kept.
PDF_INPUTS = $(shell { echo $(INPUTS_HASH); cat _config.yml _toc.yml tools/pdf.py \
                 $$(find _build/html/book _build/html/_static -name '*.html' -o -name '*.css' | LC_ALL=C sort); } \
                 2>/dev/null | sha256sum | cut -c1-64)
print-pdf:
	@hash=$(PDF_INPUTS); \
	if [ -f _build/.pdfs/$$hash.pdf ]; then \
	  cp _build/.pdfs/$$hash.pdf $(PDF_FILE); echo "$(PDF_FILE): printed before from these very pages"; \
	else \
	  EDITION_PDF=yes $(BIN)/jupyter-book build . --builder singlehtml --warningiserror --nitpick --keep-going && \
	  $(BIN)/python -m tools.pdf _build/singlehtml $(PDF_FILE) && mkdir -p _build/.pdfs && \
	  cp $(PDF_FILE) _build/.pdfs/$$hash.pdf && ls -1t _build/.pdfs | tail -n +4 | sed 's|^|_build/.pdfs/|' | xargs -r rm -f; fi

# The bytes each page loads, and the size of each figure (none may exceed 200 KB).
weight: book
	$(BIN)/python -m tools.page_weight _build/html

# Build times against Jupyter Book's own template; prints the ratios and writes BENCHMARKS.md.
bench: $(STAMP)
	$(BIN)/python -m tools.bench

# The fast tests: unit, data and bad-input tests, in seconds, with no build, browser or notebook.
check: $(STAMP)
	@start=$$(date +%s); \
	$(BIN)/python -m pytest tests -m "not slow" -n 2 --dist loadfile -q; status=$$?; \
	echo "make check: the tests took $$(( $$(date +%s) - start )) s"; exit $$status

# Every test: the fast ones, the tests of the built book and of whole builds (marked slow), and
# nbval, which re-executes each notebook and compares it with the outputs committed in book/.
test: book
	@start=$$(date +%s); \
	$(BIN)/python -m pytest tests book --nbval -n 2 --dist loadfile --no-loadscope-reorder --durations=8; status=$$?; \
	echo "make test: the tests took $$(( $$(date +%s) - start )) s"; exit $$status

validate: $(STAMP)
	$(BIN)/python -m helpers validate

# Re-executes the notebooks in place: run after changing data/ or a notebook, then commit
# them, since their saved outputs are what nbval compares against.
execute: $(STAMP)
	$(BIN)/python -m tools.execute $(NOTEBOOKS)

# Opens the notebooks in JupyterLab; each runs top to bottom from any working directory.
lab: $(STAMP)
	$(BIN)/jupyter lab book

setup: $(STAMP)

# make release VERSION=x.y.z: refuses a dirty tree; bumps pyproject.toml, CITATION.cff and
# .zenodo.json, dates the changelog's Unreleased section, commits and tags vx.y.z.
release: $(STAMP)
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=x.y.z" >&2; exit 2; }
	$(BIN)/python -m tools.release $(VERSION)

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
