"""The pybtex styles of the book's two bibliographies.

``paper``: unsrt entries, labelled and sorted by the paper's own reference numbers, so that
sphinxcontrib-bibtex prints [7] for the reference that the paper numbers 7. ``sources``: the
published methods this edition follows (book/methods.bib), labelled by first author and year
('Foroutan et al. 2020') and sorted so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pybtex.database import Entry
from pybtex.plugin import find_plugin, register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date, pages, toplevel
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import field, first_of, join, optional, optional_field, sentence, tag, words

from ..dataset.vocabulary import NUMBER_FIELD


class PaperNumberLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        for entry in sorted_entries:
            yield entry.fields[NUMBER_FIELD]


class PaperNumberSorting(BaseSortingStyle):
    def sorting_key(self, entry: Entry) -> int:
        return int(entry.fields[NUMBER_FIELD])


class AuthorYearLabels(BaseLabelStyle):
    """'Foroutan et al. 2020', 'Guyatt and Oxman 2011', 'Campbell 2020'; an edited book is labelled by its editors."""

    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        for entry in sorted_entries:
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            names = [" ".join(p.last_names) for p in people]
            if len(names) > 2 or (names and str(people[-1]) == "others"):
                who = f"{names[0]} et al."
            else:
                who = " and ".join(names)
            yield f"{Text.from_latex(who).render_as('text')} {entry.fields['year']}"


class SourcesStyle(UnsrtStyle):
    default_label_style = AuthorYearLabels
    default_sorting_style = find_plugin("pybtex.style.sorting", "author_year_title")


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


#: The installed plugins that sphinxcontrib-bibtex asks pybtex for, once for each citation.
LOOKED_UP = (("pybtex.backends", "plaintext"), ("pybtex.backends", "docutils"), ("pybtex.style.names", "plain"))


def register() -> None:
    """The styles ``paper`` and ``sources``, which the two bibliographies of the book name; and the plugins of
    LOOKED_UP registered again, by pybtex's register_plugin, as the classes they are.

    pybtex finds a plugin that was registered at run time at once, but an installed one by reading the
    entry points of every installed package, each time it is asked: some 300 times a build, 4 s of it.
    """
    register_plugin("pybtex.style.formatting", "paper", PaperStyle)
    register_plugin("pybtex.style.formatting", "sources", SourcesStyle)
    for group, name in LOOKED_UP:
        register_plugin(group, name, find_plugin(group, name), force=True)  # the same class, found once
