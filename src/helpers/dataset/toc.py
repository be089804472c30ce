"""The book's pages, declared once, in _toc.yml: the data name a page by its file in book/, without
the suffix, and the validator, the annotated paper and the tests take the list from here."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from .paths import repository_root

TOC = "_toc.yml"


@cache
def book_pages(root: Path | None = None) -> tuple[str, ...]:
    """The pages of the book in its order: the landing page, then each chapter (``index``, ``methods``, ...)."""
    import yaml

    toc = yaml.safe_load(((root or repository_root()) / TOC).read_text(encoding="utf-8"))
    files = [toc["root"], *(chapter["file"] for chapter in toc.get("chapters", []))]
    return tuple(file.removeprefix("book/") for file in files)


@cache
def page_title(page: str, root: Path | None = None) -> str:
    """The page's title, as the book shows it: the first heading of its notebook or Markdown file."""
    book = (root or repository_root()) / "book"
    if (book / f"{page}.ipynb").exists():
        cells = json.loads((book / f"{page}.ipynb").read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = (book / f"{page}.md").read_text(encoding="utf-8")
    match = re.search(r"^# (.+)$", text, re.MULTILINE)
    if match is None:
        raise ValueError(f"book/{page} has no title (a first-level heading)")
    return match.group(1).strip()


def short_title(page: str, root: Path | None = None) -> str:
    """The page's title up to its colon, where it has one: 'Methods' for 'Methods: search, selection and ...'."""
    return page_title(page, root).split(":")[0]
