"""The book's Sphinx extension.

- It registers the pybtex formatting style ``paper``: unsrt entries, labelled and sorted by
  the ``refnumber`` field of references.bib, so that [7] in the book is [7] in the paper.
- It shows the edition's version (from pyproject.toml), licences and released versions on every
  page, and puts citation metadata (Highwire Press and Open Graph) on the landing page.
- It writes the audit table, ``audit.csv``, the summary of findings, ``summary_of_findings.csv``,
  what changed against the paper and the previous release, ``what_changed.csv``, and a copy of
  ``data/`` next to the built pages, for readers to download,
  and makes the pages' bytes independent of whether the build was cold or warm.
- It leaves tables unnumbered, so that the paper's Table 1 and Table 2 keep their names
  instead of being renumbered in order of appearance (figures stay numbered).
- It gives the prose the role ``{paper}`S012```: a marker after a sentence that links it to the
  paper's own words (the statement register, data/statements.csv) in the annotated paper, and
  shows them on hover.
- It puts each figure's SVG into the page itself (``helpers.svg_html``), so that its text is
  text that readers can select, search and read at any width.
- It gives the prose the directive ``{about}``: a block of text that declares the table rows it is
  about and the studies it was written about (``helpers.coverage``). When the data give those rows
  studies the text does not discuss, the page says so above the block, and the build names the
  block when it finishes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from docutils.parsers.rst import directives
from pybtex.database import Entry
from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date, pages, toplevel
from pybtex.style.template import field, first_of, join, optional, optional_field, sentence, tag, words
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from sphinx.util.docutils import SphinxDirective

NUMBER_FIELD = "refnumber"  # as helpers.bibliography names it; imported lazily to keep builds fast


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


def _edition_config(app: Any, config: Any) -> None:
    from html import escape

    from .edition import citation, git_commit, homepage, released_versions, version

    current, base = version(), homepage()
    # make book sets EDITION_PDF=yes when it prints the PDF edition after this build; only then
    # does the landing page link it, so that the link is never dead.
    pdf = ('The whole book is also available as a <a href="../residual-pain-review.pdf">PDF edition</a>, '
           "printed from the same sources." if os.environ.get("EDITION_PDF") == "yes" else "")
    config.myst_substitutions = {**config.myst_substitutions, "edition_commit": git_commit(), "pdf_edition": pdf}
    versions = [{"name": f"{r.version} (latest)" if i == 0 else r.version, "url": f"{base}v{r.version}/"}
                for i, r in enumerate(released_versions())]
    # Without a default_mode the theme's script logs an error on every page; readers can still switch.
    config.html_context = {**config.html_context, "edition_version": current, "edition_versions": versions,
                           "default_mode": "light"}
    config.html_theme_options = {
        **config.html_theme_options,
        "extra_footer": (
            f'<p>Version {escape(current)} of this edition. <a href="cite.html">Cite this edition</a>. '
            'Code: MIT licence. Text and data: <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>, '
            f'like the <a href="https://doi.org/{escape(citation()["references"][0]["doi"])}">original review</a>.</p>'
        ),
    }


def _meta_tags(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Google Scholar (Highwire Press) and Open Graph tags on the landing page, from CITATION.cff."""
    if pagename != app.config.root_doc:
        return
    from html import escape

    from .edition import citation, homepage, version

    cff = citation()
    url = homepage() + f"v{version()}/"
    tags = [("name", "citation_title", cff["title"])]
    tags += [("name", "citation_author", a.get("name") or f"{a['family-names']}, {a['given-names']}") for a in cff["authors"]]
    tags += [
        ("name", "citation_publication_date", str(cff["date-released"]).replace("-", "/")),
        ("name", "citation_version", version()),
        ("name", "citation_doi", cff["references"][0]["doi"]),
        ("name", "citation_fulltext_html_url", url),
        ("name", "citation_public_url", url),
        ("name", "citation_language", "en"),
        ("property", "og:title", cff["title"]),
        ("property", "og:type", "book"),
        ("property", "og:url", url),
        ("property", "og:description", " ".join(cff["abstract"].split())),
    ]
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<meta {kind}="{escape(name)}" content="{escape(str(value))}" />' for kind, name, value in tags)


def _caption_exec_table(app: Any, doctree: Any, docname: str) -> None:
    """myst-nb's execution table has no caption; readers of screen readers need one."""
    from docutils import nodes

    for table in doctree.findall(nodes.table):
        if "colwidths-auto" in table["classes"] and not any(isinstance(c, nodes.title) for c in table.children):
            table.insert(0, nodes.title("", "Each notebook of this build: when it last changed, how it was run, "
                                             "its run time in seconds and whether it succeeded."))


_REGISTER: dict[tuple[str, int], dict[str, str]] = {}


