"""Unit tests of what the notebooks call: facts, MyST builders, tables, figures, the bibliography style."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from conftest import make_review

from helpers.analysis.counts import entries
from helpers.analysis.wording import (
    count_clause,
    count_phrase,
    date_phrase,
    design_noun,
    design_phrase,
    english_list,
    label_case,
    month_phrase,
    noun,
    number_word,
    participants_phrase,
    pronoun,
    share_sentence,
    split_phrase,
    verb,
)
from helpers.page import facts, figures, markdown, tables
from helpers.page.markdown import Md

REFS = pd.DataFrame({"bibkey": ["ann2018", "bob2019", "cy2020", "di2017", "ed2016"], "refnumber": [1, 2, 3, 4, 5]})


def review_with_refs():
    review = make_review(
        studies=[
            (1, "Ann A", 2018, "Prospective", 100, 60, 40),
            (2, "Bob B", 2019, "Retrospective", None, None, None),
            (3, "Cy C", 2020, "Retrospective", 30, None, None),
            (4, "Di D", 2017, "Meta-analysis", None, None, None),
        ],
        factors=[(1, 1, "difference"), (2, 1, "no difference"), (4, 3, "no difference")],
        strategies=[(3, 1, "favours test")],
    )
    return review.__class__(**{**review.__dict__, "references": REFS})


@pytest.mark.parametrize(
    ("items", "expected"), [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")]
)
def test_english_list(items: list[str], expected: str) -> None:
    assert english_list(items) == expected


def test_count_phrase_and_month_phrase() -> None:
    assert (
        count_phrase(1, "study"),
        count_phrase(3, "study"),
        count_phrase(2, "meta-analysis"),
        count_phrase(40, "study"),
    ) == ("one study", "three studies", "two meta-analyses", "40 studies")
    assert (noun("block", 1), verb("records", 2), number_word(3), number_word(12), pronoun(2)) == (
        "block",
        "record",
        "three",
        "12",
        "them",
    )
    assert month_phrase("2020-09") == "September 2020"


def test_design_phrase_keeps_the_tables_order_and_plurals() -> None:
    assert design_phrase(["Retrospective", "Prospective", "Retrospective"]) == "one prospective and two retrospective"
    assert design_phrase(["Meta-analysis", "Meta-analysis", "Prospective"]) == "one prospective and two meta-analyses"
    assert (
        design_phrase(["Meta-analysis", "Retrospective"], nouns=True) == "one retrospective study and one meta-analysis"
    )
    assert design_phrase(["Prospective", "Prospective"], nouns=True) == "two prospective studies"


def test_participants_phrase_says_how_complete_the_sizes_are() -> None:
    assert participants_phrase(pd.Series([100, 1200], dtype="Int64")) == "1,300 participants in all"
    assert participants_phrase(pd.Series([100, None], dtype="Int64")) == (
        "100 participants in one of the two studies; the text gives no size for the other"
    )
    assert participants_phrase(pd.Series([None], dtype="Int64")) == "the text gives no size for the study"
    assert participants_phrase(pd.Series([None], dtype="Int64"), n_tests=pd.Series([121], dtype="Int64")) == (
        "the text gives no size for the study, only the size of its test group, 121"
    )


def test_participants_phrase_names_test_groups_whose_study_has_no_total() -> None:
    totals, tests = pd.Series([62, None, None], dtype="Int64"), pd.Series([None, 30, None], dtype="Int64")
    assert participants_phrase(totals, None, tests) == (
        "62 participants in one of the three studies, and for one more study, only the size of its test group, "
        "30; the text gives no size for the other"
    )


def test_participants_phrase_keeps_pooled_populations_apart() -> None:
    sizes = pd.Series([100, 554, 80], dtype="Int64")
    designs = pd.Series(["Prospective", "Meta-analysis", "Prospective"])
    assert (
        participants_phrase(sizes, designs)
        == "180 participants in the two primary studies; the meta-analysis pooled 554"
    )
    assert (
        participants_phrase(pd.Series([554], dtype="Int64"), pd.Series(["Meta-analysis"]))
        == "the meta-analysis pooled 554"
    )
    three = pd.Series([627, None, None], dtype="Int64")
    assert participants_phrase(three, pd.Series(["Meta-analysis"] * 3)) == (
        "one of the three meta-analyses pooled 627; the text gives no size for the others"
    )
    assert participants_phrase(
        pd.Series([107, None], dtype="Int64"), pd.Series(["Retrospective", "Meta-analysis"])
    ) == ("107 participants in the primary study; the text gives no size for the meta-analysis")


@pytest.mark.parametrize(
    ("positive", "nodiff", "expected"),
    [
        (5, 0, "all five rows name X"),
        (1, 0, "the one row names X"),
        (0, 3, "all three rows record no difference"),
        (2, 3, "two of the five rows name X, and three record no difference"),
        (1, 1, "one of the two rows names X, and one records no difference"),
        (12, 0, "all 12 rows name X"),
    ],
)
def test_split_phrase_reads_as_prose(positive: int, nodiff: int, expected: str) -> None:
    assert split_phrase(positive, nodiff, ("names X", "name X")) == expected


def test_a_group_counts_cites_and_splits_its_rows_by_direction() -> None:
    group = facts.group(review_with_refs(), "table=1")
    assert (group.entries, group.studies_phrase, group.positive, group.nodiff) == (3, "three studies", 1, 2)
    assert group.designs == "one prospective, one retrospective and one meta-analysis"
    assert group.designs_nouns == "one prospective study, one retrospective study and one meta-analysis"
    assert group.cite == "{cite:p}`ann2018,bob2019,di2017`" and isinstance(group.cite, Md)
    assert group.nodiff_cite == "{cite:p}`bob2019,di2017`"
    assert group.participants == (
        "100 participants in one of the two primary studies; the text gives no size for the other; "
        "the text gives no size for the meta-analysis"
    )
    assert group.years == "2017 to 2019"
    assert group.split == "one of the three rows names a better group or level, and two record no difference"
    assert facts.group(review_with_refs(), "table=2").split == "the one row names the test group better"


def test_a_study_as_the_prose_names_it() -> None:
    study = facts.studies(review_with_refs())
    assert (study[1].author, study[1].n, study[1].n_test, study[1].cite) == ("Ann A", 100, 60, "{cite:p}`ann2018`")
    assert (study[2].n, study[2].n_test) == ("not stated", "not stated")


def test_design_noun_names_studies_and_meta_analyses() -> None:
    assert [
        design_noun(d, n)
        for d, n in (("Prospective", 1), ("Retrospective", 2), ("Meta-analysis", 1), ("Meta-analysis", 3))
    ] == ["prospective study", "retrospective studies", "meta-analysis", "meta-analyses"]


def test_cite_orders_by_the_papers_numbers_and_rejects_unknown_ones() -> None:
    assert markdown.cite([3, 1, 3], REFS) == "{cite:p}`ann2018,cy2020`"
    assert markdown.cite([], REFS) == ""
    with pytest.raises(KeyError, match="9"):
        markdown.cite([9], REFS)


def test_table_markdown_has_caption_header_rows_and_escapes_text_but_not_md() -> None:
    md = markdown.table(pd.DataFrame({"A": ["x|y", None], "B": [1, Md("{cite:p}`k`")]}), caption="A caption")
    lines = md.splitlines()
    assert lines[0] == ":::{table} A caption" and lines[-1] == ":::"
    assert "| A | B |" in lines and "| x\\|y | 1 |" in lines and "|  | {cite:p}`k` |" in lines


def test_figure_markdown_embeds_the_svg_with_alt_text() -> None:
    md = markdown.figure("<svg>x</svg>", caption="Cap", name="fig-x", alt='Some\n  "alt" text')
    uri = re.search(r"data:image/svg\+xml;base64,(\S+)", md).group(1)
    assert base64.b64decode(uri) == b"<svg>x</svg>"
    assert ":name: fig-x" in md and ':alt: "Some \\"alt\\" text"' in md and md.rstrip().endswith("Cap\n:::")


def test_table1_and_table2_have_the_papers_columns() -> None:
    review = review_with_refs()
    t1 = tables.table1(review)
    assert list(t1.columns) == ["First Author/Year", "Operation", "Study Type", "Better Pain Relief", "Factor, No."]
    assert t1.iloc[0, 0] == "Ann A {cite:p}`ann2018` 2018" and isinstance(t1.iloc[0, 0], Md) and len(t1) == 3
    assert list(tables.table2(review).columns) == [
        "Author/Year",
        "Study type",
        "Test group",
        "Control group",
        "Better Group",
        "Strategy, No.",
    ]


def test_design_table_totals_rows_and_studies() -> None:
    table = tables.design_table(review_with_refs()).set_index("Design")
    assert table.loc["Total", "All rows"] == 4 and table.loc["Total", "Distinct studies"] == 4
    assert table.loc["Retrospective", "Table 2 rows"] == 1


def test_svg_is_deterministic_and_undated() -> None:
    figures.use_book_style()
    rows = entries(review_with_refs())
    first = figures.to_svg(figures.evidence_map(rows))
    second = figures.to_svg(figures.evidence_map(rows))
    assert first == second
    assert first.startswith("<?xml") and "<dc:date>" not in first
    assert "<text" in first and "font-family: 'DejaVu Sans'" in first  # text, not glyph paths


def test_prisma_diagram_and_its_alt_text_name_every_box() -> None:
    prisma = pd.DataFrame(
        {
            "box": [
                "database_results",
                "register_results",
                "duplicates",
                "excluded_automatic",
                "excluded_other",
                "records_screened",
                "records_excluded",
                "dbr_sought_reports",
                "dbr_notretrieved_reports",
                "dbr_assessed",
                "dbr_excluded",
                "new_studies",
                "new_reports",
            ],
            "label": [f"Box {i}" for i in range(13)],
            "n": pd.array([90, None, None, None, None, None, 50, None, None, None, 10, 30, None], dtype="Int64"),
            "status": ["reported", "not applicable", "combined"]
            + ["not reported"] * 3
            + ["reported"]
            + ["not reported"] * 3
            + ["reported", "reported", "not reported"],
            "counted_in": [None, None, "records_excluded"] + [None] * 10,
        }
    )
    reasons = pd.DataFrame({"box": ["dbr_excluded"], "reason": ["off topic"], "n": [10]})
    svg = figures.to_svg(figures.prisma_diagram(prisma, reasons))
    assert all(f">Box {i}" in svg for i in range(13))  # every box's label, as SVG text
    alt = figures.prisma_alt(prisma, reasons)
    assert "Box 0 (n = 90)" in alt and "Box 1 (not part of this review)" in alt and "Box 5 (not reported)" in alt
    assert "Box 2 (no separate count: included in records excluded)" in alt and "off topic: 10" in alt


def test_effect_direction_alt_lists_every_study() -> None:
    rows = entries(review_with_refs())
    alt = figures.effect_direction_alt(rows, "better")
    assert "Ann A 2018 [1], prospective, n = 100: better" in alt
    assert "Bob B 2019 [2], retrospective, size not stated: no difference" in alt


def test_glue_facts_refuses_values_it_cannot_glue_as_text() -> None:
    from helpers.page.notebook import glue_facts

    with pytest.raises(TypeError, match="float"):
        glue_facts({"x": 1.5})


def test_glue_facts_displays_what_myst_nb_glue_displays(monkeypatch: pytest.MonkeyPatch) -> None:
    import IPython.display
    from IPython.display import Markdown
    from myst_nb.ext import glue as myst_glue

    from helpers.page import notebook

    shown: list[tuple] = []
    monkeypatch.setattr(IPython.display, "display", lambda *args, **kwargs: shown.append((args, kwargs)))
    monkeypatch.setattr(myst_glue, "ipy_display", lambda *args, **kwargs: shown.append((args, kwargs)))
    notebook.glue_facts({"n": 5, "phrase": "5 studies", "cite": Md("{cite:p}`a`")})
    ours, shown[:] = list(shown), []
    # A count is glued as prose writes it: in words up to ten.
    for key, value in (("n", "five"), ("phrase", "5 studies"), ("cite", Markdown("{cite:p}`a`"))):
        myst_glue.glue(key, value, display=False)
    assert ours == shown and len(ours) == 3
    assert notebook.GLUE_PREFIX == myst_glue.GLUE_PREFIX


def test_paper_style_labels_and_sorts_by_refnumber() -> None:
    from pybtex.database import parse_string

    from helpers.sphinx.bibstyle import PaperStyle

    bib = parse_string(
        """@article{b, refnumber = {12}, author = {{Bee B}}, title = {{T}}, journal = {J}, year = {2019}, volume = {98}}
