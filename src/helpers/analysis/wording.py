"""How the book words what it counts: lists, counts with their nouns, designs, participants, dates.

These phrases stand in the prose (through ``page.facts``) and in the analysis's own tables (the
summary of findings' participants and designs), so they are defined here, once, below both.
"""

from __future__ import annotations

from collections.abc import Iterable

import inflect
import pandas as pd

from ..dataset.vocabulary import DESIGNS, META_ANALYSIS, PROSPECTIVE, RETROSPECTIVE

#: Each design as an adjective, and a meta-analysis as the noun it is.
_DESIGN_WORDS = {PROSPECTIVE: "prospective", RETROSPECTIVE: "retrospective", META_ANALYSIS: "meta-analysis"}
#: inflect's English: plural nouns, verbs that agree with a count, and number words.
_ENGLISH = inflect.engine()
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def english_list(items: Iterable[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def noun(singular: str, n: int) -> str:
    """The noun that agrees with ``n``: noun('study', 3) -> 'studies', noun('meta-analysis', 2) -> 'meta-analyses'."""
    return str(_ENGLISH.plural_noun(singular, n))


def verb(singular: str, n: int) -> str:
    """The verb that agrees with ``n`` things, from its third-person singular: verb('records', 2) -> 'record'."""
    return str(_ENGLISH.plural_verb(singular, n))


def number_word(n: int) -> str:
    """A count as prose writes it: 'one' to 'ten' in words, larger numbers in figures ('1,416')."""
    return str(_ENGLISH.number_to_words(n)) if 0 <= n <= 10 else f"{n:,}"


def count_phrase(n: int, singular: str) -> str:
    """'one study', 'three studies', '40 studies': the count as prose writes it and the noun that agrees with it."""
    return f"{number_word(n)} {noun(singular, n)}"


def pronoun(n: int) -> str:
    """The object pronoun for ``n`` things, 'it' or 'them' (inflect gives the subject's, 'they')."""
    return "them" if _ENGLISH.plural("it", n) == "they" else "it"


def design_phrase(designs: Iterable[str], nouns: bool = False) -> str:
    """How many of each design, in the tables' order: 'one prospective and four retrospective'.

    With ``nouns``, each part names its studies: '1 prospective study and 4 retrospective studies'.
    """
    counts = pd.Series(list(designs), dtype="string").value_counts()
    parts = []
    for design in DESIGNS:
        n = int(counts.get(design, 0))
        if n:
            word = design_noun(design, n) if nouns or design == META_ANALYSIS else _DESIGN_WORDS[design]
            parts.append(f"{number_word(n)} {word}")
    return english_list(parts)


def design_noun(design: str, n: int) -> str:
    """'prospective study', 'retrospective studies', 'meta-analyses'."""
    word = _DESIGN_WORDS[design]
    return noun(word if design == META_ANALYSIS else f"{word} study", n)


def month_phrase(month: str) -> str:
    """'2016-01' -> 'January 2016'."""
    year, number = month.split("-")
    return f"{_MONTHS[int(number) - 1]} {year}"


def date_phrase(day: str) -> str:
    """'2026-11-26' -> '26 November 2026'."""
    year, number, date = str(day).split("-")
    return f"{int(date)} {_MONTHS[int(number) - 1]} {year}"


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
        text = (
            f"the text gives no size for the {kind}study"
            if len(primary) == 1
            else f"the text gives no size for any one of the {number_word(len(primary))} {kind}studies"
        )
        if len(tests):
            one = f"its test group, {int(tests.iloc[0]):,}"
            text += f", only the size of {one if len(primary) == 1 else _test_groups(tests)}"
        parts.append(text)
    elif len(stated) == len(primary) > 0:
        where = f"the {kind}study" if len(primary) == 1 else f"the {number_word(len(primary))} {kind}studies"
        parts.append(f"{int(stated.sum()):,} participants in {where if meta.size else 'all'}")
    elif len(primary):
        text = (
            f"{int(stated.sum()):,} participants in {number_word(len(stated))} of the "
            f"{number_word(len(primary))} {kind}studies"
        )
        tests = n_tests.loc[primary.index[primary.isna()]].dropna() if n_tests is not None else []
        if len(tests):
            text += f", and for {_test_groups(tests, 'more')}"
        rest = len(primary) - len(stated) - len(tests)
        parts.append(text + f"; the text gives no size for the {noun('other', rest)}")
    if len(meta):
        sizes = meta.dropna()
        if sizes.empty:
            parts.append(f"the text gives no size for the {noun('meta-analysis', len(meta))}")
        elif len(sizes) < len(meta):
            parts.append(
                f"{number_word(len(sizes))} of the {number_word(len(meta))} {noun('meta-analysis', len(meta))} pooled "
                f"{english_list(f'{int(n):,}' for n in sizes)}; the text gives no size for the others"
            )
        else:
            parts.append(f"the {noun('meta-analysis', len(meta))} pooled {english_list(f'{int(n):,}' for n in sizes)}")
    return "; ".join(parts)


def _test_groups(tests: pd.Series, more: str = "") -> str:
    """'one study's test group, 121'; with ``more``, 'one more study, only the size of its test group, 30'."""
    sizes = english_list(f"{int(n):,}" for n in tests)
    n = len(tests)
    if more:
        whose = "its test group" if n == 1 else "their test groups"
        return f"{number_word(n)} {more} {noun('study', n)}, only the size of {whose}, {sizes}"
    return f"one study's test group, {sizes}" if n == 1 else f"the test groups of {number_word(n)} studies, {sizes}"


def split_phrase(positive: int, nodiff: int, found: tuple[str, str], of: str = "") -> str:
    """How a group's rows divide, with ``found`` the verb phrase in the singular and the plural:
    'all five rows name ...', 'the one row names ...', 'two of the five rows name ..., and three record no difference';
    ``of`` follows the rows ('all three rows it rests on record no difference').
    """
    total = positive + nodiff
    after = f" {of}" if of else ""
    if total == 0:
        return f"no row{after}"
    if total == 1:
        return f"the one row{after} {found[0] if positive else 'records no difference'}"
    every = f"both rows{after}" if total == 2 else f"all {number_word(total)} rows{after}"
    if nodiff == 0:
        return f"{every} {found[1]}"
    if positive == 0:
        return f"{every} record no difference"
    return (
        f"{number_word(positive)} of the {number_word(total)} rows{after} {found[0] if positive == 1 else found[1]}, "
        f"and {number_word(nodiff)} {verb('records', nodiff)} no difference"
    )


def share_phrase(part: int, whole: int, noun_singular: str) -> str:
    """'all three meta-analyses', 'two of the three meta-analyses', 'the one meta-analysis', 'none of the three
    studies'."""
    if whole == 1:
        return f"the one {noun_singular}" if part else f"not the one {noun_singular}"
    if part == whole:
        return (
            f"both {noun(noun_singular, whole)}"
            if whole == 2
            else f"all {number_word(whole)} {noun(noun_singular, whole)}"
        )
    if part == 0:
        return f"none of the {number_word(whole)} {noun(noun_singular, whole)}"
    return f"{number_word(part)} of the {number_word(whole)} {noun(noun_singular, whole)}"


def _agree(predicate: str, n: int) -> str:
    """A predicate written for one thing ('is inconsistent', 'names an author'), made to agree with ``n``."""
    first, _, rest = predicate.partition(" ")
    return f"{verb(first, n)} {rest}".strip()


def share_sentence(part: int, whole: int, singular: str, predicate: str, after: str = "") -> str:
    """How many of a counted set a predicate holds for, as a sentence's start that agrees in number (share_phrase's
    words, ``after`` following the noun): 'One of the seven selection counts that the paper prints is inconsistent',
    'None of the nine claims is imprecise', 'All 71 citations are checked', 'Both rows name a better group'."""
    tail = f" {after}" if after else ""
    if 10 < part < whole:  # a sentence does not open with figures
        return f"Of the {number_word(whole)} {noun(singular, whole)}{tail}, {part:,} {_agree(predicate, part)}"
    lead = f"no {singular}" if whole == 1 and part == 0 else share_phrase(part, whole, singular)
    n = whole if part == whole else part
    return f"{lead[:1].upper()}{lead[1:]}{tail} {_agree(predicate, max(n, 1))}"


def count_clause(n: int, predicate: str) -> str:
    """'none is imprecise', 'one is imprecise', 'three are imprecise': a count of things already named."""
    return f"{'none' if n == 0 else number_word(n)} {_agree(predicate, 1 if n <= 1 else n)}"


def label_case(name: str) -> str:
    """A table's label in the book's sentence case: 'Pedicle Residual Bone Cement' -> 'Pedicle residual bone cement';
    abbreviations ('BMD', 'PKP') and words in parentheses keep their capitals."""
    words = name.split(" ")
    return " ".join(
        [words[0]]
        + [w if w.isupper() or w.startswith("(") or any(c.isdigit() for c in w) else w.lower() for w in words[1:]]
    )
