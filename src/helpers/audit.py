"""The reproducibility audit: every quantitative claim of the paper, recomputed from its own data.

Each row of ``data/claims.csv`` names a check; :func:`audit` runs it and classifies the claim
as consistent, inconsistent or not verifiable, with the recomputed value and a sentence that
explains the verdict.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from .citations import ref_ranges
from .counts import TABLE1, TABLE2, entries
from .prisma import flow_bounds
from .review import Review

CONSISTENT, INCONSISTENT, UNVERIFIABLE = "consistent", "inconsistent", "not verifiable"
STATUSES = (CONSISTENT, INCONSISTENT, UNVERIFIABLE)
COLUMNS = ["claim_id", "section", "page", "quote", "reported", "recomputed", "status", "explanation", "check"]


@dataclass(frozen=True)
class Verdict:
    status: str
    recomputed: str
    explanation: str


def parse_refs(text: str) -> list[int]:
    """'32-35, 37-39' -> [32, 33, 34, 35, 37, 38, 39]."""
    refs: list[int] = []
    for part in filter(None, (p.strip() for p in str(text).split(","))):
        first, _, last = part.partition("-")
        refs.extend(range(int(first), int(last or first) + 1))
    return refs


def title_design(title: str) -> str | None:
    """The design that a reference's title states, if any."""
    t = title.lower()
    if re.search(r"meta-analys|systematic review", t):
        return "Meta-analysis"
    if "retrospective" in t:
        return "Retrospective"
    if re.search(r"prospective|randomi[sz]ed|\btrial\b", t):
        return "Prospective"
    return None


class Context:
    """What the checks look things up in: the table rows, the studies, the references, the flow."""

    def __init__(self, review: Review):
        self.review = review
        rows = entries(review)
        groups = review.strategies.set_index("ref")["test_group"]
        rows["test_group"] = [groups.get(r, "") if t == TABLE2 else "" for r, t in zip(rows["ref"], rows["table"])]
        self.rows = rows
        self.studies = review.studies.set_index("ref")
        self.references = review.references.set_index("refnumber")
        self.bounds = flow_bounds(review.prisma)

    def select(self, target: str, refs: list[int] | None = None) -> pd.DataFrame:
        """Table rows matching ``target`` ('table=1&direction=no difference', 'factor=5|factor=6', ...)."""
        rows = self.rows
        if refs:
            rows = rows[rows["ref"].isin(refs)]
        for condition in filter(None, str(target or "").split("&")):
            keep = pd.Series(False, index=rows.index)
            for alternative in condition.split("|"):
                keep |= self._match(rows, alternative)
            rows = rows[keep]
        return rows

    @staticmethod
    def _match(rows: pd.DataFrame, condition: str) -> pd.Series:
        if "~" in condition:
            column, text = condition.split("~", 1)
            return rows[column].str.contains(text, regex=False)
        column, value = condition.split("=", 1)
        if column == "table":
            return pd.Series(True, index=rows.index) if value == "all" else rows["table"] == f"Table {value}"
        if column in ("factor", "strategy"):
            return (rows["table"] == (TABLE1 if column == "factor" else TABLE2)) & (rows["code"] == int(value))
        return rows[column] == value

    def year(self, ref: int) -> int:
        if ref in self.studies.index:
            return int(self.studies.at[ref, "year"])
        return int(self.references.at[ref, "year"])

    def label(self, ref: int) -> str:
        if ref in self.studies.index:
            return f"{self.studies.at[ref, 'first_author']} [{ref}]"
        return f"[{ref}]"


Claim = pd.Series
Check = Callable[[Claim, Context], Verdict]