@article{a, refnumber = {7}, author = {{Ay A}}, title = {{S}}, journal = {J}, year = {2018}}""",
        "bibtex",
    )
    formatted = list(PaperStyle().format_entries(bib.entries.values()))
    assert [e.label for e in formatted] == ["7", "12"]
    assert "98" in formatted[1].text.render_as("text")  # a volume without pages is kept


def test_words_that_no_page_holds_are_dropped_from_the_search_index(tmp_path) -> None:
    from helpers.sphinx.pages import prune_search_index

    index = tmp_path / "searchindex.js"
    index.write_text(
        r'Search.setIndex({"terms": {"gone": [], "kept": [0, 1], "old\"q": [], "zzz": 2}, "titleterms": {"x": []}})'
    )
    prune_search_index(tmp_path)
    assert index.read_text() == 'Search.setIndex({"terms": {"kept": [0, 1], "zzz": 2}, "titleterms": {}})'


def test_the_folders_that_extensions_add_are_named_relative_to_the_book() -> None:
    """What Sphinx hashes into .buildinfo is then the same in every clone of the book."""
    from helpers.sphinx.pages import paths_inside_the_book

    def paths(book: str) -> tuple[list[str], list[str]]:
        config = SimpleNamespace(
            templates_path=["book/_templates", f"{book}/.venv/lib/theme/components"],
            html_static_path=["book/_static", f"{book}/.venv/lib/theme/_static"],
        )
        paths_inside_the_book(SimpleNamespace(confdir=book), config)
        return config.templates_path, config.html_static_path

    assert (
        paths("/a/book")
        == paths("/elsewhere/clone")
        == (["book/_templates", ".venv/lib/theme/components"], ["book/_static", ".venv/lib/theme/_static"])
    )


def test_a_path_into_a_linked_environment_is_named_through_the_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy whose .venv links to another checkout's names the theme's folder as that checkout does."""
    from helpers.sphinx.pages import inside

    real = tmp_path / "checkout" / ".venv"
    (real / "lib" / "theme").mkdir(parents=True)
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / ".venv").symlink_to(real)
    monkeypatch.setattr("sys.prefix", str(copy / ".venv"))
    assert inside(str(real / "lib" / "theme"), copy) == ".venv/lib/theme"
    assert inside("book/_static", copy) == "book/_static"


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 7, "One of the seven counts that the paper prints is inconsistent"),
        (0, 9, "None of the nine counts that the paper prints is inconsistent"),
        (3, 9, "Three of the nine counts that the paper prints are inconsistent"),
        (2, 2, "Both counts that the paper prints are inconsistent"),
        (71, 71, "All 71 counts that the paper prints are inconsistent"),
        (12, 40, "Of the 40 counts that the paper prints, 12 are inconsistent"),
        (0, 1, "No count that the paper prints is inconsistent"),
        (1, 1, "The one count that the paper prints is inconsistent"),
    ],
)
def test_share_sentence_agrees_with_its_count_and_never_opens_with_figures(
    part: int, whole: int, expected: str
) -> None:
    assert share_sentence(part, whole, "count", "is inconsistent", "that the paper prints") == expected


