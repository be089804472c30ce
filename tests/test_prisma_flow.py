"""Unit tests of the PRISMA arithmetic on hand-made flows."""

from __future__ import annotations

import pandas as pd

from helpers.dataset.prisma import BOXES, check_flow


def flow(**counts: int | str) -> pd.DataFrame:
    """Every box 'not reported' unless given: a number means reported, a word is the status."""
    rows = []
    for box in BOXES:
        value = counts.get(box)
        if isinstance(value, int):
            rows.append((box, value, "reported"))
        else:
            rows.append((box, None, value or "not reported"))
    return pd.DataFrame(rows, columns=["box", "n", "status"]).astype({"n": "Int64"})


def test_a_complete_flow_that_adds_up_passes() -> None:
    assert (
        check_flow(
            flow(
                database_results=100,
                register_results="not applicable",
                duplicates=10,
                excluded_automatic=0,
                excluded_other=0,
                records_screened=90,
                records_excluded=50,
                dbr_sought_reports=40,
                dbr_notretrieved_reports=5,
                dbr_assessed=35,
                dbr_excluded=5,
                new_studies=30,
            )
        )
        == []
    )


def test_a_complete_flow_must_add_up_exactly() -> None:
    problems = check_flow(
        flow(
            database_results=100,
            register_results="not applicable",
            duplicates=10,
            excluded_automatic=0,
            excluded_other=0,
            records_screened=91,
        )
    )
    assert [p.box for p in problems] == ["records_screened"]
    assert "exactly 90" in problems[0].message


def test_unreported_removals_leave_an_upper_bound() -> None:
    ok = flow(
        database_results=817,
        register_results="not applicable",
        duplicates="combined",
        records_excluded=764,
        dbr_excluded=12,
        new_studies=41,
    )
    assert check_flow(ok) == []
    fewer = flow(
        database_results=817,
        register_results="not applicable",
        duplicates="combined",
        records_excluded=764,
        dbr_excluded=12,
        new_studies=40,
    )
    assert check_flow(fewer) == []  # one report may not have been retrieved: not a contradiction
    more = flow(
        database_results=817,
        register_results="not applicable",
        duplicates="combined",
        records_excluded=764,
        dbr_excluded=12,
        new_studies=42,
    )
    [problem] = check_flow(more)
    assert problem.box == "new_studies" and "at most 41" in problem.message
    assert (
        "817 database results less 764 records excluded less 12 dbr excluded" in problem.message
    )  # no label column: ids as words


def test_removing_more_than_remains_is_reported_at_the_removal() -> None:
    [problem] = check_flow(flow(database_results=50, register_results="not applicable", records_excluded=60))
    assert problem.box == "records_excluded" and "at most 50" in problem.message


def test_an_unreported_source_leaves_only_a_lower_bound() -> None:
    assert check_flow(flow(database_results=50, records_screened=70)) == []
    [problem] = check_flow(
        flow(database_results=50, duplicates=0, excluded_automatic=0, excluded_other=0, records_screened=40)
    )
    assert "at least 50" in problem.message


def test_a_reported_stage_restarts_the_count() -> None:
    problems = check_flow(
        flow(database_results=100, register_results="not applicable", dbr_assessed=20, dbr_excluded=5, new_studies=16)
    )
    assert [p.box for p in problems] == ["new_studies"] and "exactly 15" in problems[0].message
