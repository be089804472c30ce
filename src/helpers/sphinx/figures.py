"""Figures inline: each SVG that a notebook shows as a data URI is put into the page itself."""

from __future__ import annotations

from typing import Any


def inline_figures(app: Any, doctree: Any, docname: str) -> None:
    """Replace each image that is an SVG data URI by the SVG itself, in HTML builds."""
    if app.builder.format != "html":
        return
    import base64

    from docutils import nodes

    from ..page.markdown import SVG_DATA_URI
    from .svg_html import inline_svg

    for number, image in enumerate(list(doctree.findall(nodes.image))):
        uri = image.get("uri", "")
        if not uri.startswith(SVG_DATA_URI):
            continue
        svg = base64.b64decode(uri[len(SVG_DATA_URI) :]).decode("utf-8")
        figure = image.parent if isinstance(image.parent, nodes.figure) else None
        prefix = (
            figure["ids"][0] if figure is not None and figure["ids"] else f"{docname.replace('/', '-')}-svg{number}"
        )
        image.replace_self(nodes.raw("", inline_svg(svg, prefix, image.get("alt", "")), format="html"))
