"""The numbers and phrases that the book's prose states, computed from the data and ready to glue.

Each function returns a flat dict of key -> value: an int, a str, or :class:`Md` (MyST to paste
with ``{glue:md}``). Notebooks glue them all; the prose only refers to the keys.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .citations import ref_ranges
from .counts import BOTH, DESIGNS, TABLE1, TABLE2, design_counts, entries, entries_vs_studies, repeated_studies
from .markdown import Md, cite, md
from .review import Review

Facts = dict[str, int | str | Md]
POSITIVE = ("difference", "favours test")
_DESIGN_WORDS = {"Prospective": ("prospective", "prospective"), "Retrospective": ("retrospective", "retrospective"),
                 "Meta-analysis": ("meta-analysis", "meta-analyses")}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def english_list(items: Iterable[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def count_phrase(n: int, singular: str, plural: str) -> str:
    """'1 study', '3 studies'."""
    return f"{n} {singular if n == 1 else plural}"


def design_phrase(designs: Iterable[str], nouns: bool = False) -> str:
    """How many of each design, in the tables' order: '1 prospective and 4 retrospective'.

    With ``nouns``, each part names its studies: '1 prospective study and 4 retrospective studies'.
    """
    counts = pd.Series(list(designs), dtype="string").value_counts()
    parts = []
    for design in DESIGNS:
        n = int(counts.get(design, 0))
        if n:
            singular, plural = _DESIGN_WORDS[design]
            part = f"{n} {singular if n == 1 else plural}"
            if nouns and design != "Meta-analysis":
                part += " study" if n == 1 else " studies"
            parts.append(part)
    return english_list(parts)


def month_phrase(month: str) -> str:
    """'2016-01' -> 'January 2016'."""
    year, number = month.split("-")
    return f"{_MONTHS[int(number) - 1]} {year}"


def participants_phrase(n_totals: pd.Series, designs: pd.Series | None = None, n_tests: pd.Series | None = None) -> str:
    """The participants of a group's studies whose size the paper gives, with meta-analyses apart.

    A meta-analysis's pooled population is never added to primary studies' participants; a study
    whose text gives only its test group's size is named as such.
    """
    pooled = (designs == "Meta-analysis").to_numpy() if designs is not None else [False] * len(n_totals)
    primary, meta = n_totals[[not p for p in pooled]], n_totals[list(pooled)]
    stated, kind = primary.dropna(), "primary " if len(meta) else ""
    parts = []
    if len(primary) and stated.empty:
        tests = n_tests.loc[primary.index].dropna() if n_tests is not None else []
        text = f"the text gives no total for the {kind}studies"
        if len(tests):
            text += f"; it gives {english_list(f'{int(n):,}' for n in tests)} for the test group of {len(tests)}"
        parts.append(text)
    elif len(stated) == len(primary) > 0:
        where = f"the {kind}study" if len(primary) == 1 else f"the {len(primary)} {kind}studies"
        parts.append(f"{int(stated.sum()):,} participants in {where if meta.size else 'all'}")
    elif len(primary):
        text = f"{int(stated.sum()):,} participants in {len(stated)} of the {len(primary)} {kind}studies"
        tests = n_tests.loc[primary.index[primary.isna()]].dropna() if n_tests is not None else []
        if len(tests):
            text += f", and {english_list(f'{int(n):,}' for n in tests)} in the test group of {len(tests)} more"
        rest = len(primary) - len(stated) - len(tests)
        parts.append(text + f"; the text gives no size for the {'other' if rest == 1 else 'others'}")
    if len(meta):
        noun = "meta-analysis" if len(meta) == 1 else "meta-analyses"
        sizes = meta.dropna()
        if sizes.empty:
            parts.append(f"the text gives no size for the {noun}")
        elif len(sizes) < len(meta):
            parts.append(f"{len(sizes)} of the {len(meta)} {noun} pooled {english_list(f'{int(n):,}' for n in sizes)}; "
                         "the text gives no size for the others")
        else:
            parts.append(f"the {noun} pooled {english_list(f'{int(n):,}' for n in sizes)}")
    return "; ".join(parts)


def split_phrase(positive: int, nodiff: int, found: tuple[str, str]) -> str:
    """How a group's rows divide, with ``found`` the verb phrase in the singular and the plural:
    'all 5 rows name ...', 'the one row names ...', '2 of the 5 rows name ..., and 3 record no difference'.
    """
    total = positive + nodiff
    if total == 0:
        return "no row"
    if total == 1:
        return f"the one row {found[0] if positive else 'records no difference'}"
    if nodiff == 0:
        return f"all {total} rows {found[1]}"
    if positive == 0:
        return f"all {total} rows record no difference"
    return f"{positive} of the {total} rows {found[0] if positive == 1 else found[1]}, and {nodiff} " + \
        ("records no difference" if nodiff == 1 else "record no difference")


def total_facts(review: Review) -> Facts:
    """Each group total that the paper states: ``total_<id>`` ('2,024 cases'), and its split where stated."""
    facts: Facts = {}
    for row in review.group_totals.itertuples():
        facts[f"total_{row.total_id}"] = f"{int(row.cases):,} cases"
        for part in ("n_test", "n_control"):
            if pd.notna(getattr(row, part)):
                facts[f"total_{row.total_id}_{part.removeprefix('n_')}"] = f"{int(getattr(row, part)):,}"
    return facts


#: What a row with a difference says, in the singular and the plural, by table.
_FOUND_BY_TABLE = {TABLE1: ("names a better group or level", "name a better group or level"),
                   TABLE2: ("names the test group better", "name the test group better")}


def group_facts(review: Review, prefix: str, rows: pd.DataFrame) -> Facts:
    """Facts about a group of table entries (a factor, a domain, a strategy, a table)."""
    studies = rows.drop_duplicates("ref")
    table = review.studies.set_index("ref").loc[studies["ref"]]
    positive = rows[rows["direction"].isin(POSITIVE)]
    nodiff = rows[rows["direction"] == "no difference"]
    return {
        f"{prefix}_entries": len(rows),
        f"{prefix}_studies": len(studies),
        f"{prefix}_studies_phrase": count_phrase(len(studies), "study", "studies"),
        f"{prefix}_designs": design_phrase(studies["design"]),
        f"{prefix}_designs_nouns": design_phrase(studies["design"], nouns=True),
        f"{prefix}_refs": ref_ranges(rows["ref"]),
        f"{prefix}_cite": cite(rows["ref"], review.references),
        f"{prefix}_positive": len(positive),
        f"{prefix}_nodiff": len(nodiff),
        f"{prefix}_split": split_phrase(len(positive), len(nodiff), _FOUND_BY_TABLE[str(rows["table"].iloc[0])]
                                         if len(rows) and rows["table"].nunique() == 1 else _FOUND_BY_TABLE[TABLE1]),
        f"{prefix}_positive_cite": cite(positive["ref"], review.references),
        f"{prefix}_nodiff_cite": cite(nodiff["ref"], review.references),
        f"{prefix}_participants": participants_phrase(table["n_total"], table["design"], table["n_test"]),
        f"{prefix}_years": f"{int(studies['year'].min())} to {int(studies['year'].max())}" if len(studies) else "",
    }


def study_facts(review: Review, refs: Iterable[int]) -> Facts:
    """Per study: its citation, first author, year, design (lower case) and stated size."""
    facts: Facts = {}
    table = review.studies.set_index("ref")
    for ref in sorted(set(int(r) for r in refs)):
        row = table.loc[ref]
        facts[f"cite_{ref}"] = cite([ref], review.references)
        facts[f"author_{ref}"] = str(row["first_author"])
        facts[f"year_{ref}"] = int(row["year"])
        facts[f"design_{ref}"] = str(row["design"]).lower()
        facts[f"n_{ref}"] = int(row["n_total"]) if pd.notna(row["n_total"]) else "not stated"
        for part in ("n_test", "n_control"):
            if pd.notna(row[part]):
                facts[f"{part}_{ref}"] = int(row[part])
    return facts


def selection_facts(review: Review) -> Facts:
    """The search and the selection flow, from search.csv and prisma.csv alone."""
    search, prisma = review.search, review.prisma.set_index("box")
    databases = search.loc[search["aspect"] == "database", "value"].tolist()
    terms = search.loc[search["aspect"] == "search_term", "value"].tolist()
    window = dict(zip(search["aspect"], search["value"]))
    reported = prisma[prisma["status"] == "reported"]["n"].astype(int)
    not_reported = prisma[prisma["status"] == "not reported"]
    reasons = review.prisma_reasons[review.prisma_reasons["box"] == "dbr_excluded"]
    facts: Facts = {
        "databases_n": len(databases),
        "databases": english_list(databases),
        "search_terms": english_list(f"“{t}”" for t in terms),
        "languages": english_list(search.loc[search["aspect"] == "language", "value"], "or"),
        "window": f"{month_phrase(window['published_from'])} to {month_phrase(window['published_to'])}",
        "boxes_not_reported_n": len(not_reported),
        "boxes_not_reported": english_list(not_reported["label"].str.lower()),
        "exclusion_reasons": english_list(f"{r.reason} ({r.n})" for r in reasons.itertuples()),
        "combined_boxes": english_list(prisma[prisma["status"] == "combined"]["label"].str.lower()),
    }
    facts.update({f"prisma_{box}": int(n) for box, n in reported.items()})
    if {"database_results", "records_excluded"} <= set(reported.index):
        facts["prisma_left_after_screening"] = int(reported["database_results"] - reported["records_excluded"])
    return facts


def inclusion_facts(review: Review) -> Facts:
    """Entries against distinct studies, designs, and the studies that fill several rows."""
    table = entries_vs_studies(review)
    by_entries, by_studies = design_counts(review, "entries"), design_counts(review, "studies")
    repeated = repeated_studies(review)
    facts: Facts = {
        "table1_entries": int(table.loc[TABLE1, "entries"]),
        "table2_entries": int(table.loc[TABLE2, "entries"]),
        "all_entries": int(table.loc[BOTH, "entries"]),
        "table1_studies": int(table.loc[TABLE1, "studies"]),
        "table2_studies": int(table.loc[TABLE2, "studies"]),
        "all_studies": int(table.loc[BOTH, "studies"]),
        "all_repeats": int(table.loc[BOTH, "repeats"]),
        # english_list adds only ", " and " and " to the parts, each of which md() escaped.
        "repeated_studies": Md(english_list(
            md(r.first_author, " ", r.year, " ", cite([r.ref], review.references), f" fills {r.entries} rows")
            for r in repeated.itertuples())),
        "studies_with_size": int(review.studies["n_total"].notna().sum()),
        "studies_with_test_size_only": int((review.studies["n_total"].isna() & review.studies["n_test"].notna()).sum()),
    }
    for design in DESIGNS:
        key = design.lower().replace("-", "_")
        facts[f"entries_{key}"] = int(by_entries.loc[design, BOTH])
        facts[f"studies_{key}"] = int(by_studies.loc[design, BOTH])
    facts["designs_entries"] = design_phrase(entries(review)["design"])
    facts["designs_studies"] = design_phrase(review.studies["design"])
    return facts


def factor_facts(review: Review, domain: str) -> Facts:
    """Facts for one domain of factors and for each of its factors (keys f1_..., domain_...)."""
    rows = entries(review)
    rows = rows[(rows["table"] == TABLE1) & (rows["domain"] == domain)]
    facts = group_facts(review, "domain", rows)
    for code in review.factor_codes.loc[review.factor_codes["domain"] == domain, "factor_id"]:
        facts.update(group_facts(review, f"f{code}", rows[rows["code"] == code]))
    facts.update(study_facts(review, rows["ref"]))
    for row in review.factors[review.factors["factor_id"].isin(rows["code"])].itertuples():
        facts[f"finding_{row.ref}_{row.factor_id}"] = str(row.finding)
    if domain == "bone cement":
        facts["fracture_line_n"] = fracture_line_rows(review)
    return facts


def fracture_line_rows(review: Review) -> int:
    """Rows of Table 1 whose better pain relief is cement at the fracture line."""
    return int(review.factors["finding"].str.contains("fracture line", case=False).sum())


def strategy_facts(review: Review) -> Facts:
    """Facts for all strategies and for each (keys s1_..., strategies_...)."""
    rows = entries(review)
    rows = rows[rows["table"] == TABLE2]
    facts = group_facts(review, "strategies", rows)
    for code in review.strategy_codes["strategy_id"]:
        facts.update(group_facts(review, f"s{code}", rows[rows["code"] == code]))
    uncontrolled = review.strategies[review.strategies["control_group"] == "/"]
    facts["uncontrolled_n"] = len(uncontrolled)
    facts["uncontrolled_cite"] = cite(uncontrolled["ref"], review.references)
    facts.update(study_facts(review, rows["ref"]))
    return facts


def conclusion_facts(review: Review) -> Facts:
    """The few facts that the conclusions restate, from every chapter."""
    rows = entries(review)
    factors, strategies = rows[rows["table"] == TABLE1], rows[rows["table"] == TABLE2]
    facts: Facts = {}
    for code in (1, 3, 4, 5, 6):
        facts.update(group_facts(review, f"f{code}", factors[factors["code"] == code]))
    for code in (1, 2):
        facts.update(group_facts(review, f"s{code}", strategies[strategies["code"] == code]))
    facts["fracture_line_n"] = fracture_line_rows(review)
    errors = factors[factors["code"].isin([5, 6])]
    facts["errors_cite"] = cite(errors["ref"], review.references)
    included = inclusion_facts(review)
    facts.update({k: included[k] for k in ("all_studies", "studies_prospective", "studies_meta_analysis", "studies_with_size",
                                           "studies_with_test_size_only")})
    return facts
