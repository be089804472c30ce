"""The book's Sphinx extension.

- It registers the pybtex formatting style ``paper``: unsrt entries, labelled and sorted by
  the ``refnumber`` field of references.bib, so that [7] in the book is [7] in the paper.
- It writes the audit table, ``audit.csv``, next to the built pages, for readers to download.
- It leaves tables unnumbered, so that the paper's Table 1 and Table 2 keep their names
  instead of being renumbered in order of appearance (figures stay numbered).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pybtex.database import Entry
from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date, pages, toplevel
from pybtex.style.template import field, first_of, join, optional, optional_field, sentence, tag, words
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle

from .bibliography import NUMBER_FIELD


class PaperNumberLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        for entry in sorted_entries:
            yield entry.fields[NUMBER_FIELD]


class PaperNumberSorting(BaseSortingStyle):
    def sorting_key(self, entry: Entry) -> int:
        return int(entry.fields[NUMBER_FIELD])


class PaperStyle(UnsrtStyle):
    default_label_style = PaperNumberLabels
    default_sorting_style = PaperNumberSorting

    def get_article_template(self, e: Entry) -> Any:
        """As unsrt, but a volume without pages is still printed (unsrt drops it)."""
        volume_and_pages = first_of[
            optional[join[field("volume"), optional["(", field("number"), ")"], ":", pages]],
            optional[field("volume")],
            words["pages", pages],
        ]
        return toplevel[
            self.format_names("author"),
            self.format_title(e, "title"),
            sentence[tag("em")[field("journal")], optional[volume_and_pages], date],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


def _unnumber_tables(app: Any) -> None:
    from docutils import nodes

    app.env.get_domain("std").enumerable_nodes.pop(nodes.table, None)


def _write_downloads(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from .audit import audit, to_csv
    from .review import load_review

    (Path(app.outdir) / "audit.csv").write_text(to_csv(audit(load_review())), encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    register_plugin("pybtex.style.formatting", "paper", PaperStyle)
    app.connect("builder-inited", _unnumber_tables)
    app.connect("build-finished", _write_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
