"""Types, allowed values and keys, checked by frictionless against ``datapackage.json``."""

from __future__ import annotations

import hashlib
import json
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


#: The errors that frictionless found in a resource, by what they depend on (see _resource_key). The tests
#: validate some sixty variants of the data in one process, each with one file changed; the other files'
#: resources are not validated again.
_ERRORS_BY_KEY: dict[str, list[dict[str, Any]]] = {}


def _resource_key(data_dir: Path, descriptor: dict[str, Any], name: str) -> str:
    """What a resource's errors depend on: its description and bytes, and those of the resources it refers to."""
    resources = {r["name"]: r for r in descriptor.get("resources", [])}
    keys = [r.get("reference", {}).get("resource") for r in resources[name]["schema"].get("foreignKeys", [])]
    sha = hashlib.sha256()
    for part in dict.fromkeys([name, *(k for k in keys if k)]):  # an empty resource name refers to itself
        sha.update(json.dumps(resources.get(part), sort_keys=True).encode() + b"\0")
        path = data_dir / str(resources.get(part, {}).get("path", ""))
        sha.update(path.read_bytes() if path.is_file() else b"missing")
    return sha.hexdigest()


def _errors(data_dir: Path, descriptor: dict[str, Any], names: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Every error that frictionless finds in the resources ``names``, as descriptors."""
    keys = {name: _resource_key(data_dir, descriptor, name) for name in names}
    unknown = [name for name in names if keys[name] not in _ERRORS_BY_KEY]
    if unknown:
        # Imported on first use: it is the heaviest import of the package.
        from frictionless import Package

        package = Package(descriptor, basepath=str(data_dir))
        for name in unknown:
            [task] = package.get_resource(name).validate().tasks
            _ERRORS_BY_KEY[keys[name]] = [err.to_descriptor() for err in task.errors]
    return {name: _ERRORS_BY_KEY[keys[name]] for name in names}


def schema_problems(
    data_dir: Path,
    descriptor: dict[str, Any],
    specs: dict[str, TableSpec],
    lines: dict[str, list[int]],
    display: dict[str, str],
) -> list[Problem]:
    """Every type, constraint, primary-key and foreign-key error that frictionless finds in the tables (a file
    resource such as references.bib is checked by bibliography.py)."""
    problems = []
    tables = [r["name"] for r in descriptor.get("resources", []) if r.get("name") in specs]
    for name, errors in _errors(data_dir, descriptor, tables).items():
        spec = specs[name]
        for error in errors:
            row = error.get("rowNumber")
            line = lines[name][row - 2] if row and row >= 2 else 1
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
                    earlier = lines[name][int(first) - 2]
                    note = (
                        f"the same {column} as line {earlier}"
                        if error["type"] == "primary-key"
                        else f"also on line {earlier}"
                    )
                    error = {**error, "note": note}
            problems.append(Problem(display[name], line, column, _message(error)))
    return problems
