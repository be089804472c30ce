"""Data that the prose reports next to the tables are the paper's words: group totals and follow-up times."""

from __future__ import annotations

import pandas as pd

from helpers import load_review
from helpers.page.annotated_paper import normalise
from helpers.page.facts import totals
from paper import text as paper_text

REVIEW = load_review()
PAPER = normalise(paper_text())


def test_every_group_total_is_stated_by_its_span() -> None:
    for row in REVIEW.group_totals.itertuples():
        span = normalise(row.span)
        assert span in PAPER, row.total_id
        for number in (row.cases, row.n_test, row.n_control):
            if not pd.isna(number):
                assert str(int(number)) in span, (row.total_id, number)


def test_group_totals_read_as_prose() -> None:
    total = totals(REVIEW)
    assert total["distribution"].cases == "2,024 cases" and total["distribution"].test == "not stated"
    assert (total["osteoporosis"].cases, total["osteoporosis"].test, total["osteoporosis"].control) == (
        "1,416 cases",
        "574",
        "842",
    )


def test_a_pooled_population_is_a_group_of_its_own() -> None:
    """The meta-analysis [17] pooled 554 cases: a total of its own, never added to the prospective studies'."""
    totals = REVIEW.group_totals.set_index("total_id")
    assert (
        totals.loc["viscosity_meta_analysis", "refs"] == "17" and totals.loc["viscosity_prospective", "refs"] == "13-16"
    )


def test_every_follow_up_is_stated_by_its_span() -> None:
    for row in REVIEW.follow_up.itertuples():
        assert normalise(row.span) in PAPER, row.ref
        assert any(word in row.span for word in ("follow", "month", "day", "year", "term", "early")), row.ref
