"""The built book, read as a reader's browser gets it (run `make book` first; `make test` does)."""

from __future__ import annotations

from functools import cache

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from helpers import load_review
from helpers.analysis.counts import TABLE1, TABLE2, entries_vs_studies
from helpers.dataset.toc import book_pages
from helpers.page.facts import selection

pytestmark = pytest.mark.slow  # reads the built book

HTML = ROOT / "_build" / "html"
REVIEW = load_review()


def toc_pages() -> list[str]:
    """Every page of the book as _toc.yml declares them, by its path in the build ('book/methods')."""
    return [f"book/{page}" for page in book_pages()]


#: The pages that discuss the paper's claims, and those that end with a summary of findings (the data name them).
CLAIM_PAGES = [page for page in book_pages() if page in set(REVIEW.claims["page"])]
QUESTION_PAGES = [page for page in book_pages() if page in set(REVIEW.questions["page"])]


@cache
def page(name: str) -> BeautifulSoup:
    path = HTML / f"{name}.html"
    if not path.exists():
        pytest.fail(f"{path} is missing: build the book first (make book)")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(name: str) -> BeautifulSoup:
    return page(name).find("article")


@pytest.mark.parametrize("name", toc_pages())
def test_every_page_of_the_toc_is_built(name: str) -> None:
    assert article(name).find("h1") is not None


@pytest.mark.parametrize("name", toc_pages())
def test_nothing_is_left_unresolved(name: str) -> None:
    text = article(name).get_text(" ")
    for leftover in ("{glue", "{cite", "{numref", "{doc}", "glue:", "cite:p", ":myst`", "??"):
        assert leftover not in text, f"{leftover!r} left in {name}"
    assert not article(name).select(".problematic, .xref.missing, span.pending")
    for link in article(name).select("a.reference.internal"):
        assert link.get("href"), link


@pytest.mark.parametrize("name", toc_pages())
def test_every_image_has_alt_text(name: str) -> None:
    for image in article(name).find_all("img"):
        assert len(image.get("alt", "").strip()) > 20, image.get("src", "")[:60]
    for svg in article(name).select("figure svg"):
        assert svg.get("role") == "img" and len(svg.get("aria-label", "").strip()) > 20, svg.get("class")


