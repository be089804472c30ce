"""The two published checklists by which this edition appraises the review: their items, and
which answers each item of AMSTAR 2 offers.

AMSTAR 2: Shea BJ et al., BMJ 2017;358:j4008. PRISMA 2020: Page MJ et al., BMJ 2021;372:n71.
data/amstar2.csv and data/prisma2020.csv hold one row per item, in these orders; the review's
rules (rules.py) check them against what is written here.
"""

from __future__ import annotations

from .vocabulary import CHECKLIST_SECTIONS

#: AMSTAR 2's 16 items, by number.
AMSTAR2_ITEMS: tuple[int, ...] = tuple(range(1, 17))
#: AMSTAR 2's critical domains (Shea et al. 2017): protocol (2), literature search (4),
#: excluded studies (7), risk of bias (9), meta-analytic methods (11), risk of bias in the
#: interpretation (13), publication bias (15).
AMSTAR2_CRITICAL: frozenset[int] = frozenset({2, 4, 7, 9, 11, 13, 15})
#: What each item of AMSTAR 2 asks a review for, in this edition's words: how prose names an item.
AMSTAR2_TOPICS: dict[int, str] = {
    1: "a question and criteria with the components of PICO",
    2: "a protocol set in advance",
    3: "a reason for the study designs included",
    4: "a comprehensive search",
    5: "selection in duplicate",
    6: "extraction in duplicate",
    7: "a justified list of the excluded studies",
    8: "a detailed description of the included studies",
    9: "an assessment of risk of bias",
    10: "the funding of the included studies",
    11: "sound methods of meta-analysis",
    12: "the impact of risk of bias on the meta-analysis",
    13: "an account of risk of bias in the interpretation",
    14: "an explanation of differences between results",
    15: "an investigation of publication bias",
    16: "a statement of conflicts of interest and funding",
}
#: The items whose answers include "Partial Yes".
AMSTAR2_PARTIAL_YES: frozenset[int] = frozenset({2, 4, 7, 8, 9})
#: The items whose answers include "No meta-analysis conducted".
AMSTAR2_META_ANALYSIS: frozenset[int] = frozenset({11, 12, 15})

_TITLE, _ABSTRACT, _INTRODUCTION, _METHODS, _RESULTS, _DISCUSSION, _OTHER = CHECKLIST_SECTIONS
#: PRISMA 2020's 27 items and their sub-items, 42 in all, in the checklist's order, with the section of each.
PRISMA2020_ITEMS: dict[str, str] = {
    "1": _TITLE,
    "2": _ABSTRACT,
    "3": _INTRODUCTION,
    "4": _INTRODUCTION,
    **{
        item: _METHODS
        for item in (
            "5",
            "6",
            "7",
            "8",
            "9",
            "10a",
            "10b",
            "11",
            "12",
            "13a",
            "13b",
            "13c",
            "13d",
            "13e",
            "13f",
            "14",
            "15",
        )
    },
    **{item: _RESULTS for item in ("16a", "16b", "17", "18", "19", "20a", "20b", "20c", "20d", "21", "22")},
    **{item: _DISCUSSION for item in ("23a", "23b", "23c", "23d")},
    **{item: _OTHER for item in ("24a", "24b", "24c", "25", "26", "27")},
}
