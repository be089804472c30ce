"""The paper's full text as a page of the book, with what this edition does with it marked in place.

Every claim that the audit checks is marked with its verdict, in words and in colour, and links to
its row in the audit chapter. Every span of the paper that the book's prose relies on (the
statement register, ``data/statements.csv``) is marked and links back to the sentence that uses
it. The paper's text is shown as text: only the marks are this package's HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from ..dataset.paths import repository_root
from ..dataset.toc import short_title
from .markdown import Md, heading, join, table, text

#: The paper's text as this edition holds it (CC BY 4.0): the single source of data/.
PAPER = Path("paper") / "residual-pain-review.md"
#: Where a statement's sentence is, and where its span is in the annotated paper.
USE_ANCHOR = "use-{}"
SPAN_ANCHOR = "span-{}"


def paper_text(root: Path | None = None) -> str:
    return ((root or repository_root()) / PAPER).read_text(encoding="utf-8")


def normalise(value: str) -> str:
    """Whitespace runs as one space: how spans and quotes are matched against the paper."""
    return " ".join(value.split())


def plain(line: str) -> str:
    """A line of the paper's Markdown as the reader sees it: emphasis, tags and link targets dropped."""
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"<sub>(.*?)</sub>", r"\1", line)
    line = re.sub(r"<br\s*/?>", " ", line)
    line = re.sub(r"</?(b|i|em|strong)>", "", line)
    line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
    line = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", line)
    line = re.sub(r"<(https?://[^>]+)>", r"\1", line)
    return normalise(line)


@dataclass(frozen=True)
class Mark:
    """A span of one block of the paper that the page marks: a claim or a statement."""

    start: int
    end: int
    kind: str  # "claim" or "statement"
    ident: str
    label: str  # the words shown after the span
    href: str
    css: str


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph", "table" or "rule"
    text: str
    level: int = 0
    cells: tuple[tuple[str, ...], ...] = ()


def blocks(markdown: str) -> list[Block]:
    """The paper's headings, paragraphs and tables, in order, as plain text."""
    out: list[Block] = []
    table: list[tuple[str, ...]] = []
    for line in markdown.splitlines() + [""]:
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = tuple(plain(c) for c in stripped.strip("|").split("|"))
            if not all(re.fullmatch(r"-*", c) for c in cells):
                table.append(cells)
            continue
        if table:
            out.append(Block("table", " ".join(" ".join(r) for r in table), cells=tuple(table)))
            table = []
        if not stripped:
            continue
        if stripped == "---":
            out.append(Block("rule", ""))
        elif match := re.match(r"(#+)\s+(.*)", stripped):
            out.append(Block("heading", plain(match.group(2)), level=len(match.group(1))))
        else:
            out.append(Block("paragraph", plain(stripped)))
    return out


def _candidates(claims: pd.DataFrame, statements: pd.DataFrame) -> list[tuple[str, Mark]]:
    """Every claim and statement as (the words to find, its mark at offset 0), read once for the whole paper."""
    from .audit_report import claim_anchor

    out = []
    for row in claims.itertuples():
        ident = str(row.claim_id)
        problem = str(getattr(row, "problem", "") or "")
        label = f"{ident}: {row.status}" + (f", problem {problem}" if problem.startswith("P") else "")
        out.append(
            (
                plain(str(row.quote)),
                Mark(
                    0,
                    0,
                    "claim",
                    ident,
                    label,
                    f"audit.html#{claim_anchor(ident)}",
                    f"claim-{str(row.status).replace(' ', '-')}",
                ),
            )
        )
    for row in statements.itertuples():
        ident = str(row.statement_id)
        out.append(
            (
                plain(str(row.span)),
                Mark(
                    0,
                    0,
                    "statement",
                    ident,
                    f"used in “{short_title(str(row.page))}”",
                    f"{row.page}.html#{USE_ANCHOR.format(ident.lower())}",
                    "relied-on",
                ),
            )
        )
    return out


def _marks(block_text: str, candidates: list[tuple[str, Mark]]) -> list[Mark]:
    """The candidates found in the block, each where its words first occur."""
    marks = []
    for words, mark in candidates:
        start = block_text.find(words)
        if words and start >= 0:
            marks.append(replace(mark, start=start, end=start + len(words)))
    return marks


def _annotate(block_text: str, marks: list[Mark]) -> Md:
    """The text with each marked span wrapped and followed by its label; marks may overlap."""
    cuts = sorted({0, len(block_text), *(m.start for m in marks), *(m.end for m in marks)})
    parts: list[str] = []
    opened: set[Mark] = set()
    for left, right in zip(cuts, cuts[1:]):
        covering = [m for m in marks if m.start <= left and right <= m.end]
        piece = str(text(block_text[left:right]))
        if covering:
            classes = " ".join(sorted({m.css for m in covering}))
            ids = [m for m in covering if m.kind == "statement" and m.start == left and m not in opened]
            opened.update(ids)
            anchor = "".join(f' id="{SPAN_ANCHOR.format(m.ident.lower())}"' for m in ids[:1])
            extra = "".join(f'<span id="{SPAN_ANCHOR.format(m.ident.lower())}"></span>' for m in ids[1:])
            piece = f'{extra}<mark class="{classes}"{anchor}>{piece}</mark>'
        parts.append(piece)
        ending = [m for m in marks if m.end == right]
        if ending:
            links = " · ".join(
                f'<a class="mark-label {m.css}" href="{html.escape(m.href)}">{text(m.label)}</a>'
                for m in sorted(ending, key=lambda m: (m.kind, m.ident))
            )
            parts.append(f"<small> {text('[')}{links}{text(']')}</small>")
    return Md("".join(parts))


def annotated_paper(claims: pd.DataFrame, statements: pd.DataFrame, root: Path | None = None) -> Md:
    """The paper, block by block, with claims (``claim_id, quote, status``) and statements marked."""
    rendered: list[Md] = []
    candidates = _candidates(claims, statements)
    for block in blocks(paper_text(root)):
        if block.kind == "heading":
            rendered.append(heading(min(block.level + 1, 4), block.text))
            if block.text == "Figure 1":
                rendered.append(
                    Md(
                        "*This edition:* the paper's Figure 1, the PRISMA flow chart, is an image, and "
                        "the text holds only its caption. The {doc}`methods` chapter redraws the flow "
                        "from the counts that the Results state."
                    )
                )
        elif block.kind == "rule":
            rendered.append(Md("---"))
        elif block.kind == "table":
            cells = [[_annotate(cell, _marks(cell, candidates)) for cell in row] for row in block.cells]
            width = max(len(row) for row in cells)
            cells = [row + [Md("")] * (width - len(row)) for row in cells]
            frame = pd.DataFrame(cells[1:], columns=cells[0])
            rendered.append(table(frame, "The table as the paper prints it, with this edition's marks."))
        else:
            rendered.append(_annotate(block.text, _marks(block.text, candidates)))
    return join(rendered)
