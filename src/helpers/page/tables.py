"""The book's tables, as DataFrames: cells are text from the data, or :class:`Md` (a study with its citation)."""

from __future__ import annotations

import pandas as pd

from ..analysis.counts import BOTH, design_counts
from ..dataset.review import Review
from ..dataset.vocabulary import TABLE1, TABLE2
from .markdown import Md, cite, md


def _study_cell(review: Review, ref: int, first_author: str, year: int, update: object = None) -> Md:
    """A study with its citation; a row that a later update added says so, with the update's id."""
    added = md(" (added in ", update, ")") if isinstance(update, str) and update else Md("")
    return md(first_author, " ", cite([ref], review.references), " ", year, added)


def _with_studies(review: Review, rows: pd.DataFrame) -> pd.DataFrame:
    """Table rows with their studies' columns; ``update`` stays the row's own (a row added to a paper's study is
    added)."""
    return rows.merge(
        review.studies.drop(columns="update", errors="ignore"), on="ref", how="left", validate="many_to_one"
    )


def table1(review: Review) -> pd.DataFrame:
    """Table 1 of the paper, row for row, with its columns."""
    rows = _with_studies(review, review.factors)
    return pd.DataFrame(
        {
            "First Author/Year": [
                _study_cell(review, r.ref, r.first_author, r.year, getattr(r, "update", None))
                for r in rows.itertuples()
            ],
            "Operation": rows["operation"],
            "Study Type": rows["design"],
            "Better Pain Relief": rows["finding"],
            "Factor, No.": rows["factor_id"],
        }
    )


def table2(review: Review) -> pd.DataFrame:
    """Table 2 of the paper, row for row, with its columns."""
    rows = _with_studies(review, review.strategies)
    return pd.DataFrame(
        {
            "Author/Year": [
                _study_cell(review, r.ref, r.first_author, r.year, getattr(r, "update", None))
                for r in rows.itertuples()
            ],
            "Study type": rows["design"],
            "Test group": rows["test_group"],
            "Control group": rows["control_group"],
            "Better Group": rows["better_group"],
            "Strategy, No.": rows["strategy_id"],
        }
    )


def legend(review: Review, table: int) -> str:
    """The legend of Table 1 or 2: its abbreviations, then its numbered codes."""
    abbreviations = review.abbreviations[review.abbreviations["table"] == table]
    parts = [f"{r.abbreviation}: {r.meaning}." for r in abbreviations.itertuples()]
    codes = review.factor_codes if table == 1 else review.strategy_codes
    key = "factor_id" if table == 1 else "strategy_id"
    parts += [f"{getattr(r, key)}: {r.name}." for r in codes.itertuples()]
    return " ".join(parts)


def _sizes(row: pd.Series) -> str:
    if pd.isna(row["n_total"]):
        return f"{int(row['n_test'])} in the test group; total not stated" if pd.notna(row["n_test"]) else "not stated"
    if pd.notna(row["n_test"]) and pd.notna(row["n_control"]):
        return f"{int(row['n_total']):,} ({int(row['n_test']):,} vs {int(row['n_control']):,})"
    return f"{int(row['n_total']):,}"


def _follow_up(review: Review, refs: pd.Series) -> list[str]:
    """The follow-up that the paper states for each study, or 'not stated'."""
    stated = dict(zip(review.follow_up["ref"], review.follow_up["follow_up"])) if "ref" in review.follow_up else {}
    return [str(stated.get(ref, "not stated")) for ref in refs]


def factor_table(review: Review, factor_ids: list[int]) -> pd.DataFrame:
    """The rows of Table 1 for some factors, with the participants and follow-up that the text states."""
    rows = _with_studies(review, review.factors[review.factors["factor_id"].isin(factor_ids)])
    rows = rows.merge(review.factor_codes, on="factor_id")
    return pd.DataFrame(
        {
            "Factor": rows["name"],
            "Study": [
                _study_cell(review, r.ref, r.first_author, r.year, getattr(r, "update", None))
                for r in rows.itertuples()
            ],
            "Operation": rows["operation"],
            "Design": rows["design"],
            "Participants": [_sizes(r) for _, r in rows.iterrows()],
            "Follow-up": _follow_up(review, rows["ref"]),
            "Better pain relief": rows["finding"],
        }
    )


def strategy_table(review: Review, strategy_id: int) -> pd.DataFrame:
    """The rows of Table 2 for one strategy, with the participants and follow-up that the text states."""
    rows = _with_studies(review, review.strategies[review.strategies["strategy_id"] == strategy_id])
    return pd.DataFrame(
        {
            "Study": [
                _study_cell(review, r.ref, r.first_author, r.year, getattr(r, "update", None))
                for r in rows.itertuples()
            ],
            "Design": rows["design"],
            "Participants": [_sizes(r) for _, r in rows.iterrows()],
            "Follow-up": _follow_up(review, rows["ref"]),
            "Test group": rows["test_group"],
            "Control group": rows["control_group"],
            "Better group": rows["better_group"],
        }
    )


def design_table(review: Review) -> pd.DataFrame:
    """Designs counted by table row and by distinct study (the paper counts rows)."""
    by_entries, by_studies = design_counts(review, "entries"), design_counts(review, "studies")
    table = pd.DataFrame(
        {
            "Design": by_entries.index,
            f"{TABLE1} rows": by_entries[TABLE1].to_numpy(),
            f"{TABLE2} rows": by_entries[TABLE2].to_numpy(),
            "All rows": by_entries[BOTH].to_numpy(),
            "Distinct studies": by_studies[BOTH].to_numpy(),
        }
    )
    total = {"Design": "Total", **{c: int(table[c].sum()) for c in table.columns[1:]}}
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)
