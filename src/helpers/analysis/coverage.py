"""Which studies the written prose covers, and which ones the data have added or taken away since.

Each block of narrative prose declares the table rows it is about (a selection such as
``factor=1``) and the studies it was written about (``7-11``). When the data give that selection
studies the block does not name, or no longer hold studies it names, the block is stale: the
book says so on the page and ``make book`` names it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..dataset.review import Review
from .citations import parse_refs, ref_ranges
from .counts import entries, select
from .wording import pronoun


@dataclass(frozen=True)
class Coverage:
    """One block's declaration against the data: the studies it names and those the data give it."""

    scope: str
    declared: tuple[int, ...]
    current: tuple[int, ...]

    @property
    def added(self) -> tuple[int, ...]:
        """Studies that the data give the scope and the block does not discuss."""
        return tuple(r for r in self.current if r not in self.declared)

    @property
    def removed(self) -> tuple[int, ...]:
        """Studies that the block discusses and the data no longer give the scope."""
        return tuple(r for r in self.declared if r not in self.current)

    @property
    def stale(self) -> bool:
        return bool(self.added or self.removed)


def coverage(review: Review, scope: str, studies: str) -> Coverage:
    """The block about ``scope`` ('factor=1', 'table=all'), written about ``studies`` ('7-11, 14')."""
    rows = select(entries(review), scope)
    return Coverage(scope, tuple(sorted(set(parse_refs(studies)))), tuple(sorted(set(int(r) for r in rows["ref"]))))


def added_study_label(review: Review, ref: int) -> str:
    """'Zzyzx J 2026 [56], added in update U001 (2026-11-28)'; a study of the paper is only named."""
    row = review.studies.set_index("ref").loc[ref]
    label = f"{row['first_author']} {int(row['year'])} [{ref}]"
    update = row.get("update")
    if isinstance(update, str) and update:
        dates = dict(zip(review.updates["update_id"], review.updates["date"])) if len(review.updates) else {}
        label += f", added in update {update}" + (f" ({dates[update]})" if update in dates else "")
    return label


def stale_message(review: Review, block: Coverage, opening: str = "This text was written about") -> str:
    """What a stale block of prose (or of judgements, with another ``opening``) lacks, for the page and the
    build log."""
    parts = [f"{opening} [{ref_ranges(block.declared)}]."]
    if block.added:
        studies = "; ".join(added_study_label(review, r) for r in block.added)
        if opening.startswith("This text"):
            parts.append(
                f"It does not yet discuss {studies}: the tables, figures and summary of findings include "
                f"{pronoun(len(block.added))}, the text does not."
            )
        else:
            parts.append(f"The data now also give the question {studies}.")
    if block.removed:
        parts.append(
            f"It still discusses [{ref_ranges(block.removed)}], which the data no longer hold for these rows."
            if opening.startswith("This text")
            else f"The data no longer give it [{ref_ranges(block.removed)}]."
        )
    return " ".join(parts)
