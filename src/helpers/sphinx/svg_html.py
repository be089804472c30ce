"""A figure's SVG as HTML inside the page, so that its text is text: selectable, found by the
browser's search and the book's, printed as text in the PDF, and legible at every width.

The SVG is placed in a frame that scrolls sideways when the column is too narrow to show the
smallest text at a legible size; the page itself never scrolls.
"""

from __future__ import annotations

import html
import math
import re

#: The smallest text, in CSS pixels, that a figure may show: on a phone (narrow) and elsewhere.
MIN_TEXT_PX_NARROW = 8
MIN_TEXT_PX = 9

_ID = re.compile(r'\bid="([^"]+)"')
_FONT_SIZE = re.compile(r"font-size:\s*([0-9.]+)px")
_VIEWBOX = re.compile(r'viewBox="\s*[-0-9.]+\s+[-0-9.]+\s+([0-9.]+)\s+([0-9.]+)\s*"')


def smallest_font(svg: str) -> float:
    """The smallest font size in the SVG, in its own units (matplotlib: points)."""
    sizes = [float(s) for s in _FONT_SIZE.findall(svg)]
    if not sizes:
        raise ValueError("the SVG has no text with a font size (was it drawn with svg.fonttype 'none'?)")
    return min(sizes)


def min_widths(svg: str) -> tuple[int, int]:
    """The narrowest the figure may be drawn, in CSS px, on a phone and elsewhere, to keep its text legible."""
    match = _VIEWBOX.search(svg)
    if match is None:
        raise ValueError("the SVG has no viewBox")
    width, font = float(match.group(1)), smallest_font(svg)
    return math.ceil(width * MIN_TEXT_PX_NARROW / font), math.ceil(width * MIN_TEXT_PX / font)


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """HTML for one figure: the SVG (ids prefixed, so figures on a page cannot collide) in a scrolling frame.

    ``label`` is the figure's alt text, given to assistive technology as the image's name.
    """
    start = svg.find("<svg")
    if start < 0:
        raise ValueError("not an SVG document")
    body = re.sub(r"<metadata>.*?</metadata>\s*", "", svg[start:], flags=re.S)
    for name in dict.fromkeys(_ID.findall(body)):
        new = f"{prefix}-{name}"
        body = body.replace(f'id="{name}"', f'id="{new}"').replace(f"url(#{name})", f"url(#{new})")
        body = body.replace(f'href="#{name}"', f'href="#{new}"')
    narrow, wide = min_widths(svg)
    natural = math.ceil(float(_VIEWBOX.search(svg).group(1)) * 4 / 3)  # type: ignore[union-attr]  # pt to CSS px
    attributes = (
        f'<svg class="book-figure" role="img" aria-label="{html.escape(" ".join(label.split()))}" '
        f'style="--min-width-narrow: {narrow}px; --min-width: {wide}px; --natural-width: {natural}px"'
    )
    body = attributes + body[len("<svg") :]
    # A frame that can scroll must be reachable with the keyboard.
    return f'<div class="figure-frame" tabindex="0">\n{body.strip()}\n</div>'
