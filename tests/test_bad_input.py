"""Corrupted copies of data/: each is rejected with a message naming file, line and column, and nothing is written."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import fingerprint

from helpers import DataError, load_review
from helpers.__main__ import main


def edit_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV file (``line`` as in an editor: the header is line 1)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def drop_column(path: Path, column: str) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    index = rows[0].index(column)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([r[:index] + r[index + 1 :] for r in rows])


def replace_bytes(path: Path, old: bytes, new: bytes) -> None:
    raw = path.read_bytes()
    assert old in raw, old
    path.write_bytes(raw.replace(old, new, 1))


@dataclass(frozen=True)
class Corruption:
    name: str
    apply: Callable[[Path], None]
    file: str
    line: int
    column: str
    says: str  # a few words the message must contain


CORRUPTIONS = [
    Corruption(
        "missing column", lambda d: drop_column(d / "studies.csv", "design"), "studies.csv", 1, "design", "missing"
    ),
    Corruption(
        "unknown code",
        lambda d: edit_cell(d / "factors.csv", 2, "factor_id", "10"),
        "factors.csv",
        2,
        "factor_id",
        "not found in factor_codes",
    ),
    Corruption(
        "duplicate key",
        lambda d: edit_cell(d / "strategies.csv", 3, "ref", "32"),
        "strategies.csv",
        3,
        "ref",
        "duplicate",
    ),
    Corruption(
        "bad type",
        lambda d: edit_cell(d / "studies.csv", 2, "year", "2018a"),
        "studies.csv",
        2,
        "year",
        "not of type integer",
    ),
    Corruption(
        "dangling reference",
        lambda d: edit_cell(d / "factors.csv", 2, "ref", "99"),
        "factors.csv",
        2,
        "ref",
        "not found in studies",
    ),
    Corruption(
        "reference missing from the .bib",
        lambda d: edit_cell(d / "studies.csv", 2, "bibkey", "nosuchkey2020"),
        "studies.csv",
        2,
        "bibkey",
        "not an entry of references.bib",
    ),
    Corruption("empty file", lambda d: (d / "strategies.csv").write_bytes(b""), "strategies.csv", 1, "ref", "empty"),
    Corruption(
        "bytes that are not UTF-8",
        lambda d: replace_bytes(d / "factors.csv", "“H”".encode(), b"\x93H\x94"),
        "factors.csv",
        5,
        "finding",
        "not UTF-8",
    ),
    Corruption(
        "broken PRISMA arithmetic",
        lambda d: edit_cell(d / "prisma.csv", 13, "n", "42"),
        "prisma.csv",
        13,
        "n",
        "at most 41",
    ),
    Corruption(
        "value outside the allowed list",
        lambda d: edit_cell(d / "studies.csv", 2, "design", "RCT"),
        "studies.csv",
        2,
        "design",
        "allowed values",
    ),
    Corruption(
        "required value left blank",
        lambda d: edit_cell(d / "strategies.csv", 2, "better_group", ""),
        "strategies.csv",
        2,
        "better_group",
        "required",
    ),
    Corruption(
        "row with a cell missing",
        lambda d: replace_bytes(
            d / "factors.csv",
            b"7,1,Well distribution in the fracture line area,difference,\n",
            b"7,1,Well distribution in the fracture line area,difference\n",
        ),
        "factors.csv",
        2,
        "update",
        "4 cells",
    ),
    Corruption(
        "blank line",
        lambda d: replace_bytes(d / "factors.csv", b"difference,\n8,", b"difference,\n\n8,"),
        "factors.csv",
        3,
        "ref",
        "blank line",
    ),
    Corruption(
        "missing file", lambda d: (d / "factor_codes.csv").unlink(), "factor_codes.csv", 1, "factor_id", "missing"
    ),
    Corruption(
        "study pointing at another study's reference",
        lambda d: (
            edit_cell(d / "studies.csv", 2, "bibkey", "ye2018risk"),
            edit_cell(d / "studies.csv", 3, "bibkey", "liu2018bone"),
        ),
        "studies.csv",
        2,
        "bibkey",
        "refnumber 8, not 7",
    ),
    Corruption(
        "group sizes that do not add up",
        lambda d: edit_cell(d / "studies.csv", 9, "n_test", "60"),
        "studies.csv",
        9,
        "n_total",
        "not n_total = 100",
    ),
    Corruption(
        "direction contradicting the verbatim cell",
        lambda d: edit_cell(d / "factors.csv", 2, "direction", "no difference"),
        "factors.csv",
        2,
        "direction",
        "does not match",
    ),
    Corruption(
        "exclusion reasons that do not add up",
        lambda d: edit_cell(d / "prisma_reasons.csv", 2, "n", "5"),
        "prisma_reasons.csv",
        2,
        "n",
        "add up to 13",
    ),
    Corruption(
        "combined box without its target",
        lambda d: edit_cell(d / "prisma.csv", 4, "counted_in", ""),
        "prisma.csv",
        4,
        "counted_in",
        "combined",
    ),
    Corruption(
        "duplicate BibTeX key",
        lambda d: replace_bytes(d / "references.bib", b"@article{cheng2019percutaneous,", b"@article{cao2020safety,"),
        "references.bib",
        12,
        "cao2020safety",
        "used twice",
    ),
    Corruption(
        "BibTeX entry without its number",
        lambda d: replace_bytes(d / "references.bib", b"  refnumber = {2},\n", b""),
        "references.bib",
        12,
        "refnumber",
        "no refnumber",
    ),
    Corruption(
        "value used twice in a unique column",
        lambda d: edit_cell(d / "studies.csv", 3, "bibkey", "liu2018bone"),
        "studies.csv",
        3,
        "bibkey",
        "also on line 2",
    ),
    Corruption(
        "search window that ends before it starts",
        lambda d: edit_cell(d / "search.csv", 14, "value", "2015-12"),
        "search.csv",
        14,
        "value",
        "ends before it starts",
    ),
    Corruption(
        "month not written YYYY-MM",
        lambda d: edit_cell(d / "search.csv", 13, "value", "January 2016"),
        "search.csv",
        13,
        "value",
        "YYYY-MM",
    ),
    Corruption(
        "claim whose value the check cannot read",
        lambda d: edit_cell(d / "claims.csv", 2, "reported", "eight hundred"),
        "claims.csv",
        2,
        "reported",
        "prisma check",
    ),
    Corruption(
        "claim citing a reference the paper does not have",
        lambda d: edit_cell(d / "claims.csv", 30, "refs", "3-60"),
        "claims.csv",
        30,
        "refs",
        "no reference has the number 56",
    ),
    Corruption(
        "claim with an unknown check",
        lambda d: edit_cell(d / "claims.csv", 2, "check", "vibes"),
        "claims.csv",
        2,
        "check",
        "is not one of the audit's checks: prisma, study_count",
    ),
    Corruption(
        "statement on a page that _toc.yml does not declare",
        lambda d: edit_cell(d / "statements.csv", 2, "page", "appendix"),
        "statements.csv",
        2,
        "page",
        '"appendix" is not a page of the book (_toc.yml): index, methods',
    ),
    Corruption(
        "tab in a cell",
        lambda d: edit_cell(d / "factors.csv", 3, "finding", "Cement\tvolume"),
        "factors.csv",
        3,
        "finding",
        "U+0009 (a tab)",
    ),
    Corruption(
        "line break in a quoted cell",
        lambda d: edit_cell(d / "strategies.csv", 2, "test_group", "two\nlines"),
        "strategies.csv",
        2,
        "test_group",
        "a line break",
    ),
    Corruption(
        "line break in a quoted cell, reported below it",
        lambda d: (
            edit_cell(d / "studies.csv", 2, "n_source", "a\nb"),
            edit_cell(d / "studies.csv", 3, "first_author", "Li\x07"),
        ),
        "studies.csv",
        4,
        "first_author",
        "U+0007",
    ),
    Corruption(
        "bidirectional override in a BibTeX title",
        lambda d: replace_bytes(
            d / "references.bib",
            b"title = {",
            "title = {\u202e".encode(),
        ),
        "references.bib",
        4,
        "title",
        "right-to-left override",
    ),
    Corruption(
        "BibTeX link that is not to the web",
        lambda d: replace_bytes(
            d / "references.bib", b"  refnumber = {2},\n", b"  refnumber = {2},\n  url = {javascript:alert(1)},\n"
        ),
        "references.bib",
        12,
        "url",
        "not a web address",
    ),
    Corruption(
        "broken datapackage.json",
        lambda d: replace_bytes(d / "datapackage.json", b'"resources": [', b'"resources": [,'),
        "datapackage.json",
        18,
        "character 17",
        "not valid JSON",
    ),
    Corruption(
        "GRADE judgement resting on nothing",
        lambda d: edit_cell(d / "certainty.csv", 3, "refs", ""),
        "certainty.csv",
        3,
        "span",
        "both are empty",
    ),
    Corruption(
        "GRADE rating up judged serious",
        lambda d: edit_cell(d / "certainty.csv", 7, "judgement", "serious"),
        "certainty.csv",
        7,
        "judgement",
        "not a judgement of rating up",
    ),
    Corruption(
        "GRADE judgement on rows outside its body",
        lambda d: edit_cell(d / "certainty.csv", 3, "refs", "7-12"),
        "certainty.csv",
        3,
        "refs",
        "12 not among the studies",
    ),
    Corruption(
        "GRADE body missing a domain",
        lambda d: edit_cell(d / "certainty.csv", 6, "domain", "imprecision"),
        "certainty.csv",
        6,
        "domain",
        "judged twice",
    ),
    Corruption(
        "randomised without the paper's words",
        lambda d: edit_cell(d / "studies.csv", 33, "randomised_span", ""),
        "studies.csv",
        33,
        "randomised_span",
        "needs the paper's words",
    ),
    Corruption(
        "overlap of a primary study",
        lambda d: edit_cell(d / "overlaps.csv", 2, "refs", "21, 25"),
        "overlaps.csv",
        2,
        "refs",
        "not an included meta-analysis",
    ),
    Corruption(
        "AMSTAR 2 item made non-critical",
        lambda d: edit_cell(d / "amstar2.csv", 3, "critical", "no"),
        "amstar2.csv",
        3,
        "critical",
        "critical domains are items 2, 4, 7, 9, 11, 13, 15",
    ),
    Corruption(
        "AMSTAR 2 answer outside its words",
        lambda d: edit_cell(d / "amstar2.csv", 5, "answer", "Not applicable"),
        "amstar2.csv",
        5,
        "answer",
        "allowed values",
    ),
    Corruption(
        "AMSTAR 2 Partial Yes where the item offers none",
        lambda d: edit_cell(d / "amstar2.csv", 2, "answer", "Partial Yes"),
        "amstar2.csv",
        2,
        "answer",
        "offers no 'Partial Yes'",
    ),
    Corruption(
        "AMSTAR 2 no meta-analysis on an item about something else",
        lambda d: edit_cell(d / "amstar2.csv", 7, "answer", "No meta-analysis conducted"),
        "amstar2.csv",
        7,
        "answer",
        "offers no 'No meta-analysis conducted'",
    ),
    Corruption(
        "AMSTAR 2 Yes without the paper's words",
        lambda d: edit_cell(d / "amstar2.csv", 17, "span", ""),
        "amstar2.csv",
        17,
        "span",
        "needs the paper's words",
    ),
    Corruption(
        "AMSTAR 2 item beyond 16",
        lambda d: edit_cell(d / "amstar2.csv", 17, "item", "17"),
        "amstar2.csv",
        17,
        "item",
        "maximum",
    ),
    Corruption(
        "AMSTAR 2 item given twice",
        lambda d: edit_cell(d / "amstar2.csv", 4, "item", "2"),
        "amstar2.csv",
        4,
        "item",
        "the same item as line 3",
    ),
    Corruption(
        "PRISMA 2020 item reported without the paper's words",
        lambda d: edit_cell(d / "prisma2020.csv", 2, "span", ""),
        "prisma2020.csv",
        2,
        "span",
        "needs the paper's words",
    ),
    Corruption(
        "PRISMA 2020 item not reported but quoted",
        lambda d: edit_cell(d / "prisma2020.csv", 10, "span", "Finally, 41 studies"),
        "prisma2020.csv",
        10,
        "span",
        "quotes nothing",
    ),
    Corruption(
        "PRISMA 2020 item in the wrong section",
        lambda d: edit_cell(d / "prisma2020.csv", 2, "section", "Methods"),
        "prisma2020.csv",
        2,
        "section",
        "in the section Title",
    ),
    Corruption(
        "PRISMA 2020 item that the checklist does not have",
        lambda d: edit_cell(d / "prisma2020.csv", 43, "item", "28"),
        "prisma2020.csv",
        43,
        "item",
        "not an item of the checklist",
    ),
    Corruption(
        "PRISMA 2020 item that is not an item number",
        lambda d: edit_cell(d / "prisma2020.csv", 11, "item", "10A"),
        "prisma2020.csv",
        11,
        "item",
        "pattern",
    ),
    Corruption(
        "PRISMA 2020 rating outside its words",
        lambda d: edit_cell(d / "prisma2020.csv", 3, "reported", "yes"),
        "prisma2020.csv",
        3,
        "reported",
        "allowed values",
    ),
    Corruption(
        "PRISMA 2020 span with an empty passage",
        lambda d: edit_cell(d / "prisma2020.csv", 2, "span", "(OVCF): a systematic review |  | "),
        "prisma2020.csv",
        2,
        "span",
        "an empty passage",
    ),
]


@pytest.mark.parametrize("corruption", CORRUPTIONS, ids=lambda c: c.name)
def test_load_review_names_file_line_and_column(corruption: Corruption, data_copy: Path) -> None:
    corruption.apply(data_copy)
    before = fingerprint(data_copy)
    with pytest.raises(DataError) as caught:
        load_review(data_copy)
    hits = [
        p
        for p in caught.value.problems
        if p.file.endswith(corruption.file) and p.line == corruption.line and p.column == corruption.column
    ]
    assert hits, f"expected {corruption.file}:{corruption.line} '{corruption.column}' in:\n{caught.value}"
    assert any(corruption.says in p.message for p in hits), str(caught.value)
    assert f"{corruption.file}:{corruption.line}: column '{corruption.column}'" in str(caught.value)
    assert fingerprint(data_copy) == before


@pytest.mark.parametrize("corruption", CORRUPTIONS[:10], ids=lambda c: c.name)
def test_validate_command_reports_and_writes_nothing(
    corruption: Corruption, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In this process: an exception the command did not catch would fail the test, as a traceback would."""
    corruption.apply(data_copy)
    before = fingerprint(data_copy)
    assert main(["validate", str(data_copy)]) == 1
    assert f"{corruption.file}:{corruption.line}: column '{corruption.column}'" in capsys.readouterr().err
    assert fingerprint(data_copy) == before


