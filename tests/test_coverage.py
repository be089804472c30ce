"""Prose that knows when it is stale: each {about} block declares its rows and the studies it was written about."""

from __future__ import annotations

import re

import pytest
from conftest import make_updated_review
from test_statements import prose

from helpers import load_review
from helpers.analysis.citations import parse_refs
from helpers.analysis.counts import entries, select
from helpers.analysis.coverage import coverage, stale_message
from helpers.dataset.toc import book_pages

REVIEW = load_review()
#: An ``{about}`` block's opening fence, its ``:studies:`` option and the first line of its text.
BLOCK = re.compile(
    r"^:{3,}\{about\}[ \t]+(?P<scope>[^\n]+)\n:studies:[ \t]*(?P<studies>[^\n]*)\n\s*(?P<body>[^\n]*)", re.M
)


def declared_blocks(markdown: str) -> list[tuple[str, str, str]]:
    """(scope, studies, first words) of every ``{about}`` block in a page's MyST."""
    return [(m["scope"].strip(), m["studies"].strip(), m["body"].strip()) for m in BLOCK.finditer(markdown)]


#: The pages whose prose describes the tabled studies, and so must say which ones it was written about: the pages
#: that discuss the paper's claims (claims.page), in the book's order.
DECLARING_PAGES = tuple(page for page in book_pages() if page in set(REVIEW.claims["page"]))
#: The pages all of whose prose is about studies: the methods page also describes the search, which no update changes.
SECTION_PAGES = tuple(page for page in DECLARING_PAGES if page != "methods")
TABLED = set(entries(REVIEW)["ref"])
KEY_REF = dict(zip(REVIEW.studies["bibkey"], REVIEW.studies["ref"]))


def test_a_block_is_stale_when_the_data_give_its_rows_a_study_it_does_not_discuss() -> None:
    review = make_updated_review()
    block = coverage(review, "factor=1", "1, 2")
    assert (block.current, block.added, block.removed, block.stale) == ((1, 2, 3), (3,), (), True)
    assert not coverage(review.paper(), "factor=1", "1, 2").stale
    assert not coverage(review, "factor=3", "2").stale  # the update added nothing to factor 3
    assert stale_message(review, block) == (
        "This text was written about [1, 2]. It does not yet discuss Cy C 2026 [3], added in update U001 (2026-11-28): "
        "the tables, figures and summary of findings include it, the text does not."
    )


def test_a_block_is_stale_when_a_study_it_discusses_is_gone() -> None:
    review = make_updated_review().paper()
    block = coverage(review, "factor=1", "1-3")
    assert (block.added, block.removed) == ((), (3,))
    assert stale_message(review, block).endswith(
        "It still discusses [3], which the data no longer hold for these rows."
    )


def test_declared_blocks_are_read_from_the_myst() -> None:
    text = (
        "Intro.\n\n::::{about} domain=bone cement\n:studies: 7-17\n\nThe paper found\n::::\n"
        ":::{about} factor=2\n:studies: 9, 12\n\nOnly\n:::\n"
    )
    assert declared_blocks(text) == [("domain=bone cement", "7-17", "The paper found"), ("factor=2", "9, 12", "Only")]


@pytest.mark.parametrize("page", DECLARING_PAGES)
def test_every_block_declares_the_papers_studies_of_its_rows_and_only_studies_the_data_hold(page: str) -> None:
    blocks = declared_blocks(prose(page))
    assert blocks, f"{page} declares no block"
    paper = entries(REVIEW.paper())
    for scope, studies, words in blocks:
        declared = set(parse_refs(studies))
        assert set(select(paper, scope)["ref"]) <= declared, (page, words)  # nothing of the paper left out
        assert declared <= set(select(entries(REVIEW), scope)["ref"]), (page, words)  # nothing the data do not hold
        assert not coverage(REVIEW, scope, studies).stale, (page, words)


def _outside_blocks(markdown: str) -> list[str]:
    """The paragraphs of a page that no {about} block holds."""
    out, current, depth_of_about = [], [], []
    for line in markdown.splitlines():
        fence = re.match(r"^(:{3,})(\{about\})?", line)
        if fence and fence[2]:
            depth_of_about.append(len(fence[1]))
            continue
        if fence and depth_of_about and len(fence[1]) == depth_of_about[-1] and line.strip() == fence[1]:
            depth_of_about.pop()
            continue
        if depth_of_about:
            continue
        if line.strip():
            current.append(line)
        elif current:
            out.append(" ".join(current))
            current = []
    return out + ([" ".join(current)] if current else [])


def _pastes_or_cites_a_tabled_study(paragraph: str) -> bool:
    if "{glue:" in paragraph:
        return True
    keys = [k for group in re.findall(r"\{cite:p\}`([^`]+)`", paragraph) for k in group.split(",")]
    return any(KEY_REF.get(k.strip()) in TABLED for k in keys)


@pytest.mark.parametrize("page", SECTION_PAGES)
def test_every_paragraph_that_reports_tabled_studies_lies_in_a_block(page: str) -> None:
    undeclared = [
        p for p in _outside_blocks(prose(page)) if _pastes_or_cites_a_tabled_study(p) and not p.startswith("#")
    ]
    assert undeclared == []


def test_the_block_finder_sees_paragraphs_outside_and_skips_those_inside() -> None:
    text = (
        "Out {glue:text}`x`.\n\n::::{about} table=all\n:studies: 1\n\nIn {glue:text}`y`.\n"
        ":::{admonition} t\nbox\n:::\n::::\n\nAfter."
    )
    assert _outside_blocks(text) == ["Out {glue:text}`x`.", "After."]
