"""Text from data/ is shown as text: the MyST builders escape it, and figures draw it literally.

Each builder's output is parsed with MyST and the extensions that Jupyter Book 1 enables, then
written as HTML: the payloads must come out as the characters they are, with no element made.
Whole books built from data that hold these payloads are tested in test_builds.py.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import make_review

from helpers.analysis.counts import entries
from helpers.page import figures, markdown
from helpers.page.appraisal_report import amstar2_table, prisma2020_table
from helpers.page.audit_report import findings_table, page_admonition, problem_blocks, problems_table
from helpers.page.markdown import Md
from helpers.sphinx import svg_html

#: What Jupyter Book 1 turns on (jupyter_book/config.py), and so what the book's pages are parsed with.
JUPYTER_BOOK_EXTENSIONS = ["colon_fence", "dollarmath", "linkify", "substitution", "tasklist"]

PAYLOADS = [
    "<script>window.pwned = 1</script>",
    '<img src="x" onerror="window.pwned = 1">',
    "<b>bold</b> &amp; &lt;",
    "{cite:p}`doe2020` and {ref}`fig-prisma`",
    "$x^2$ and $$y$$",
    "*emphasis* _under_ **strong** ~~struck~~",
    "[a link](https://example.org) and https://example.org and <https://example.org>",
    "::: {{ edition_commit }} | cell | ``` ~~~",
    "# heading - item 1. item > quote + item",
    "\\ back\\slash \\`",
    "```{raw} html",
    ":::{admonition} injected",
]


def to_html(source: str) -> BeautifulSoup:
    from docutils.core import publish_string
    from myst_parser.parsers.docutils_ import Parser

    out = publish_string(
        source,
        parser=Parser(),
        writer_name="html5",
        settings_overrides={
            "myst_enable_extensions": JUPYTER_BOOK_EXTENSIONS,
            "output_encoding": "unicode",
            "report_level": 4,
            "myst_substitutions": {"edition_commit": "SUBSTITUTED"},
        },
    )
    return BeautifulSoup(out, "html.parser").find("main")


def assert_literal(soup: BeautifulSoup, payload: str) -> None:
    assert " ".join(payload.split()) in " ".join(soup.get_text().split()), soup
    for tag in ("script", "img", "b", "em", "strong", "del", "s", "a", "math", "pre", "code"):
        assert soup.find(tag) is None, f"<{tag}> made from {payload!r}"
    assert "SUBSTITUTED" not in soup.get_text()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_in_a_paragraph_a_heading_and_an_admonition_is_shown_literally(payload: str) -> None:
    soup = to_html(
        markdown.join(
            [
                markdown.heading(2, payload),
                markdown.md("Before ", payload, " after."),
                markdown.admonition(payload, markdown.md(payload)),
            ]
        )
    )
    assert_literal(soup, payload)
    assert soup.get_text().count(" ".join(payload.split())) == 4  # heading, paragraph, admonition title and body


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_in_a_table_cell_and_its_caption_is_shown_literally(payload: str) -> None:
    soup = to_html(markdown.table(pd.DataFrame({"Column": [payload], "Other": ["x"]}), caption=payload))
    assert_literal(soup, payload)
    assert [" ".join(td.get_text().split()) for td in soup.find("tbody").find_all("td")] == [
        " ".join(payload.split()),
        "x",
    ]
    assert " ".join(soup.find("caption").get_text().split()) == " ".join(payload.split())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_in_a_figure_caption_and_alt_text_is_shown_literally(payload: str) -> None:
    soup = to_html(markdown.figure("<svg/>", caption=payload, name="fig-x", alt=payload + ' "quoted"\n:name: other'))
    [image] = soup.find_all("img")
    assert image["alt"] == " ".join(payload.split()) + ' "quoted" :name: other'
    image.decompose()
    assert_literal(soup, payload)


def test_md_parts_are_kept_and_text_parts_escaped() -> None:
    mixed = markdown.md("a*b ", Md("**c**"), " 1.")
    assert mixed == "a\\*b **c** 1\\." and isinstance(mixed, Md)
    assert isinstance(markdown.join(["x", Md("y")]), Md)
    with pytest.raises(TypeError):
        markdown.text(Md("already MyST"))


def test_text_is_one_line_without_control_characters() -> None:
    assert markdown.text("a\n\n  b\tc\x07") == "a b c\ufffd"


def test_code_and_code_blocks_outlast_the_backticks_inside() -> None:
    assert markdown.code("a`b") == "``a`b``"
    block = markdown.code_block("x\n```\ny", "bibtex")
    assert block.startswith("````bibtex\n") and block.endswith("\n````")
    soup = to_html(block)
    assert soup.find("pre").get_text() == "x\n```\ny"


def test_links_and_names_that_the_book_makes_are_checked() -> None:
    assert markdown.link("../data/a b.csv", "<a>", download=True) == '<a href="../data/a b.csv" download>&lt;a&gt;</a>'
    for bad in ("javascript:alert(1)", '"onmouseover="x'):
        with pytest.raises(ValueError):
            markdown.link(bad, "x")
    with pytest.raises(ValueError):
        markdown.figure("<svg/>", "c", name="x` <y>", alt="a")
    with pytest.raises(ValueError):
        markdown.ref("audit-c001", "C001 <other>")
    with pytest.raises(ValueError):
        markdown.url("javascript:alert(1)")


def test_citations_refuse_keys_that_could_end_the_role() -> None:
    refs = pd.DataFrame({"bibkey": ["ok2020", "bad`key"], "refnumber": [1, 2]})
    assert markdown.cite([1], refs) == "{cite:p}`ok2020`"
    with pytest.raises(ValueError, match="cannot be cited"):
        markdown.cite([2], refs)


def test_audit_blocks_show_quotes_and_explanations_as_text() -> None:
    payload = PAYLOADS[0] + " " + PAYLOADS[3]
    findings = pd.DataFrame(
        [
            {
                "claim_id": "C001",
                "section": "Results",
                "page": "methods",
                "quote": payload,
                "reported": payload,
                "recomputed": "1",
                "status": "inconsistent",
                "explanation": payload,
                "check": "sum",
                "problem": "P01",
            }
        ]
    )
    problems = pd.DataFrame(
        [{"problem_id": "P01", "title": payload, "severity": "changes a conclusion", "statement": payload}]
    )
    for source in (
        problem_blocks(findings, problems),
        page_admonition(findings, problems, "methods"),
        markdown.table(findings_table(findings), caption="c"),
        markdown.table(problems_table(findings, problems), caption="c"),
    ):
        soup = to_html(source)
        assert payload in " ".join(soup.get_text().split())
        assert soup.find("script") is None
        assert not any("pwned" in str(value) for element in soup.find_all(True) for value in element.attrs.values())


def test_appraisal_tables_show_questions_spans_and_reasoning_as_text() -> None:
    payload = PAYLOADS[0] + " " + PAYLOADS[3]
    amstar2 = pd.DataFrame(
        [
            {
                "item": 1,
                "critical": "no",
                "question": payload,
                "answer": "No",
                "span": f"{payload} | {payload}",
                "reasoning": payload,
            }
        ]
    )
    prisma2020 = pd.DataFrame(
        [
            {
                "item": "1",
                "section": "Title",
                "topic": payload,
                "reported": "reported",
                "span": payload,
                "reasoning": payload,
            }
        ]
    )
    for source in (
        markdown.table(amstar2_table(amstar2), caption="c", record=True),
        markdown.table(prisma2020_table(prisma2020), caption="c", record=True),
    ):
        soup = to_html(source)
        text = " ".join(soup.get_text().split())
        assert text.count(payload) >= 3
        assert soup.find("script") is None and soup.find("a") is None


def test_figures_draw_data_text_as_escaped_svg_text_and_never_as_mathtext() -> None:
    figures.use_book_style()
    review = make_review(
        studies=[(1, "<script>x</script> $x^2$", 2018, "Prospective", 100, None, None)], factors=[(1, 1, "difference")]
    )
    rows = entries(review)
    svg = figures.to_svg(figures.effect_direction_plot(rows, "better"))
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert "<script>x</script> $x^2$ 2018 [1]" in texts
    assert "<script>x" not in svg


def test_inline_svg_prefixes_ids_and_sets_legible_minimum_widths() -> None:
    svg = (
        '<?xml version="1.0"?>\n<svg width="360pt" height="100pt" viewBox="0 0 360 100" xmlns="http://www.w3.org/2000/svg">'
        '<metadata>m</metadata><defs><clipPath id="p1"><rect/></clipPath></defs>'
        '<g clip-path="url(#p1)"><text style="font-size: 9px">a</text><text style="font-size: 12px">b</text></g></svg>'
    )
    out = svg_html.inline_svg(svg, "fig-a", 'An "alt" <text>')
    assert 'id="fig-a-p1"' in out and "url(#fig-a-p1)" in out and 'id="p1"' not in out
    assert "<metadata>" not in out and "<?xml" not in out
    assert 'aria-label="An &quot;alt&quot; &lt;text&gt;"' in out and 'role="img"' in out
    assert svg_html.min_widths(svg) == (320, 360)  # the 9 pt text at 8 and 9 CSS px
    assert "--min-width-narrow: 320px; --min-width: 360px; --natural-width: 480px" in out
    with pytest.raises(ValueError, match="no text"):
        svg_html.smallest_font('<svg viewBox="0 0 1 1"><path d="M0 0"/></svg>')
