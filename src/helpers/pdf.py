"""The PDF edition: the single-page build printed by Debian's Chromium, with fixed dates."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
#: Flags that keep Chromium from calling out to the network on a machine that has none.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
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
        return match.group(1) + (FIXED_DATE + b" " * len(value))[: len(value)] if len(value) >= len(FIXED_DATE) else match.group(0)

    return re.sub(rb"(/(?:CreationDate|ModDate) ?\()([^)]*)", same_length, pdf)


def print_pdf(single_html: Path, target: Path) -> int:
    """Print the single-page build in ``single_html`` to ``target`` as A4; returns its size in bytes.

    Jupyter Book's single page lands in book/index.html but links its styles as if it stood at
    the top of the build, so it is printed from a copy placed there.
    """
    from playwright.sync_api import sync_playwright

    html = single_html / "_print.html"
    html.write_bytes((single_html / "book" / "index.html").read_bytes())

    executable = chromium()
    if executable is None:
        raise FileNotFoundError("Debian's chromium is not installed: apt-get install chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(html.resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=True, outline=True, tagged=True,
                       margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"})
        browser.close()
    data = _fix_dates(pdf)
    target.write_bytes(data)
    return len(data)