def _rows_or_studies(reported: int, rows: pd.DataFrame, ctx: Context, what: str) -> Verdict:
    studies, n_rows = rows["ref"].nunique(), len(rows)
    recomputed = f"{studies} studies ({n_rows} table rows)" if studies != n_rows else f"{studies} studies"
    if reported == studies:
        return Verdict(CONSISTENT, recomputed, f"The tables list {studies} {what}.")
    repeated = rows[rows["ref"].duplicated(keep=False)].drop_duplicates("ref")
    if reported == n_rows and len(repeated):
        names = ", ".join(ctx.label(r) for r in repeated["ref"])
        return Verdict(INCONSISTENT, recomputed,
                       f"{reported} is the number of table rows, but {names} fills more than one row, so there are {studies} distinct {what}.")
    return Verdict(INCONSISTENT, recomputed, f"The tables list {studies} {what}, not {reported}.")


def check_study_count(claim: Claim, ctx: Context) -> Verdict:
    # The table's group when the claim names one (its citations are checked by refs_match), else its citations.
    rows = ctx.select(claim["target"]) if claim["target"] else ctx.select("", parse_refs(claim["refs"]))
    return _rows_or_studies(int(claim["reported"]), rows, ctx, "studies")


def check_prisma(claim: Claim, ctx: Context) -> Verdict:
    box, reported = claim["target"], int(claim["reported"])
    prisma = ctx.review.prisma.set_index("box")
    n = prisma.at[box, "n"]
    if pd.notna(n):
        if int(n) == reported:
            return Verdict(CONSISTENT, str(int(n)), f"The selection flow in the Results gives {int(n)} for this step.")
        return Verdict(INCONSISTENT, str(int(n)), f"The selection flow in the Results gives {int(n)} for this step, not {reported}.")
    bounds = ctx.bounds[box]
    if not bounds.allows(reported):
        return Verdict(INCONSISTENT, bounds.describe(),
                       f"The Results' flow ({bounds.derivation}) leaves {bounds.describe()} for this step, so it cannot be {reported}.")
    if bounds.low == bounds.high:
        return Verdict(CONSISTENT, bounds.describe(), f"The Results' flow ({bounds.derivation}) leaves exactly {reported}.")
    return Verdict(UNVERIFIABLE, bounds.describe(),
                   f"The Results do not report this step; their flow ({bounds.derivation}) allows {bounds.describe()}.")


def check_sum(claim: Claim, ctx: Context) -> Verdict:
    parts, total = claim["reported"].split("=")
    numbers = [int(p) for p in parts.split("+")]
    if sum(numbers) == int(total):
        return Verdict(CONSISTENT, str(sum(numbers)), f"{' + '.join(map(str, numbers))} = {sum(numbers)}, as stated.")
    return Verdict(INCONSISTENT, str(sum(numbers)), f"{' + '.join(map(str, numbers))} = {sum(numbers)}, not {total}.")


def check_group_size(claim: Claim, ctx: Context) -> Verdict:
    refs, reported = parse_refs(claim["refs"]), int(claim["reported"])
    sizes = ctx.studies.reindex(refs)
    stated = sizes["n_total"].dropna()
    quote = " ".join(str(claim["quote"]).split())
    if len(refs) == 1 and len(stated) == 1 and " ".join(str(sizes["n_source"].iloc[0]).split()) in quote:
        return Verdict(UNVERIFIABLE, str(int(stated.iloc[0])),
                       "This sentence is the only place the paper states the size; the data take it from here.")
    tests = sizes["n_test"].dropna()
    if len(refs) == 1 and stated.empty and len(tests) == 1 and " ".join(str(sizes["n_source"].iloc[0]).split()) in quote:
        return Verdict(UNVERIFIABLE, f"{int(tests.iloc[0])} in the test group",
                       "This sentence is the only place the paper states the number, which the data record as the size "
                       "of the test group; the paper gives no total for the study.")
    if len(stated) == len(refs):
        total = int(stated.sum())
        status = CONSISTENT if total == reported else INCONSISTENT
        return Verdict(status, str(total), f"The sizes the text states for {ref_ranges(refs)} add up to {total}"
                       + ("." if status == CONSISTENT else f", not {reported}."))
    missing = [ctx.label(r) for r in refs if r not in stated.index]
    rest = reported - int(stated.sum())
    if stated.empty:
        return Verdict(UNVERIFIABLE, "no sizes stated", f"The text states the size of none of {ref_ranges(refs)}.")
    if rest < len(missing):
        return Verdict(INCONSISTENT, f"{int(stated.sum())} or more",
                       f"The stated sizes already add up to {int(stated.sum())}, leaving too few for {', '.join(missing)}.")
    return Verdict(UNVERIFIABLE, f"{int(stated.sum())} + unknown",
                   f"The text states the sizes of {len(stated)} of {len(refs)} studies ({int(stated.sum())} in all); "
                   f"{', '.join(missing)} would need {rest} between them.")


