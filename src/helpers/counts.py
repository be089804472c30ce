"""Counts and tables that the book states: entries and studies, designs, factors, strategies, participants."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from .citations import ref_ranges
from .review import Review

TABLE1, TABLE2, BOTH = "Table 1", "Table 2", "Both tables"
DESIGNS = ("Prospective", "Retrospective", "Meta-analysis")
DOMAINS = ("bone cement", "operation", "patient")


def entries(review: Review) -> pd.DataFrame:
    """One row per row of Tables 1 and 2, in table order, with the study's design and the code's name.

    Columns: table, ref, first_author, year, design, code (factor or strategy id), name,
    domain (the factor's domain; 'strategy' for Table 2), direction, n_total (the study's
    stated size, or missing), update (the update that added the row, missing for the paper's).
    """
    studies = review.studies.set_index("ref")[["first_author", "year", "design", "n_total"]]
    t1 = review.factors.merge(review.factor_codes, on="factor_id", how="left").rename(columns={"factor_id": "code"})
    t1 = t1.assign(table=TABLE1)
    t2 = review.strategies.merge(review.strategy_codes, on="strategy_id", how="left").rename(columns={"strategy_id": "code"})
    t2 = t2.assign(table=TABLE2, domain="strategy")
    columns = ["table", "ref", "code", "name", "domain", "direction", "update"]
    t1, t2 = (t if "update" in t else t.assign(update=pd.NA) for t in (t1, t2))
    both = pd.concat([t1[columns], t2[columns]], ignore_index=True)
    both = both.join(studies, on="ref")
    return both[["table", "ref", "first_author", "year", "design", "code", "name", "domain", "direction", "n_total", "update"]]


def select(rows: pd.DataFrame, target: str, refs: list[int] | None = None) -> pd.DataFrame:
    """The rows of :func:`entries` (or a frame with its columns) that ``target`` selects, among ``refs`` if given.

    ``target`` joins conditions with '&' and alternatives with '|': 'factor=1', 'strategy=2',
    'table=1', 'table=all', 'domain=bone cement', 'direction=no difference', 'name~Cement'
    (a column containing a text). '' selects every row.
    """
    if refs:
        rows = rows[rows["ref"].isin(refs)]
    for condition in filter(None, str(target or "").split("&")):
        keep = pd.Series(False, index=rows.index)
        for alternative in condition.split("|"):
            keep |= _match(rows, alternative)
        rows = rows[keep]
    return rows


def _match(rows: pd.DataFrame, condition: str) -> pd.Series:
    if "~" in condition:
        column, text = condition.split("~", 1)
        return rows[column].str.contains(text, regex=False)
    column, value = condition.split("=", 1)
    if column == "table":
        return pd.Series(True, index=rows.index) if value == "all" else rows["table"] == f"Table {value}"
    if column in ("factor", "strategy"):
        return (rows["table"] == (TABLE1 if column == "factor" else TABLE2)) & (rows["code"] == int(value))
    return rows[column] == value


def entries_vs_studies(review: Review) -> pd.DataFrame:
    """Per table and for both: table rows (entries), distinct studies, and entries that repeat a study."""
    rows = entries(review)
    out = {}
    for label, part in ((TABLE1, rows[rows.table == TABLE1]), (TABLE2, rows[rows.table == TABLE2]), (BOTH, rows)):
        out[label] = {"entries": len(part), "studies": part["ref"].nunique()}
    frame = pd.DataFrame.from_dict(out, orient="index")
    frame["repeats"] = frame["entries"] - frame["studies"]
    return frame


def repeated_studies(review: Review) -> pd.DataFrame:
    """Studies that fill more than one table row: ref, first_author, year, entries."""
    rows = entries(review)
    counts = rows.groupby(["ref", "first_author", "year"], sort=True).size().rename("entries").reset_index()
    return counts[counts["entries"] > 1].reset_index(drop=True)


def design_counts(review: Review, unit: Literal["entries", "studies"] = "entries") -> pd.DataFrame:
    """Designs by table: rows Prospective, Retrospective, Meta-analysis; columns Table 1, Table 2, Both tables.

    ``unit='entries'`` counts table rows (a study in two rows counts twice, as the
    paper counts); ``unit='studies'`` counts each study once.
    """
    rows = entries(review)
    if unit == "studies":
        rows = rows.drop_duplicates(["table", "ref"])
        both = rows.drop_duplicates("ref")
    elif unit == "entries":
        both = rows
    else:
        raise ValueError(f"unit must be 'entries' or 'studies', not {unit!r}")
    table = pd.crosstab(rows["design"], rows["table"]).reindex(index=list(DESIGNS), columns=[TABLE1, TABLE2], fill_value=0)
    table[BOTH] = both["design"].value_counts().reindex(list(DESIGNS), fill_value=0)
    table.index.name, table.columns.name = "design", None
    return table.astype("int64")


def _by_code(rows: pd.DataFrame, codes: pd.DataFrame, key: str) -> pd.DataFrame:
    grouped = rows.groupby("code")
    out = codes.set_index(key).copy()
    out["entries"] = grouped.size().reindex(out.index, fill_value=0)
    out["studies"] = grouped["ref"].nunique().reindex(out.index, fill_value=0)
    out["refs"] = grouped["ref"].agg(ref_ranges).reindex(out.index, fill_value="")
    return out.reset_index()


def factor_counts(review: Review) -> pd.DataFrame:
    """Per factor of Table 1's legend: factor_id, name, domain, entries, studies and refs ('7-11')."""
    rows = entries(review)
    return _by_code(rows[rows.table == TABLE1], review.factor_codes, "factor_id")


def domain_counts(review: Review) -> pd.DataFrame:
    """Per domain of factors: entries, studies and refs, in the paper's order of domains."""
    rows = entries(review)
    rows = rows[rows.table == TABLE1]
    grouped = rows.groupby("domain")
    out = pd.DataFrame({
        "entries": grouped.size(),
        "studies": grouped["ref"].nunique(),
        "refs": grouped["ref"].agg(ref_ranges),
    }).reindex(list(DOMAINS))
    out[["entries", "studies"]] = out[["entries", "studies"]].fillna(0).astype("int64")
    out["refs"] = out["refs"].fillna("")
    out.index.name = "domain"
    return out


def strategy_counts(review: Review) -> pd.DataFrame:
    """Per strategy of Table 2's legend: strategy_id, name, entries, studies and refs."""
    rows = entries(review)
    return _by_code(rows[rows.table == TABLE2], review.strategy_codes, "strategy_id")


def direction_counts(review: Review, table: Literal["Table 1", "Table 2"]) -> pd.DataFrame:
    """Entries by factor (Table 1) or strategy (Table 2) and normalised direction, in legend order."""
    rows = entries(review)
    rows = rows[rows.table == table]
    codes = review.factor_codes if table == TABLE1 else review.strategy_codes
    names = list(codes["name"])
    out = pd.crosstab(rows["name"], rows["direction"]).reindex(names, fill_value=0)
    out.index.name, out.columns.name = "name", None
    return out


def participants(review: Review) -> pd.DataFrame:
    """The studies whose participant numbers the text states: ref, first_author, design, n_total, n_test, n_control."""
    s = review.studies
    stated = s[["n_total", "n_test", "n_control"]].notna().any(axis=1)
    return s.loc[stated, ["ref", "first_author", "design", "n_total", "n_test", "n_control"]].reset_index(drop=True)


@dataclass(frozen=True)
class GroupParticipants:
    """Participants of a group of studies, as far as the text states them per study."""

    studies: int
    stated: int
    n_total: int

    @property
    def complete(self) -> bool:
        """Whether every study of the group has a stated size, so that n_total is the group's size."""
        return self.studies == self.stated


def group_participants(review: Review, refs: Iterable[int]) -> GroupParticipants:
    """How many of the studies ``refs`` have a stated n_total, and the sum of those."""
    wanted = set(int(r) for r in refs)
    s = review.studies[review.studies["ref"].isin(wanted)]
    missing = wanted - set(s["ref"])
    if missing:
        raise KeyError(f"not in studies.csv: {sorted(missing)}")
    stated = s["n_total"].dropna()
    return GroupParticipants(studies=len(s), stated=len(stated), n_total=int(stated.sum()))
