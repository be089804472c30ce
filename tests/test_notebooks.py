"""The notebooks as sources: what they glue is what their prose pastes, found by name, and they import
only the page-level API of the package."""

from __future__ import annotations

import ast
import re
from functools import cache

import nbformat
import pytest
from conftest import ROOT

NOTEBOOKS = sorted(p.name for p in (ROOT / "book").glob("*.ipynb"))
#: {glue:text}`key`, {glue:md}`key:myst`, {glue:text}`other.ipynb::key:d`, in the prose.
PASTE = re.compile(r"\{glue(?::\w+)?\}`(?:(?P<notebook>[\w.]+\.ipynb)::)?(?P<key>[A-Za-z0-9_]+)(?::[^`]*)?`")


@cache
def notebook(name: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "book" / name, as_version=4)


def glued(name: str) -> set[str]:
    """The keys that the notebook's saved outputs glue."""
    return {
        o["metadata"]["scrapbook"]["name"]
        for c in notebook(name).cells
        for o in c.get("outputs", [])
        if "scrapbook" in o.get("metadata", {})
    }


def pasted() -> dict[str, set[str]]:
    """Per notebook, the keys that the book's prose pastes from it."""
    out: dict[str, set[str]] = {name: set() for name in NOTEBOOKS}
    for name in NOTEBOOKS:
        for cell in notebook(name).cells:
            if cell.cell_type == "markdown":
                for m in PASTE.finditer(cell.source):
                    out[m["notebook"] or name].add(m["key"])
    return out


def code(name: str) -> str:
    return "\n".join(c.source for c in notebook(name).cells if c.cell_type == "code")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_key_the_prose_pastes_is_glued_and_every_glued_key_is_pasted(name: str) -> None:
    assert pasted()[name] - glued(name) == set(), "pasted but never glued"
    assert glued(name) - pasted()[name] == set(), "glued but pasted nowhere"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_glued_key_is_written_out_in_its_notebook(name: str) -> None:
    """A key is found with grep: the notebook names it, no key is built by formatting a string elsewhere."""
    source = code(name)
    assert [key for key in sorted(glued(name)) if f'"{key}"' not in source] == []


def test_the_paste_pattern_reads_every_form_of_the_role() -> None:
    text = "{glue:text}`f1_split` {glue:md}`cite_7:myst` {glue:text}`methods.ipynb::all_studies:d` {glue}`x`"
    assert [(m["notebook"], m["key"]) for m in PASTE.finditer(text)] == [
        (None, "f1_split"),
        (None, "cite_7"),
        ("methods.ipynb", "all_studies"),
        (None, "x"),
    ]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebooks_import_only_the_page_level_api(name: str) -> None:
    imported = set()
    for node in ast.walk(ast.parse(code(name))):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    ours = {m for m in imported if m.split(".")[0] in ("helpers", "tools")}
    assert ours <= {"helpers.page"}, sorted(ours)
