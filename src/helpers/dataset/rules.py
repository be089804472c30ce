"""The review's own rules, beyond what a table schema can say: cross-file and arithmetic checks."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from .audit_checks import BY_NAME, CITED_FOR, PRISMA_BOX, ROWS, SEARCH_ASPECT
from .checklists import AMSTAR2_CRITICAL, AMSTAR2_ITEMS, AMSTAR2_META_ANALYSIS, AMSTAR2_PARTIAL_YES, PRISMA2020_ITEMS
from .errors import Problem
from .prisma import BOXES, check_flow
from .toc import TOC, book_pages
from .vocabulary import (
    CRITICAL,
    DESIGNS,
    DOWN_JUDGEMENTS,
    GRADE_DOMAINS,
    META_ANALYSIS,
    NO_DIFFERENCE,
    NO_META_ANALYSIS,
    NOT_CRITICAL,
    NOT_REPORTED,
    PARTIAL_YES,
    POOLS_RANDOMISED,
    RATING_UP,
    UP_JUDGEMENTS,
    YES,
)

#: Reports a problem at row ``i`` (0-based, as in the frame) of a table, in a column.
Report = Callable[[str, int, str, str], None]

#: How the tables print a row that found no difference, in the finding or better-group cell.
PRINTED_NO_DIFFERENCE = "No difference"


def check_studies(frames: dict[str, pd.DataFrame], report: Report) -> None:
    studies, factors, strategies = frames["studies"], frames["factors"], frames["strategies"]
    in_table1, in_table2 = set(factors["ref"]), set(strategies["ref"])
    for i, row in studies.iterrows():
        ref = row["ref"]
        if ref not in in_table1 | in_table2:
            report("studies", i, "ref", f"study {ref} is in neither factors.csv (Table 1) nor strategies.csv (Table 2)")
        if ref in in_table1 and pd.isna(row["operation"]):
            report(
                "studies", i, "operation", f"study {ref} is in Table 1, which states its operation; the cell is empty"
            )
        if ref not in in_table1 and pd.notna(row["operation"]):
            report(
                "studies",
                i,
                "operation",
                f"study {ref} is only in Table 2, which has no operation column; leave it empty",
            )
        total, test, control = row["n_total"], row["n_test"], row["n_control"]
        if pd.notna(test) and pd.notna(control) and pd.notna(total) and test + control != total:
            report("studies", i, "n_total", f"n_test + n_control = {test + control}, not n_total = {total}")
        for part in ("n_test", "n_control"):
            if pd.notna(row[part]) and pd.notna(total) and row[part] > total:
                report("studies", i, part, f"{part} = {row[part]} exceeds n_total = {total}")
        stated = any(pd.notna(row[c]) for c in ("n_total", "n_test", "n_control"))
        if stated and pd.isna(row["n_source"]):
            report("studies", i, "n_source", "participant numbers need the quote that states them")
        if not stated and pd.notna(row["n_source"]):
            report("studies", i, "n_source", "a quote is given but no participant number")


def check_directions(frames: dict[str, pd.DataFrame], report: Report) -> None:
    for name, verbatim in (("factors", "finding"), ("strategies", "better_group")):
        for i, row in frames[name].iterrows():
            says_none = row[verbatim] == PRINTED_NO_DIFFERENCE
            if says_none != (row["direction"] == NO_DIFFERENCE):
                report(name, i, "direction", f'"{row["direction"]}" does not match the {verbatim} "{row[verbatim]}"')


def check_bibliography(frames: dict[str, pd.DataFrame], bib: pd.DataFrame, report: Report) -> None:
    numbers = dict(zip(bib["bibkey"], bib["refnumber"]))
    for i, row in frames["studies"].iterrows():
        key = row["bibkey"]
        if key not in numbers:
            report("studies", i, "bibkey", f'"{key}" is not an entry of references.bib')
        elif numbers[key] != row["ref"]:
            report("studies", i, "bibkey", f"references.bib gives {key} refnumber {numbers[key]}, not {row['ref']}")


def check_prisma(frames: dict[str, pd.DataFrame], report: Report) -> None:
    prisma = frames["prisma"]
    present = list(prisma["box"])
    for box in BOXES:
        if box not in present:
            report(
                "prisma",
                len(prisma),
                "box",
                f"box {box} is missing; keep every box, with status 'not reported' if need be",
            )
    order = [b for b in BOXES if b in present]
    if present != order:
        report("prisma", 0, "box", f"boxes are out of the diagram's order; expected {', '.join(order)}")
    status_of = dict(zip(prisma["box"], prisma["status"]))
    for i, row in prisma.iterrows():
        status, has_n = row["status"], pd.notna(row["n"])
        if status == "reported":
            if not has_n:
                report("prisma", i, "n", "status is 'reported' but n is empty")
            for column in ("section", "source_text"):
                if pd.isna(row[column]):
                    report("prisma", i, column, f"a reported count needs its {column}")
        elif has_n:
            report("prisma", i, "n", f"status is '{status}', so n must be empty")
        if status == "combined":
            target = row["counted_in"]
            if pd.isna(target):
                report("prisma", i, "counted_in", "a combined box names the box whose count includes it")
            elif status_of.get(target) != "reported":
                report("prisma", i, "counted_in", f"box {target} holds no reported count")
        elif pd.notna(row["counted_in"]):
            report("prisma", i, "counted_in", "only a 'combined' box names counted_in")
    line_of = {box: i for i, box in enumerate(prisma["box"])}
    for problem in check_flow(prisma):
        report("prisma", line_of[problem.box], "n", f"{problem.box} {problem.message}")

    reasons = frames["prisma_reasons"]
    n_of = dict(zip(prisma["box"], prisma["n"]))
    for box, group in reasons.groupby("box", sort=False):
        total, expected = int(group["n"].sum()), n_of.get(box)
        if expected is not None and pd.notna(expected) and total != expected:
            report(
                "prisma_reasons",
                group.index[0],
                "n",
                f"the reasons for {box} add up to {total}, but prisma.csv gives {expected}",
            )


def check_search(frames: dict[str, pd.DataFrame], report: Report) -> None:
    search = frames["search"]
    months = {}
    for i, row in search.iterrows():
        if row["aspect"] in ("published_from", "published_to"):
            if not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", str(row["value"])):
                report("search", i, "value", f'"{row["value"]}" is not a month written YYYY-MM')
            elif row["aspect"] in months:
                report("search", i, "aspect", f"{row['aspect']} is given twice")
            else:
                months[row["aspect"]] = (i, str(row["value"]))
    if len(months) == 2 and months["published_from"][1] > months["published_to"][1]:
        report("search", months["published_to"][0], "value", "the search window ends before it starts")


#: What cited_for's target may say of a cited reference (helpers.analysis.audit.check_cited_for reads it).
_CITED_FOR = re.compile(
    r"(topic=[^;=]+|near=[^;=]+|kind=(study|clinical|journal literature)|design=("
    + "|".join(DESIGNS)
    + r")|author=[^;=]+|year=\d{4})"
)
_CONDITION = re.compile(r"(table=(1|2|all)|domain=.+|factor=\d+|strategy=\d+|direction=.+|design=.+|test_group~.+)")


def _refs(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        out.extend(range(int(first), int(last or first) + 1))
    return out


def check_claims(frames: dict[str, pd.DataFrame], bib: pd.DataFrame, report: Report) -> None:
    numbers = set(bib["refnumber"].dropna().astype(int))
    boxes = set(frames["prisma"]["box"])
    for i, row in frames["claims"].iterrows():
        check, reported, target = BY_NAME.get(row["check"]), str(row["reported"]), row["target"]
        if check is None:
            report("claims", i, "check", f'"{row["check"]}" is not one of the audit\'s checks: {", ".join(BY_NAME)}')
            continue
        if not re.fullmatch(check.reported, reported):
            report("claims", i, "reported", f'"{reported}" is not how the {check.name} check reads a value')
        if pd.isna(row["refs"]):
            if check.needs_refs:
                report("claims", i, "refs", f"the {check.name} check needs the references the claim is about")
        else:
            unknown = sorted(set(_refs(row["refs"])) - numbers)
            if unknown:
                report("claims", i, "refs", f"no reference has the number {', '.join(map(str, unknown))}")
        if check.target == PRISMA_BOX and target not in boxes:
            report("claims", i, "target", f'"{target}" is not {PRISMA_BOX}')
        elif check.target == CITED_FOR:
            parts = str(target).split(";") if pd.notna(target) else []
            if not parts or not all(_CITED_FOR.fullmatch(part) for part in parts):
                report(
                    "claims",
                    i,
                    "target",
                    f'"{target}" is not what a citation says of its reference: topic=, near=, kind=, design=, '
                    "author= or year=, joined by ;",
                )
        elif check.target == SEARCH_ASPECT and target not in set(frames["search"]["aspect"]):
            report("claims", i, "target", f'"{target}" is not {SEARCH_ASPECT}')
        elif check.target == ROWS and pd.notna(target):
            for condition in str(target).split("&"):
                if not all(_CONDITION.fullmatch(c) for c in condition.split("|")):
                    report("claims", i, "target", f'"{condition}" is not {ROWS}')


def check_randomisation(frames: dict[str, pd.DataFrame], report: Report) -> None:
    for i, row in frames["studies"].iterrows():
        if pd.notna(row["randomised"]) and pd.isna(row["randomised_span"]):
            report(
                "studies", i, "randomised_span", "a study recorded as randomised needs the paper's words that say so"
            )
        if pd.isna(row["randomised"]) and pd.notna(row["randomised_span"]):
            report(
                "studies", i, "randomised", "the paper's words are given, but not what they say of the randomisation"
            )
        if pd.notna(row["randomised"]) and row["randomised"] == POOLS_RANDOMISED and row["design"] != META_ANALYSIS:
            report(
                "studies",
                i,
                "randomised",
                f"only a meta-analysis pools randomised trials; this study is {row['design']}",
            )


def check_overlaps_and_harms(frames: dict[str, pd.DataFrame], report: Report) -> None:
    designs = dict(zip(frames["studies"]["ref"], frames["studies"]["design"]))
    for i, row in frames["overlaps"].iterrows():
        refs = _refs(row["refs"])
        if len(set(refs)) < 2:
            report("overlaps", i, "refs", "an overlap needs two meta-analyses or more")
        for ref in refs:
            if designs.get(ref) != META_ANALYSIS:
                report("overlaps", i, "refs", f"study {ref} is not an included meta-analysis (studies.csv)")
    for i, row in frames["harms"].iterrows():
        unknown = sorted(set(_refs(row["refs"])) - set(designs))
        if unknown:
            report("harms", i, "refs", f"no included study has the number {', '.join(map(str, unknown))} (studies.csv)")


def check_certainty(frames: dict[str, pd.DataFrame], report: Report) -> None:
    """Each body of evidence has each GRADE domain once, judged in that domain's words, on included
    studies that no other body of the question holds, with the rows or the paper's words it rests on."""
    certainty, known = frames["certainty"], set(frames["studies"]["ref"])
    seen: dict[tuple[str, str], dict[str, int]] = {}
    studies_of: dict[tuple[str, str], tuple[int, str]] = {}
    for i, row in certainty.iterrows():
        key = (row["question_id"], row["body"])
        domains = seen.setdefault(key, {})
        if row["domain"] in domains:
            report("certainty", i, "domain", f"{row['domain']} is judged twice for {key[0]}, {key[1]}")
        domains[row["domain"]] = i
        allowed = UP_JUDGEMENTS if row["domain"] == RATING_UP else DOWN_JUDGEMENTS
        if row["judgement"] not in allowed:
            report(
                "certainty",
                i,
                "judgement",
                f'"{row["judgement"]}" is not a judgement of {row["domain"]}: one of {", ".join(allowed)}',
            )
        studies = _refs(row["studies"])
        unknown = sorted(set(studies) - known)
        if unknown:
            report(
                "certainty",
                i,
                "studies",
                f"no included study has the number {', '.join(map(str, unknown))} (studies.csv)",
            )
        if key in studies_of and studies_of[key][1] != row["studies"]:
            report(
                "certainty",
                i,
                "studies",
                f"the other judgements of {key[0]}, {key[1]} were made on {studies_of[key][1]}",
            )
        studies_of.setdefault(key, (i, row["studies"]))
        if pd.notna(row["refs"]):
            outside = sorted(set(_refs(row["refs"])) - set(studies))
            if outside:
                report(
                    "certainty",
                    i,
                    "refs",
                    f"{', '.join(map(str, outside))} not among the studies of this body ({row['studies']})",
                )
        elif pd.isna(row["span"]):
            report(
                "certainty",
                i,
                "span",
                "a judgement rests on table rows (refs) or the paper's words (span); both are empty",
            )
    for (question, body), domains in seen.items():
        missing = [d for d in GRADE_DOMAINS if d not in domains]
        if missing:
            report(
                "certainty",
                max(domains.values()),
                "domain",
                f"{question}, {body} has no judgement of {', '.join(missing)}",
            )
    for question in set(certainty["question_id"]):
        bodies = [(body, set(_refs(s))) for (q, body), (_, s) in studies_of.items() if q == question]
        for n, (body, refs) in enumerate(bodies):
            for other, other_refs in bodies[n + 1 :]:
                if refs & other_refs:
                    report(
                        "certainty",
                        studies_of[(question, other)][0],
                        "studies",
                        f"{question}'s bodies {body!r} and {other!r} share studies {sorted(refs & other_refs)}",
                    )
    rated = set(certainty["question_id"])
    for i, row in frames["questions"].iterrows():
        if row["question_id"] not in rated:
            report("questions", i, "question_id", f"{row['question_id']} has no judgement in certainty.csv")


