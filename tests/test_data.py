"""The shipped data: valid, faithful to the paper's tables, and reproducing the counts of its Results."""

from __future__ import annotations

import re
import subprocess
import sys

import pandas as pd
import pytest
from conftest import DATA, ROOT

import paper
from helpers import load_review
from helpers.analysis.citations import ref_ranges
from helpers.analysis.counts import BOTH, design_counts, entries, entries_vs_studies, select
from helpers.dataset.prisma import BOXES
from helpers.dataset.vocabulary import TABLE1, TABLE2

REVIEW = load_review()


def test_shipped_data_pass_frictionless() -> None:
    frictionless = ROOT / ".venv" / "bin" / "frictionless"
    command = [str(frictionless)] if frictionless.exists() else [sys.executable, "-m", "frictionless"]
    result = subprocess.run([*command, "validate", "data/datapackage.json"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "VALID" in result.stdout and "INVALID" not in result.stdout


def test_shipped_data_pass_helpers_validate_from_any_directory(tmp_path) -> None:
    result = subprocess.run([sys.executable, "-m", "helpers", "validate"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout and "studies (40 rows)" in result.stdout
    assert "search (13 rows)" in result.stdout


# --- Every cell of Tables 1 and 2, once per table row -------------------------------------------------


def test_table1_matches_the_paper_cell_for_cell() -> None:
    printed = paper.table_rows(1)
    studies = REVIEW.studies.set_index("ref")
    ours = []
    for row in REVIEW.factors.itertuples():
        study = studies.loc[row.ref]
        ours.append(
            (row.ref, study.first_author, study.year, [study.operation, study.design, row.finding, str(row.factor_id)])
        )
    assert len(printed) == 22
    assert [(p.ref, p.author, p.year, p.cells) for p in printed] == ours


def test_table2_matches_the_paper_cell_for_cell() -> None:
    printed = paper.table_rows(2)
    studies = REVIEW.studies.set_index("ref")
    ours = []
    for row in REVIEW.strategies.itertuples():
        study = studies.loc[row.ref]
        cells = [study.design, row.test_group, row.control_group, row.better_group, str(row.strategy_id)]
        ours.append((row.ref, study.first_author, study.year, cells))
    assert len(printed) == 19
    assert [(p.ref, p.author, p.year, p.cells) for p in printed] == ours


def test_every_study_is_in_a_table_and_every_table_row_is_a_study() -> None:
    in_tables = set(REVIEW.factors["ref"]) | set(REVIEW.strategies["ref"])
    assert in_tables == set(REVIEW.studies["ref"])


def test_legends_match_the_paper() -> None:
    legend1 = re.search(r"PVP: Percutaneous vertebroplasty\..*", paper.text())[0]
    for row in REVIEW.factor_codes.itertuples():
        assert f"{row.factor_id}: {row.name}." in legend1
    legend2 = re.search(r"ZOL: Zoledronic acid\..*", paper.text())[0]
    for row in REVIEW.strategy_codes.itertuples():
        assert re.search(rf"{row.strategy_id}[.:] ?{re.escape(row.name)}\.", legend2), row.name
    for row in REVIEW.abbreviations.itertuples():
        assert f"{row.abbreviation}: {row.meaning}" in (legend1 if row.table == 1 else legend2)


# --- Quotes are the paper's words ---------------------------------------------------------------------


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def test_participant_quotes_are_in_the_paper_and_state_the_numbers() -> None:
    text = _squash(paper.text())
    for row in REVIEW.studies.dropna(subset=["n_source"]).itertuples():
        assert row.n_source in text, row.n_source
        for value in (row.n_total, row.n_test, row.n_control):
            if not pd.isna(value):
                assert str(value) in row.n_source, (row.ref, value)


def test_prisma_quotes_are_in_the_paper() -> None:
    text = _squash(paper.text())
    for source in [*REVIEW.prisma["source_text"].dropna(), *REVIEW.prisma_reasons["source_text"]]:
        assert source in text, source


# --- The paper's reference list -----------------------------------------------------------------------


def test_bibliography_has_all_55_references_in_the_papers_order() -> None:
    refs = REVIEW.references
    assert sorted(refs["refnumber"]) == list(range(1, 56))
    printed = paper.reference_list()
    assert len(printed) == 55
    for row in refs.itertuples():
        line = printed[row.refnumber]
        assert row.title in line, row.refnumber
        assert f"({row.year})" in line, row.refnumber
        assert f"*{row.journal}*" in line, row.refnumber


def test_every_printed_doi_is_in_the_bibliography() -> None:
    printed = paper.reference_list()
    dois = dict(zip(REVIEW.references["refnumber"], REVIEW.references["doi"]))
    for number, line in printed.items():
        match = re.search(r"doi: (\S+)$", line)
        if match:
            assert dois[number] == match[1], number
        else:
            assert pd.isna(dois[number]), number


def test_each_study_points_at_its_own_reference() -> None:
    refs = REVIEW.references.set_index("bibkey")["refnumber"]
    for row in REVIEW.studies.itertuples():
        assert refs[row.bibkey] == row.ref


# --- The counts of the paper's Results, reproduced from the tables ------------------------------------
# The expected numbers below are the paper's, as printed in its Results section.


def test_factor_entries_split_by_domain_as_the_results_say() -> None:
    # "22 articles (bone cement related: 12, operation related: 6 and patient related:4)"
    assert entries_vs_studies(REVIEW).loc[TABLE1, "entries"] == 22
    rows = entries(REVIEW)
    domains = dict.fromkeys(REVIEW.factor_codes["domain"])  # in the legend's order
    assert {d: len(select(rows, f"domain={d}")) for d in domains} == {"bone cement": 12, "operation": 6, "patient": 4}


def test_strategy_entries_split_by_strategy_as_the_results_say() -> None:
    # "19 articles (improving osteoporosis: 8, reform surgical operation: 6 and add other therapy: 5)"
    assert entries_vs_studies(REVIEW).loc[TABLE2, "entries"] == 19
    assert [len(select(entries(REVIEW), f"strategy={code}")) for code in REVIEW.strategy_codes["strategy_id"]] == [
        8,
        6,
        5,
    ]


def test_designs_add_up_as_the_results_say_only_when_entries_are_counted() -> None:
    # "16 prospective, 20 retrospective and 5 meta-analyses": true of table rows (41),
    # not of distinct studies (40), because Liu H [9] fills two rows of Table 1.
    assert design_counts(REVIEW, "entries")[BOTH].tolist() == [16, 20, 5]
    assert design_counts(REVIEW, "studies")[BOTH].tolist() == [16, 19, 5]
    assert entries_vs_studies(REVIEW).loc[BOTH].tolist() == [41, 40, 1]


def test_the_flow_counts_are_the_results_counts() -> None:
    prisma = REVIEW.prisma.set_index("box")
    assert list(REVIEW.prisma["box"]) == list(BOXES)
    reported = prisma[prisma["status"] == "reported"]["n"].to_dict()
    # "817 literatures were searched out ... removing the 764 ... we removed 12 ... Finally, 41 studies"
    assert reported == {"database_results": 817, "records_excluded": 764, "dbr_excluded": 12, "new_studies": 41}
    assert REVIEW.prisma_reasons["n"].tolist() == [4, 8]
    assert prisma.loc["duplicates", "counted_in"] == "records_excluded"


def test_factor_groups_cite_the_references_the_discussion_cites() -> None:
    # The Discussion's citation groups for the factors it tables.
    refs = {
        code: ref_ranges(select(entries(REVIEW), f"factor={code}")["ref"]) for code in REVIEW.factor_codes["factor_id"]
    }
    assert refs[1] == "7-11"  # "5 articles [7-11]"
    assert refs[5] + ", " + refs[6] == "23, 24, 25"  # "three retrospective papers ... [23-25]"
    assert refs[7] + ", " + refs[8] + ", " + refs[9] == "28, 29, 30, 31"  # "Four studies[28-31]"


@pytest.mark.parametrize("name", ["studies", "factors", "strategies", "prisma"])
def test_data_files_are_utf8_with_unix_newlines(name: str) -> None:
    raw = (DATA / f"{name}.csv").read_bytes()
    raw.decode("utf-8")
    assert b"\r\n" not in raw and raw.endswith(b"\n")


def test_search_rows_quote_the_methods() -> None:
    text = _squash(paper.text())
    search = REVIEW.search
    for row in search.itertuples():
        assert row.source_text in text, row.source_text
        if row.aspect in ("database", "search_term", "language"):
            assert row.value in row.source_text, row.value
    assert len(search[search["aspect"] == "database"]) == 6  # "We searched 6 databases"
    window = dict(zip(search["aspect"], search["value"]))
    assert (window["published_from"], window["published_to"]) == ("2016-01", "2020-09")
