"""The numbers and phrases that the book's prose states, computed from the data.

Each function returns a small frozen record whose fields are plain values: an int, a str, or
:class:`Md` (MyST to paste with ``{glue:md}``). A notebook names every key it glues, from these
fields, in one dictionary, so that a key of the prose can always be found in its notebook.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..analysis.counts import BOTH, design_counts, entries, entries_vs_studies, repeated_studies, select
from ..analysis.wording import (
    count_phrase,
    design_phrase,
    english_list,
    month_phrase,
    number_word,
    participants_phrase,
    split_phrase,
)
from ..dataset.review import Review
from ..dataset.vocabulary import (
    INTERVENTION,
    META_ANALYSIS,
    NO_DIFFERENCE,
    POSITIVE,
    PROGNOSTIC_FACTOR,
    PROSPECTIVE,
    RANDOMISED_TRIAL,
    RETROSPECTIVE,
    TABLE1,
    TABLE2,
)
from .markdown import Md, cite, md

#: What a row with a difference says, in the singular and the plural, by table.
_FOUND_BY_TABLE = {
    TABLE1: ("names a better group or level", "name a better group or level"),
    TABLE2: ("names the test group better", "name the test group better"),
}
#: How Table 2 writes a control group that had no therapy (its legend).
NO_THERAPY = "/"


@dataclass(frozen=True)
class Group:
    """A group of table rows (a factor, a domain, a strategy, a table) and its studies."""

    entries: int  # table rows
    studies_phrase: str  # '5 studies'
    designs: str  # '1 prospective and 4 retrospective'
    designs_nouns: str  # '1 prospective study and 4 retrospective studies'
    cite: Md  # the rows' citations
    positive: int  # rows that name a better group
    nodiff: int  # rows that record no difference
    nodiff_cite: Md
    split: str  # 'all 5 rows name a better group or level'
    participants: str  # as the text states them, meta-analyses apart
    years: str  # '2018 to 2020'


def group(review: Review, selection: str) -> Group:
    """The rows that ``selection`` picks ('factor=1', 'domain=bone cement', 'table=2'; see counts.select)."""
    rows = select(entries(review), selection)
    studies = rows.drop_duplicates("ref")
    table = review.studies.set_index("ref").loc[studies["ref"]]
    positive = rows[rows["direction"].isin(POSITIVE)]
    nodiff = rows[rows["direction"] == NO_DIFFERENCE]
    found = (
        _FOUND_BY_TABLE[str(rows["table"].iloc[0])]
        if len(rows) and rows["table"].nunique() == 1
        else _FOUND_BY_TABLE[TABLE1]
    )
    return Group(
        entries=len(rows),
        studies_phrase=count_phrase(len(studies), "study"),
        designs=design_phrase(studies["design"]),
        designs_nouns=design_phrase(studies["design"], nouns=True),
        cite=cite(rows["ref"], review.references),
        positive=len(positive),
        nodiff=len(nodiff),
        nodiff_cite=cite(nodiff["ref"], review.references),
        split=split_phrase(len(positive), len(nodiff), found),
        participants=participants_phrase(table["n_total"], table["design"], table["n_test"]),
        years=f"{int(studies['year'].min())} to {int(studies['year'].max())}" if len(studies) else "",
    )


@dataclass(frozen=True)
class Study:
    """One study as the prose names it."""

    author: str  # first author, as the tables print it
    cite: Md
    n: int | str  # its stated size, or 'not stated'
    n_test: int | str  # its test group's stated size, or 'not stated'
    year: str  # as printed: 2018


def studies(review: Review) -> dict[int, Study]:
    """Every study of ``review``, by reference number."""
    out = {}
    for row in review.studies.itertuples():
        out[int(row.ref)] = Study(
            author=str(row.first_author),
            cite=cite([row.ref], review.references),
            n=int(row.n_total) if pd.notna(row.n_total) else "not stated",
            n_test=int(row.n_test) if pd.notna(row.n_test) else "not stated",
            year=str(int(row.year)),
        )
    return out


@dataclass(frozen=True)
class Total:
    """A total that the paper states for a group of studies, with its split where stated."""

    cases: str  # '2,024 cases'
    test: str  # '289', or 'not stated'
    control: str


def totals(review: Review) -> dict[str, Total]:
    """Every group total of group_totals.csv, by its total_id."""

    def number(value: object) -> str:
        return f"{int(value):,}" if pd.notna(value) else "not stated"

    return {
        str(r.total_id): Total(f"{int(r.cases):,} cases", number(r.n_test), number(r.n_control))
        for r in review.group_totals.itertuples()
    }


@dataclass(frozen=True)
class Selection:
    """The search and the selection flow, from search.csv, prisma.csv and prisma_reasons.csv."""

    databases_n: int
    databases: str
    search_terms: str
    languages: str
    window: str  # 'January 2016 to September 2020'
    database_results: int
    records_excluded: int
    left_after_screening: int  # this edition's subtraction
    reports_excluded: int
    exclusion_reasons: str
    included: int
    boxes_not_reported_n: int
    boxes_not_reported: str
    combined_boxes: str


def selection(review: Review) -> Selection:
    search, prisma = review.search, review.prisma.set_index("box")
    databases = search.loc[search["aspect"] == "database", "value"].tolist()
    terms = search.loc[search["aspect"] == "search_term", "value"].tolist()
    window = dict(zip(search["aspect"], search["value"]))
    reported = prisma.loc[prisma["status"] == "reported", "n"].astype(int)
    not_reported = prisma[prisma["status"] == "not reported"]
    reasons = review.prisma_reasons[review.prisma_reasons["box"] == "dbr_excluded"]
    return Selection(
        databases_n=len(databases),
        databases=english_list(databases),
        search_terms=english_list(f"\u201c{t}\u201d" for t in terms),
        languages=english_list(search.loc[search["aspect"] == "language", "value"], "or"),
        window=f"{month_phrase(window['published_from'])} to {month_phrase(window['published_to'])}",
        database_results=int(reported["database_results"]),
        records_excluded=int(reported["records_excluded"]),
        left_after_screening=int(reported["database_results"] - reported["records_excluded"]),
        reports_excluded=int(reported["dbr_excluded"]),
        exclusion_reasons=english_list(f"{number_word(int(r.n))} for {r.reason}" for r in reasons.itertuples()),
        included=int(reported["new_studies"]),
        boxes_not_reported_n=len(not_reported),
        boxes_not_reported=english_list(not_reported["label"].str.lower()),
        combined_boxes=english_list(prisma.loc[prisma["status"] == "combined", "label"].str.lower()),
    )


@dataclass(frozen=True)
class Inclusion:
    """Table rows against distinct studies, their designs, and the studies that fill several rows."""

    table1_entries: int
    table2_entries: int
    all_entries: int
    all_studies: int
    repeated_studies: Md  # 'Liu H 2019 [9] fills 2 rows'
    studies_prospective: int
    studies_retrospective: int
    studies_meta_analysis: int
    designs_entries: str  # designs counted by row
    designs_studies: str  # designs counted by study
    studies_with_size: int
    studies_with_test_size_only: str  # in words: 'one'
    test_size_only: Md  # the studies whose text gives only the test group's size: 'Du X [53]'


def inclusion(review: Review) -> Inclusion:
    table = entries_vs_studies(review)
    by_studies = design_counts(review, "studies")[BOTH]
    repeated = repeated_studies(review)
    test_only = review.studies[review.studies["n_total"].isna() & review.studies["n_test"].notna()]
    return Inclusion(
        table1_entries=int(table.loc[TABLE1, "entries"]),
        table2_entries=int(table.loc[TABLE2, "entries"]),
        all_entries=int(table.loc[BOTH, "entries"]),
        all_studies=int(table.loc[BOTH, "studies"]),
        # english_list adds only ", " and " and " to the parts, each of which md() escaped.
        repeated_studies=Md(
            english_list(
                md(
                    r.first_author,
                    " ",
                    r.year,
                    " ",
                    cite([r.ref], review.references),
                    " fills ",
                    count_phrase(r.entries, "row"),
                )
                for r in repeated.itertuples()
            )
        ),
        studies_prospective=int(by_studies[PROSPECTIVE]),
        studies_retrospective=int(by_studies[RETROSPECTIVE]),
        studies_meta_analysis=int(by_studies[META_ANALYSIS]),
        designs_entries=design_phrase(entries(review)["design"]),
        designs_studies=design_phrase(review.studies["design"]),
        studies_with_size=int(review.studies["n_total"].notna().sum()),
        studies_with_test_size_only=number_word(len(test_only)),
        test_size_only=Md(
            english_list(md(r.first_author, " ", cite([r.ref], review.references)) for r in test_only.itertuples())
        ),
    )


def fracture_line_rows(review: Review) -> int:
    """Rows of Table 1 whose better pain relief is cement at the fracture line."""
    return int(review.factors["finding"].str.contains("fracture line", case=False).sum())


def finding(review: Review, ref: int, factor_id: int) -> str:
    """The 'Better Pain Relief' cell of one row of Table 1."""
    rows = review.factors[(review.factors["ref"] == ref) & (review.factors["factor_id"] == factor_id)]
    [cell] = rows["finding"]
    return str(cell)


@dataclass(frozen=True)
class TaggedRows:
    """Rows of Table 2 that share a trait (no therapy as control, a better group the table does not define): how
    many, in words, and their citation."""

    n: str
    cite: Md


def undefined_better_groups(review: Review) -> TaggedRows:
    """The rows of Table 2 whose better group is none of its columns (the paper's "Observe group"): how many, in
    words, and their citation."""
    named = {"test group", "control group", "no difference"}
    rows = review.strategies[~review.strategies["better_group"].str.lower().isin(named)]
    return TaggedRows(number_word(len(rows)), cite(rows["ref"], review.references))


def uncontrolled(review: Review) -> TaggedRows:
    rows = review.strategies[review.strategies["control_group"] == NO_THERAPY]
    return TaggedRows(number_word(len(rows)), cite(rows["ref"], review.references))


@dataclass(frozen=True)
class Grading:
    """What the prose says of this edition's GRADE ratings (the summary of findings) and of the paper's
    randomisation."""

    questions: int
    interventions: int
    prognostic: int
    levels: str  # '4 questions are of low certainty and 16 of very low certainty, none of moderate or high'
    randomised: Md  # the studies the paper calls randomised, or whose trials it says were, cited
    certainty: dict[str, str]  # question_id -> its certainty


def grading(review: Review, summary: pd.DataFrame) -> Grading:
    from ..analysis.certainty import LEVELS

    counts = summary["certainty"].value_counts()
    present = [(level, int(counts.get(level, 0))) for level in reversed(LEVELS)]
    reached = [(level, n) for level, n in present if n]
    figures = any(n > 10 for _, n in reached)  # a series with a count over ten is written in figures throughout
    word = (lambda n: f"{n}") if figures else number_word
    parts = [f"{word(n)} {'are' if n != 1 else 'is'} of {level} certainty" for level, n in reached]
    higher = [level for level, n in present[: present.index(reached[0])] if n == 0] if reached else []
    levels = english_list(parts) + (f", none of {english_list(reversed(higher), 'or')}" if higher else "")
    randomised = review.studies[review.studies["randomised"].notna()]
    said = english_list(
        md(
            r.first_author,
            " ",
            cite([r.ref], review.references),
            " (",
            "a randomised trial" if r.randomised == RANDOMISED_TRIAL else "a meta-analysis of randomised trials",
            ")",
        )
        for r in randomised.itertuples()
    )
    return Grading(
        questions=len(summary),
        interventions=int((summary["type"] == INTERVENTION).sum()),
        prognostic=int((summary["type"] == PROGNOSTIC_FACTOR).sum()),
        levels=levels,
        randomised=Md(said),
        certainty=dict(zip(summary["question_id"], summary["certainty"])),
    )