#: How the spans of the appraisal separate the paper's passages.
SPAN_SEPARATOR = " | "


def _check_items(name: str, items: list, expected: tuple, report: Report) -> None:
    """Each item of a checklist once, none other, in the checklist's order."""
    for i, item in enumerate(items):
        if item not in expected:
            report(name, i, "item", f"{item} is not an item of the checklist")
    missing = [str(item) for item in expected if item not in items]
    if missing:
        report(
            name,
            len(items),
            "item",
            f"item{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing: keep every item of the checklist",
        )
    known = [item for item in items if item in expected]
    if known != sorted(known, key=expected.index):
        report(name, 0, "item", "items are out of the checklist's order")


def _check_spans(name: str, i: int, span: object, needed: bool, answer: str, report: Report) -> None:
    if pd.isna(span):
        if needed:
            report(name, i, "span", f"the answer '{answer}' needs the paper's words that it rests on")
    elif any(not part.strip() for part in str(span).split(SPAN_SEPARATOR)):
        report(
            name,
            i,
            "span",
            f"an empty passage: passages are separated by '{SPAN_SEPARATOR}', each holding the paper's words",
        )


def check_appraisal(frames: dict[str, pd.DataFrame], report: Report) -> None:
    """The appraisal by AMSTAR 2 and PRISMA 2020: every item once, in order; AMSTAR 2's critical domains and
    the answers each item offers; the paper's words for every item that the answer says the paper reports."""
    amstar2 = frames["amstar2"]
    _check_items("amstar2", list(amstar2["item"]), AMSTAR2_ITEMS, report)
    for i, row in amstar2.iterrows():
        item, answer = row["item"], row["answer"]
        expected = CRITICAL if item in AMSTAR2_CRITICAL else NOT_CRITICAL
        if item in AMSTAR2_ITEMS and row["critical"] != expected:
            report(
                "amstar2",
                i,
                "critical",
                f"AMSTAR 2's critical domains are items {', '.join(map(str, sorted(AMSTAR2_CRITICAL)))}: "
                f"item {item} is '{expected}'",
            )
        if answer == PARTIAL_YES and item not in AMSTAR2_PARTIAL_YES:
            report(
                "amstar2",
                i,
                "answer",
                f"item {item} offers no '{PARTIAL_YES}' (only items "
                f"{', '.join(map(str, sorted(AMSTAR2_PARTIAL_YES)))} do)",
            )
        if answer == NO_META_ANALYSIS and item not in AMSTAR2_META_ANALYSIS:
            report(
                "amstar2",
                i,
                "answer",
                f"item {item} offers no '{NO_META_ANALYSIS}' (only items "
                f"{', '.join(map(str, sorted(AMSTAR2_META_ANALYSIS)))} do)",
            )
        _check_spans("amstar2", i, row["span"], answer in (YES, PARTIAL_YES), answer, report)

    prisma2020 = frames["prisma2020"]
    _check_items("prisma2020", list(prisma2020["item"]), tuple(PRISMA2020_ITEMS), report)
    for i, row in prisma2020.iterrows():
        item, reported = row["item"], row["reported"]
        if item in PRISMA2020_ITEMS and row["section"] != PRISMA2020_ITEMS[item]:
            report("prisma2020", i, "section", f"item {item} is in the section {PRISMA2020_ITEMS[item]} of PRISMA 2020")
        if reported == NOT_REPORTED and pd.notna(row["span"]):
            report(
                "prisma2020",
                i,
                "span",
                f"an item that is '{NOT_REPORTED}' quotes nothing: give the words and rate it "
                f"partly reported, or leave the span empty",
            )
        else:
            _check_spans("prisma2020", i, row["span"], reported != NOT_REPORTED, reported, report)