def test_the_installed_command_reports_without_traceback(data_copy: Path) -> None:
    corruption = CORRUPTIONS[0]
    corruption.apply(data_copy)
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "validate", str(data_copy)], capture_output=True, text=True
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert f"{corruption.file}:{corruption.line}: column '{corruption.column}'" in result.stderr


def test_every_problem_is_listed_not_only_the_first(data_copy: Path) -> None:
    edit_cell(data_copy / "studies.csv", 2, "year", "20x8")
    edit_cell(data_copy / "studies.csv", 3, "design", "Cohort")
    edit_cell(data_copy / "factors.csv", 4, "factor_id", "12")
    edit_cell(data_copy / "strategies.csv", 5, "strategy_id", "7")
    with pytest.raises(DataError) as caught:
        load_review(data_copy)
    found = {(Path(p.file).name, p.line, p.column) for p in caught.value.problems}
    assert found == {
        ("studies.csv", 2, "year"),
        ("studies.csv", 3, "design"),
        ("factors.csv", 4, "factor_id"),
        ("strategies.csv", 5, "strategy_id"),
    }
    assert str(caught.value).startswith("4 problems")


def test_a_structural_problem_is_not_repeated_as_a_cascade(data_copy: Path) -> None:
    drop_column(data_copy / "studies.csv", "year")
    with pytest.raises(DataError) as caught:
        load_review(data_copy)
    assert [(p.line, p.column) for p in caught.value.problems] == [(1, "year")]


def test_validate_command_rejects_a_folder_that_is_not_there(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "validate", str(tmp_path / "nowhere")], capture_output=True, text=True
    )
    assert result.returncode == 1 and "not a directory" in result.stderr and "Traceback" not in result.stderr
