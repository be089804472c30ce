"""Reading one CSV file of the package as text, with the line on which each row starts."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, control_characters
from .schema import TableSpec


@dataclass(frozen=True)
class RawTable:
    """The cells of a CSV file as strings, and the line of the file where each row starts."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]


def _records(text: str) -> tuple[list[list[str]], list[int]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    records, starts, previous_end = [], [], 0
    for record in reader:
        records.append(record)
        starts.append(previous_end + 1)
        previous_end = reader.line_num
    return records, starts


def _column_of_bad_byte(raw: bytes, offset: int, spec: TableSpec) -> tuple[int, str]:
    line_no = raw.count(b"\n", 0, offset) + 1
    line_start = raw.rfind(b"\n", 0, offset) + 1
    line_end = raw.find(b"\n", offset)
    line = raw[line_start : None if line_end < 0 else line_end]
    before = line[: offset - line_start].decode("utf-8", errors="replace")
    cells = next(csv.reader([before]), [""])
    index = len(cells) - 1
    column = spec.columns[index] if 0 <= index < len(spec.columns) else f"#{index + 1}"
    return line_no, column


def read_raw(path: Path, display: str, spec: TableSpec) -> tuple[RawTable | None, list[Problem]]:
    """Check that the file is there, UTF-8, non-empty, with the schema's header and rows of that width."""
    first = spec.columns[0]
    if not path.is_file():
        return None, [Problem(display, 1, first, "file is missing")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = _column_of_bad_byte(raw, err.start, spec)
        return None, [
            Problem(display, line, column, f"byte 0x{raw[err.start]:02x} is not UTF-8; save the file as UTF-8")
        ]
    if text.startswith("\ufeff"):
        return None, [
            Problem(display, 1, first, "the file starts with a byte-order mark; save it as UTF-8 without BOM")
        ]
    if not text.strip():
        return None, [Problem(display, 1, first, f"file is empty; expected the header {','.join(spec.columns)}")]

    records, starts = _records(text)
    header, problems = records[0], []
    for name in spec.columns:
        if name not in header:
            problems.append(Problem(display, 1, name, "column is missing from the header"))
    for name in header:
        if name not in spec.columns:
            problems.append(Problem(display, 1, name or "(blank)", "column is not in datapackage.json"))
        elif header.count(name) > 1:
            problems.append(Problem(display, 1, name, "column appears more than once"))
    if not problems and header != spec.columns:
        problems.append(Problem(display, 1, header[0], f"columns are out of order; expected {','.join(spec.columns)}"))
    for record, line in zip(records[1:], starts[1:]):
        if not record:
            problems.append(Problem(display, line, first, "blank line; delete it"))
        elif len(record) != len(header):
            column = header[len(record)] if len(record) < len(header) else f"#{len(header) + 1}"
            problems.append(
                Problem(display, line, column, f"row has {len(record)} cells, the header has {len(header)}")
            )
    if not problems:
        problems = _control_problems(records, starts, header, display)
    if problems:
        return None, problems
    return RawTable(header, records[1:], starts[1:]), []


def _control_problems(records: list[list[str]], starts: list[int], header: list[str], display: str) -> list[Problem]:
    """A cell is one line of text: no line break, tab or other control character, where a reader cannot see it."""
    problems = []
    for record, line in zip(records, starts):
        for column, cell in zip(header, record):
            for offset, name in control_characters(cell):
                problems.append(
                    Problem(
                        display,
                        line + cell.count("\n", 0, offset),
                        column,
                        f"the cell holds {name}; a cell is one line of visible text",
                    )
                )
            line += cell.count("\n")
    return problems