def test_count_clause_label_case_date_phrase_and_the_rows_a_phrase_rests_on() -> None:
    assert [count_clause(n, "is imprecise") for n in (0, 1, 3)] == [
        "none is imprecise",
        "one is imprecise",
        "three are imprecise",
    ]
    assert label_case("Pedicle Residual Bone Cement") == "Pedicle residual bone cement"
    assert label_case("Bone mineral density (BMD)") == "Bone mineral density (BMD)"
    assert date_phrase("2026-11-26") == "26 November 2026"
    assert split_phrase(2, 3, ("names a better group", "name a better group"), "it rests on") == (
        "two of the five rows it rests on name a better group, and three record no difference"
    )
    assert split_phrase(2, 0, ("finds a relation", "find a relation")) == "both rows find a relation"


def test_citations_of_three_or_more_neighbouring_references_print_as_one_range() -> None:
    from pybtex.richtext import HRef, Text

    from helpers.sphinx.bibstyle import RangedBrackets

    children = [HRef(f"#{n}", Text(str(n))) for n in (32, 33, 34, 35, 42, 43, 45)]
    rendered = RangedBrackets().outer(children, brackets=True).format()
    assert rendered.render_as("text") == "[32-35, 42, 43, 45]"
    assert rendered.render_as("html").count("<a ") == 5  # a range links its first and last reference
    labels = [HRef("#a", Text("Foroutan et al. 2020")), HRef("#b", Text("Guyatt 2011"))]
    assert (
        RangedBrackets().outer(labels, brackets=True).format().render_as("text")
        == "[Foroutan et al. 2020, Guyatt 2011]"
    )


def test_table_2_rows_whose_better_group_is_none_of_its_columns_are_counted_and_cited() -> None:
    from helpers.dataset.review import load_review

    undefined = facts.undefined_better_groups(load_review().paper())
    assert undefined.n == "two"  # Noriega D [45] and Zhu J [46]: "Observe group"
    assert undefined.cite == "{cite:p}`noriega2019prospective,zhu2019mineralized`"