def _statements() -> dict[str, str]:
    """statement_id -> span, read from the register in data/ (once per version of the file)."""
    import csv

    from .paths import default_data_dir

    path = default_data_dir() / "statements.csv"
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _REGISTER:
        with path.open(encoding="utf-8", newline="") as f:
            _REGISTER[key] = {row["statement_id"]: row["span"] for row in csv.DictReader(f)}
    return _REGISTER[key]


def _paper_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                options: dict[str, Any] | None = None, content: list[str] | None = None) -> tuple[list[Any], list[Any]]:
    """``{paper}`S012```: a superscript link to the paper's words, which its title shows on hover."""
    from docutils import nodes

    from .annotated_paper import SPAN_ANCHOR, USE_ANCHOR

    register = _statements()
    ident = text.strip()
    if ident not in register:
        message = inliner.reporter.error(f"{ident!r} is not a statement of data/statements.csv", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    link = nodes.reference("", "paper", refuri=f"paper.html#{SPAN_ANCHOR.format(ident.lower())}",
                           reftitle=f"The paper: \u201c{' '.join(register[ident].split())}\u201d", classes=["paper-span"],
                           ids=[USE_ANCHOR.format(ident.lower())])
    return [nodes.superscript("", "", link)], []


def _inline_figures(app: Any, doctree: Any, docname: str) -> None:
    """Replace each image that is an SVG data URI by the SVG itself, in HTML builds."""
    if app.builder.format != "html":
        return
    import base64

    from docutils import nodes

    from .markdown import SVG_DATA_URI
    from .svg_html import inline_svg

    for number, image in enumerate(list(doctree.findall(nodes.image))):
        uri = image.get("uri", "")
        if not uri.startswith(SVG_DATA_URI):
            continue
        svg = base64.b64decode(uri[len(SVG_DATA_URI):]).decode("utf-8")
        figure = image.parent if isinstance(image.parent, nodes.figure) else None
        prefix = figure["ids"][0] if figure is not None and figure["ids"] else f"{docname.replace('/', '-')}-svg{number}"
        image.replace_self(nodes.raw("", inline_svg(svg, prefix, image.get("alt", "")), format="html"))


def _dedupe_scripts(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """sphinx-thebe registers its inline configuration script twice, a redeclaration error in the browser."""
    seen, unique = set(), []
    for script in context.get("script_files", []):
        # the same file or inline body, whatever priority it was registered with
        key = (getattr(script, "filename", str(script)) or "", tuple(sorted((k, str(v)) for k, v in getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def _data_digest(data_dir: Path) -> str:
    """One hash of every file of a data directory, with its name."""
    import hashlib

    return hashlib.sha256(b"".join(p.name.encode() + p.read_bytes() for p in sorted(data_dir.iterdir()) if p.is_file())).hexdigest()


_REVIEWS: dict[tuple[str, str], Any] = {}


def _review() -> Any:
    """This build's data, validated, loaded once per version of the data."""
    from .paths import default_data_dir
    from .review import load_review

    data_dir = default_data_dir()
    key = (str(data_dir), _data_digest(data_dir))
    if key not in _REVIEWS:
        _REVIEWS.clear()
        _REVIEWS[key] = load_review(data_dir)
    return _REVIEWS[key]


class AboutDirective(SphinxDirective):
    """``{about} factor=1`` with ``:studies: 7-11``: prose about those rows, written about those studies.

    The block's text is parsed as it stands, with nothing around it. Only when the data give the
    rows studies that the text does not name (or no longer hold studies it names) does a note
    above the text say which, for readers; ``_report_stale_prose`` repeats it in the build's log.
    """

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {"studies": directives.unchanged_required}
    has_content = True

    def run(self) -> list[Any]:
        from docutils import nodes

        from .coverage import coverage, stale_message

        if "studies" not in self.options:
            raise self.error("an {about} block needs :studies:, the studies its text was written about")
        review = _review()
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
        note = nodes.admonition("", nodes.title("", "Not yet discussed here"), nodes.paragraph("", stale_message(review, block)),
                                classes=["stale-prose"], first_words=words)
        return [note, *container.children]


def _collect_stale_prose(app: Any, doctree: Any) -> None:
    """Record each note of a stale block with its section, for the log at the end of the build."""
    from docutils import nodes

    for note in doctree.findall(lambda n: isinstance(n, nodes.admonition) and "stale-prose" in n["classes"]):
        section = note.parent
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        title = section[0].astext() if section is not None and isinstance(section[0], nodes.title) else ""
        _stale_prose(app.env).setdefault(app.env.docname, []).append((title, note["first_words"], note[1].astext()))


def _stale_prose(env: Any) -> dict[str, list[tuple[str, str, str]]]:
    if not hasattr(env, "residual_pain_stale_prose"):
        env.residual_pain_stale_prose = {}
    return env.residual_pain_stale_prose


def _about_docs(env: Any) -> set[str]:
    if not hasattr(env, "residual_pain_about_docs"):
        env.residual_pain_about_docs = set()
    return env.residual_pain_about_docs


def _purge_doc(app: Any, env: Any, docname: str) -> None:
    _stale_prose(env).pop(docname, None)
    _about_docs(env).discard(docname)


def _merge_info(app: Any, env: Any, docnames: set[str], other: Any) -> None:
    _stale_prose(env).update({d: v for d, v in _stale_prose(other).items() if d in docnames})
    _about_docs(env).update(_about_docs(other) & docnames)


def _outdated_by_data(app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Pages with {about} blocks are read again whenever the data change, so that their notes follow."""
    from .paths import default_data_dir

    digest = _data_digest(default_data_dir())
    previous, env.residual_pain_data_digest = getattr(env, "residual_pain_data_digest", None), digest
    return sorted(_about_docs(env) - removed) if previous not in (None, digest) else []


def _report_stale_prose(app: Any, exception: Exception | None) -> None:
    """Name every stale block in the log: the page, its section, its first words and what it lacks."""
    if exception is not None:
        return
    from sphinx.util import logging
    from sphinx.util.console import bold, red

    logger = logging.getLogger(__name__)
    stale = _stale_prose(app.env)
    for docname in sorted(stale):
        for section, words, message in stale[docname]:
            where = f"{app.env.doc2path(docname, False)}, section {section!r}" if section else str(app.env.doc2path(docname, False))
            logger.info(bold(red("stale prose: ")) + f"{where}, the block beginning {words!r}: {message}")
    if stale:
        count = sum(len(v) for v in stale.values())
        logger.info(bold(red(f"{count} block{'s' if count != 1 else ''} of prose do not yet discuss studies that the data give them; "
                             "see README.md, 'Adding a study'.")))


def _write_downloads(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    import hashlib

    from .changes import RELEASES
    from .paths import default_data_dir, repository_root

    outdir, data_dir = Path(app.outdir), default_data_dir()
    sources = [p for p in sorted(data_dir.iterdir()) if p.is_file()]
    # The downloads depend on the data, this package's code and the stored releases: recompute when any changes.
    code = sorted(Path(__file__).parent.glob("*.py"))
    releases = sorted((repository_root() / RELEASES).glob("*.csv"))
    digest = hashlib.sha256(b"".join(p.name.encode() + p.read_bytes() for p in [*sources, *code, *releases])).hexdigest()
    stamp = outdir / "data" / ".sha256"
    if not (stamp.exists() and stamp.read_text() == digest and (outdir / "audit.csv").exists()):
        from .audit import audit, to_csv
        from .changes import changes_frame, comparisons
        from .changes import to_csv as changes_csv
        from .summary import summary_of_findings
        from .summary import to_csv as summary_csv

        review = _review()
        findings = audit(review)
        (outdir / "audit.csv").write_text(to_csv(findings), encoding="utf-8")
        (outdir / "summary_of_findings.csv").write_text(summary_csv(summary_of_findings(review, findings)), encoding="utf-8")
        (outdir / "what_changed.csv").write_text(changes_csv(changes_frame(comparisons(review, findings, repository_root()))),
                                                 encoding="utf-8")
        (outdir / "data").mkdir(exist_ok=True)
        for source in sources:
            (outdir / "data" / source.name).write_bytes(source.read_bytes())
        stamp.write_text(digest)
    _drop_asset_checksums(outdir)


def _drop_asset_checksums(outdir: Path) -> None:
    """Remove Sphinx's ?v=checksum from asset links, and give bibliography entries a valid role.

    Sphinx adds the checksum only for files already in the output when a page is written,
    so a cold and a warm build would differ; each release has its own URL anyway.
    sphinxcontrib-bibtex puts doc-biblioentry items in a role="list", which ARIA only allows
    to hold listitems (axe-core: aria-required-children).
    """
    import re

    pattern = re.compile(r'(\.(?:css|js))\?v=[0-9a-f]+(")')
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        cleaned = pattern.sub(r"\1\2", text).replace('role="doc-biblioentry"', 'role="listitem"')
        if cleaned != text:
            page.write_text(cleaned, encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    register_plugin("pybtex.style.formatting", "paper", PaperStyle)
    app.add_role("paper", _paper_role)
    app.add_directive("about", AboutDirective)
    app.connect("env-purge-doc", _purge_doc)
    app.connect("env-merge-info", _merge_info)
    app.connect("env-get-outdated", _outdated_by_data)
    app.connect("doctree-read", _collect_stale_prose)
    app.connect("build-finished", _report_stale_prose)
    app.connect("config-inited", _edition_config)
    app.connect("html-page-context", _meta_tags)
    app.connect("html-page-context", _dedupe_scripts)
    app.connect("builder-inited", _unnumber_tables)
    app.connect("doctree-resolved", _caption_exec_table)
    app.connect("doctree-resolved", _inline_figures)
    app.connect("build-finished", _write_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
