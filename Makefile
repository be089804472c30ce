# The two commands of the README: `make book` and `make test`.
# Everything runs from .venv, which the first target creates from requirements.txt.

# python3.11 where it has that name, else python3 (which must then be 3.11).
PYTHON ?= $(or $(shell command -v python3.11 2>/dev/null),python3)
VENV   := .venv
BIN    := $(VENV)/bin
# The stamp records that .venv holds exactly requirements.txt and the package;
# it is older than either file when they change, so set-up re-runs only then.
STAMP  := $(VENV)/.installed

.PHONY: book test validate clean setup environment

book: $(STAMP)
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going

test: $(STAMP)
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/python -m helpers validate

setup: $(STAMP)

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
