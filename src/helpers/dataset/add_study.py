"""Adding a study published after the paper: a study file in TOML becomes rows of ``data/``, or nothing.

``python -m helpers add-study --template`` prints a study file to fill in; ``python -m helpers
add-study FILE`` turns it into one row of ``updates.csv`` (unless the update is there already),
one of ``studies.csv``, its rows of ``factors.csv`` and ``strategies.csv`` and its entry of
``references.bib``, all naming the update. The rows are written to a scratch copy of the data
first and validated there; only if the whole data package is then valid are they written to
``data/``. Otherwise every problem is listed and nothing is changed.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from .bibliography import ENTRY_START
from .errors import DataError, Problem
from .schema import read_descriptor
from .vocabulary import NUMBER_FIELD

TEMPLATE = """\
# A study added to this edition after the paper. Fill in every value, delete what the source does
# not state, then run:  .venv/bin/python -m helpers add-study THIS_FILE
# Nothing is written to data/ unless the whole data package is valid with these rows.

[update]
# One update may add several studies: use the same id for each, with the same date and source.
id = "U{next_update:03d}"
date = "YYYY-MM-DD"
source = "Where the rows come from: a citation, a DOI or a search"
description = "What this update adds, in a sentence"

[study]
# ref is the study's reference number in this edition; left out, it is the next free one ({next_ref}).
first_author = "Surname I"
year = 2026
design = "{designs}"  # one of: {design_list}
operation = "{operations}"  # one of: {operation_list}; delete the line if not stated
n_total = 100  # participants the source states; delete n_total, n_test or n_control if not stated
n_test = 50
n_control = 50
n_source = "A short verbatim quote of the source that states the numbers"

