"""The PRISMA 2020 selection flow: its boxes in order, and the arithmetic that links them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

#: How each box of the databases-and-registers arm moves the count, in the diagram's order:
#: records are added, removed, or counted at a stage.
FLOW: tuple[tuple[Literal["add", "remove", "stage"], str], ...] = (
    ("add", "database_results"),
    ("add", "register_results"),
    ("remove", "duplicates"),
    ("remove", "excluded_automatic"),
    ("remove", "excluded_other"),
    ("stage", "records_screened"),
    ("remove", "records_excluded"),
    ("stage", "dbr_sought_reports"),
    ("remove", "dbr_notretrieved_reports"),
    ("stage", "dbr_assessed"),
    ("remove", "dbr_excluded"),
    ("stage", "new_studies"),
)
BOXES: tuple[str, ...] = tuple(box for _, box in FLOW) + ("new_reports",)

#: Statuses that contribute nothing of their own to the arithmetic: a 'combined' box is
#: inside another box's count, a 'not applicable' step was not part of the review.
COUNTS_AS_ZERO = ("combined", "not applicable")


@dataclass(frozen=True)
class FlowProblem:
    box: str
    message: str


def check_flow(prisma: pd.DataFrame) -> list[FlowProblem]:
    """Each reported stage must equal what the boxes before it leave.

    Boxes that the paper does not report make the count uncertain, so the check keeps
    the range [low, high] of counts that the reported numbers allow; a reported stage
    must fall inside it, and with every box known the range is a single number.
    """
    table = prisma.set_index("box")
    low, high = 0, 0  # high is None while an unreported addition leaves it unbounded
    derivation: list[str] = []
    problems = []
    for move, box in FLOW:
        if box not in table.index:
            continue
        status, n = table.at[box, "status"], table.at[box, "n"]
        value = None if pd.isna(n) else int(n)
        shown = " ".join(derivation)
        if move == "add":
            if value is not None:
                low, high = low + value, None if high is None else high + value
                derivation.append(f"{'+ ' if derivation else ''}{value} {box}")
            elif status not in COUNTS_AS_ZERO:
                high = None
        elif move == "remove":
            if value is not None:
                if high is not None and value > high:
                    problems.append(FlowProblem(box, f"removes {value}, but at most {high} remain ({shown})"))
                low, high = max(0, low - value), None if high is None else high - value
                derivation.append(f"− {value} {box}")
            elif status not in COUNTS_AS_ZERO:
                low = 0
        elif value is not None:  # a reported stage: the count that goes on to the next step
            if value < low or (high is not None and value > high):
                if high is None:
                    bound = f"at least {low}"
                elif low == high:
                    bound = f"exactly {high}"
                else:
                    bound = f"at most {high}" if low == 0 else f"between {low} and {high}"
                problems.append(FlowProblem(box, f"is {value}, but the boxes before it leave {bound} ({shown})"))
            low = high = value
            derivation = [f"{value} {box}"]
    return problems
