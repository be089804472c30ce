"""How many bytes each page of the built book loads, and how large each of its figures is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

FIGURE_LIMIT = 200_000  # bytes: no figure may be larger
_ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"')
#: Figures are SVG inside the page (helpers.sphinx.svg_html); a figure's size is the bytes of its <svg>.
_FIGURE = re.compile(r'<svg class="book-figure".*?</svg>', re.S)


@dataclass(frozen=True)
class PageWeight:
    page: str
    html: int
    assets: int
    figures: list[int]

    @property
    def total(self) -> int:
        return self.html + self.assets


def weigh(html_dir: Path, page: Path) -> PageWeight:
    """The page's own bytes, the local files it links (styles, scripts, images), and its figures' sizes."""
    text = page.read_text(encoding="utf-8")
    assets = set()
    for url in _ASSET.findall(text):
        parsed = urlparse(url)
        if parsed.scheme or url.startswith("data:") or not parsed.path:
            continue
        target = (page.parent / parsed.path).resolve()
        if target.is_file() and html_dir.resolve() in target.parents and target.suffix != ".html":
            assets.add(target)
    figures = [len(svg.encode("utf-8")) for svg in _FIGURE.findall(text)]
    return PageWeight(
        str(page.relative_to(html_dir)), len(text.encode("utf-8")), sum(p.stat().st_size for p in assets), figures
    )


def report(html_dir: Path) -> list[PageWeight]:
    return [weigh(html_dir, page) for page in sorted((html_dir / "book").glob("*.html"))]


def print_report(html_dir: Path) -> bool:
    """Print a table of page weights; False if a figure is over the limit."""
    rows = report(html_dir)
    print(f"{'page':32} {'html':>10} {'assets':>10} {'total':>10} {'figures':>8} {'largest':>10}")
    ok = True
    for r in rows:
        largest = max(r.figures, default=0)
        ok &= largest <= FIGURE_LIMIT
        flag = "  OVER LIMIT" if largest > FIGURE_LIMIT else ""
        print(f"{r.page:32} {r.html:>10,} {r.assets:>10,} {r.total:>10,} {len(r.figures):>8} {largest:>10,}{flag}")
    print(f"figure limit: {FIGURE_LIMIT:,} bytes; {'all within it' if ok else 'exceeded'}")
    return ok


if __name__ == "__main__":
    import sys

    # python -m tools.page_weight [HTML_DIR]
    raise SystemExit(0 if print_report(Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")) else 1)
