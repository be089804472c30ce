"""The PDF edition: the single-page build printed by Debian's Chromium, the same bytes from the same pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
#: Flags that keep Chromium from calling out to the network on a machine that has none.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
FIXED_DATE = b"D:20000101000000Z"


def chromium() -> str | None:
    """Debian's Chromium, if installed (never a downloaded browser)."""
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


def _fix_dates(pdf: bytes) -> bytes:
    """Replace the creation and modification dates by a fixed one of the same length.

    Keeping the length keeps every byte offset of the PDF's cross-reference table valid.
    """

    def same_length(match: re.Match[bytes]) -> bytes:
        value = match.group(2)
        return (
            match.group(1) + (FIXED_DATE + b" " * len(value))[: len(value)]
            if len(value) >= len(FIXED_DATE)
            else match.group(0)
        )

    return re.sub(rb"(/(?:CreationDate|ModDate) ?\()([^)]*)", same_length, pdf)


def _canonical_ids(pdf: bytes) -> bytes:
    """Number the structure elements' ids (node00000933) by their rank, at the same width.

    Chromium takes them from the page's element ids, which differ from one print to the next;
    their order does not, so ranks give the same bytes, keep the ID tree sorted, and keep every
    byte offset of the cross-reference table valid.
    """
    ids = sorted(set(re.findall(rb"\(node(\d+)\)", pdf)), key=int)
    rank = {old: b"%0*d" % (len(old), i) for i, old in enumerate(ids, start=1)}
    return re.sub(rb"\(node(\d+)\)", lambda m: b"(node" + rank[m.group(1)] + b")", pdf)


def within_the_pdf(html: str) -> str:
    """Links to a place of the single page ('book/index.html#x', or 'audit.html#x' written by a page
    of the book) become links to '#x', which the PDF keeps as links within itself."""
    ids = set(re.findall(r'\bid="([^"]+)"', html))

    def local(match: re.Match[str]) -> str:
        return f'href="#{match.group(2)}"' if match.group(2) in ids else match.group(0)

    return re.sub(r'href="((?:book/)?[\w-]+\.html)#([^"]+)"', local, html)


def print_pdf(single_html: Path, target: Path) -> int:
    """Print the single-page build in ``single_html`` to ``target`` as A4; returns its size in bytes.

    The page is served to the browser at this release's address in the published book (from
    pyproject.toml), out of the folder, and nothing else is fetched. So the PDF does not depend
    on the folder it was built in, links within the book are links within the PDF, and a link
    to a download (audit.csv, data/) leads to this release's copy online.
    """
    from playwright.sync_api import Route, sync_playwright

    from helpers.page.edition import homepage, version

    origin = f"{homepage()}v{version()}/"
    executable = chromium()
    if executable is None:
        raise FileNotFoundError("Debian's chromium is not installed: apt-get install chromium")

    page_url = f"{origin}book/index.html"

    def serve(route: Route) -> None:
        if route.request.url.split("#")[0] == page_url:
            route.fulfill(
                body=within_the_pdf((single_html / "book" / "index.html").read_text(encoding="utf-8")),
                content_type="text/html",
            )
            return
        path = route.request.url.removeprefix(origin).split("#")[0].split("?")[0]
        # The single page links its styles as if it stood at the top of the build.
        for candidate in (single_html / path, single_html / path.removeprefix("book/")):
            if candidate.is_file():
                route.fulfill(path=str(candidate))
                return
        route.fulfill(status=404)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        # Without scripts the page is the HTML as built: the table controls are for screens anyway,
        # and scripts that add elements in their own time would change the PDF's structure ids.
        page = browser.new_page(java_script_enabled=False)
        page.route("**/*", lambda route: route.abort())  # offline: nothing from anywhere else
        page.route(f"{origin}**", serve)
        page.emulate_media(media="print")  # laid out for print from the start, not laid out again
        page.goto(page_url, wait_until="networkidle")
        # Every font the styles declare, loaded before printing: a font still on its way would be printed in the
        # fallback font, so a busy machine printed other bytes.
        page.evaluate("Promise.all([...document.fonts].map(font => font.load())).then(() => document.fonts.ready)")
        pdf = page.pdf(
            format="A4",
            print_background=True,
            outline=True,
            tagged=True,
            margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"},
        )
        browser.close()
    data = _canonical_ids(_fix_dates(pdf))
    target.write_bytes(data)
    return len(data)


if __name__ == "__main__":
    import sys

    # python -m tools.pdf SINGLE_HTML_DIR TARGET.pdf
    size = print_pdf(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{sys.argv[2]}: {size:,} bytes")
