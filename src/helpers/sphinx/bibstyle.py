"""The pybtex styles of the book's two bibliographies, and how a citation of the paper's references is bracketed.

``paper``: unsrt entries, labelled and sorted by the paper's own reference numbers, so that
sphinxcontrib-bibtex prints [7] for the reference that the paper numbers 7. ``sources``: the
published methods this edition follows (book/methods.bib), labelled by first author and year
('Foroutan et al. 2020') and sorted so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from pybtex.database import Entry
from pybtex.plugin import find_plugin, register_plugin
from pybtex.richtext import BaseMultipartText, BaseText, String, Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date, pages, toplevel
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import Node, field, first_of, join, optional, optional_field, sentence, tag
from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.label import LabelReferenceStyle

from ..analysis.citations import ref_runs
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
        """As unsrt, but a volume without pages is still printed (unsrt drops it), and a volume that is the year
        (as some journals number theirs) is not followed by the year again."""
        volume_and_pages = first_of[
            optional[join[field("volume"), optional["(", field("number"), ")"], ":", pages]],
            optional[field("volume")],
            pages,
        ]
        year_is_volume = e.fields.get("volume") == e.fields.get("year")
        return toplevel[
            self.format_names("author"),
            self.format_title(e, "title"),
            sentence[tag("em")[field("journal")], optional[volume_and_pages]]
            if year_is_volume
            else sentence[tag("em")[field("journal")], optional[volume_and_pages], date],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


def _plain(text: BaseText) -> str:
    """The characters of a rich text, without rendering it: a citation's reference renders on docutils only."""
    if isinstance(text, String):
        return text.value
    return "".join(_plain(part) for part in text.parts) if isinstance(text, BaseMultipartText) else ""


@dataclass
class RangedBrackets(BracketStyle):
    """Brackets in which three or more consecutive reference numbers print as a range, as the paper writes them:
    [32-39, 42]. The range links its first and last reference; labels that are not numbers print one by one."""

    def outer(self, children: list[Text], brackets: bool = False, capfirst: bool = False) -> Node:
        labels = [_plain(child) for child in children]
        if all(label.isdigit() for label in labels):
            by_number = {int(label): child for label, child in zip(labels, children)}
            ranged: list[Text] = []
            for first, last in ref_runs(by_number):
                if last - first >= 2:
                    ranged.append(Text(by_number[first], "-", by_number[last]))
                else:
                    ranged.extend(by_number[n] for n in range(first, last + 1))
            children = ranged
        return super().outer(children, brackets=brackets, capfirst=capfirst)


@dataclass
class PaperReferences(LabelReferenceStyle):
    """sphinxcontrib-bibtex's label style, with ranges in parenthetical citations."""

    bracket_parenthetical: BracketStyle = dataclass_field(default_factory=RangedBrackets)


#: The installed plugins that sphinxcontrib-bibtex asks pybtex for, once for each citation.
LOOKED_UP = (
    ("pybtex.backends", "plaintext"),
    ("pybtex.backends", "text"),  # an alias of plaintext, which pybtex looks up by reading every package too
    ("pybtex.backends", "docutils"),
    ("pybtex.style.names", "plain"),
    ("pybtex.style.names", "last"),
)


def register() -> None:
    """The styles ``paper`` and ``sources``, which the two bibliographies of the book name; and the plugins of
    LOOKED_UP registered again, by pybtex's register_plugin, as the classes they are.

    pybtex finds a plugin that was registered at run time at once, but an installed one by reading the
    entry points of every installed package, each time it is asked: some 300 times a build, 4 s of it.
    """
    register_plugin("pybtex.style.formatting", "paper", PaperStyle)
    register_plugin("pybtex.style.formatting", "sources", SourcesStyle)
    register_bibtex_plugin("sphinxcontrib.bibtex.style.referencing", "paper_label", PaperReferences)
    for group, name in LOOKED_UP:
        register_plugin(group, name, find_plugin(group, name), force=True)  # the same class, found once
