"""Shared fixtures: a scratch copy of data/ with ways to edit its tables, a fingerprint of a folder, and small
hand-made reviews."""

from __future__ import annotations

import csv
import hashlib
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from helpers import Review
from helpers.dataset.paths import repository_root

ROOT = repository_root()
DATA = ROOT / "data"
#: The order in which make test starts the files (with xdist's --no-loadscope-reorder): each core
#: first takes one of the two build files; the core that finishes its build first takes the browser
#: tests, the other the perturbation tests, and the short files fill in around them.
LONGEST_FIRST = ("test_study_builds.py", "test_builds.py", "test_browser.py", "test_perturbation.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may corrupt."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def edit_rows(path: Path, edit: Callable[[dict[str, str]], None]) -> None:
    """Rewrite a CSV of data/ with ``edit`` applied to every row (a dict by column), in the file's own order."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        edit(row)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def append_row(path: Path, row: dict[str, str]) -> None:
    """A row in the file's own column order; columns the row does not name are left empty."""
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fieldnames=header, lineterminator="\n").writerow(row)


def fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file below ``folder`` with its sha256 and mtime: equal fingerprints mean nothing was written."""
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _frame(rows: list[tuple], columns: list[str], types: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({c: types.get(c, "string") for c in columns})


def make_review(studies: list[tuple], factors: list[tuple] = (), strategies: list[tuple] = ()) -> Review:
    """A tiny review from hand-written rows.

    studies: (ref, first_author, year, design, n_total, n_test, n_control);
    factors: (ref, factor_id, direction); strategies: (ref, strategy_id, direction).
    Codes are fixed: factors 1-2 'bone cement', 3 'operation', 4 'patient'; strategies 1-2.
    """
    ints = {
        "ref": "int64",
        "year": "int64",
        "factor_id": "int64",
        "strategy_id": "int64",
        "n": "Int64",
        "n_total": "Int64",
        "n_test": "Int64",
        "n_control": "Int64",
        "table": "int64",
    }
    s = _frame(
        [(r, a, y, d, None, f"key{r}", t, te, c, None, None) for r, a, y, d, t, te, c in studies],
        [
            "ref",
            "first_author",
            "year",
            "design",
            "operation",
            "bibkey",
            "n_total",
            "n_test",
            "n_control",
            "n_source",
            "update",
        ],
        ints,
    )
    f = _frame(
        [(r, i, "finding", d, None) for r, i, d in factors],
        ["ref", "factor_id", "finding", "direction", "update"],
        ints,
    )
    g = _frame(
        [(r, i, "test", "control", "better", d, None) for r, i, d in strategies],
        ["ref", "strategy_id", "test_group", "control_group", "better_group", "direction", "update"],
        ints,
    )
    fc = _frame(
        [
            (1, "Distribution", "bone cement"),
            (2, "Volume", "bone cement"),
            (3, "Puncture", "operation"),
            (4, "BMD", "patient"),
        ],
        ["factor_id", "name", "domain"],
        ints,
    )
    sc = _frame([(1, "Drugs"), (2, "Surgery")], ["strategy_id", "name"], ints)
    empty = pd.DataFrame()
    return Review(
        studies=s,
        factors=f,
        strategies=g,
        factor_codes=fc,
        strategy_codes=sc,
        abbreviations=empty,
        search=empty,
        prisma=empty,
        prisma_reasons=empty,
        claims=empty,
        problems=empty,
        updates=empty,
        questions=empty,
        harms=empty,
        overlaps=empty,
        certainty=empty,
        statements=empty,
        group_totals=empty,
        follow_up=empty,
        amstar2=empty,
        prisma2020=empty,
        references=empty,
        data_dir=Path("."),
    )


def make_updated_review() -> Review:
    """Two studies of factor 1 from the paper, and a third that update U001 (2026-11-28) added."""
    review = make_review(
        studies=[
            (1, "Ann A", 2018, "Prospective", 100, None, None),
            (2, "Bob B", 2019, "Retrospective", None, None, None),
            (3, "Cy C", 2026, "Prospective", None, None, None),
        ],
        factors=[(1, 1, "difference"), (2, 1, "difference"), (3, 1, "difference"), (2, 3, "no difference")],
    )
    studies = review.studies.assign(update=pd.array([None, None, "U001"], dtype="string"))
    factors = review.factors.assign(update=pd.array([None, None, "U001", None], dtype="string"))
    updates = pd.DataFrame(
        {"update_id": ["U001"], "date": ["2026-11-28"], "source": ["s"], "description": ["d"]}, dtype="string"
    )
    return replace(review, studies=studies, factors=factors, updates=updates)
