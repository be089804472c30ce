"""Types, allowed values and keys, checked by frictionless against ``datapackage.json``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import Problem
from .schema import TableSpec


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type")
    cell = error.get("cell")
    note = error.get("note", "")
    if kind == "type-error":
        return f'"{cell}" is not of type {note.removeprefix("type is ").strip(chr(34)).split("/")[0]}'
    if kind == "constraint-error":
        match = re.match(r'constraint "(\w+)" is "(.*)"$', note)
        if match and match.group(1) == "required":
            return "a value is required"
        if match and match.group(1) == "enum":
            return f'"{cell}" is not one of the allowed values {match.group(2)}'
        if match:
            return f'"{cell}" breaks the constraint {match.group(1)} = {match.group(2)}'
        return f'"{cell}" breaks a constraint: {note}'
    if kind == "primary-key":
        return f"duplicate key: {note}"
    if kind == "unique-error":
        return f'"{cell}" must be unique but is {note}'
    if kind == "foreign-key":
        ref = f"{error.get('referenceName') or 'this file'}.{','.join(error.get('referenceFieldNames', []))}"
        return f"{','.join(error.get('fieldCells', []))} is not found in {ref}"
    return str(error.get("message", kind))


def schema_problems(
    data_dir: Path,
    descriptor: dict[str, Any],
    specs: dict[str, TableSpec],
    lines: dict[str, list[int]],
    display: dict[str, str],
) -> list[Problem]:
    """Every type, constraint, primary-key and foreign-key error that frictionless finds."""
    # Imported on first use: it is the heaviest import of the package.
    from frictionless import Package

    problems = []
    report = Package(descriptor, basepath=str(data_dir)).validate()
    for task in report.tasks:
        spec = specs.get(task.name)
        if spec is None:  # a file resource such as references.bib: checked by bibliography.py
            continue
        for err in task.errors:
            error = err.to_descriptor()
            row = error.get("rowNumber")
            line = lines[task.name][row - 2] if row and row >= 2 else 1
            if error.get("fieldName"):
                column = error["fieldName"]
            elif error.get("fieldNames"):
                column = ",".join(error["fieldNames"])
            else:
                column = ",".join(spec.primary_key) or spec.columns[0]
            if error.get("type") in ("primary-key", "unique-error"):
                # frictionless counts rows with the header as row 1; say which line came first.
                first = str(error.get("note", "")).rsplit(" ", 1)[-1]
                if first.isdigit():
                    earlier = lines[task.name][int(first) - 2]
                    note = (
                        f"the same {column} as line {earlier}"
                        if error["type"] == "primary-key"
                        else f"also on line {earlier}"
                    )
                    error = {**error, "note": note}
            problems.append(Problem(display[task.name], line, column, _message(error)))
    return problems
