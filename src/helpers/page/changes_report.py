"""What the "What changed" page shows of each comparison (``helpers.changes``): a sentence and a table."""

from __future__ import annotations

import pandas as pd

from ..analysis.changes import ADDED, CHANGED, PAPER, REMOVED, Comparison
from ..analysis.wording import english_list, noun, number_word, verb
from .markdown import Md, join, md, table

KIND_WORDS = {"study": "Study", "count": "Count", "summary": "Summary of findings"}
_COMPARED = {"study": "the studies", "count": "the counts", "summary": "the summary of findings"}
NO_VALUE = "\u2014"  # an em dash: the study or the row was not there


def baseline_name(against: str) -> str:
    """'the paper', or 'release 0.1.0'."""
    return against if against == PAPER else f"release {against}"


def change_summary(comparison: Comparison) -> str:
    """'one study added and four values changed', or 'nothing differs'."""
    changes = comparison.changes
    studies = changes[changes["kind"] == "study"]
    values = changes[(changes["kind"] != "study") | (changes["change"] == CHANGED)]
    parts = []
    for change in (ADDED, REMOVED):
        n = int((studies["change"] == change).sum())
        if n:
            parts.append(f"{number_word(n)} {noun('study', n)} {change}")
    if len(values):
        parts.append(f"{number_word(len(values))} {noun('value', len(values))} changed")
    return english_list(parts) if parts else "nothing differs"


def changes_table(comparison: Comparison) -> pd.DataFrame:
    """One row per difference: what it is, before, after."""
    c = comparison.changes
    return pd.DataFrame(
        {
            "What": [KIND_WORDS[k] for k in c["kind"]],
            "Item": c["label"],
            f"In {baseline_name(comparison.against)}": [v or NO_VALUE for v in c["before"]],
            "In this edition": [v or NO_VALUE for v in c["after"]],
            "Change": c["change"],
        }
    )


def changes_section(comparison: Comparison) -> Md:
    """The sentence that sums a comparison up, the table of its differences, and what it cannot compare."""
    name = baseline_name(comparison.against)
    compared = english_list(words for kind, words in _COMPARED.items() if kind not in comparison.new_kinds)
    parts = [
        md(
            f"{'Against' if comparison.against == PAPER else 'Since'} {name}, {change_summary(comparison)}",
            f" in {compared}." if len(comparison.changes) == 0 else " in this build.",
            _same_version(comparison),
        )
    ]
    if comparison.new_kinds:
        kinds = english_list(KIND_WORDS[k].lower() for k in comparison.new_kinds)
        parts.append(
            md(
                f"The {kinds} {verb('is', len(comparison.new_kinds))} new since {name}, "
                "so there is nothing to compare row by row."
            )
        )
    if len(comparison.changes):
        parts.append(table(changes_table(comparison), caption=f"What differs between {name} and this edition."))
    return join(parts)


def _same_version(comparison: Comparison) -> str:
    """When this build still carries the version of the release it is compared with, a sentence that says so."""
    from .edition import version

    if comparison.against == PAPER or comparison.against != version():
        return ""
    return f" This build still carries version {version()}: it holds changes made after that release, not yet released."


def no_release() -> Md:
    """What the page says when no earlier release has a stored snapshot."""
    return md("No earlier release of this edition has a stored snapshot to compare with.")
