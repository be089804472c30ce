"""MyST Markdown that notebooks display or glue: text, citations, captioned tables and figures.

Every value that comes from ``data/`` is text, never markup. The functions here take either
:class:`Md`, MyST written by this package, which they paste as it is, or anything else, which they
escape with :func:`text` so that a reader sees it literally: a ``<script>`` in a data field is
shown as the characters ``<script>``. Code that builds MyST from data goes through these
functions, so no path can forget to escape.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


class Md(str):
    """Text that is MyST Markdown written by this package (to paste with ``{glue:md}``), not plain text.

    Concatenating with ``+`` gives a plain ``str``, which the functions below would escape:
    build from parts with :func:`md` or :func:`join` instead.
    """


#: CommonMark lets a backslash escape any ASCII punctuation character, which then stands for
#: itself: with every one escaped, no role, directive, HTML tag, link, emphasis, math,
#: substitution or table cell border can start.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NAME = re.compile(r"[a-z][a-z0-9-]*")
#: How a figure holds its SVG; the Sphinx extension finds it by this prefix and puts the SVG in the page.
SVG_DATA_URI = "data:image/svg+xml;base64,"


def text(value: object) -> Md:
    """Plain text as MyST that shows it literally, on one line (whitespace runs become one space)."""
    if isinstance(value, Md):
        raise TypeError("text() escapes plain text; this is already MyST (Md)")
    plain = _CONTROL.sub("\ufffd", re.sub(r"\s+", " ", "" if value is None else str(value)))
    return Md(_PUNCTUATION.sub(r"\\\1", plain))


def md(*parts: object) -> Md:
    """MyST from parts: :class:`Md` parts as they are, every other part escaped as text."""
    return Md("".join(p if isinstance(p, Md) else text(p) for p in parts))


def join(parts: Iterable[object], separator: str = "\n\n") -> Md:
    """Parts joined by a separator of this package's own (by default a blank line between blocks)."""
    return Md(separator.join(p if isinstance(p, Md) else text(p) for p in parts))


def code(value: object) -> Md:
    """Inline code that shows ``value`` literally, with a fence longer than any run of backticks in it."""
    plain = " ".join(str(value).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", plain)), default=0) + 1)
    pad = " " if plain.startswith("`") or plain.endswith("`") else ""
    return Md(f"{fence}{pad}{plain}{pad}{fence}")


def code_block(value: str, language: str) -> Md:
    """A fenced code block, with a fence longer than any run of backticks in ``value``."""
    if not re.fullmatch(r"[a-z]*", language):
        raise ValueError(f"{language!r} is not a language name")
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    return Md(f"{fence}{language}\n{_CONTROL.sub(chr(0xFFFD), value)}\n{fence}")


def heading(level: int, title: object) -> Md:
    return md(Md("#" * level + " "), title)


def link(href: str, label: object, download: bool = False) -> Md:
    """A raw HTML link (for a file next to the pages, which Sphinx would not copy), escaped."""
    if not re.fullmatch(r"https?://[^\s\"<>]+|(\.\./)*\w[\w ./-]*", href):
        raise ValueError(f"{href!r} is not a link this book makes")
    attribute = " download" if download else ""
    return Md(f'<a href="{html.escape(href)}"{attribute}>{html.escape(" ".join(str(label).split()))}</a>')


def url(address: str) -> Md:
    """An autolink to a web address (checked: https, with no space or angle bracket)."""
    if not re.fullmatch(r"https?://[^\s<>`]+", address):
        raise ValueError(f"{address!r} is not a web address")
    return Md(f"<{address}>")


def _name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not a name for a target (lower case, digits and hyphens)")
    return name


def cite(refs: Iterable[int], references: pd.DataFrame) -> Md:
    """A parenthetical citation of the paper's references ``refs``, in the paper's numbering."""
    import pandas as pd

    numbers = sorted(set(int(r) for r in refs))
    keys = references.set_index("refnumber").reindex(numbers)["bibkey"]
    missing = [n for n, k in zip(numbers, keys) if pd.isna(k)]
    if missing:
        raise KeyError(f"no entry of references.bib has refnumber {missing}")
    bad = [k for k in keys if not re.fullmatch(r"[A-Za-z0-9_:-]+", str(k))]
    if bad:
        raise ValueError(f"bibliography keys {bad} cannot be cited: keys are letters, digits, _, : and -")
    return Md("{cite:p}`" + ",".join(keys) + "`") if numbers else Md("")


def ref(target: str, label: str) -> Md:
    """A link to a named target of the book (``{ref}``); a role's text is not escapable, so the label is checked."""
    if not re.fullmatch(r"[A-Za-z0-9 .,:()-]+", label):
        raise ValueError(f"{label!r} cannot be a link's label: letters, digits, spaces and .,:()- only")
    return Md("{ref}`" + label + f" <{_name(target)}>`")


def _cell(value: object) -> str:
    import pandas as pd

    if isinstance(value, Md):
        # A pipe that is not escaped ends a table cell, even inside code; escaped, it shows as itself.
        return re.sub(r"(?<!\\)\|", r"\\|", " ".join(value.split()))
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return text(value)


def table(frame: pd.DataFrame, caption: object, record: bool = False) -> Md:
    """A captioned MyST table. Cells and caption are text unless they are :class:`Md`.

    Tables get no name, so Sphinx leaves them unnumbered: the paper's own "Table 1" and
    "Table 2" keep their numbers instead of being renumbered in order of appearance. A
    ``record`` is one thing described row by row (a question's summary, its evidence profile),
    whose rows keep their order: the browser adds no sorting or filtering to it.
    """
    header = "| " + " | ".join(_cell(c) for c in frame.columns) + " |"
    rule = "|" + "|".join(" --- " for _ in frame.columns) + "|"
    body = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    classes = "evidence-table record-table" if record else "evidence-table"
    return Md("\n".join([f":::{{table}} {_cell(caption)}", f":class: {classes}", "", header, rule, *body, ":::"]))


def figure(svg: str, caption: object, name: str, alt: object) -> Md:
    """A captioned, referenceable MyST figure holding an SVG; ``alt`` describes it for screen readers.

    The alt text is written as a quoted string, so that nothing in it can end the option.
    """
    uri = SVG_DATA_URI + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    alt_text = json.dumps(_CONTROL.sub("\ufffd", " ".join(str(alt).split())), ensure_ascii=True)
    return Md(
        "\n".join([f":::{{figure}} {uri}", f":name: {_name(name)}", f":alt: {alt_text}", "", _cell(caption), ":::"])
    )


def admonition(title: object, body: object, name: str | None = None, classes: str = "note") -> Md:
    """An admonition with a title and a body, each text unless it is :class:`Md`."""
    if not re.fullmatch(r"[a-z][a-z -]*", classes):
        raise ValueError(f"{classes!r} is not a list of class names")
    options = ([f":name: {_name(name)}"] if name else []) + [f":class: {classes}"]
    body_text = body if isinstance(body, Md) else text(body)
    fence = ":" * max(3, max((len(run) for run in re.findall(r"^:{3,}", body_text, flags=re.M)), default=0) + 1)
    return Md("\n".join([f"{fence}{{admonition}} {_cell(title)}", *options, "", body_text, fence]))
