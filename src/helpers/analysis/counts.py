"""The rows of the two evidence tables as one frame, the selection of rows, and the counts of rows and studies."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from ..dataset.review import Review
from ..dataset.vocabulary import DESIGNS, TABLE1, TABLE2

#: The label of a count over both tables.
BOTH = "Both tables"
#: The domain that entries() gives the rows of Table 2, whose strategies have none of Table 1's.
STRATEGY_DOMAIN = "strategy"


def entries(review: Review) -> pd.DataFrame:
    """One row per row of Tables 1 and 2, in table order, with the study's design and the code's name.

    Columns: table, ref, first_author, year, design, code (factor or strategy id), name,
    domain (the factor's domain; 'strategy' for Table 2), direction, n_total (the study's
    stated size, or missing), update (the update that added the row, missing for the paper's),
    test_group (Table 2's test group; empty for Table 1).
    """
    studies = review.studies.set_index("ref")[["first_author", "year", "design", "n_total"]]
    t1 = review.factors.merge(review.factor_codes, on="factor_id", how="left").rename(columns={"factor_id": "code"})
    t1 = t1.assign(table=TABLE1, test_group="")
    t2 = review.strategies.merge(review.strategy_codes, on="strategy_id", how="left").rename(
        columns={"strategy_id": "code"}
    )
    t2 = t2.assign(table=TABLE2, domain=STRATEGY_DOMAIN)
    columns = ["table", "ref", "code", "name", "domain", "direction", "update", "test_group"]
    t1, t2 = (t if "update" in t else t.assign(update=pd.NA) for t in (t1, t2))
    both = pd.concat([t1[columns], t2[columns]], ignore_index=True)
    both = both.join(studies, on="ref")
    return both[
        [
            "table",
            "ref",
            "first_author",
            "year",
            "design",
            "code",
            "name",
            "domain",
            "direction",
            "n_total",
            "update",
            "test_group",
        ]
    ]


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
    table = pd.crosstab(rows["design"], rows["table"]).reindex(
        index=list(DESIGNS), columns=[TABLE1, TABLE2], fill_value=0
    )
    table[BOTH] = both["design"].value_counts().reindex(list(DESIGNS), fill_value=0)
    table.index.name, table.columns.name = "design", None
    return table.astype("int64")
