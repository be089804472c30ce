"""The appraisal of the review itself: AMSTAR 2's rule for the overall confidence on hand-made cases,
each boundary included; the counts of PRISMA 2020; and the appraisal's data against the paper."""

from __future__ import annotations

import pandas as pd
import pytest

import paper
from helpers import load_review
from helpers.analysis.appraisal import CONFIDENCE_LEVELS, amstar2_confidence, prisma2020_counts, review_confidence
from helpers.dataset.checklists import AMSTAR2_CRITICAL, AMSTAR2_ITEMS, PRISMA2020_ITEMS
from helpers.dataset.rules import SPAN_SEPARATOR
from helpers.page.annotated_paper import normalise

REVIEW = load_review()
PAPER = normalise(paper.text())
ALL_YES = {item: "Yes" for item in AMSTAR2_ITEMS}


def answers(**changes: str) -> dict[int, str]:
    """Every item 'Yes' but those given as item_N='answer'."""
    return {**ALL_YES, **{int(key.removeprefix("item_")): value for key, value in changes.items()}}


@pytest.mark.parametrize(
    ("case", "level", "flaws", "weaknesses"),
    [
        (answers(), "high", 0, 0),
        (answers(item_1="No"), "high", 0, 1),  # one non-critical weakness: still high
        (answers(item_1="No", item_3="No"), "moderate", 0, 2),  # more than one: moderate
        (
            answers(
                item_1="No",
                item_3="No",
                item_5="No",
                item_6="No",
                item_8="No",
                item_10="No",
                item_12="No",
                item_14="No",
                item_16="No",
            ),
            "moderate",
            0,
            9,
        ),  # every non-critical item: moderate, never low, by the rule as published
        (answers(item_2="No"), "low", 1, 0),  # one critical flaw
        (answers(item_2="No", item_1="No", item_3="No"), "low", 1, 2),  # one critical flaw, with weaknesses
        (answers(item_2="No", item_4="No"), "critically low", 2, 0),  # more than one critical flaw
        (
            answers(item_2="No", item_4="No", item_7="No", item_9="No", item_13="No", item_1="No"),
            "critically low",
            5,
            1,
        ),
    ],
)
def test_amstar2_rule(case: dict[int, str], level: str, flaws: int, weaknesses: int) -> None:
    result = amstar2_confidence(case)
    assert (result.level, result.critical_flaws, result.weaknesses) == (level, flaws, weaknesses)


def test_partial_yes_counts_as_met_on_every_item() -> None:
    result = amstar2_confidence(
        answers(
            item_2="Partial Yes", item_4="Partial Yes", item_7="Partial Yes", item_8="Partial Yes", item_9="Partial Yes"
        )
    )
    assert (result.level, result.critical_flaws, result.weaknesses) == ("high", 0, 0)
    assert result.partial_yes == (2, 4, 7, 8, 9)
    strict = amstar2_confidence(answers(item_2="Partial Yes", item_8="Partial Yes"), partial_yes_as_no=True)
    assert (strict.level, strict.flawed_items, strict.weak_items) == ("low", (2,), (8,))


def test_no_meta_analysis_counts_as_neither_flaw_nor_weakness() -> None:
    result = amstar2_confidence(
        answers(
            item_11="No meta-analysis conducted",
            item_12="No meta-analysis conducted",
            item_15="No meta-analysis conducted",
            item_2="No",
        )
    )
    assert (result.level, result.critical_flaws, result.weaknesses, result.not_applicable) == (
        "low",
        1,
        0,
        (11, 12, 15),
    )


def test_the_critical_items_are_amstar2s_unless_named() -> None:
    assert AMSTAR2_CRITICAL == {2, 4, 7, 9, 11, 13, 15}
    assert amstar2_confidence(answers(item_1="No", item_3="No"), critical={1, 3}).level == "critically low"
    assert amstar2_confidence(answers(item_2="No", item_4="No"), critical=set()).level == "moderate"


def test_a_missing_item_or_an_unknown_answer_is_an_error_not_a_silent_yes() -> None:
    with pytest.raises(ValueError, match=r"missing \[16\]"):
        amstar2_confidence({item: "Yes" for item in range(1, 16)})
    with pytest.raises(ValueError, match="no item"):
        amstar2_confidence({**ALL_YES, 17: "Yes"})
    with pytest.raises(ValueError, match="does not offer"):
        amstar2_confidence(answers(item_5="Not applicable"))


def test_the_review_is_of_critically_low_confidence() -> None:
    result = review_confidence(REVIEW.amstar2)
    assert result.level == "critically low" and result.level in CONFIDENCE_LEVELS
    assert (result.critical_flaws, result.flawed_items) == (5, (2, 4, 7, 9, 13))
    assert (result.weaknesses, result.weak_items) == (7, (1, 3, 5, 6, 8, 10, 14))
    assert result.not_applicable == (11, 12, 15) and result.partial_yes == ()
    assert review_confidence(REVIEW.amstar2, partial_yes_as_no=True) == result


def test_prisma2020_counts() -> None:
    frame = pd.DataFrame({"reported": ["reported", "partly reported", "not reported", "not reported"]})
    counts = prisma2020_counts(frame)
    assert (counts.items, counts.reported, counts.partly, counts.not_reported) == (4, 1, 1, 2)
    assert prisma2020_counts(frame.iloc[:0]).items == 0
    with pytest.raises(ValueError, match="not PRISMA's reporting"):
        prisma2020_counts(pd.DataFrame({"reported": ["reported", "yes"]}))
    counts = prisma2020_counts(REVIEW.prisma2020)
    assert (counts.items, counts.reported, counts.partly, counts.not_reported) == (42, 8, 15, 19)


def test_the_checklists_are_whole_and_in_order() -> None:
    assert list(REVIEW.amstar2["item"]) == list(AMSTAR2_ITEMS)
    assert list(REVIEW.prisma2020["item"]) == list(PRISMA2020_ITEMS) and len(PRISMA2020_ITEMS) == 42


@pytest.mark.parametrize("name", ["amstar2", "prisma2020"])
def test_every_span_is_the_papers_words(name: str) -> None:
    frame = getattr(REVIEW, name)
    spans = [
        (row.item, part)
        for row in frame.itertuples()
        if not pd.isna(row.span)
        for part in row.span.split(SPAN_SEPARATOR)
    ]
    assert len(spans) > 10
    assert [(item, span) for item, span in spans if normalise(span) not in PAPER] == []


@pytest.mark.parametrize("name", ["amstar2", "prisma2020"])
def test_the_reasoning_is_this_editions_plain_words(name: str) -> None:
    for row in getattr(REVIEW, name).itertuples():
        assert not row.reasoning.lower().startswith("appraiser"), row.item
        assert len(row.reasoning) < 500, row.item