[reference]
# The study's BibTeX entry; its refnumber field is added from ref.
bibtex = \"\"\"
@article{{surname2026short,
  author = {{{{Surname I}} and {{Other A}}}},
  title = {{{{The study's title}}}},
  journal = {{The journal}},
  year = {{2026}},
  doi = {{10.0000/example}}
}}
\"\"\"

# One [[factors]] block per row of Table 1 that the study fills (delete them if it fills none).
# factor_id is one of: {factors}
[[factors]]
factor_id = 1
finding = "The group or level with better pain relief, or No difference"
direction = "difference"  # one of: {factor_directions}

# One [[strategies]] block per row of Table 2 that the study fills (delete them if it fills none).
# strategy_id is one of: {strategies}
[[strategies]]
strategy_id = 1
test_group = "The test group"
control_group = "The control group, or / for no therapy"
better_group = "Test group, or No difference"
direction = "favours test"  # one of: {strategy_directions}
"""


class StudyFileError(ValueError):
    """The study file cannot be read, or lacks a value; nothing was written."""


def _enum(descriptor: dict[str, Any], resource: str, field: str) -> list[str]:
    [res] = [r for r in descriptor["resources"] if r["name"] == resource]
    [spec] = [f for f in res["schema"]["fields"] if f["name"] == field]
    return [str(v) for v in spec.get("constraints", {}).get("enum", [])]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _next_ref(bib: str) -> int:
    return max((int(n) for n in re.findall(NUMBER_FIELD + r"\s*=\s*\{(\d+)\}", bib)), default=0) + 1


def template(data_dir: Path) -> str:
    """A study file to fill in, listing the values that data_dir's schema and legends allow."""
    descriptor = read_descriptor(data_dir)
    updates = _rows(data_dir / "updates.csv")
    factors = "; ".join(f"{r['factor_id']} {r['name']}" for r in _rows(data_dir / "factor_codes.csv"))
    strategies = "; ".join(f"{r['strategy_id']} {r['name']}" for r in _rows(data_dir / "strategy_codes.csv"))
    designs, operations = _enum(descriptor, "studies", "design"), _enum(descriptor, "studies", "operation")
    return TEMPLATE.format(
        next_update=max((int(r["update_id"][1:]) for r in updates), default=0) + 1,
        next_ref=_next_ref((data_dir / "references.bib").read_text(encoding="utf-8")),
        designs=designs[0],
        design_list=", ".join(designs),
        operations=operations[0],
        operation_list=", ".join(operations),
        factors=factors,
        strategies=strategies,
        factor_directions=", ".join(_enum(descriptor, "factors", "direction")),
        strategy_directions=", ".join(_enum(descriptor, "strategies", "direction")),
    )


def _table(spec: dict[str, Any], name: str, file: Path) -> dict[str, Any]:
    value = spec.get(name)
    if not isinstance(value, dict):
        raise StudyFileError(f"{file}: no [{name}] table")
    return value


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _append(path: Path, rows: list[dict[str, object]]) -> None:
    """Rows in the file's own column order; a key the file has no column for is an error."""
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="raise")
    for row in rows:
        try:
            writer.writerow({k: _text(v) for k, v in row.items()})
        except ValueError as error:
            raise StudyFileError(f"{path.name} has no column for {error}") from error
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") or not text else "\n") + out.getvalue(), encoding="utf-8")


def _entry(bibtex: str, ref: int, file: Path) -> tuple[str, str]:
    """(bibkey, entry with its refnumber) of the study file's one BibTeX entry."""
    entries = list(ENTRY_START.finditer(bibtex))
    if len(entries) != 1:
        raise StudyFileError(f"{file}: [reference] bibtex must hold exactly one entry, not {len(entries)}")
    start = entries[0]
    if re.search(NUMBER_FIELD + r"\s*=", bibtex):
        raise StudyFileError(f"{file}: leave {NUMBER_FIELD} out of the entry; it is set from the study's ref")
    entry = bibtex[: start.end()] + f"\n  {NUMBER_FIELD} = {{{ref}}}," + bibtex[start.end() :]
    return start.group(2), entry.strip() + "\n"


def _as_in(display: str, copy: Path, data_dir: Path) -> str:
    """A file of the scratch copy, named as the same file of data_dir is named in messages."""
    name = Path(display).name
    full = (data_dir / name).resolve()
    try:
        return str(full.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(full)


def add_study(file: Path, data_dir: Path) -> tuple[int, list[str]]:
    """Add the study of ``file`` to ``data_dir``; return its ref and the files changed.

    Raises StudyFileError when the file cannot be read, and DataError (naming each file, line and
    column of data/) when the data would not be valid with its rows; in both cases nothing is written.
    """
    try:
        spec = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise StudyFileError(f"{file}: {error}") from error
    update, study, reference = (_table(spec, n, file) for n in ("update", "study", "reference"))
    bib_path = data_dir / "references.bib"
    ref = int(study.get("ref") or _next_ref(bib_path.read_text(encoding="utf-8")))
    if "id" not in update:
        raise StudyFileError(f"{file}: [update] needs an id such as U001")
    update_id = str(update["id"])
    bibkey, entry = _entry(str(reference.get("bibtex", "")), ref, file)

    from .review import read_review

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(data_dir, copy)
        changed = []
        if update_id not in {r["update_id"] for r in _rows(copy / "updates.csv")}:
            _append(
                copy / "updates.csv",
                [
                    {
                        "update_id": update_id,
                        "date": update.get("date"),
                        "source": update.get("source"),
                        "description": update.get("description"),
                    }
                ],
            )
            changed.append("updates.csv")
        _append(
            copy / "studies.csv",
            [{**{k: v for k, v in study.items() if k != "ref"}, "ref": ref, "bibkey": bibkey, "update": update_id}],
        )
        changed.append("studies.csv")
        for table in ("factors", "strategies"):
            rows = spec.get(table, [])
            if rows:
                _append(copy / f"{table}.csv", [{**row, "ref": ref, "update": update_id} for row in rows])
                changed.append(f"{table}.csv")
        bib = (copy / "references.bib").read_text(encoding="utf-8")
        (copy / "references.bib").write_text(bib.rstrip("\n") + "\n\n" + entry, encoding="utf-8")
        changed.append("references.bib")

        _, problems = read_review(copy)
        if problems:
            raise DataError([Problem(_as_in(p.file, copy, data_dir), p.line, p.column, p.message) for p in problems])
        for name in changed:
            shutil.copyfile(copy / name, data_dir / name)
    return ref, changed
