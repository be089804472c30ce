"""MyST Markdown that notebooks display or glue: citations, captioned tables and figures."""

from __future__ import annotations

import base64
from collections.abc import Iterable

import pandas as pd


class Md(str):
    """Text that is MyST Markdown (to paste with ``{glue:md}`key:myst```), not plain text."""


def cite(refs: Iterable[int], references: pd.DataFrame) -> Md:
    """A parenthetical citation of the paper's references ``refs``, in the paper's numbering."""
    numbers = sorted(set(int(r) for r in refs))
    keys = references.set_index("refnumber").reindex(numbers)["bibkey"]
    missing = [n for n, k in zip(numbers, keys) if pd.isna(k)]
    if missing:
        raise KeyError(f"no entry of references.bib has refnumber {missing}")
    return Md("{cite:p}`" + ",".join(keys) + "`") if numbers else Md("")


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(frame: pd.DataFrame, caption: str) -> Md:
    """A captioned MyST table; cells may hold MyST (e.g. citations).

    Tables get no name, so Sphinx leaves them unnumbered: the paper's own "Table 1" and
    "Table 2" keep their numbers instead of being renumbered in order of appearance.
    """
    header = "| " + " | ".join(_cell(c) for c in frame.columns) + " |"
    rule = "|" + "|".join(" --- " for _ in frame.columns) + "|"
    body = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return Md("\n".join([f":::{{table}} {caption}", ":class: evidence-table", "", header, rule, *body, ":::"]))


def figure(svg: str, caption: str, name: str, alt: str) -> Md:
    """A captioned, referenceable MyST figure holding an SVG; ``alt`` describes it for screen readers."""
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    alt_text = " ".join(alt.split())
    return Md("\n".join([f":::{{figure}} {uri}", f":name: {name}", f":alt: {alt_text}", "", caption, ":::"]))
