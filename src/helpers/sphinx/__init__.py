"""The book engine's layer: the Sphinx extension that Jupyter Book 1 loads (``_config.yml``).

Everything that knows about Sphinx, docutils or Jupyter Book is in this folder, so that a move to
another engine touches this folder alone:

- ``bibstyle``: the pybtex style ``paper``, which labels and sorts references by the paper's own
  numbers, so that [7] in the book is [7] in the paper;
- ``prose``: the role ``{paper}`S012``` after a sentence that reports the paper, linking it to the
  paper's words, and the directive ``{about}`` for prose that declares the studies it was written
  about, with a note on the page and a line in the log when the data give it studies it does not
  discuss;
- ``figures``: each figure's SVG put into the page itself, so that its text is text;
- ``pages``: the version, licences and releases on every page, citation metadata on the landing
  page, unnumbered tables, and the same bytes from a cold build and a warm one, in any folder;
- ``downloads``: audit.csv, summary_of_findings.csv, what_changed.csv and a copy of data/ beside
  the pages;
- ``data``: the data the build shows, loaded once;
"""

from __future__ import annotations

from typing import Any

from . import bibstyle, downloads, figures, pages, prose


def setup(app: Any) -> dict[str, Any]:
    bibstyle.register()
    app.add_role("paper", prose.paper_role)
    app.add_directive("about", prose.AboutDirective)
    app.connect("config-inited", pages.edition_config)
    app.connect("builder-inited", pages.unnumber_tables)
    app.connect("config-inited", pages.paths_inside_the_book, priority=900)
    app.connect("html-page-context", pages.meta_tags)
    app.connect("html-page-context", pages.dedupe_scripts)
    app.connect("doctree-resolved", figures.inline_figures)
    app.connect("env-purge-doc", prose.purge_doc)
    app.connect("env-merge-info", prose.merge_info)
    app.connect("env-get-outdated", prose.outdated_by_data)
    app.connect("doctree-read", prose.collect_stale_prose)
    app.connect("build-finished", prose.report_stale_prose)
    app.connect("build-finished", downloads.write_downloads)
    app.connect("build-finished", pages.same_bytes_cold_or_warm)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
