"""What the book's notebooks call to put results in a page: glue computed facts, and show MyST."""

from __future__ import annotations

from collections.abc import Mapping

from ..analysis.wording import number_word
from .markdown import Md

#: Where myst-nb looks for glued values (myst_nb.ext.glue.GLUE_PREFIX; a test keeps the two equal).
GLUE_PREFIX = "application/papermill.record/"


def glue_facts(facts: Mapping[str, object]) -> None:
    """Glue every fact without displaying it: MyST as text/markdown, the rest as plain values.

    This is what ``myst_nb.glue(key, value, display=False)`` does, output for output (a test
    compares them), without importing myst_nb.ext.glue in every kernel: it imports nbformat
    and, through jsonschema, a grammar that takes a second to build.
    """
    from IPython.core.formatters import format_display_data
    from IPython.display import Markdown, display

    for key, value in facts.items():
        if isinstance(value, Md):
            value = Markdown(str(value))
        elif not isinstance(value, (int, str)) or isinstance(value, bool):
            raise TypeError(f"fact {key!r} is a {type(value).__name__}; glue only int, str or Md")
        elif isinstance(value, int):
            value = number_word(value)  # a count as prose writes it: six, 1,416
        bundle, metadata = format_display_data(value)
        metadata["scrapbook"] = {"name": key, "mime_prefix": GLUE_PREFIX}
        display({GLUE_PREFIX + mime: data for mime, data in bundle.items()}, raw=True, metadata=metadata)


def show(markdown: Md) -> None:
    """Display MyST Markdown (a table, a figure) as the cell's output; empty Markdown displays nothing."""
    from IPython.display import Markdown, display

    if str(markdown).strip():
        display(Markdown(str(markdown)))
