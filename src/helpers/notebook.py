"""What the book's notebooks call: glue computed facts, show MyST, and re-execute notebooks in place."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .markdown import Md


def glue_facts(facts: Mapping[str, object]) -> None:
    """Glue every fact without displaying it: MyST as text/markdown, the rest as plain values."""
    from IPython.display import Markdown
    from myst_nb import glue

    for key, value in facts.items():
        if isinstance(value, Md):
            glue(key, Markdown(str(value)), display=False)
        elif isinstance(value, (int, str)) and not isinstance(value, bool):
            glue(key, value, display=False)
        else:
            raise TypeError(f"fact {key!r} is a {type(value).__name__}; glue only int, str or Md")


def show(markdown: Md) -> None:
    """Display MyST Markdown (a table, a figure) as the cell's output; empty Markdown displays nothing."""
    from IPython.display import Markdown, display

    if str(markdown).strip():
        display(Markdown(str(markdown)))


def execute_in_place(paths: list[Path], timeout: int = 120) -> None:
    """Run each notebook top to bottom from its own folder and save it with its new outputs.

    The saved outputs are nbval's baseline; volatile metadata (timings) is dropped so that
    an unchanged notebook re-executes to the same bytes.
    """
    import nbformat
    from nbclient import NotebookClient

    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        for cell in notebook.cells:
            cell.metadata.pop("execution", None)
        nbformat.write(notebook, path)
