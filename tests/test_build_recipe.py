"""make book's recipe (tools/build.py): what a change of each input means for the build folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tools import build


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A checkout with one file of each kind of input, built once (its pages written, a notebook executed)."""
    for name, text in {
        "data/studies.csv": "ref,year\n1,2018\n",
        "src/helpers/counts.py": "N = 1\n",
        "requirements.txt": "pandas==3\n",
        "_config.yml": "title: t\n",
        "_toc.yml": "root: book/index\n",
        "book/_static/book.css": "p {}\n",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert build.prepare(tmp_path) == []  # the first build: nothing to say
    built(tmp_path)
    return tmp_path


def built(root: Path) -> None:
    """What a finished build leaves: Sphinx's record of the pages, the executed notebooks, no marker."""
    (root / "_build" / ".doctrees").mkdir(exist_ok=True)
    (root / "_build" / "jupyter_execute").mkdir(exist_ok=True)
    (root / "_build" / ".building").unlink()


def test_the_digest_reads_the_inputs_and_not_the_compiled_modules(checkout: Path) -> None:
    before = build.digest(checkout, build.INPUTS, build.INPUT_SUFFIXES)
    (checkout / "src" / "helpers" / "__pycache__").mkdir()
    (checkout / "src" / "helpers" / "__pycache__" / "counts.cpython-311.pyc").write_bytes(b"\0")
    assert build.digest(checkout, build.INPUTS, build.INPUT_SUFFIXES) == before
    (checkout / "data" / "studies.csv").write_text("ref,year\n1,2017\n")
    assert build.digest(checkout, build.INPUTS, build.INPUT_SUFFIXES) != before


def test_nothing_changed_keeps_the_pages_and_the_executed_notebooks(checkout: Path) -> None:
    assert build.prepare(checkout) == []
    assert (checkout / "_build" / ".doctrees").is_dir() and (checkout / "_build" / "jupyter_execute").is_dir()


def test_changed_data_read_every_page_and_take_the_execution_cache_of_the_new_inputs(checkout: Path) -> None:
    first = (checkout / "_build" / ".jupyter_cache").resolve()
    (checkout / "data" / "studies.csv").write_text("ref,year\n1,2017\n")
    [said] = build.prepare(checkout)
    assert said.startswith("data/, src/helpers/, releases/ or the pins changed")
    assert not (checkout / "_build" / ".doctrees").exists() and not (checkout / "_build" / "jupyter_execute").exists()
    second = (checkout / "_build" / ".jupyter_cache").resolve()
    assert second != first and second.parent == first.parent and first.is_dir()
    built(checkout)

    (checkout / "data" / "studies.csv").write_text("ref,year\n1,2018\n")  # and back: the first cache again
    build.prepare(checkout)
    assert (checkout / "_build" / ".jupyter_cache").resolve() == first


def test_only_the_newest_execution_caches_are_kept(checkout: Path) -> None:
    for year in range(2000, 2000 + build.KEEP_CACHES + 2):
        (checkout / "data" / "studies.csv").write_text(f"ref,year\n1,{year}\n")
        build.prepare(checkout)
        os.utime(checkout / "_build" / ".jupyter_cache", (1e9 + year, 1e9 + year), follow_symlinks=True)
        built(checkout)
    caches = list((checkout / "_build" / ".caches").iterdir())
    assert len(caches) == build.KEEP_CACHES and (checkout / "_build" / ".jupyter_cache").resolve() in caches


def test_a_changed_style_reads_every_page_but_keeps_the_executed_notebooks(checkout: Path) -> None:
    (checkout / "book" / "_static" / "book.css").write_text("p { color: black }\n")
    [said] = build.prepare(checkout)
    assert said.startswith("the configuration, or the book's styles")
    assert not (checkout / "_build" / ".doctrees").exists() and (checkout / "_build" / "jupyter_execute").is_dir()


def test_after_an_interrupted_build_every_page_is_read_again(checkout: Path) -> None:
    build.prepare(checkout)  # started, wrote some pages, and never finished
    assert (checkout / "_build" / ".doctrees").is_dir()
    assert build.prepare(checkout) == []
    assert not (checkout / "_build" / ".doctrees").exists()


def test_the_pdf_printed_before_from_the_same_pages_is_taken_again(checkout: Path, capsys) -> None:
    html = checkout / "_build" / "html" / "book"
    html.mkdir(parents=True)
    (html / "index.html").write_text("<p>the pages</p>")
    kept = checkout / "_build" / ".pdfs" / f"{build.pdf_key(checkout)}.pdf"
    kept.parent.mkdir()
    kept.write_bytes(b"%PDF printed before")
    (checkout / "src" / "helpers" / "__pycache__").mkdir()
    (checkout / "src" / "helpers" / "__pycache__" / "counts.cpython-311.pyc").write_bytes(b"\0")

    assert build.print_pdf(checkout, {}) == 0
    assert (checkout / "_build" / "html" / build.PDF_FILE).read_bytes() == b"%PDF printed before"
    assert "printed before from these very pages" in capsys.readouterr().out
    (html / "index.html").write_text("<p>other pages</p>")
    assert build.pdf_key(checkout) != kept.stem


def test_the_code_digest_follows_the_code_cells_and_not_the_prose(tmp_path: Path) -> None:
    import json

    notebook = {
        "cells": [{"cell_type": "markdown", "source": ["Prose."]}, {"cell_type": "code", "source": ["x = 1"]}],
        "metadata": {"kernelspec": {"name": "python3"}},
    }
    path = tmp_path / "book" / "a.ipynb"
    path.parent.mkdir()
    path.write_text(json.dumps(notebook))
    before = build.code_digest(tmp_path, ["book/a.ipynb"])
    notebook["cells"][0]["source"] = ["Other prose."]
    path.write_text(json.dumps(notebook))
    assert build.code_digest(tmp_path, ["book/a.ipynb"]) == before
    notebook["cells"][1]["source"] = ["x = 2"]
    path.write_text(json.dumps(notebook))
    assert build.code_digest(tmp_path, ["book/a.ipynb"]) != before
