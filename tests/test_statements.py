"""The statement register: every sentence of the book that reports the paper rests on the paper's words.

data/statements.csv holds, for each such sentence, a short verbatim span of paper/; the sentence
carries ``{paper}`S012```. These tests read the book's sources, not the built pages.
"""

from __future__ import annotations

import json
import re
from functools import cache

import pandas as pd
import pytest
from conftest import ROOT

from helpers import load_review
from helpers.analysis.audit import audit
from helpers.dataset.toc import book_pages
from helpers.page.annotated_paper import blocks, normalise, plain
from paper import text as paper_text

REVIEW = load_review()
#: Every page of the book, as _toc.yml declares them.
PAGES = book_pages()
USE = re.compile(r"\{paper\}`(S\d{3})`")
#: A citation of the paper's references (not of the methods' sources in book/methods.bib): written in the prose,
#: or glued by a notebook's code.
CITE_ROLE = re.compile(r"\{cite:p\}`([^`]+)`")
GLUED_CITE = re.compile(r"\{glue:md\}`[a-z0-9_]*cite[a-z0-9_]*:myst`|\{glue:md\}`cite_\d+:myst`")
PAPERS_KEYS = set(REVIEW.references["bibkey"])


def cites_the_papers_references(sentence: str) -> bool:
    keys = {key.strip() for keys in CITE_ROLE.findall(sentence) for key in keys.split(",")}
    return bool(keys & PAPERS_KEYS) or bool(GLUED_CITE.search(sentence))


@cache
def prose(page: str) -> str:
    """The MyST prose of a page: its Markdown file, or its notebook's Markdown cells."""
    if (ROOT / "book" / f"{page}.md").exists():
        return (ROOT / "book" / f"{page}.md").read_text(encoding="utf-8")
    notebook = json.loads((ROOT / "book" / f"{page}.ipynb").read_text(encoding="utf-8"))
    return "\n\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")


def sentences(page: str) -> list[str]:
    """The page's sentences, roughly: paragraphs and list items split after a full stop."""
    out = []
    for block in re.split(r"\n\s*\n|\n(?=- )|\n(?=:::)", prose(page)):
        flat = " ".join(
            line for line in block.splitlines() if not line.startswith((":::", ":class:", ":name:", ":studies:", "#"))
        )
        out += [s for s in re.split(r"(?<=[.!?:])\s+(?=[A-Z{*\"“(])", " ".join(flat.split())) if s]
    return out


def unplaced(claims: pd.DataFrame, statements: pd.DataFrame) -> list[str]:
    """Ids of claims and statements whose words are found in no single block of the paper."""
    texts = [cell for b in blocks(paper_text()) for cell in ([b.text] + [c for row in b.cells for c in row])]
    missing = [str(r.claim_id) for r in claims.itertuples() if not any(plain(str(r.quote)) in t for t in texts)]
    missing += [str(r.statement_id) for r in statements.itertuples() if not any(plain(str(r.span)) in t for t in texts)]
    return missing


def test_every_span_is_the_papers_words() -> None:
    text = normalise(paper_text())
    missing = [(r.statement_id, r.span) for r in REVIEW.statements.itertuples() if normalise(r.span) not in text]
    assert missing == []


def test_every_span_lies_in_one_block_of_the_paper_so_the_annotated_paper_can_mark_it() -> None:
    assert unplaced(audit(REVIEW), REVIEW.statements) == []


def test_every_statement_is_used_once_on_its_page() -> None:
    used = {page: USE.findall(prose(page)) for page in PAGES}
    for row in REVIEW.statements.itertuples():
        where = [page for page, ids in used.items() for i in ids if i == row.statement_id]
        assert where == [row.page], f"{row.statement_id} is used on {where}, the register says {row.page}"
    unknown = sorted({i for ids in used.values() for i in ids} - set(REVIEW.statements["statement_id"]))
    assert unknown == []


@pytest.mark.parametrize("page", PAGES)
def test_every_sentence_that_cites_a_study_rests_on_the_papers_words(page: str) -> None:
    uncovered = [s for s in sentences(page) if cites_the_papers_references(s) and not USE.search(s)]
    assert uncovered == [], "\n\n".join(uncovered)


def test_the_sentence_splitter_finds_citing_sentences() -> None:
    assert any(cites_the_papers_references(s) for s in sentences("bone_cement"))
    assert not cites_the_papers_references("GRADE {cite:p}`schunemann2013grade` says so.")
    assert len(sentences("operation")) > 10