def _design_counts(rows: pd.DataFrame) -> dict[str, int]:
    return rows.drop_duplicates("ref")["design"].value_counts().to_dict()


def check_design_count(claim: Claim, ctx: Context) -> Verdict:
    expected = {k: int(v) for k, v in (p.split("=") for p in claim["reported"].split(";"))}
    rows = ctx.select(claim["target"], parse_refs(claim["refs"]) if claim["refs"] else None)
    found = _design_counts(rows)
    recomputed = "; ".join(f"{d} {found.get(d, 0)}" for d in expected)
    wrong = [d for d, n in expected.items() if found.get(d, 0) != n]
    if not wrong:
        return Verdict(CONSISTENT, recomputed, "The tables give the same designs.")
    by_rows = rows["design"].value_counts().to_dict()
    if all(by_rows.get(d, 0) == n for d, n in expected.items()):
        repeated = rows[rows["ref"].duplicated(keep=False)].drop_duplicates("ref")
        names = ", ".join(ctx.label(r) for r in repeated["ref"])
        return Verdict(INCONSISTENT, recomputed,
                       f"These are counts of table rows; counted once each ({names} fills two rows), the studies are {recomputed}.")
    return Verdict(INCONSISTENT, recomputed, f"The tables give {recomputed}.")


def check_design_label(claim: Claim, ctx: Context) -> Verdict:
    label = claim["reported"]
    expected = "Prospective" if label == "trial" else label
    refs = parse_refs(claim["refs"]) if claim["refs"] else sorted(ctx.select(claim["target"])["ref"].unique())
    by_table: dict[str, list[int]] = {}
    by_title: list[str] = []
    checked = 0
    for ref in refs:
        design = ctx.studies.at[ref, "design"] if ref in ctx.studies.index else None
        named = title_design(str(ctx.references.at[ref, "title"]))
        checked += (design is not None) + (named is not None)
        if design is not None and design != expected:
            by_table.setdefault(design, []).append(ref)
        elif named is not None and named != expected:
            by_title.append(f"the title of {ctx.label(ref)} describes a {named.lower()} study")
    against = [f"the tables give {ctx.label(r[0]) if len(r) == 1 else f'[{ref_ranges(r)}]'} as {_plural(d, len(r))}"
               for d, r in by_table.items()] + by_title
    word = "trials" if label == "trial" else f"{label.lower()} studies"
    if against:
        text = "; ".join(against)
        return Verdict(INCONSISTENT, text, f"The text calls these {word}, but {text}.")
    if not checked:
        return Verdict(UNVERIFIABLE, "", "Neither the tables nor the titles state these studies' design.")
    return Verdict(CONSISTENT, label, "The tables and the titles that state a design agree.")


def _plural(design: str, n: int) -> str:
    if design == "Meta-analysis":
        return "a meta-analysis" if n == 1 else f"{n} meta-analyses"
    return f"{design.lower()}" if n == 1 else f"{design.lower()} ({n} studies)"


