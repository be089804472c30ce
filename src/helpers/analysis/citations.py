"""Writing groups of the paper's reference numbers the way the paper writes them."""

from __future__ import annotations

from collections.abc import Iterable


def ref_runs(refs: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive runs of distinct reference numbers: [7, 8, 9, 12] -> [(7, 9), (12, 12)]."""
    runs: list[tuple[int, int]] = []
    for ref in sorted(set(int(r) for r in refs)):
        if runs and ref == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], ref)
        else:
            runs.append((ref, ref))
    return runs


def ref_ranges(refs: Iterable[int]) -> str:
    """The numbers as the paper prints a citation group: [7, 8, 9, 10, 11, 13] -> '7-11, 13'.

    Runs of three or more become a range; two neighbours stay a list ('13, 14').
    """
    parts: list[str] = []
    for first, last in ref_runs(refs):
        if last - first >= 2:
            parts.append(f"{first}-{last}")
        else:
            parts.extend(str(r) for r in range(first, last + 1))
    return ", ".join(parts)


def parse_refs(text: str) -> list[int]:
    """'32-35, 37-39' -> [32, 33, 34, 35, 37, 38, 39]."""
    refs: list[int] = []
    for part in filter(None, (p.strip() for p in str(text).split(","))):
        first, _, last = part.partition("-")
        refs.extend(range(int(first), int(last or first) + 1))
    return refs
