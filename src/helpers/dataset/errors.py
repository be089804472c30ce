"""The one error type of the package, and the problems it carries."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import inflect

#: inflect's English, for a count of problems that agrees with its noun.
_ENGLISH = inflect.engine()

#: Characters a reader cannot see, or that change how the text around them is shown: C0 and C1
#: controls (line breaks and tabs included), line and paragraph separators, and the
#: bidirectional overrides that can make text read differently from how it is stored.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def control_characters(text: str) -> list[tuple[int, str]]:
    """(offset, name) of each control character in ``text``, e.g. (3, 'U+0009 (a tab)')."""
    names = {"\t": "a tab", "\n": "a line break", "\r": "a carriage return"}
    return [
        (
            m.start(),
            f"U+{ord(m.group()):04X} "
            f"({names.get(m.group()) or unicodedata.name(m.group(), 'a control character').lower()})",
        )
        for m in _CONTROL.finditer(text)
    ]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one cell (or header, or file) of the data."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: column '{self.column}': {self.message}"


class DataError(ValueError):
    """The data in a data directory break the schema or the review's own rules.

    ``problems`` lists every problem found; the message shows them one per line,
    each naming the file, the line of that file and the column.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        count = len(self.problems)
        head = f"{count} {_ENGLISH.plural_noun('problem', count)} in the review's data:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))
