"""The built book in a real browser: Debian's Chromium, driven by Playwright, on a local server.

Every page loads offline with no console error and no failed request, passes axe-core without a
serious or critical violation, fits a phone's width (390 px), and its first screen is saved as a
screenshot at 1280 and 390 px under _build/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import ROOT
from test_book_html import toc_pages

from tools.pdf import CHROMIUM_ARGS, chromium

pytestmark = pytest.mark.slow  # drives a browser through the built book

HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
WIDTHS = {"desktop": 1280, "phone": 390}
#: The pages are complete at "load": everything they fetch is in the build, served from this machine.
WAIT = "load"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    if not (HTML / "index.html").exists():
        pytest.fail("build the book first (make book)")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = chromium()
    if executable is None:
        message = "Debian's chromium is not installed: apt-get install chromium (the tests never download a browser)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """A page opened at one width, with everything that went wrong while it loaded."""

    def __init__(self, browser: object, server: str, name: str, width: int):
        self.context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.page.on("response", lambda r: self.failed.append(f"{r.url} ({r.status})") if r.status >= 400 else None)

        def route(request_route: object) -> None:
            url = request_route.request.url  # type: ignore[attr-defined]
            host = urlparse(url).hostname
            if url.startswith("data:") or host == "127.0.0.1":
                request_route.continue_()  # type: ignore[attr-defined]
            else:
                self.outside.append(url)
                request_route.abort()  # type: ignore[attr-defined]

        self.page.route("**/*", route)
        self.page.goto(f"{server}/{name}.html", wait_until=WAIT)

    def close(self) -> None:
        self.context.close()


class View:
    """A visited page at one width: the page is set to that width whenever a test takes it.

    Each page loads once, at desktop width, and is then narrowed to a phone's width and widened
    again as the tests ask: the layout follows the width, as it does when a reader turns a tablet,
    and the tests need not load every page twice. The theme animates its sidebars when the width
    changes, so a view is taken only once those transitions end: then it is, to the pixel, the
    page as loaded at that width.
    """

    def __init__(self, visit: Visit, width: int):
        self.visit, self.width = visit, width
        self.errors, self.failed, self.outside = visit.errors, visit.failed, visit.outside

    @property
    def page(self) -> object:
        if self.visit.page.viewport_size["width"] != self.width:  # type: ignore[attr-defined]
            self.visit.page.set_viewport_size({"width": self.width, "height": 900})  # type: ignore[attr-defined]
            self.visit.page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")  # type: ignore[attr-defined]
        return self.visit.page


@pytest.fixture(scope="module")
def visits(browser: object, server: str) -> Iterator[dict[tuple[str, str], View]]:
    opened, visited = {}, []
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name in toc_pages():
        visit = Visit(browser, server, name, WIDTHS["desktop"])
        visited.append(visit)
        for label, width in WIDTHS.items():
            view = opened[(name, label)] = View(visit, width)
            view.page.screenshot(
                path=str(SHOTS / f"{Path(name).name}-{width}.png")
            )  # the first screen, as a reader sees it
    yield opened
    for visit in visited:
        visit.close()


PAGES = [(name, label) for name in toc_pages() for label in WIDTHS]


@pytest.mark.parametrize(("name", "label"), PAGES)
def test_page_loads_offline_without_errors(visits: dict, name: str, label: str) -> None:
    visit = visits[(name, label)]
    assert visit.outside == [], "fetched from outside the machine"
    assert visit.failed == []
    assert visit.errors == []
    assert (SHOTS / f"{Path(name).name}-{WIDTHS[label]}.png").stat().st_size > 10_000


@pytest.mark.parametrize("name", toc_pages())
def test_no_page_scrolls_sideways_on_a_phone(visits: dict, name: str) -> None:
    page = visits[(name, "phone")].page
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than the phone"


@pytest.mark.parametrize("name", toc_pages())
def test_tables_and_figures_are_visible(visits: dict, name: str) -> None:
    page = visits[(name, "desktop")].page
    for image in page.locator("article img").all():
        image.scroll_into_view_if_needed()
        assert image.is_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.evaluate(HIDDEN) == []


#: The figures and tables that a reader cannot see: no box, or hidden (one call, where asking Playwright
#: element by element took a second on the longest pages).
HIDDEN = """() => [...document.querySelectorAll('article svg.book-figure, article table')]
  .filter(e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                 return r.width === 0 || r.height === 0 || s.visibility === 'hidden' || s.display === 'none'; })
  .map(e => e.outerHTML.slice(0, 120))"""


#: The rendered size of each figure's smallest text, in CSS px: its font size in the SVG's units
#: times the scale from those units to the screen (which the figure's width sets).
SMALLEST_TEXT = """() => [...document.querySelectorAll('article svg.book-figure')].map(svg => {
  const sizes = [...svg.querySelectorAll('text')].map(t => {
    const m = t.getScreenCTM();
    return parseFloat(getComputedStyle(t).fontSize) * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
  });
  return {figure: svg.closest('figure').id, texts: sizes.length, smallest: Math.min(...sizes)};
})"""
#: The smallest text a figure may show, in CSS px, at each width.
LEGIBLE = {"desktop": 9, "phone": 8}
#: The pages that show a figure, as the build gives them.
FIGURE_PAGES = [
    name
    for name in toc_pages()
    if (HTML / f"{name}.html").exists() and 'role="img"' in (HTML / f"{name}.html").read_text(encoding="utf-8")
]


@pytest.mark.parametrize(("name", "label"), [(n, w) for n in FIGURE_PAGES for w in WIDTHS])
def test_figure_text_is_text_and_legible_at_every_width(visits: dict, name: str, label: str) -> None:
    page = visits[(name, label)].page
    figures = page.evaluate(SMALLEST_TEXT)
    assert figures, f"{name} shows no figure"
    for figure in figures:
        assert figure["texts"] >= 5, figure
        assert figure["smallest"] >= LEGIBLE[label], (
            f"{figure['figure']}: {figure['smallest']:.2f} px at {WIDTHS[label]} px wide"
        )


def test_the_answer_in_brief_fits_one_screen_at_desktop_width(browser: object, server: str) -> None:
    """A clinician's first minute: the paper's conclusion and every plain-language answer, before any scrolling."""
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{server}/book/index.html", wait_until=WAIT)
    answer = page.evaluate("""() => {
      const section = document.querySelector('section#the-answer-in-brief');
      const figure = section.querySelector('figure');
      const before = [...section.children].filter(
        e => !e.contains(figure) && (e.compareDocumentPosition(figure) & Node.DOCUMENT_POSITION_FOLLOWING));
      return {bottom: Math.max(...before.map(e => e.getBoundingClientRect().bottom)),
              text: before.map(e => e.innerText).join(' ')};
    }""")
    context.close()
    assert answer["bottom"] <= 900, f"the answer ends {answer['bottom']:.0f} px down a 900 px screen"
    assert (
        "highly related" in answer["text"]
        and "Low certainty" in answer["text"]
        and "we are very uncertain" in answer["text"]
    )


#: Sentences that read as assembled by code, not written: each pattern names what a reader stumbles on.
MACHINE_PROSE = {
    "a plural noun after one": r"(?<![\d.,])(?<!Table )\b1 "
    r"(?:studies|rows|questions|problems|claims|participants|meta-analyses|groups|blocks)\b",
    "a singular noun after several": r"(?<![\d.,-])\b(?:[2-9]|[1-9]\d{1,2}) "
    r"(?:study|row|question|problem|claim|meta-analysis|block)\b(?![-'\u2019])",
    "a group of one in figures": r"\b(?:groups?|of) 1 more\b|\bgroups? of 1\b(?![.,]?\d)",
    "n of the same n": r"\b(\d+) of the \1\b",
    "a count of zero in figures": r"\b0 (?:better|no difference|found|studies|rows|problems|questions)\b",
    "a citation group split in two": r"\]\s*\[\d",
    "a row per row": r"\brows? per row\b",
    "a problem named by its id alone": r"problem P\d\d\s*\)|P\d\d(?:, | and )P\d\d",
    "a doubled word": r"\b([A-Za-z]{2,}) \1\b",
    "a space before punctuation": r"\w \s*[,.;:](?=\s|$)",
    "a space inside parentheses": r"\(\s+|\s+\)",
    "n of n": r"\b(\d+) of \1\b",
    "a count under ten in figures": r"(?<![\d.,\[-])\b[0-9] of (?:the )?\d+ "
    r"(?:rows|studies|claims|meta-analyses|counts|citations|questions)\b",
    "all two": r"\ball two\b",
    "a name of the code in the prose": r"\bhelpers\.[a-z_]+",
    "a label repeated by its value": r"\bParticipants: [\d,]+ participants\b",
    "a name that lost its capital": r"(?<![\w.])[a-z] [A-Z] \[\d",
    "parentheses closed twice": r"\)\)",
    "a label glued to a sentence": r"\b(?:An intervention|A prognostic factor): [A-Z]",
    # (a table cell may hold a lower-case value, such as a judgement of "none": sentences inside it may not)
    "a sentence that opens with a count in lower case": r"[.!?] (?:one|two|three|four|five|six|seven|eight|nine|"
    r"ten|none|all)\b",
    "a symbol where prose needs words": r"(?<!\w)[<>]=?\s?\d",
}


def machine_prose(text: str) -> list[str]:
    """Each place in ``text`` (a page's visible text, the paper's quoted words left out) that reads as machine-made.
    Table cells and lines are read one by one, so that neighbouring cells do not make a doubled word."""
    found = []
    text = re.sub(
        r"\u201c[^\u201d]*\u201d", "\u201c\u201d", text
    )  # quotations are the paper's words, not this edition's
    for segment in re.split(r"[\t\n]+", text):
        segment = re.sub(r" +", " ", segment)
        for label, pattern in MACHINE_PROSE.items():
            found += [
                f"{label}: \u2026{segment[max(0, m.start() - 50) : m.end() + 30]}\u2026"
                for m in re.finditer(pattern, segment)
            ]
    return found


@pytest.mark.parametrize(
    "sentence",
    [
        "1 study: 1 better, 0 no difference.",
        "it gives 121 for the test group of 1.",
        "30 in the test group of 1 more.",
        "Effect direction plot: one row per row of Table 1.",
        "records 3 of the 3 meta-analyses.",
        "Problems: P06, P08.",
        "the studies [23, 24] [25] found",
        "(its tables describe 40 distinct studies: Methods )",
        "of the the paper",
        "2 study found",
        "1 studies found",
        "better in 5 of 5 rows",
        "in 2 of 6 rows",
        "In the tables, all two rows name a better group.",
        "Code computes it (helpers.analysis.certainty).",
        "Participants: 71 participants in all.",
        "f G [13] is written otherwise",
        "early only in [7] (second day (better))",
        "A prognostic factor: The studies grouped patients",
        "It found them. six studies tested it.",
        "both leave out <50% of them",
    ],
)
def test_the_prose_check_finds_what_reads_as_machine_made(sentence: str) -> None:
    assert machine_prose(sentence)


def test_the_prose_check_passes_written_prose_and_the_papers_quotes() -> None:
    assert (
        machine_prose(
            "All five rows name a better group, and one of the two studies found none [23-25]. "
            "Table 1 rows \u201c4 four prospective studies[13-16]\u201d (the paper) were read."
        )
        == []
    )


@pytest.mark.parametrize(
    "name", [n for n in toc_pages() if n != "book/paper"]
)  # the annotated paper is the paper's words
def test_no_sentence_reads_as_assembled_by_code(visits: dict, name: str) -> None:
    page = visits[(name, "desktop")].page
    text = page.locator("article").inner_text()
    for literal in page.evaluate("() => [...document.querySelectorAll('article code')].map(c => c.innerText)"):
        text = text.replace(literal, "CODE")  # code (a pattern, a file name) is shown literally, not written as prose
    assert machine_prose(text) == []


def test_figure_text_can_be_found_with_the_browsers_search(visits: dict) -> None:
    page = visits[("book/methods", "phone")].page
    page.locator("#fig-prisma").scroll_into_view_if_needed()
    assert page.evaluate(
        "() => "
        "{ getSelection().removeAllRanges(); return window.find('Identification of studies via databases', true); }"
    )
    assert page.evaluate("() => getSelection().anchorNode.parentElement.closest('svg') !== null")


@pytest.mark.parametrize("name", toc_pages())
def test_no_serious_or_critical_accessibility_violation(visits: dict, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(visits[(name, "desktop")].page)
    serious = [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_sidebar_navigation_reaches_a_chapter(browser: object, server: str) -> None:
    visit = Visit(browser, server, "book/index", 1280)
    visit.page.locator("nav.bd-docs-nav a", has_text="Bone cement").first.click()
    visit.page.wait_for_load_state("networkidle")
    assert visit.page.url.endswith("/book/bone_cement.html")
    assert visit.page.locator("h1").first.inner_text().startswith("Bone cement")
    visit.close()


def test_search_finds_a_study_by_its_first_author(browser: object, server: str) -> None:
    visit = Visit(browser, server, "search", 1280)
    visit.page.goto(f"{server}/search.html?q=Miao", wait_until="networkidle")
    results = visit.page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15_000)
    assert any(
        "bone_cement" in (link.get_attribute("href") or "") for link in visit.page.locator("#search-results a").all()
    )
    assert visit.errors == [] and visit.outside == []
    visit.close()


def test_the_landing_page_links_the_pdf_edition_only_when_it_exists(visits: dict) -> None:
    links = visits[("book/index", "desktop")].page.locator("a", has_text="PDF edition")
    assert links.count() == (1 if (HTML / "residual-pain-review.pdf").exists() else 0)


def test_one_search_field_at_each_width(visits: dict) -> None:
    for label in WIDTHS:
        page = visits[("book/index", label)].page
        visible = [b for b in page.locator("button.search-button-field, button.search-button").all() if b.is_visible()]
        assert len(visible) == 1, label


def test_pdf_edition_has_table_1_and_resolved_citations() -> None:
    pdf = HTML / "residual-pain-review.pdf"
    if chromium() is None and os.environ.get("CI") != "true":
        pytest.skip("no chromium, so no PDF edition: apt-get install chromium")
    assert pdf.exists(), "make book prints the PDF edition when chromium is installed"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    from helpers import load_review

    review = load_review()
    flat = " ".join(text.split())
    for row in review.factors.merge(review.studies, on="ref").itertuples():
        assert f"{row.first_author} [{row.ref}]" in flat, row.ref
        assert all(word in flat for word in row.finding.split()), row.ref
    assert "Table 1. Studies of the factors" in text
    assert "[7]" in text and "{cite" not in text and "??" not in text


def visible_first_cells(page: object, table: object) -> list[str]:
    return [row.locator("td").first.inner_text().strip() for row in table.locator("tbody tr").all() if row.is_visible()]


def test_tables_can_be_filtered_and_sorted_with_the_keyboard(browser: object, server: str) -> None:
    from bs4 import BeautifulSoup

    static = BeautifulSoup((HTML / "book" / "methods.html").read_text(encoding="utf-8"), "html.parser")
    [static_table] = [
        t for t in static.find_all("table") if t.find("caption").get_text(" ", strip=True).startswith("Table 1.")
    ]
    static_rows = static_table.find("tbody").find_all("tr")
    expected = [r for r in static_rows if "liu" in r.get_text().lower()]
    assert 0 < len(expected) < len(static_rows)

    visit = Visit(browser, server, "book/methods", 1280)
    page = visit.page
    table = page.locator("table.evidence-table").filter(has_text="Table 1. Studies of the factors")
    table_id = table.evaluate("t => [...document.querySelectorAll('table.evidence-table')].indexOf(t)")
    field = page.locator(f"#table-filter-{table_id}")
    field.focus()
    page.keyboard.type("liu")
    assert len(visible_first_cells(page, table)) == len(expected)
    assert (
        page.locator(f"#table-filter-{table_id} ~ [role=status]").inner_text()
        == f"{len(expected)} of {len(static_rows)} rows"
    )
    field.fill("")
    original = visible_first_cells(page, table)
    assert len(original) == len(static_rows)

    design = table.locator("th button", has_text="Study Type")
    design.focus()
    page.keyboard.press("Enter")
    designs = [r.locator("td").nth(2).inner_text().strip() for r in table.locator("tbody tr").all()]
    assert designs == sorted(designs) and table.locator("th[aria-sort=ascending]").count() == 1
    page.keyboard.press("Enter")
    assert [r.locator("td").nth(2).inner_text().strip() for r in table.locator("tbody tr").all()] == sorted(
        designs, reverse=True
    )
    page.keyboard.press("Enter")
    assert visible_first_cells(page, table) == original and table.locator("th[aria-sort]").count() == 0
    assert visit.errors == [] and visit.outside == []
    visit.close()


def test_a_page_narrowed_to_a_phone_is_the_page_loaded_on_a_phone(browser: object, server: str) -> None:
    """What the phone tests see (a page loaded at desktop width, then narrowed) is what a phone shows.

    On pages of its own: the shared views may have been scrolled, or had text selected, by other tests.
    """
    name = "book/methods"
    wide, narrow = (Visit(browser, server, name, width) for width in (WIDTHS["desktop"], WIDTHS["phone"]))
    try:
        assert View(wide, WIDTHS["phone"]).page.screenshot() == narrow.page.screenshot()
    finally:
        wide.close()
        narrow.close()
