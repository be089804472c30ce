"""The appraisal of the review itself: its overall confidence by AMSTAR 2's rule, and its reporting
by PRISMA 2020, counted.

AMSTAR 2 (Shea et al., BMJ 2017;358:j4008) rates the overall confidence in a review's results
from its weaknesses, by a published rule:

- high: no non-critical weakness, or one;
- moderate: more than one non-critical weakness, and no critical flaw;
- low: one critical flaw, with or without non-critical weaknesses;
- critically low: more than one critical flaw, with or without non-critical weaknesses.

A critical flaw is a "No" on a critical item (2, 4, 7, 9, 11, 13, 15, unless the data name
others); a non-critical weakness is a "No" on any other item. "No meta-analysis conducted" counts
as neither: the item does not apply. "Partial Yes", which items 2, 4, 7, 8 and 9 offer, counts as
neither too: it is AMSTAR 2's answer for a review that meets an item's minimum standard, and
appraisers commonly treat it as met when rating the overall confidence. (Shea et al. allow
appraisers to adapt the rule; this edition applies it as published.)
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pandas as pd

from ..dataset.checklists import AMSTAR2_CRITICAL, AMSTAR2_ITEMS
from ..dataset.vocabulary import AMSTAR2_ANSWERS, CRITICAL, NO, NO_META_ANALYSIS, PARTIAL_YES, REPORTING

#: AMSTAR 2's four ratings of overall confidence, highest first.
CONFIDENCE_LEVELS = ("high", "moderate", "low", "critically low")
HIGH, MODERATE, LOW, CRITICALLY_LOW = CONFIDENCE_LEVELS
#: What each rating says of a review, after Shea et al. (2017), in this edition's words.
MEANINGS = {
    HIGH: "gives an accurate and comprehensive summary of the studies on its question",
    MODERATE: "may give an accurate summary of the studies that it included",
    LOW: "may not give an accurate and comprehensive summary of the studies on its question",
    CRITICALLY_LOW: "should not be relied on for an accurate and comprehensive summary of the studies on its question",
}


@dataclass(frozen=True)
class Confidence:
    """The overall confidence by AMSTAR 2's rule, and the counts it rests on."""

    level: str  # one of CONFIDENCE_LEVELS
    critical_flaws: int  # "No" on a critical item
    weaknesses: int  # "No" on a non-critical item
    flawed_items: tuple[int, ...]  # the critical items answered "No"
    weak_items: tuple[int, ...]  # the non-critical items answered "No"
    not_applicable: tuple[int, ...]  # the items answered "No meta-analysis conducted"
    partial_yes: tuple[int, ...]  # the items answered "Partial Yes", counted as met


def amstar2_confidence(
    answers: Mapping[int, str], critical: Collection[int] = AMSTAR2_CRITICAL, partial_yes_as_no: bool = False
) -> Confidence:
    """The overall confidence that AMSTAR 2's rule gives the answers to its 16 items.

    ``answers`` maps each item (1 to 16) to its answer, in AMSTAR 2's words; ``critical`` names the
    critical items (AMSTAR 2's by default). A missing item, or an answer outside AMSTAR 2's, is
    an error, never a silent "Yes". Partial Yes counts as met, on any item (see the module's notes);
    ``partial_yes_as_no`` gives the stricter reading, in which it counts as a "No".
    """
    missing = [item for item in AMSTAR2_ITEMS if item not in answers]
    unknown = sorted(set(answers) - set(AMSTAR2_ITEMS))
    if missing or unknown:
        raise ValueError(
            f"AMSTAR 2 has items 1 to 16: {'missing ' + str(missing) if missing else ''}"
            f"{'; ' if missing and unknown else ''}{'no item ' + str(unknown) if unknown else ''}"
        )
    wrong = {item: answer for item, answer in answers.items() if answer not in AMSTAR2_ANSWERS}
    if wrong:
        raise ValueError(f"answers that AMSTAR 2 does not offer: {wrong}; it offers {', '.join(AMSTAR2_ANSWERS)}")
    failing = (NO, PARTIAL_YES) if partial_yes_as_no else (NO,)
    flawed = tuple(item for item in AMSTAR2_ITEMS if answers[item] in failing and item in critical)
    weak = tuple(item for item in AMSTAR2_ITEMS if answers[item] in failing and item not in critical)
    if len(flawed) > 1:
        level = CRITICALLY_LOW
    elif flawed:
        level = LOW
    elif len(weak) > 1:
        level = MODERATE
    else:
        level = HIGH
    not_applicable = tuple(item for item in AMSTAR2_ITEMS if answers[item] == NO_META_ANALYSIS)
    partial = tuple(item for item in AMSTAR2_ITEMS if answers[item] == PARTIAL_YES)
    return Confidence(level, len(flawed), len(weak), flawed, weak, not_applicable, partial)


def review_confidence(amstar2: pd.DataFrame, partial_yes_as_no: bool = False) -> Confidence:
    """The confidence that AMSTAR 2's rule gives the answers of data/amstar2.csv, with its critical items."""
    answers = {int(item): str(answer) for item, answer in zip(amstar2["item"], amstar2["answer"])}
    critical = {int(item) for item, flag in zip(amstar2["item"], amstar2["critical"]) if flag == CRITICAL}
    return amstar2_confidence(answers, critical, partial_yes_as_no)


@dataclass(frozen=True)
class Reporting:
    """How many items of PRISMA 2020 the paper reports, partly reports and does not report."""

    items: int
    reported: int
    partly: int
    not_reported: int


def prisma2020_counts(prisma2020: pd.DataFrame) -> Reporting:
    """The items of data/prisma2020.csv by whether the paper reports them; an unknown rating is an error."""
    ratings = list(prisma2020["reported"])
    wrong = sorted(set(ratings) - set(REPORTING))
    if wrong:
        raise ValueError(f"ratings that are not PRISMA's reporting: {wrong}; they are {', '.join(REPORTING)}")
    reported, partly, not_reported = (ratings.count(r) for r in REPORTING)
    return Reporting(len(ratings), reported, partly, not_reported)
