"""The residual-pain review's data, what is computed from them, and what the book's pages show.

Four layers, each importing only those below it:

- ``helpers.dataset``: reading and validating ``data/``, and the vocabulary of its fields;
- ``helpers.analysis``: counts, the audit, the summary of findings, prose coverage, what changed;
- ``helpers.page``: what the notebooks import: the facts their prose glues, tables, figures, MyST;
- ``helpers.sphinx``: the book engine's extension (Sphinx, as Jupyter Book 1 runs it).

``python -m helpers`` validates the data and adds studies; the maintainers' tools are in ``tools/``.
"""

from __future__ import annotations

from importlib.metadata import version as _version
from typing import Any

from .dataset.errors import DataError, Problem

__version__ = _version("residual-pain-review")

__all__ = ["DataError", "Problem", "Review", "load_review", "read_review", "__version__"]


def __getattr__(name: str) -> Any:
    # pandas loads only when the data do: the Sphinx extension imports this package on every
    # build, and most builds need no data.
    if name in ("Review", "load_review", "read_review"):
        from .dataset import review

        return getattr(review, name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
