"""What the book's notebooks import, and all they import from this package.

A notebook loads the data, glues the facts its prose states, and shows tables and figures:

    from helpers.page import facts, figures, glue_facts, load_review, show, tables

The data come validated (``load_review``); the modules here turn the analysis into what a page
shows: ``facts`` (values to glue), ``tables``, ``figures``, ``markdown`` (MyST that shows data as
text), ``audit_report``, ``appraisal_report``, ``summary_report``, ``changes_report``,
``annotated_paper`` and ``edition``. The functions of the analysis that notebooks call are named
here too. Each loads on first use, so that a page that needs no figure never imports matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..analysis.audit import audit
    from ..analysis.changes import comparisons
    from ..analysis.counts import entries, select
    from ..analysis.summary import summary_of_findings
    from ..dataset.review import load_review
    from .notebook import glue_facts, show

_EXPORTS = {
    "audit": "..analysis.audit",
    "comparisons": "..analysis.changes",
    "entries": "..analysis.counts",
    "select": "..analysis.counts",
    "summary_of_findings": "..analysis.summary",
    "load_review": "..dataset.review",
    "glue_facts": ".notebook",
    "show": ".notebook",
}
__all__ = ["audit", "comparisons", "entries", "glue_facts", "load_review", "select", "show", "summary_of_findings"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
