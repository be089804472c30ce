"""How the book words what it counts: lists, counts with their nouns, designs, participants, dates.

These phrases stand in the prose (through ``page.facts``) and in the analysis's own tables (the
summary of findings' participants and designs), so they are defined here, once, below both.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..dataset.vocabulary import DESIGNS, META_ANALYSIS, PROSPECTIVE, RETROSPECTIVE

#: Each design as an adjective (singular, plural), and a meta-analysis as the noun it is.
_DESIGN_WORDS = {PROSPECTIVE: ("prospective", "prospective"), RETROSPECTIVE: ("retrospective", "retrospective"),
                 META_ANALYSIS: ("meta-analysis", "meta-analyses")}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def english_list(items: Iterable[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def count_phrase(n: int, singular: str, plural: str) -> str:
    """'1 study', '3 studies'."""
    return f"{n} {singular if n == 1 else plural}"


def design_phrase(designs: Iterable[str], nouns: bool = False) -> str:
    """How many of each design, in the tables' order: '1 prospective and 4 retrospective'.

    With ``nouns``, each part names its studies: '1 prospective study and 4 retrospective studies'.
    """
    counts = pd.Series(list(designs), dtype="string").value_counts()
    parts = []
    for design in DESIGNS:
        n = int(counts.get(design, 0))
        if n:
            singular, plural = _DESIGN_WORDS[design]
            parts.append(f"{n} {design_noun(design, n)}" if nouns else f"{n} {singular if n == 1 else plural}")
    return english_list(parts)


def design_noun(design: str, n: int) -> str:
    """'prospective study', 'retrospective studies', 'meta-analyses'."""
    singular, plural = _DESIGN_WORDS[design]
    if design == META_ANALYSIS:
        return singular if n == 1 else plural
    return f"{singular} study" if n == 1 else f"{plural} studies"


def month_phrase(month: str) -> str:
    """'2016-01' -> 'January 2016'."""
    year, number = month.split("-")
    return f"{_MONTHS[int(number) - 1]} {year}"


def participants_phrase(n_totals: pd.Series, designs: pd.Series | None = None, n_tests: pd.Series | None = None) -> str:
    """The participants of a group's studies whose size the paper gives, with meta-analyses apart.

    A meta-analysis's pooled population is never added to primary studies' participants; a study
    whose text gives only its test group's size is named as such.
    """
    pooled = (designs == META_ANALYSIS).to_numpy() if designs is not None else [False] * len(n_totals)
    primary, meta = n_totals[[not p for p in pooled]], n_totals[list(pooled)]
    stated, kind = primary.dropna(), "primary " if len(meta) else ""
    parts = []
    if len(primary) and stated.empty:
        tests = n_tests.loc[primary.index].dropna() if n_tests is not None else []
        text = f"the text gives no total for the {kind}studies"
        if len(tests):
            text += f"; it gives {english_list(f'{int(n):,}' for n in tests)} for the test group of {len(tests)}"
        parts.append(text)
    elif len(stated) == len(primary) > 0:
        where = f"the {kind}study" if len(primary) == 1 else f"the {len(primary)} {kind}studies"
        parts.append(f"{int(stated.sum()):,} participants in {where if meta.size else 'all'}")
    elif len(primary):
        text = f"{int(stated.sum()):,} participants in {len(stated)} of the {len(primary)} {kind}studies"
        tests = n_tests.loc[primary.index[primary.isna()]].dropna() if n_tests is not None else []
        if len(tests):
            text += f", and {english_list(f'{int(n):,}' for n in tests)} in the test group of {len(tests)} more"
        rest = len(primary) - len(stated) - len(tests)
        parts.append(text + f"; the text gives no size for the {'other' if rest == 1 else 'others'}")
    if len(meta):
        noun = "meta-analysis" if len(meta) == 1 else "meta-analyses"
        sizes = meta.dropna()
        if sizes.empty:
            parts.append(f"the text gives no size for the {noun}")
        elif len(sizes) < len(meta):
            parts.append(f"{len(sizes)} of the {len(meta)} {noun} pooled {english_list(f'{int(n):,}' for n in sizes)}; "
                         "the text gives no size for the others")
        else:
            parts.append(f"the {noun} pooled {english_list(f'{int(n):,}' for n in sizes)}")
    return "; ".join(parts)


def split_phrase(positive: int, nodiff: int, found: tuple[str, str]) -> str:
    """How a group's rows divide, with ``found`` the verb phrase in the singular and the plural:
    'all 5 rows name ...', 'the one row names ...', '2 of the 5 rows name ..., and 3 record no difference'.
    """
    total = positive + nodiff
    if total == 0:
        return "no row"
    if total == 1:
        return f"the one row {found[0] if positive else 'records no difference'}"
    if nodiff == 0:
        return f"all {total} rows {found[1]}"
    if positive == 0:
        return f"all {total} rows record no difference"
    return f"{positive} of the {total} rows {found[0] if positive == 1 else found[1]}, and {nodiff} " + \
        ("records no difference" if nodiff == 1 else "record no difference")