def check_refs_match(claim: Claim, ctx: Context) -> Verdict:
    cited = set(parse_refs(claim["refs"]))
    group = set(ctx.select(claim["target"])["ref"])
    if cited == group:
        return Verdict(CONSISTENT, ref_ranges(group), "The citations are exactly the table's group.")
    parts = []
    if cited - group:
        parts.append(f"it cites {ref_ranges(cited - group)}, which the table does not put in this group")
    if group - cited:
        parts.append(f"it leaves out {ref_ranges(group - cited)}, which the table does")
    return Verdict(INCONSISTENT, ref_ranges(group), f"The table's group is {ref_ranges(group)}: " + " and ".join(parts) + ".")


def check_not_tabled(claim: Claim, ctx: Context) -> Verdict:
    refs = parse_refs(claim["refs"])
    tabled = [r for r in refs if r in set(ctx.rows["ref"])]
    if tabled:
        return Verdict(INCONSISTENT, ref_ranges(tabled), f"The tables do list {ref_ranges(tabled)}.")
    return Verdict(CONSISTENT, f"{len(refs)} not tabled", f"Neither table lists {ref_ranges(refs)}.")


def check_year(claim: Claim, ctx: Context) -> Verdict:
    reported = int(claim["reported"])
    years = {r: ctx.year(r) for r in parse_refs(claim["refs"])}
    wrong = {r: y for r, y in years.items() if y != reported}
    recomputed = ", ".join(f"{ctx.label(r)} {y}" for r, y in years.items())
    if wrong:
        return Verdict(INCONSISTENT, recomputed,
                       "; ".join(f"{ctx.label(r)} was published in {y}" for r, y in wrong.items()) + f", not {reported}.")
    return Verdict(CONSISTENT, recomputed, "The years agree with the tables and the reference list.")


def check_year_range(claim: Claim, ctx: Context) -> Verdict:
    first, last = (int(y) for y in claim["reported"].split("-"))
    rows = ctx.select(claim["target"], parse_refs(claim["refs"]) if claim["refs"] else None)
    years = sorted(set(rows.drop_duplicates("ref")["year"]))
    recomputed = f"{years[0]}-{years[-1]}"
    outside = [y for y in years if not first <= y <= last]
    if outside:
        return Verdict(INCONSISTENT, recomputed, f"Studies of this group were published in {', '.join(map(str, outside))}.")
    return Verdict(CONSISTENT, recomputed, f"The studies were published from {years[0]} to {years[-1]}.")


def check_search_window(claim: Claim, ctx: Context) -> Verdict:
    start, end = (int(part[:4]) for part in claim["reported"].split("/"))
    rows = ctx.select(claim["target"], parse_refs(claim["refs"]) if claim["refs"] else None)
    years = rows.drop_duplicates("ref")
    outside = years[(years["year"] < start) | (years["year"] > end)]
    recomputed = f"{int(years['year'].min())}-{int(years['year'].max())}"
    if len(outside):
        return Verdict(INCONSISTENT, recomputed, "Published outside the search window: "
                       + ", ".join(f"{ctx.label(r)} ({y})" for r, y in zip(outside["ref"], outside["year"])) + ".")
    return Verdict(CONSISTENT, recomputed, f"Every included study was published from {start} to {end}; the tables give no months.")


def grim_denominators(numerator: int, percent: float, decimals: int, limit: int = 10_000) -> list[int]:
    """Group sizes n for which numerator/n rounds to the reported percentage (the GRIM test)."""
    return [n for n in range(max(numerator, 1), limit + 1) if round(100 * numerator / n, decimals) == percent]


