"""The data package descriptor (``datapackage.json``) and what it says about each file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import DataError, Problem

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool


@dataclass(frozen=True)
class TableSpec:
    """A tabular resource of the package: its file and its columns, in order."""

    name: str
    path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


def read_descriptor(data_dir: Path) -> dict[str, Any]:
    """The parsed ``datapackage.json``; a broken one is a DataError naming line and column."""
    path = data_dir / DESCRIPTOR
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([Problem(str(path), 1, "-", "file is missing: it describes every data file")]) from None
    except UnicodeDecodeError as err:
        raise DataError([Problem(str(path), 1, "-", f"not UTF-8 ({err.reason})")]) from None
    except json.JSONDecodeError as err:
        raise DataError(
            [Problem(str(path), err.lineno, f"character {err.colno}", f"not valid JSON: {err.msg}")]
        ) from None


def table_specs(descriptor: dict[str, Any]) -> list[TableSpec]:
    """Every resource with a table schema, in the descriptor's order."""
    specs = []
    for res in descriptor.get("resources", []):
        schema = res.get("schema")
        if not schema:
            continue
        fields = tuple(
            Field(f["name"], f.get("type", "string"), bool(f.get("constraints", {}).get("required")))
            for f in schema["fields"]
        )
        key = schema.get("primaryKey", [])
        specs.append(TableSpec(res["name"], res["path"], fields, tuple([key] if isinstance(key, str) else key)))
    return specs


def resource_path(descriptor: dict[str, Any], name: str) -> str:
    """The path of the resource called ``name``."""
    for res in descriptor.get("resources", []):
        if res.get("name") == name:
            return str(res["path"])
    raise KeyError(name)
