"""Loading the review's data: every file checked, then returned as pandas DataFrames."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pandas as pd

from .bibliography import read_bibliography
from .csvfile import RawTable, read_raw
from .errors import DataError, Problem
from .paths import default_data_dir, validated_path
from .rules import review_problems
from .schema import TableSpec, read_descriptor, resource_path, table_specs
from .schema_check import schema_problems


@dataclass(frozen=True)
class Review:
    """The review's data, validated. Each attribute is one file of ``data/``."""

    updates: pd.DataFrame
    studies: pd.DataFrame
    factors: pd.DataFrame
    strategies: pd.DataFrame
    factor_codes: pd.DataFrame
    strategy_codes: pd.DataFrame
    abbreviations: pd.DataFrame
    search: pd.DataFrame
    prisma: pd.DataFrame
    prisma_reasons: pd.DataFrame
    claims: pd.DataFrame
    problems: pd.DataFrame
    questions: pd.DataFrame
    harms: pd.DataFrame
    overlaps: pd.DataFrame
    certainty: pd.DataFrame
    statements: pd.DataFrame
    group_totals: pd.DataFrame
    follow_up: pd.DataFrame
    amstar2: pd.DataFrame
    prisma2020: pd.DataFrame
    references: pd.DataFrame
    data_dir: Path

    def paper(self) -> Review:
        """The paper's own data: without the studies and table rows that later updates added (updates.csv)."""

        def own(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[frame["update"].isna()].reset_index(drop=True) if "update" in frame else frame

        return replace(self, studies=own(self.studies), factors=own(self.factors), strategies=own(self.strategies))

    def added(self) -> set[int]:
        """The references of studies that a later update added."""
        return set(self.studies.loc[self.studies["update"].notna(), "ref"]) if "update" in self.studies else set()

    @classmethod
    def table_names(cls) -> list[str]:
        return [f.name for f in fields(cls) if f.name not in ("references", "data_dir")]


def _display(data_dir: Path, path: str) -> str:
    """How a file is named in messages: relative to the working directory when it is below it."""
    full = (data_dir / path).resolve()
    try:
        return str(full.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(full)


def _frame(raw: RawTable, spec: TableSpec) -> pd.DataFrame:
    """Typed columns: required integers int64, optional ones Int64, text as string; '' is missing."""
    columns = {}
    for index, field in enumerate(spec.fields):
        cells = [row[index] for row in raw.rows]
        if field.type == "integer":
            dtype = "int64" if field.required else "Int64"
            columns[field.name] = pd.array([int(c) if c != "" else pd.NA for c in cells], dtype=dtype)
        else:
            columns[field.name] = pd.array([c if c != "" else pd.NA for c in cells], dtype="string")
    return pd.DataFrame(columns)


def read_review(data_dir: Path | str | None = None) -> tuple[Review | None, list[Problem]]:
    """Check every file in three layers and return the data with the problems found.

    1. each file is there, UTF-8, with the header that datapackage.json gives;
    2. frictionless checks types, allowed values, primary and foreign keys;
    3. the review's own rules: references.bib, participants, directions, PRISMA arithmetic.
    A layer runs only when the one before it found nothing, so one mistake is not
    reported again as a cascade of others. The review is None whenever problems are found.
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    descriptor = read_descriptor(data_dir)
    specs = {spec.name: spec for spec in table_specs(descriptor)}
    display = {name: _display(data_dir, spec.path) for name, spec in specs.items()}
    missing = [n for n in Review.table_names() if n not in specs]
    if missing:
        return None, [
            Problem(_display(data_dir, "datapackage.json"), 1, "resources", f"no resource named {n}") for n in missing
        ]

    raws, problems = {}, []
    for name, spec in specs.items():
        raw, found = read_raw(data_dir / spec.path, display[name], spec)
        problems += found
        if raw is not None:
            raws[name] = raw
    bib_path = resource_path(descriptor, "references")
    bib, bib_problems = read_bibliography(data_dir / bib_path, _display(data_dir, bib_path))
    problems += bib_problems
    if problems:
        return None, problems

    lines = {name: raw.lines for name, raw in raws.items()}
    problems = schema_problems(data_dir, descriptor, specs, lines, display)
    if problems:
        return None, problems

    frames = {name: _frame(raws[name], specs[name]) for name in specs}
    problems = review_problems(frames, bib, lines, display)
    if problems:
        return None, problems
    return Review(
        **{n: frames[n] for n in Review.table_names()}, references=bib.drop(columns="line"), data_dir=data_dir
    ), []


#: How many versions of validated data load_review keeps (tests validate many copies of the data).
KEEP_VALIDATED = 16


def load_review(data_dir: Path | str | None = None) -> Review:
    """The validated review; raises DataError listing every problem if there is any.

    By default it reads the repository's ``data/`` (or ``$RESIDUAL_PAIN_DATA``), whatever the
    working directory. Nothing is ever written to the data directory.

    Data that have been validated once are kept in ``_build/.validated/``, keyed by the hash of
    the data and of this layer's code, and read back from there without the validator: so every
    notebook of a build loads in milliseconds what ``make book`` validated before any kernel
    started, and a change to any file of the data, however small, is validated again.
    """
    import pickle

    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    stored = validated_path(data_dir)
    if stored.is_file():
        return replace(pickle.loads(stored.read_bytes()), data_dir=data_dir)
    review, problems = read_review(data_dir)
    if problems or review is None:
        raise DataError(problems)
    try:  # written whole, then moved into place, so that a kernel never reads half a file
        stored.parent.mkdir(parents=True, exist_ok=True)
        partial = stored.with_suffix(f".{os.getpid()}.partial")
        partial.write_bytes(pickle.dumps(review))
        partial.replace(stored)
        for old in sorted(stored.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime)[:-KEEP_VALIDATED]:
            old.unlink(missing_ok=True)
    except OSError:  # a read-only checkout: validate every time
        pass
    return review
