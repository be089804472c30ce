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


@dataclass(frozen=True)
class Bounds:
    """What the boxes before a stage leave for it: between ``low`` and ``high`` (None: no upper bound)."""

    low: int
    high: int | None
    derivation: str

    def describe(self) -> str:
        if self.high is None:
            return f"at least {self.low}"
        if self.low == self.high:
            return f"exactly {self.high}"
        return f"at most {self.high}" if self.low == 0 else f"between {self.low} and {self.high}"

    def allows(self, value: int) -> bool:
        return value >= self.low and (self.high is None or value <= self.high)


def _name(table: pd.DataFrame, box: str) -> str:
    """How prose names a box: its label in lower case ('records excluded'), not its id."""
    return str(table.at[box, "label"]).lower() if "label" in table.columns else box.replace("_", " ")


def flow_bounds(prisma: pd.DataFrame) -> dict[str, Bounds]:
    """For every stage and removal box, what the boxes before it leave.

    Boxes that the paper does not report make the count uncertain, so the walk keeps the
    range of counts that the reported numbers allow; with every box known it is one number.
    A reported stage restarts the walk from its own count.
    """
    table = prisma.set_index("box")
    low, high = 0, 0
    derivation: list[str] = []
    bounds = {}
    for move, box in FLOW:
        if box not in table.index:
            continue
        status, n = table.at[box, "status"], table.at[box, "n"]
        value = None if pd.isna(n) else int(n)
        bounds[box] = Bounds(low, high, " ".join(derivation))
        if move == "add":
            if value is not None:
                low, high = low + value, None if high is None else high + value
                derivation.append(f"{'+ ' if derivation else ''}{value} {_name(table, box)}")
            elif status not in COUNTS_AS_ZERO:
                high = None
        elif move == "remove":
            if value is not None:
                low, high = max(0, low - value), None if high is None else high - value
                derivation.append(f"less {value} {_name(table, box)}")
            elif status not in COUNTS_AS_ZERO:
                low = 0
        elif value is not None:  # a reported stage: the count that goes on to the next step
            low = high = value
            derivation = [f"{value} {_name(table, box)}"]
    return bounds


def check_flow(prisma: pd.DataFrame) -> list[FlowProblem]:
    """Each reported stage must fit what the boxes before it leave, and no box may remove more than remains."""
    moves = dict((box, move) for move, box in FLOW)
    problems = []
    for box, bounds in flow_bounds(prisma).items():
        n = prisma.loc[prisma["box"] == box, "n"].iloc[0]
        if pd.isna(n) or moves[box] == "add":
            continue
        value = int(n)
        if moves[box] == "remove" and bounds.high is not None and value > bounds.high:
            problems.append(
                FlowProblem(box, f"removes {value}, but at most {bounds.high} remain ({bounds.derivation})")
            )
        elif moves[box] == "stage" and not bounds.allows(value):
            problems.append(
                FlowProblem(box, f"is {value}, but the boxes before it leave {bounds.describe()} ({bounds.derivation})")
            )
    return problems
