"""What every page carries: the edition's version, licences and released versions, citation metadata on
the landing page, captions screen readers need, unnumbered tables, and the same bytes cold or warm and
in any folder."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from pathlib import Path
from typing import Any


def unnumber_tables(app: Any) -> None:
    from docutils import nodes

    app.env.get_domain("std").enumerable_nodes.pop(nodes.table, None)


def edition_config(app: Any, config: Any) -> None:
    from html import escape

    from ..page.edition import citation, git_commit, homepage, released_versions, version

    current, base = version(), homepage()
    # make book sets EDITION_PDF=yes when it prints the PDF edition after this build; only then
    # does the landing page link it, so that the link is never dead.
    pdf = (
        'The whole book is also available as a <a href="../residual-pain-review.pdf">PDF edition</a>, '
        "printed from the same sources."
        if os.environ.get("EDITION_PDF") == "yes"
        else ""
    )
    config.myst_substitutions = {**config.myst_substitutions, "edition_commit": git_commit(), "pdf_edition": pdf}
    versions = [
        {"name": f"{r.version} (latest)" if i == 0 else r.version, "url": f"{base}v{r.version}/"}
        for i, r in enumerate(released_versions())
    ]
    # Without a default_mode the theme's script logs an error on every page; readers can still switch.
    config.html_context = {
        **config.html_context,
        "edition_version": current,
        "edition_versions": versions,
        "default_mode": "light",
    }
    config.html_theme_options = {
        **config.html_theme_options,
        "extra_footer": (
            f'<p>Version {escape(current)} of this edition. <a href="cite.html">Cite this edition</a>. '
            'Code: MIT licence. Text and data: <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>, '
            f'like the <a href="https://doi.org/{escape(citation()["references"][0]["doi"])}">original review</a>.</p>'
        ),
    }


def meta_tags(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Google Scholar (Highwire Press) and Open Graph tags on the landing page, from CITATION.cff."""
    if pagename != app.config.root_doc:
        return
    from html import escape

    from ..page.edition import citation, homepage, version

    cff = citation()
    url = homepage() + f"v{version()}/"
    tags = [("name", "citation_title", cff["title"])]
    tags += [
        ("name", "citation_author", a.get("name") or f"{a['family-names']}, {a['given-names']}") for a in cff["authors"]
    ]
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
        f'\n<meta {kind}="{escape(name)}" content="{escape(str(value))}" />' for kind, name, value in tags
    )


def dedupe_scripts(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """sphinx-thebe registers its inline configuration script twice, a redeclaration error in the browser."""
    seen, unique = set(), []
    for script in context.get("script_files", []):
        # the same file or inline body, whatever priority it was registered with
        key = (
            getattr(script, "filename", str(script)) or "",
            tuple(sorted((k, str(v)) for k, v in getattr(script, "attributes", {}).items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def drop_asset_checksums(outdir: Path) -> None:
    """Remove Sphinx's ?v=checksum from asset links, and give bibliography entries a valid role.

    Sphinx adds the checksum only for files already in the output when a page is written,
    so a cold and a warm build would differ; each release has its own URL anyway.
    sphinxcontrib-bibtex puts doc-biblioentry items in a role="list", which ARIA only allows
    to hold listitems (axe-core: aria-required-children).
    """
    pattern = re.compile(r'(\.(?:css|js))\?v=[0-9a-f]+(")')
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        cleaned = pattern.sub(r"\1\2", text).replace('role="doc-biblioentry"', 'role="listitem"')
        if cleaned != text:
            page.write_text(cleaned, encoding="utf-8")


#: A word of the search index that no page holds any more: Sphinx keeps it, with an empty list.
_WORD_WITHOUT_PAGES = re.compile(r'(, )?"(?:[^"\\]|\\.)*": \[\](?(1)|(, )?)')


def prune_search_index(outdir: Path) -> None:
    """Drop the words that no page holds any more from searchindex.js.

    Sphinx merges each build's index into the last one, and a word that left every page (a
    study removed from the data, the commit the provenance page gave) stays with an empty list
    of pages; a cold build has no such word.
    """
    index = outdir / "searchindex.js"
    if index.is_file():
        text = index.read_text(encoding="utf-8")
        pruned = _WORD_WITHOUT_PAGES.sub("", text)
        if pruned != text:
            index.write_text(pruned, encoding="utf-8")


def paths_inside_the_book(app: Any, config: Any) -> None:
    """Name the folders of templates and static files that extensions add relative to the book.

    The themes and extensions add absolute paths to their templates and styles, which Sphinx
    hashes into .buildinfo with the rest of the configuration, so that a clone in another folder
    wrote another .buildinfo. Sphinx reads these paths relative to the book's folder, so the same
    folders, named relative to it, build the same pages and hash the same in every clone. Runs
    last among the handlers of config-inited, after the extensions have added theirs.
    """
    book = Path(app.confdir).resolve()
    for name in ("templates_path", "html_static_path"):
        setattr(config, name, [inside(p, book) for p in getattr(config, name)])


def inside(path: str, book: Path) -> str:
    """``path`` relative to ``book``; a path into the Python environment is named through the environment's
    own folder, as ``sys.prefix`` names it, even where that folder is a link to another."""
    if not os.path.isabs(path):
        return path
    environment = Path(sys.prefix)
    with contextlib.suppress(ValueError):
        path = str(environment / Path(path).resolve().relative_to(environment.resolve()))
    return os.path.relpath(path, book)


def same_bytes_cold_or_warm(app: Any, exception: Exception | None) -> None:
    """After a build, whatever makes a warm build's output differ from a cold one's is undone."""
    if exception is None and app.builder.format == "html":
        drop_asset_checksums(Path(app.outdir))
        prune_search_index(Path(app.outdir))
