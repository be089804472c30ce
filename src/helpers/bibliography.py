"""The paper's reference list, ``references.bib``: parsing it and checking it."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .errors import Problem

#: The non-standard BibTeX field that holds a reference's number in the paper.
NUMBER_FIELD = "refnumber"
_ENTRY_START = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
REQUIRED_FIELDS = (NUMBER_FIELD, "author", "title", "year")


def _plain(value: str) -> str:
    """A field's text without the braces that protect it from BibTeX styles."""
    return value.replace("{", "").replace("}", "").replace("\\&", "&")


def read_bibliography(path: Path, display: str) -> tuple[pd.DataFrame, list[Problem]]:
    """One row per entry: bibkey, refnumber, authors, title, journal, year, doi, line."""
    from pybtex.database import parse_string
    from pybtex.scanner import PybtexError

    columns = ["bibkey", "refnumber", "authors", "title", "journal", "year", "doi", "line"]
    empty = pd.DataFrame(columns=columns)
    if not path.is_file():
        return empty, [Problem(display, 1, "-", "file is missing")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        return empty, [Problem(display, line, "-", f"byte 0x{raw[err.start]:02x} is not UTF-8; save the file as UTF-8")]

    starts = [(m.group(2), text.count("\n", 0, m.start()) + 1) for m in _ENTRY_START.finditer(text)]
    problems, seen = [], {}
    for key, line in starts:
        if key in seen:
            problems.append(Problem(display, line, key, f"entry key is used twice (first on line {seen[key]})"))
        seen.setdefault(key, line)
    if not starts:
        return empty, [Problem(display, 1, "-", "no BibTeX entries found")]
    if problems:
        return empty, problems
    try:
        database = parse_string(text, "bibtex")
    except PybtexError as err:
        line = getattr(err, "lineno", None) or 1
        return empty, [Problem(display, line, "-", f"BibTeX syntax error: {err}")]

    rows = []
    for key, line in starts:
        entry = database.entries[key]
        fields = {k.lower(): v for k, v in entry.fields.items()}
        for name in REQUIRED_FIELDS:
            if name != "author" and not fields.get(name, "").strip():
                problems.append(Problem(display, line, name, f"entry {key} has no {name}"))
        if "author" not in entry.persons:
            problems.append(Problem(display, line, "author", f"entry {key} has no author"))
        number = fields.get(NUMBER_FIELD, "").strip()
        if number and not number.isdigit():
            problems.append(Problem(display, line, NUMBER_FIELD, f'entry {key}: "{number}" is not a whole number'))
        doi = fields.get("doi", "").strip()
        if doi and not _DOI.match(doi):
            problems.append(Problem(display, line, "doi", f'entry {key}: "{doi}" is not a DOI (10.xxxx/...)'))
        rows.append({
            "bibkey": key,
            "refnumber": int(number) if number.isdigit() else None,
            "authors": "; ".join(_plain(str(p)) for p in entry.persons.get("author", [])),
            "title": _plain(fields.get("title", "")),
            "journal": _plain(fields.get("journal", "")),
            "year": int(fields["year"]) if fields.get("year", "").isdigit() else None,
            "doi": doi or None,
            "line": line,
        })
    frame = pd.DataFrame(rows, columns=columns).astype(
        {"bibkey": "string", "refnumber": "Int64", "authors": "string", "title": "string",
         "journal": "string", "year": "Int64", "doi": "string", "line": "int64"}
    )
    numbers = frame["refnumber"].dropna()
    for number, group in frame[frame["refnumber"].duplicated(keep=False) & frame["refnumber"].notna()].groupby("refnumber"):
        lines = group["line"].tolist()
        for line in lines[1:]:
            problems.append(Problem(display, line, NUMBER_FIELD, f"refnumber {number} is also used on line {lines[0]}"))
    if len(numbers):
        missing = sorted(set(range(1, int(numbers.max()) + 1)) - set(numbers.astype(int)))
        if missing:
            problems.append(Problem(display, 1, NUMBER_FIELD, f"the reference list has gaps: no entry has refnumber {', '.join(map(str, missing))}"))
    return frame, problems
