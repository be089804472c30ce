"""Writing groups of the paper's reference numbers the way the paper writes them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


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


#: A citation group as the paper prints it in its running text: [7], [1, 2], [3-6], [32-35, 37-39].
CITATION = re.compile(r"\[(\d+(?:\s*[-,]\s*\d+)*)\]")


@dataclass(frozen=True)
class Citation:
    """One citation of the paper's running text: where it stands (in the whitespace-normalised text) and what it
    cites."""

    start: int
    bracket: str
    refs: tuple[int, ...]


def running_text(paper: str) -> str:
    """The paper's running text, from the Abstract to the reference list, with its whitespace normalised."""
    body = paper[paper.index("# Abstract") : paper.index("## References")]
    return " ".join(body.split())


def text_citations(paper: str) -> list[Citation]:
    """Every citation of the running text, in order (a group printed twice is two citations)."""
    text = running_text(paper)
    return [
        Citation(m.start(), m.group(0), tuple(parse_refs(m.group(1).replace(" ", "")))) for m in CITATION.finditer(text)
    ]


def uncovered(paper: str, quotes: list[tuple[str, str]]) -> list[Citation]:
    """The citations of the running text that no quote covers: ``quotes`` are (quote, refs) pairs of the claims that
    check what a citation is cited for; a claim covers a citation when its quote, found in the text, holds the
    citation's bracket and cites exactly its references."""
    text = running_text(paper)
    spans = []
    for quote, refs in quotes:
        quote = " ".join(quote.split())
        at = text.find(quote)
        while at >= 0:
            spans.append((at, at + len(quote), tuple(sorted(set(parse_refs(refs))))))
            at = text.find(quote, at + 1)
    return [
        c
        for c in text_citations(paper)
        if not any(start <= c.start < end and refs == tuple(sorted(set(c.refs))) for start, end, refs in spans)
    ]
