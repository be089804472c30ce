"""The prose's own markup: ``{paper}`S012``` after a sentence that reports the paper, linking it to the
paper's words (data/statements.csv), and ``{about}`` blocks that declare the studies they were
written about, with a note on the page and a line in the log when the data outgrow them."""

from __future__ import annotations

from typing import Any

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..analysis.wording import count_phrase
from ..dataset.paths import data_digest
from .data import build_review

_REGISTER: dict[tuple[str, int], dict[str, str]] = {}


def _statements() -> dict[str, str]:
    """statement_id -> span, read from the register in data/ (once per version of the file)."""
    import csv

    from ..dataset.paths import default_data_dir

    path = default_data_dir() / "statements.csv"
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _REGISTER:
        with path.open(encoding="utf-8", newline="") as f:
            _REGISTER[key] = {row["statement_id"]: row["span"] for row in csv.DictReader(f)}
    return _REGISTER[key]


def paper_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[Any], list[Any]]:
    """``{paper}`S012```: a superscript link to the paper's words, which its title shows on hover."""
    from docutils import nodes

    from ..page.annotated_paper import SPAN_ANCHOR, USE_ANCHOR

    register = _statements()
    ident = text.strip()
    if ident not in register:
        message = inliner.reporter.error(f"{ident!r} is not a statement of data/statements.csv", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    link = nodes.reference(
        "",
        "paper",
        refuri=f"paper.html#{SPAN_ANCHOR.format(ident.lower())}",
        reftitle=f"The paper: \u201c{' '.join(register[ident].split())}\u201d",
        classes=["paper-span"],
        ids=[USE_ANCHOR.format(ident.lower())],
    )
    return [nodes.superscript("", "", link)], []


class AboutDirective(SphinxDirective):
    """``{about} factor=1`` with ``:studies: 7-11``: prose about those rows, written about those studies.

    The block's text is parsed as it stands, with nothing around it. Only when the data give the
    rows studies that the text does not name (or no longer hold studies it names) does a note
    above the text say which, for readers; ``report_stale_prose`` repeats it in the build's log.
    """

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {"studies": directives.unchanged_required}
    has_content = True

    def run(self) -> list[Any]:
        from docutils import nodes

        from ..analysis.coverage import coverage, stale_message

        if "studies" not in self.options:
            raise self.error("an {about} block needs :studies:, the studies its text was written about")
        review = build_review()
        try:
            block = coverage(review, self.arguments[0], self.options["studies"])
        except (KeyError, ValueError) as error:
            raise self.error(f"{self.arguments[0]!r} is not a selection of table rows: {error}") from error
        container = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, container)
        _about_docs(self.env).add(self.env.docname)
        if not block.stale:
            return list(container.children)
        words = " ".join(" ".join(line for line in self.content if not line.lstrip().startswith(":")).split()[:8])
        note = nodes.admonition(
            "",
            nodes.title("", "Not yet discussed here"),
            nodes.paragraph("", stale_message(review, block)),
            classes=["stale-prose"],
            first_words=words,
        )
        return [note, *container.children]


def collect_stale_prose(app: Any, doctree: Any) -> None:
    """Record each note of a stale block with its section, for the log at the end of the build."""
    from docutils import nodes

    for note in doctree.findall(lambda n: isinstance(n, nodes.admonition) and "stale-prose" in n["classes"]):
        section = note.parent
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        title = section[0].astext() if section is not None and isinstance(section[0], nodes.title) else ""
        # An {about} block names its first words; a note of stale judgements (summary_report) has none.
        message = " ".join(child.astext() for child in note[1:])
        _stale_prose(app.env).setdefault(app.env.docname, []).append((title, note.get("first_words", ""), message))


def _stale_prose(env: Any) -> dict[str, list[tuple[str, str, str]]]:
    if not hasattr(env, "residual_pain_stale_prose"):
        env.residual_pain_stale_prose = {}
    return env.residual_pain_stale_prose


def _about_docs(env: Any) -> set[str]:
    if not hasattr(env, "residual_pain_about_docs"):
        env.residual_pain_about_docs = set()
    return env.residual_pain_about_docs


def purge_doc(app: Any, env: Any, docname: str) -> None:
    _stale_prose(env).pop(docname, None)
    _about_docs(env).discard(docname)


def merge_info(app: Any, env: Any, docnames: set[str], other: Any) -> None:
    _stale_prose(env).update({d: v for d, v in _stale_prose(other).items() if d in docnames})
    _about_docs(env).update(_about_docs(other) & docnames)


def outdated_by_data(app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Pages with {about} blocks are read again whenever the data change, so that their notes follow."""
    from ..dataset.paths import default_data_dir

    digest = data_digest(default_data_dir())
    previous, env.residual_pain_data_digest = getattr(env, "residual_pain_data_digest", None), digest
    return sorted(_about_docs(env) - removed) if previous not in (None, digest) else []


def report_stale_prose(app: Any, exception: Exception | None) -> None:
    """Name every stale block in the log: the page, its section, its first words and what it lacks."""
    if exception is not None:
        return
    from sphinx.util import logging
    from sphinx.util.console import bold, red

    logger = logging.getLogger(__name__)
    stale = _stale_prose(app.env)
    for docname in sorted(stale):
        for section, words, message in stale[docname]:
            where = (
                f"{app.env.doc2path(docname, False)}, section {section!r}"
                if section
                else str(app.env.doc2path(docname, False))
            )
            if words:
                logger.info(bold(red("stale prose: ")) + f"{where}, the block beginning {words!r}: {message}")
            else:
                logger.info(bold(red("stale judgements: ")) + f"{where}: {message}")
    if stale:
        count = sum(len(v) for v in stale.values())
        logger.info(
            bold(
                red(
                    f"{count_phrase(count, 'block')} of prose or of judgements do not yet cover studies that the "
                    "data give them; see README.md, 'Adding a study'."
                )
            )
        )