def check_percentage(claim: Claim, ctx: Context) -> Verdict:
    fraction, percent_text = claim["reported"].split("=")
    percent_text = percent_text.rstrip("%")
    decimals = len(percent_text.partition(".")[2])
    percent = float(percent_text)
    if "/" in fraction:
        numerator, denominator = (int(x) for x in fraction.split("/"))
        value = round(100 * numerator / denominator, decimals)
        status = CONSISTENT if value == percent else INCONSISTENT
        return Verdict(status, f"{value:.{decimals}f}%",
                       f"{numerator}/{denominator} = {100 * numerator / denominator:.3f}%, which rounds to {value:.{decimals}f}%"
                       + ("." if status == CONSISTENT else f", not {percent_text}%."))
    numerator = int(fraction)
    possible = grim_denominators(numerator, percent, decimals)
    if not possible:
        return Verdict(INCONSISTENT, "no group size", f"No group size gives {numerator} as {percent_text}%.")
    return Verdict(UNVERIFIABLE, "n = " + " or ".join(map(str, possible)),
                   f"The text does not state the group size; {numerator} is {percent_text}% only of "
                   + " or ".join(map(str, possible)) + " participants.")


def check_partition(claim: Claim, ctx: Context) -> Verdict:
    ranges = [tuple(int(x) for x in part.split("-")) for part in claim["reported"].split(";")]
    problems = []
    for (a_low, a_high), (b_low, b_high) in zip(ranges, ranges[1:]):
        if b_low <= a_high:
            problems.append(f"{a_low}-{a_high}% and {b_low}-{b_high}% overlap at {b_low}%")
        elif b_low > a_high + 1:
            problems.append(f"nothing covers {a_high + 1}-{b_low - 1}%")
    if ranges[0][0] != 0 or ranges[-1][1] != 100:
        problems.append("the groups do not cover 0-100%")
    if problems:
        return Verdict(INCONSISTENT, "; ".join(problems), "The groups are not a partition: " + "; ".join(problems) + ".")
    return Verdict(CONSISTENT, "a partition of 0-100%", "The groups cover 0-100% without overlap.")


def check_table_text(claim: Claim, ctx: Context) -> Verdict:
    wanted = claim["reported"].replace(" ", "").lower()
    cells = list(ctx.review.factors.loc[ctx.review.factors["ref"].isin(parse_refs(claim["refs"])), "finding"])
    cells += list(ctx.review.strategies.loc[ctx.review.strategies["ref"].isin(parse_refs(claim["refs"])), "test_group"])
    found = [c for c in cells if wanted in c.replace(" ", "").lower()]
    if found:
        return Verdict(CONSISTENT, found[0], f"The table's cell reads \u201c{found[0]}\u201d.")
    return Verdict(INCONSISTENT, "; ".join(cells), f"The table's cells read {'; '.join(cells)}.")


def check_title_number(claim: Claim, ctx: Context) -> Verdict:
    [ref] = parse_refs(claim["refs"])
    title = str(ctx.references.at[ref, "title"])
    numbers = [int(n.replace(",", "")) for n in re.findall(r"(\d[\d,]*) (?:patients|cases)", title, flags=re.I)]
    if not numbers:
        return Verdict(UNVERIFIABLE, "", "The reference's title states no number of patients.")
    status = CONSISTENT if int(claim["reported"]) in numbers else INCONSISTENT
    return Verdict(status, str(numbers[0]), f"The title of {ctx.label(ref)} gives {numbers[0]} patients.")


def check_list_count(claim: Claim, ctx: Context) -> Verdict:
    target, reported = claim["target"], int(claim["reported"])
    review = ctx.review
    if target == "domains":
        count, what = review.factor_codes["domain"].nunique(), "domains of factors in Table 1's legend"
    elif target == "strategies":
        count, what = len(review.strategy_codes), "strategies in Table 2's legend"
    elif target.startswith("factors="):
        count, what = len(target.split("=")[1].split(",")), "factors of Table 1 on this topic"
    else:
        count, what = int((review.search["aspect"] == target).sum()), f"{target} rows in the search data"
    status = CONSISTENT if count == reported else INCONSISTENT
    return Verdict(status, str(count), f"There are {count} {what}.")