def check_pages(frames: dict[str, pd.DataFrame], report: Report) -> None:
    """A row that names a page of the book names one that _toc.yml declares."""
    pages = book_pages()
    for name, frame in frames.items():
        if "page" in frame.columns:
            for i, page in frame["page"].items():
                if pd.notna(page) and page not in pages:
                    report(name, i, "page", f'"{page}" is not a page of the book ({TOC}): {", ".join(pages)}')


def review_problems(
    frames: dict[str, pd.DataFrame], bib: pd.DataFrame, lines: dict[str, list[int]], display: dict[str, str]
) -> list[Problem]:
    """Every violation of the review's own rules, each at its file, line and column."""
    problems: list[Problem] = []

    def report(name: str, i: int, column: str, message: str) -> None:
        rows = lines[name]
        line = rows[i] if i < len(rows) else (rows[-1] + 1 if rows else 2)
        problems.append(Problem(display[name], line, column, message))

    check_studies(frames, report)
    check_directions(frames, report)
    check_bibliography(frames, bib, report)
    check_prisma(frames, report)
    check_search(frames, report)
    check_claims(frames, bib, report)
    check_pages(frames, report)
    check_randomisation(frames, report)
    check_overlaps_and_harms(frames, report)
    check_certainty(frames, report)
    check_appraisal(frames, report)
    return problems
