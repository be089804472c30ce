"""Unit tests of the counting and table functions, on small hand-made reviews."""

from __future__ import annotations

import pytest
from conftest import make_review

from helpers.analysis.citations import ref_ranges, ref_runs
from helpers.analysis.counts import BOTH, design_counts, entries, entries_vs_studies, repeated_studies, select
from helpers.dataset.vocabulary import TABLE1, TABLE2

# Study 1 fills two rows of Table 1; studies 3 and 4 are in Table 2 only.
REVIEW = make_review(
    studies=[
        (1, "Ann A", 2018, "Prospective", 100, 60, 40),
        (2, "Bob B", 2019, "Retrospective", None, None, None),
        (3, "Cy C", 2020, "Retrospective", 30, None, None),
        (4, "Di D", 2017, "Meta-analysis", None, None, None),
        (5, "Ed E", 2016, "Retrospective", None, None, None),
    ],
    factors=[(1, 1, "difference"), (2, 1, "no difference"), (1, 2, "difference"), (5, 4, "difference")],
    strategies=[(3, 1, "favours test"), (4, 2, "no difference")],
)


def test_entries_has_one_row_per_table_row_in_order() -> None:
    rows = entries(REVIEW)
    assert list(rows["table"]) == [TABLE1] * 4 + [TABLE2] * 2
    assert list(rows["ref"]) == [1, 2, 1, 5, 3, 4]
    assert list(rows["name"]) == ["Distribution", "Distribution", "Volume", "BMD", "Drugs", "Surgery"]
    assert list(rows["domain"]) == ["bone cement", "bone cement", "bone cement", "patient", "strategy", "strategy"]
    assert list(rows["design"]) == [
        "Prospective",
        "Retrospective",
        "Prospective",
        "Retrospective",
        "Retrospective",
        "Meta-analysis",
    ]


def test_entries_vs_studies_counts_a_repeated_study_once() -> None:
    table = entries_vs_studies(REVIEW)
    assert table.loc[TABLE1].tolist() == [4, 3, 1]
    assert table.loc[TABLE2].tolist() == [2, 2, 0]
    assert table.loc[BOTH].tolist() == [6, 5, 1]
    assert list(table.columns) == ["entries", "studies", "repeats"]


def test_repeated_studies_lists_only_studies_in_several_rows() -> None:
    repeated = repeated_studies(REVIEW)
    assert repeated.to_dict("records") == [{"ref": 1, "first_author": "Ann A", "year": 2018, "entries": 2}]


def test_design_counts_by_entries_and_by_studies() -> None:
    by_entries = design_counts(REVIEW)
    assert by_entries.loc["Prospective"].tolist() == [2, 0, 2]
    assert by_entries.loc["Retrospective"].tolist() == [2, 1, 3]
    assert by_entries.loc["Meta-analysis"].tolist() == [0, 1, 1]
    by_studies = design_counts(REVIEW, unit="studies")
    assert by_studies.loc["Prospective"].tolist() == [1, 0, 1]
    assert by_studies[BOTH].sum() == 5


def test_design_counts_rejects_an_unknown_unit() -> None:
    with pytest.raises(ValueError, match="unit"):
        design_counts(REVIEW, unit="rows")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("refs", "expected"),
    [
        ([7, 8, 9, 10, 11], "7-11"),
        ([13, 14], "13, 14"),
        ([32, 33, 34, 35, 37, 38, 39], "32-35, 37-39"),
        ([11, 7, 9, 8, 9, 10], "7-11"),
        ([25], "25"),
        ([], ""),
    ],
)
def test_ref_ranges_prints_groups_as_the_paper_does(refs: list[int], expected: str) -> None:
    assert ref_ranges(refs) == expected


def test_ref_runs() -> None:
    assert ref_runs([5, 1, 2, 3]) == [(1, 3), (5, 5)]


def test_select_joins_conditions_with_and_and_alternatives_with_or() -> None:
    rows = entries(REVIEW)
    assert select(rows, "factor=1")["ref"].tolist() == [1, 2]
    assert select(rows, "factor=1&direction=no difference")["ref"].tolist() == [2]
    assert select(rows, "factor=2|strategy=1")["ref"].tolist() == [1, 3]
    assert len(select(rows, "table=all")) == len(select(rows, "")) == len(rows)
    assert select(rows, "domain=patient")["ref"].tolist() == [5]
    assert select(rows, "table=2", refs=[4])["ref"].tolist() == [4]
    assert select(rows, "name~Vol")["ref"].tolist() == [1]
