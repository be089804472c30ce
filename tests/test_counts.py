"""Unit tests of the counting and table functions, on small hand-made reviews."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import make_review

from helpers.citations import ref_ranges, ref_runs
from helpers.counts import (
    BOTH, TABLE1, TABLE2, design_counts, direction_counts, domain_counts, entries, entries_vs_studies,
    factor_counts, group_participants, participants, repeated_studies, strategy_counts,
)

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
    assert list(rows["design"]) == ["Prospective", "Retrospective", "Prospective", "Retrospective", "Retrospective", "Meta-analysis"]


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


def test_factor_counts_include_factors_without_entries() -> None:
    table = factor_counts(REVIEW).set_index("factor_id")
    assert table["entries"].tolist() == [2, 1, 0, 1]
    assert table["studies"].tolist() == [2, 1, 0, 1]
    assert table["refs"].tolist() == ["1, 2", "1", "", "5"]
    assert table.loc[3, "domain"] == "operation"


def test_domain_counts_keep_the_papers_order_and_empty_domains() -> None:
    table = domain_counts(REVIEW)
    assert list(table.index) == ["bone cement", "operation", "patient"]
    assert table["entries"].tolist() == [3, 0, 1]
    assert table["studies"].tolist() == [2, 0, 1]
    assert table.loc["bone cement", "refs"] == "1, 2"


def test_strategy_counts() -> None:
    table = strategy_counts(REVIEW)
    assert table[["strategy_id", "entries", "studies", "refs"]].values.tolist() == [[1, 1, 1, "3"], [2, 1, 1, "4"]]


def test_direction_counts_by_factor_and_by_strategy() -> None:
    t1 = direction_counts(REVIEW, TABLE1)
    assert list(t1.index) == ["Distribution", "Volume", "Puncture", "BMD"]
    assert t1.loc["Distribution"].to_dict() == {"difference": 1, "no difference": 1}
    assert t1.loc["Puncture"].sum() == 0
    t2 = direction_counts(REVIEW, TABLE2)
    assert t2.loc["Drugs", "favours test"] == 1 and t2.loc["Surgery", "no difference"] == 1


def test_participants_lists_only_studies_with_stated_numbers() -> None:
    table = participants(REVIEW)
    assert table["ref"].tolist() == [1, 3]
    assert table.loc[0, ["n_total", "n_test", "n_control"]].tolist() == [100, 60, 40]
    assert pd.isna(table.loc[1, "n_test"])


def test_group_participants_says_whether_every_size_is_stated() -> None:
    partial = group_participants(REVIEW, [1, 2, 3])
    assert (partial.studies, partial.stated, partial.n_total, partial.complete) == (3, 2, 130, False)
    full = group_participants(REVIEW, [1, 3])
    assert full.complete and full.n_total == 130


def test_group_participants_rejects_unknown_studies() -> None:
    with pytest.raises(KeyError, match="99"):
        group_participants(REVIEW, [1, 99])


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
