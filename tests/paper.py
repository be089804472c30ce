"""An independent reading of the paper's own text (paper/residual-pain-review.md), for tests to compare with data/."""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpers.dataset.paths import repository_root

PAPER = repository_root() / "paper" / "residual-pain-review.md"
_FIRST_CELL = re.compile(r"^(?P<author>.+?)\.? \[(?P<ref>\d+)\]\s*(?:<br>)?\s*(?P<year>\d{4})?$")


def text() -> str:
    return PAPER.read_text(encoding="utf-8")


def _plain(cell: str) -> str:
    cell = re.sub(r"\s*<sub>(.*?)</sub>", r"\1", cell)
    return re.sub(r"<[^>]+>", "", cell).strip()


@dataclass
class PrintedRow:
    ref: int
    author: str
    year: int | None
    cells: list[str]


def table_rows(number: int) -> list[PrintedRow]:
    """The rows of Table 1 or 2 as printed, with a row split by a page break joined again."""
    body = text().split("## Tables", 1)[1]
    start = body.index(f"Table {number}.")
    end = body.index("Table 2.") if number == 1 else body.index("## Figures")
    rows: list[PrintedRow] = []
    for line in body[start:end].splitlines():
        if not line.startswith("|"):
            continue
        cells = [_plain(c) for c in line.strip().strip("|").split("|")]
        match = _FIRST_CELL.match(cells[0])
        if match:
            year = int(match["year"]) if match["year"] else None
            rows.append(PrintedRow(int(match["ref"]), match["author"], year, cells[1:]))
        elif re.fullmatch(r"\d{4}", cells[0]) and rows and rows[-1].year is None:
            rows[-1].year = int(cells[0])  # the year that a page break pushed onto its own row
    return rows


def reference_list() -> dict[int, str]:
    """Each numbered reference of the paper, as one line of text."""
    body = text().split("## References", 1)[1].split("## Tables", 1)[0]
    body = re.sub(r"doi:\s*\n\s*\n", "doi: ", body)
    return {int(n): line for n, line in re.findall(r"^(\d+)\. (.+)$", body, re.MULTILINE)}
