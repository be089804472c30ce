"""The one error type of the package, and the problems it carries."""

from __future__ import annotations

from dataclasses import dataclass


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
        head = f"{count} problem{'s' if count != 1 else ''} in the review's data:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))
