"""How the appraisal of the review is shown: its facts, and the AMSTAR 2 and PRISMA 2020 tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from ..analysis.appraisal import MEANINGS, prisma2020_counts, review_confidence
from ..analysis.wording import count_phrase, english_list, noun
from ..dataset.checklists import AMSTAR2_CRITICAL, AMSTAR2_ITEMS, AMSTAR2_PARTIAL_YES, AMSTAR2_TOPICS, PRISMA2020_ITEMS
from ..dataset.review import Review
from ..dataset.rules import SPAN_SEPARATOR
from ..dataset.vocabulary import CRITICAL, NO
from .markdown import Md, join, md

#: What a cell of the paper's words says when the paper reports nothing on the item.
NOT_REPORTED_CELL = "not reported"


def _items(items: Iterable[int]) -> str:
    """The items by what they ask for, each with its number: 'a protocol set in advance (item 2) and ...'."""
    return english_list(f"{AMSTAR2_TOPICS[item]} (item {item})" for item in items) or "none"


def _numbers(items: Iterable[int]) -> str:
    """'items 11, 12 and 15', 'item 11', 'no item'."""
    items = [str(i) for i in items]
    return f"{noun('item', len(items))} {english_list(items)}" if items else "no item"


@dataclass(frozen=True)
class AppraisalFacts:
    """What the chapter and the landing page state of the appraisal."""

    amstar2_items: int  # AMSTAR 2's items: 16
    critical_domains: int  # of which critical: 7
    partial_yes_items: int  # that offer a Partial Yes: 5
    confidence: str  # 'critically low'
    meaning: str  # what AMSTAR 2 says of a review so rated: 'should not be relied on for ...'
    flaws: str  # '5 critical flaws'
    flawed_items: str  # 'a protocol set in advance (item 2), ...'
    weaknesses: str  # '7 non-critical weaknesses'
    weak_items: str
    not_applicable: str  # 'items 11, 12 and 15'
    partial_yes: str  # a sentence on the Partial Yes answers and whether the stricter reading would change the rating
    prisma_main_items: int  # PRISMA 2020's numbered items: 27
    prisma_items: int  # with their sub-items: 42
    prisma_reported: int
    prisma_partly: int
    prisma_not_reported: int


def facts(review: Review) -> AppraisalFacts:
    result = review_confidence(review.amstar2)
    strict = review_confidence(review.amstar2, partial_yes_as_no=True)
    if not result.partial_yes:
        partial = "None of this review's answers is a Partial Yes, so the choice does not change its rating."
    else:
        counted = count_phrase(len(result.partial_yes), "answer")
        partial = f"This review has {counted} of Partial Yes ({_numbers(result.partial_yes)}); counted as a No, " + (
            "they would leave its rating unchanged."
            if strict.level == result.level
            else f"they would make its rating {strict.level}."
        )
    counts = prisma2020_counts(review.prisma2020)
    return AppraisalFacts(
        amstar2_items=len(AMSTAR2_ITEMS),
        critical_domains=len(AMSTAR2_CRITICAL),
        partial_yes_items=len(AMSTAR2_PARTIAL_YES),
        confidence=result.level,
        meaning=MEANINGS[result.level],
        flaws=count_phrase(result.critical_flaws, "critical flaw"),
        flawed_items=_items(result.flawed_items),
        weaknesses=count_phrase(result.weaknesses, "non-critical weakness"),
        weak_items=_items(result.weak_items),
        not_applicable=_numbers(result.not_applicable),
        partial_yes=partial,
        prisma_main_items=len({item.rstrip("abcdef") for item in PRISMA2020_ITEMS}),
        prisma_items=counts.items,
        prisma_reported=counts.reported,
        prisma_partly=counts.partly,
        prisma_not_reported=counts.not_reported,
    )


def words(span: object) -> Md:
    """The paper's words of a span, each passage quoted, or 'not reported' when the span is empty."""
    if span is None or pd.isna(span):
        return md(NOT_REPORTED_CELL)
    return join((md("\u201c", part.strip(), "\u201d") for part in str(span).split(SPAN_SEPARATOR)), "; ")


def amstar2_table(amstar2: pd.DataFrame) -> pd.DataFrame:
    """The 16 items of AMSTAR 2, in order: critical or not, the question, the answer (a No in bold), the paper's
    words, the reasoning."""
    return pd.DataFrame(
        {
            "Item": [str(item) for item in amstar2["item"]],
            "Critical": ["yes" if flag == CRITICAL else "no" for flag in amstar2["critical"]],
            "Question": amstar2["question"],
            "Answer": [md(Md("**"), answer, Md("**")) if answer == NO else md(answer) for answer in amstar2["answer"]],
            "The paper's words": [words(span) for span in amstar2["span"]],
            "This edition's reasoning": amstar2["reasoning"],
        }
    )


def prisma2020_table(prisma2020: pd.DataFrame) -> pd.DataFrame:
    """The 42 items and sub-items of PRISMA 2020, in the checklist's order, under a row for each of its sections,
    as the checklist prints them."""
    rows, section = [], None
    for row in prisma2020.itertuples():
        if row.section != section:
            section = row.section
            rows.append(
                {
                    "Item": "",
                    "Topic": md(Md("**"), section, Md("**")),
                    "Reported": "",
                    "The paper's words": "",
                    "This edition's reasoning": "",
                }
            )
        rows.append(
            {
                "Item": row.item,
                "Topic": row.topic,
                "Reported": row.reported,
                "The paper's words": words(row.span),
                "This edition's reasoning": row.reasoning,
            }
        )
    return pd.DataFrame(rows, columns=["Item", "Topic", "Reported", "The paper's words", "This edition's reasoning"])
