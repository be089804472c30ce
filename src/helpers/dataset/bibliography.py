"""The paper's reference list, ``references.bib``: parsing it and checking it."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .errors import Problem, control_characters
from .vocabulary import NUMBER_FIELD

#: The start of a BibTeX entry: its type and its key.
ENTRY_START = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
_DOI = re.compile(r"^10\.\d{4,9}/[^\s\"<>]+$")
#: A link that the reference list makes: only to the web.
_URL = re.compile(r"^https?://[^\s\"<>]+$")
REQUIRED_FIELDS = (NUMBER_FIELD, "author", "title", "year")


def _plain(value: str) -> str:
    """A field's text without the braces that protect it from BibTeX styles."""
    return value.replace("{", "").replace("}", "").replace("\\&", "&")


_FIELD_START = re.compile(r"^\s*(\w+)\s*=", re.MULTILINE)


def _control_problems(text: str, display: str) -> list[Problem]:
    """Control characters anywhere in the file, each at its line and in the field it belongs to."""
    problems, line_start = [], 0
    for line_no, line in enumerate(text.split("\n"), start=1):
        for offset, name in control_characters(line.rstrip("\r").replace("\t", " ")):
            before = text[: line_start + offset]
            fields = _FIELD_START.findall(before[before.rfind("@") :])
            problems.append(
                Problem(
                    display,
                    line_no,
                    fields[-1].lower() if fields else "-",
                    f"the file holds {name}; a field is visible text (tabs and line breaks only between fields)",
                )
            )
        line_start += len(line) + 1
    return problems


def read_bibliography(path: Path, display: str) -> tuple[pd.DataFrame, list[Problem]]:
    """One row per entry: bibkey, refnumber, authors, title, journal, year, pages, doi, line."""
    from pybtex.database import parse_string
    from pybtex.scanner import PybtexError

    columns = ["bibkey", "refnumber", "authors", "title", "journal", "year", "pages", "doi", "line"]
    empty = pd.DataFrame(columns=columns)
    if not path.is_file():
        return empty, [Problem(display, 1, "-", "file is missing")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        return empty, [Problem(display, line, "-", f"byte 0x{raw[err.start]:02x} is not UTF-8; save the file as UTF-8")]

    problems = _control_problems(text, display)
    if problems:
        return empty, problems
    starts = [(m.group(2), text.count("\n", 0, m.start()) + 1) for m in ENTRY_START.finditer(text)]
    seen: dict[str, int] = {}
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
        address = fields.get("url", "").strip()
        if address and not _URL.match(address):
            problems.append(
                Problem(display, line, "url", f'entry {key}: "{address}" is not a web address (https://...)')
            )
        rows.append(
            {
                "bibkey": key,
                "refnumber": int(number) if number.isdigit() else None,
                "authors": "; ".join(_plain(str(p)) for p in entry.persons.get("author", [])),
                "title": _plain(fields.get("title", "")),
                "journal": _plain(fields.get("journal", "")),
                "year": int(fields["year"]) if fields.get("year", "").isdigit() else None,
                "pages": _plain(fields.get("pages", "")).replace("--", "-") or None,
                "doi": doi or None,
                "line": line,
            }
        )
    frame = pd.DataFrame(rows, columns=columns).astype(
        {
            "bibkey": "string",
            "refnumber": "Int64",
            "authors": "string",
            "title": "string",
            "journal": "string",
            "year": "Int64",
            "pages": "string",
            "doi": "string",
            "line": "int64",
        }
    )
    numbers = frame["refnumber"].dropna()
    for number, group in frame[frame["refnumber"].duplicated(keep=False) & frame["refnumber"].notna()].groupby(
        "refnumber"
    ):
        lines = group["line"].tolist()
        for line in lines[1:]:
            problems.append(Problem(display, line, NUMBER_FIELD, f"refnumber {number} is also used on line {lines[0]}"))
    if len(numbers):
        missing = sorted(set(range(1, int(numbers.max()) + 1)) - set(numbers.astype(int)))
        if missing:
            problems.append(
                Problem(
                    display,
                    1,
                    NUMBER_FIELD,
                    f"the reference list has gaps: no entry has refnumber {', '.join(map(str, missing))}",
                )
            )
    return frame, problems
