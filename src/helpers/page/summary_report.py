"""What the pages show of the summary of findings: each section's table, and the landing page's answer in brief."""

from __future__ import annotations

import re

import pandas as pd

from ..analysis.citations import parse_refs
from ..dataset.review import Review
from .audit_report import anchor
from .markdown import Md, cite, join, md, ref


def quoted(words: str, section: str) -> str:
    """A sentence of the paper in quotation marks with its section; a cut start is marked with an ellipsis."""
    cut = "\u2026" if words[:1].islower() else ""
    return f"\u201c{cut}{words}\u201d ({section})"


def paper_words(row: pd.Series | tuple) -> str:
    """A summary row's sentence of the paper, and its second sentence where there is one, quoted with their sections."""
    first = quoted(row.conclusion, row.conclusion_section)
    return first + (f"; also {quoted(row.also, row.also_section)}" if row.also else "")


def answer_in_brief(summary: pd.DataFrame) -> Md:
    """The landing page's bullets: each question with the paper's conclusion, the direction counts and the certainty."""
    items = []
    for r in summary.itertuples():
        if not re.fullmatch(r"[a-z_]+", r.page):  # a page name inside a role cannot be escaped; questions.csv's enum holds
            raise ValueError(f"{r.page!r} is not a page of the book")
        counts = f"{r.studies} {'study' if r.studies == 1 else 'studies'}: {r.better} better, {r.no_difference} no difference"
        if r.added:
            counts += f" (including {r.added}, added after the paper)"
        items.append(md(Md("- **"), r.question, Md("** "), "The paper: ", paper_words(r), ". ", counts, ". Certainty: ",
                        Md("**"), r.certainty, Md("**"), " ", Md("({doc}`" + r.page + "`)")))
    return join(items, "\n")


def summary_table(review: Review, summary: pd.DataFrame, page: str) -> pd.DataFrame:
    """The summary of findings of one section page: one row per question, the certainty last."""
    rows = summary[summary["page"] == page]
    refs = review.references
    return pd.DataFrame({
        "Question": rows["question"],
        "Evidence as the paper states it": [
            md(f"{r.studies} {'study' if r.studies == 1 else 'studies'}: {r.designs} ", cite(parse_refs(r.refs.replace(" ", "")), refs),
               ". Participants: ", r.participants, ". Follow-up: ", r.follow_up, ".",
               f" Added after the paper: {r.added}." if r.added else "") for r in rows.itertuples()],
        "Table rows: better, no difference, worse": [
            f"{r.better}, {r.no_difference}, {r.worse} ({r.consistency})" for r in rows.itertuples()],
        "The paper's words on it (chosen by this edition)": [paper_words(r) for r in rows.itertuples()],
        "Audit problems": [join((ref(anchor(p), p) for p in r.problems.split(", ")), ", ") if r.problems else "none"
                           for r in rows.itertuples()],
        "Certainty (this edition's)": [md(Md("**"), r.certainty, Md("**"), ": ", r.certainty_reasons) for r in rows.itertuples()],
    })