def check_table_count(claim: Claim, ctx: Context) -> Verdict:
    tables = sorted(set(ctx.rows["table"]))  # the evidence tables the data hold rows of
    count = len(tables)
    status = CONSISTENT if int(claim["reported"]) == count else INCONSISTENT
    return Verdict(status, str(count), f"The paper has {count} tables, {' and '.join(tables)}.")


def check_legend_codes(claim: Claim, ctx: Context) -> Verdict:
    first, last = (int(x) for x in claim["reported"].split("-"))
    if claim["target"] == "factor":
        legend, used = set(ctx.review.factor_codes["factor_id"]), set(ctx.review.factors["factor_id"])
    else:
        legend, used = set(ctx.review.strategy_codes["strategy_id"]), set(ctx.review.strategies["strategy_id"])
    expected = set(range(first, last + 1))
    if legend == expected == used:
        return Verdict(CONSISTENT, f"{first}-{last}", "Every number of the legend is used in the table, and no other.")
    return Verdict(INCONSISTENT, ref_ranges(used), f"The legend numbers {ref_ranges(legend)}; the table uses {ref_ranges(used)}.")


def check_table_years(claim: Claim, ctx: Context) -> Verdict:
    rows = ctx.select(claim["target"]).drop_duplicates("ref")
    wrong = [f"{ctx.label(r)}: {y} in the table, {int(ctx.references.at[r, 'year'])} in the reference list"
             for r, y in zip(rows["ref"], rows["year"]) if int(ctx.references.at[r, "year"]) != y]
    if wrong:
        return Verdict(INCONSISTENT, "; ".join(wrong), "; ".join(wrong) + ".")
    return Verdict(CONSISTENT, f"{len(rows)} studies", "Every year in the table matches the reference list.")


def check_table_designs(claim: Claim, ctx: Context) -> Verdict:
    rows = ctx.select(claim["target"]).drop_duplicates("ref")
    wrong, named = [], 0
    for ref, design in zip(rows["ref"], rows["design"]):
        stated = title_design(str(ctx.references.at[ref, "title"]))
        if stated:
            named += 1
            if stated != design:
                wrong.append(f"{ctx.label(ref)} is {design.lower()} in the table, but its title calls it {stated.lower()}")
    if wrong:
        return Verdict(INCONSISTENT, "; ".join(wrong), "; ".join(wrong) + ".")
    return Verdict(CONSISTENT, f"{named} titles state a design", "Every title that states a design agrees with the table.")


def check_none(claim: Claim, ctx: Context) -> Verdict:
    return Verdict(UNVERIFIABLE, "", str(claim["note"]) or "The review's data do not record this.")


CHECKS: dict[str, Check] = {
    "prisma": check_prisma, "sum": check_sum, "group_size": check_group_size, "study_count": check_study_count,
    "design_count": check_design_count, "design_label": check_design_label, "refs_match": check_refs_match,
    "not_tabled": check_not_tabled, "year": check_year, "year_range": check_year_range,
    "search_window": check_search_window, "percentage": check_percentage, "partition": check_partition,
    "table_text": check_table_text, "title_number": check_title_number, "list_count": check_list_count,
    "table_count": check_table_count, "legend_codes": check_legend_codes, "table_years": check_table_years,
    "table_designs": check_table_designs, "none": check_none,
}


def audit(review: Review) -> pd.DataFrame:
    """One row per claim of claims.csv: what the paper reports, what its data give, the status and why."""
    ctx = Context(review)
    rows = []
    for _, claim in review.claims.astype(object).fillna("").iterrows():
        verdict = CHECKS[claim["check"]](claim, ctx)
        rows.append({**{c: claim[c] for c in ("claim_id", "section", "page", "quote", "reported", "check")},
                     "recomputed": verdict.recomputed, "status": verdict.status, "explanation": verdict.explanation})
    return pd.DataFrame(rows, columns=COLUMNS)


def to_csv(findings: pd.DataFrame) -> str:
    """The audit table as CSV text, the same bytes for the same data."""
    return findings.to_csv(index=False, lineterminator="\n")