@pytest.mark.parametrize("name", toc_pages())
def test_figures_are_inline_svg_with_text_and_unique_ids(name: str) -> None:
    for figure in article(name).find_all("figure"):
        [svg] = figure.select(".figure-frame > svg.book-figure")
        assert svg.find("text") is not None and figure.find("img") is None
    ids = [element["id"] for element in page(name).find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize("name", toc_pages())
def test_every_figure_has_a_caption_and_every_table_a_caption_and_header(name: str) -> None:
    for figure in article(name).find_all("figure"):
        assert figure.find("figcaption").get_text(strip=True)
    for table in article(name).find_all("table"):
        assert table.find("caption").get_text(strip=True)
        assert table.find("thead").find_all("th")


def paper_table(number: int) -> BeautifulSoup:
    [table] = [
        t
        for t in article("book/methods").find_all("table")
        if t.find("caption").get_text(" ", strip=True).startswith(f"Table {number}.")
    ]
    return table


def test_table1_and_table2_have_the_rows_of_the_data() -> None:
    counts = entries_vs_studies(REVIEW)
    assert len(paper_table(1).find("tbody").find_all("tr")) == counts.loc[TABLE1, "entries"] == 22
    assert len(paper_table(2).find("tbody").find_all("tr")) == counts.loc[TABLE2, "entries"] == 19


def test_table1_lists_the_studies_in_the_papers_order_with_their_citations() -> None:
    rows = paper_table(1).find("tbody").find_all("tr")
    labels = [row.find("td").find("a").get_text(strip=True) for row in rows]
    assert labels == [str(ref) for ref in REVIEW.factors["ref"]]


def test_citations_link_to_the_bibliography_by_the_papers_numbers() -> None:
    bibliography = page("book/bibliography")
    anchors = {a.get("id") for a in bibliography.find_all(attrs={"id": True})}
    links = article("book/bone_cement").select("span.cite a, a.reference.internal[href*='bibliography']")
    assert links
    for link in links:
        target, _, anchor = link["href"].partition("#")
        assert target.endswith("bibliography.html") and anchor in anchors
    labels = [entry.select_one("span.label").get_text(strip=True).strip("[]") for entry in papers_entries()]
    assert labels == [str(n) for n in sorted(REVIEW.references["refnumber"])]


def papers_entries() -> list:
    """The entries of the paper's own reference list: the bibliography page less its list of methods."""
    methods = page("book/bibliography").select_one("section#the-methods-this-edition-follows")
    return [
        e
        for e in page("book/bibliography").select("div.citation")
        if methods is None or e not in methods.select("div.citation")
    ]


def test_the_methods_this_edition_follows_are_cited_by_author_and_year_and_all_cited() -> None:
    entries = page("book/bibliography").select("section#the-methods-this-edition-follows div.citation")
    labels = [e.select_one("span.label").get_text(strip=True).strip("[]") for e in entries]
    assert (
        "Foroutan et al. 2020" in labels
        and "Sch\u00fcnemann et al. 2013" in labels
        and "Santesso et al. 2020" in labels
    )
    assert "Shea et al. 2017" in labels and "Page et al. 2021" in labels
    cited = {
        link["href"].partition("#")[2]
        for name in toc_pages()
        for link in article(name).find_all("a", href=True)
        if link["href"].partition("#")[0].endswith("bibliography.html")
    }
    assert {e["id"] for e in entries} <= cited


def test_every_reference_of_the_paper_is_cited_somewhere_in_the_book() -> None:
    """Each reference is cited on some page: linked, or inside a range such as [32-39], whose ends are linked."""
    numbers = {e.select_one("span.label").get_text(strip=True).strip("[]") for e in papers_entries()}
    cited: set[str] = set()
    for name in toc_pages():
        for link in article(name).find_all("a", href=True):
            if not link["href"].partition("#")[0].endswith("bibliography.html"):
                continue
            label = link.get_text(strip=True)
            cited.add(label)
            after, following = link.next_sibling, link.find_next_sibling("a")
            if str(after) == "-" and following is not None and label.isdigit():
                cited.update(str(n) for n in range(int(label), int(following.get_text(strip=True)) + 1))
    assert len(numbers) == len(REVIEW.references)
    assert numbers <= cited, f"references {sorted(numbers - cited, key=int)} are never cited"


def test_citations_of_three_or_more_neighbours_print_as_a_range() -> None:
    text = " ".join(article("book/strategies").get_text().split())
    assert "[32-39, 42, 43, 45-48, 51-55]" in text


def test_dois_are_links() -> None:
    bibliography = article("book/bibliography")
    links = {a["href"] for a in bibliography.find_all("a", href=True) if "doi.org" in a["href"]}
    dois = set(REVIEW.references["doi"].dropna())
    assert {f"https://doi.org/{doi}" for doi in dois} <= links


def test_the_methods_page_states_the_computed_flow() -> None:
    flow = selection(REVIEW)
    text = " ".join(article("book/methods").get_text(" ").split())
    assert f"The search returned {flow.database_results} records" in text
    assert f"The review includes {flow.included} studies" in text
    assert f"excluded {flow.reports_excluded} more: {flow.exclusion_reasons}" in text


def test_figures_are_svg_with_alt_text_naming_the_data() -> None:
    figures = article("book/methods").select("figure svg.book-figure")
    assert len(figures) >= 3
    prisma_alt = figures[0]["aria-label"]
    assert f"(n = {selection(REVIEW).database_results})" in prisma_alt
    assert "(not reported)" in prisma_alt


def test_section_pages_link_their_problems_to_the_audit() -> None:
    from helpers.analysis.audit import FAULTS, audit

    findings = audit(REVIEW)
    audit_ids = {tag["id"] for tag in page("book/audit").find_all(attrs={"id": True})}
    for name in CLAIM_PAGES:
        expected = set(findings.loc[(findings["page"] == name) & findings["status"].isin(FAULTS), "problem"])
        everywhere = [
            a["href"] for a in article(f"book/{name}").find_all("a", href=True) if a["href"].startswith("audit.html#")
        ]
        assert {href.split("#")[1] for href in everywhere} <= audit_ids
        [box] = article(f"book/{name}").select("section#what-the-audit-found-here div.admonition")
        links = [a["href"] for a in box.find_all("a", href=True) if a["href"].startswith("audit.html#")]
        assert {href.split("#audit-")[1].upper() for href in links} == expected, name


def test_the_audit_page_offers_its_table_for_download() -> None:
    [link] = [a for a in article("book/audit").find_all("a", href=True) if a["href"].endswith("audit.csv")]
    assert (HTML / "book" / link["href"]).resolve() == (HTML / "audit.csv").resolve()


def test_the_appraisal_states_the_rules_result_on_its_page_and_the_landing_page() -> None:
    from helpers.analysis.appraisal import prisma2020_counts, review_confidence
    from helpers.analysis.wording import number_word as w

    confidence, counts = review_confidence(REVIEW.amstar2), prisma2020_counts(REVIEW.prisma2020)
    chapter = " ".join(article("book/appraisal").get_text(" ").split())
    assert f"the overall confidence in the review's results is {confidence.level} ." in chapter
    assert (
        f"the paper reports {w(counts.reported)} fully, {w(counts.partly)} in part and "
        f"{w(counts.not_reported)} not at all" in chapter
    )
    landing = " ".join(article("book/index").get_text(" ").split())
    assert (
        f"the overall confidence in the review's results is {confidence.level} , with "
        f"{w(confidence.critical_flaws)} critical flaws" in landing
    )
    assert [a["href"] for a in article("book/index").find_all("a", href=True) if a["href"].startswith("appraisal")] == [
        "appraisal.html"
    ]


def test_the_appraisal_tables_hold_every_item_in_order() -> None:
    amstar2, prisma2020 = article("book/appraisal").find_all("table")
    items = [row.find("td").get_text(strip=True) for row in amstar2.find("tbody").find_all("tr")]
    assert items == [str(i) for i in REVIEW.amstar2["item"]]
    items = [row.find("td").get_text(strip=True) for row in prisma2020.find("tbody").find_all("tr")]
    assert [i for i in items if i] == list(REVIEW.prisma2020["item"])
    assert items.count("") == REVIEW.prisma2020["section"].nunique()  # a row for each section of the checklist
    for table in (amstar2, prisma2020):
        assert "record-table" in table["class"]


def test_the_appraisal_page_offers_its_data_for_download() -> None:
    links = [a for a in article("book/appraisal").find_all("a", href=True) if a["href"].endswith(".csv")]
    assert [link["href"] for link in links] == ["../data/amstar2.csv", "../data/prisma2020.csv"]
    for link in links:
        assert link.has_attr("download") and (HTML / "book" / link["href"]).resolve().is_file()


def test_page_weight_is_reported_and_no_figure_is_above_200_kb() -> None:
    from tools.page_weight import FIGURE_LIMIT, report

    rows = {r.page: r for r in report(HTML)}
    assert set(rows) == {f"{name}.html" for name in toc_pages()}
    assert all(r.html > 0 and r.assets > 0 for r in rows.values())
    figures = [size for r in rows.values() for size in r.figures]
    assert len(figures) >= 7 and max(figures) <= FIGURE_LIMIT


def test_the_annotated_paper_holds_the_whole_text() -> None:
    from helpers.page.annotated_paper import blocks, normalise, paper_text

    body = BeautifulSoup(str(article("book/paper")), "html.parser")  # a copy: the labels are removed
    for label in body.select("small"):
        label.decompose()
    shown = normalise(body.get_text(""))
    missing = [b.text for b in blocks(paper_text()) if b.kind == "paragraph" and normalise(b.text) not in shown]
    assert missing == []
    assert "Figure 1, the PRISMA flow chart, is an image" in shown


def test_every_claim_in_the_annotated_paper_links_to_its_row_in_the_audit() -> None:
    links = {a["href"] for a in article("book/paper").select("a.mark-label") if a["href"].startswith("audit.html#")}
    audit_ids = {tag["id"] for tag in page("book/audit").find_all(id=True)}
    expected = {f"audit.html#claim-{c.lower()}" for c in REVIEW.claims["claim_id"]}
    assert links == expected
    assert {link.split("#")[1] for link in links} <= audit_ids


def test_every_statement_links_both_ways() -> None:
    paper_ids = {tag["id"] for tag in page("book/paper").find_all(id=True)}
    for row in REVIEW.statements.itertuples():
        sid = row.statement_id.lower()
        assert f"span-{sid}" in paper_ids, row.statement_id
        [marker] = article(f"book/{row.page}").select(f"a#use-{sid}")
        assert marker["href"] == f"paper.html#span-{sid}" and " ".join(row.span.split()) in marker["title"]
        back = article("book/paper").select(f'a.mark-label[href="{row.page}.html#use-{sid}"]')
        assert len(back) == 1, row.statement_id


def test_each_section_page_ends_with_its_summary_of_findings_and_the_landing_page_uses_it() -> None:
    from helpers.analysis.audit import audit
    from helpers.analysis.summary import summary_of_findings
    from helpers.page.summary_report import certainty_label

    summary = summary_of_findings(REVIEW, audit(REVIEW))
    for name in QUESTION_PAGES:
        body = article(f"book/{name}")
        [section] = [
            s for s in body.find_all("section") if s.find("h2") and "Summary of findings" in s.find("h2").get_text()
        ]
        cards = [
            t
            for t in section.find_all("table")
            if t.find("caption").get_text(" ", strip=True).startswith("Summary of findings:")
        ]
        profiles = [
            t
            for t in section.find_all("table")
            if t.find("caption").get_text(" ", strip=True).startswith("Evidence profile")
        ]
        expected = summary[summary["page"] == name]
        assert [c.find("thead").find_all("th")[1].get_text(" ", strip=True) for c in cards] == list(
            expected["question"]
        ), name
        assert [c.find("tbody").find("strong").get_text() for c in cards] == [
            certainty_label(c) for c in expected["certainty"]
        ]
        assert len(profiles) == len(cards)
        for profile in profiles:
            domains = [r.find("td").get_text(" ", strip=True) for r in profile.find("tbody").find_all("tr")]
            assert domains[:8] == [
                "Starting level",
                "Risk of bias",
                "Inconsistency",
                "Indirectness",
                "Imprecision",
                "Publication bias",
                "Rating up",
                "Certainty",
            ] or domains[0].startswith("Starting level (")
    landing = " ".join(article("book/index").get_text(" ").split())
    for row in summary.itertuples():
        assert (row.statement if row.certainty != "very low" else row.label) in landing
