"""Data that the prose reports next to the tables are the paper's words: group totals and follow-up times."""

from __future__ import annotations

import pandas as pd
from paper import text as paper_text

from helpers import load_review
from helpers.annotated_paper import normalise
from helpers.facts import total_facts

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
    facts = total_facts(REVIEW)
    assert facts["total_distribution"] == "2,024 cases"
    assert (facts["total_osteoporosis"], facts["total_osteoporosis_test"], facts["total_osteoporosis_control"]) == (
        "1,416 cases", "574", "842")
    assert "total_distribution_test" not in facts


def test_a_pooled_population_is_a_group_of_its_own() -> None:
    """The meta-analysis [17] pooled 554 cases: a total of its own, never added to the prospective studies'."""
    totals = REVIEW.group_totals.set_index("total_id")
    assert totals.loc["viscosity_meta_analysis", "refs"] == "17" and totals.loc["viscosity_prospective", "refs"] == "13-16"


def test_every_follow_up_is_stated_by_its_span() -> None:
    for row in REVIEW.follow_up.itertuples():
        assert normalise(row.span) in PAPER, row.ref
        assert any(word in row.span for word in ("follow", "month", "day", "year", "term", "early")), row.ref
