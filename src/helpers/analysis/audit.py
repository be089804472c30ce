"""The reproducibility audit: every quantitative claim of the paper, recomputed from its own data.

Each row of ``data/claims.csv`` names a check of helpers.dataset.audit_checks; :func:`audit` runs it
and classifies the claim as consistent, imprecise, inconsistent or not verifiable, with the
recomputed value and a sentence that explains the verdict. Claims that share a root cause name the same row of
``data/problems.csv``, so a fault the paper repeats counts once as a problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..dataset.audit_checks import AUDIT_CHECKS
from ..dataset.prisma import flow_bounds
from ..dataset.review import Review
from ..dataset.vocabulary import (
    DIFFERENCE,
    FAVOURS_TEST,
    META_ANALYSIS,
    NO_DIFFERENCE,
    PROSPECTIVE,
    RETROSPECTIVE,
    TABLE1,
    TABLE2,
)
from .citations import parse_refs, ref_ranges
from .counts import entries, select
from .wording import (
    count_phrase,
    design_noun,
    english_list,
    label_case,
    noun,
    number_word,
    pronoun,
    share_sentence,
    split_phrase,
)

CONSISTENT, IMPRECISE, INCONSISTENT, UNVERIFIABLE = "consistent", "imprecise", "inconsistent", "not verifiable"
#: consistent: the paper's own content gives what the claim says; imprecise: the wording is loose
#: (a boundary, a name order, a word) but nothing it says is contradicted; inconsistent: the paper's
#: own content contradicts it; not verifiable: the paper holds nothing to check it against.
STATUSES = (CONSISTENT, IMPRECISE, INCONSISTENT, UNVERIFIABLE)
#: The verdicts that a problem of problems.csv must explain.
FAULTS = (IMPRECISE, INCONSISTENT)
COLUMNS = [
    "claim_id",
    "section",
    "page",
    "quote",
    "reported",
    "recomputed",
    "status",
    "explanation",
    "check",
    "problem",
]


@dataclass(frozen=True)
class Verdict:
    status: str
    recomputed: str
    explanation: str


def title_design(title: str) -> str | None:
    """The design that a reference's title states, if any."""
    t = title.lower()
    if re.search(r"meta-analys|systematic review", t):
        return META_ANALYSIS
    if "retrospective" in t:
        return RETROSPECTIVE
    if re.search(r"prospective|randomi[sz]ed|\btrial\b", t):
        return PROSPECTIVE
    return None


def title_design_word(title: str) -> str:
    """The words of a title that state its design, as title_design reads them ('a trial', 'retrospective')."""
    for pattern, word in (
        (r"meta-analys", "a meta-analysis"),
        (r"systematic review", "a systematic review"),
        (r"retrospective", "retrospective"),
        (r"prospective", "prospective"),
        (r"\btrial\b", "a trial"),
        (r"(?<!non-)randomi[sz]ed", "randomised"),
    ):
        if re.search(pattern, title, flags=re.I):
            return word
    return "nothing"


class Context:
    """What the checks look things up in: the table rows, the studies, the references, the flow."""

    def __init__(self, review: Review):
        self.review = review
        self.rows = entries(review)
        self.studies = review.studies.set_index("ref")
        self.references = review.references.set_index("refnumber")
        self.bounds = flow_bounds(review.prisma)
        self._selected: dict[tuple[str, tuple[int, ...]], pd.DataFrame] = {}

    def select(self, target: str, refs: list[int] | None = None) -> pd.DataFrame:
        """Table rows matching ``target`` (see :func:`helpers.analysis.counts.select`), among ``refs`` if given.

        The checks ask for the same few selections hundreds of times; each is made once (callers only read it).
        """
        key = (str(target or ""), tuple(refs or ()))
        if key not in self._selected:
            self._selected[key] = select(self.rows, target, refs)
        return self._selected[key]

    def year(self, ref: int) -> int:
        if ref in self.studies.index:
            return int(self.studies.at[ref, "year"])
        return int(self.references.at[ref, "year"])

    def describe(self, target: str) -> str:
        """A selection in words: 'the Table 2 rows under “Improve osteoporosis” whose test group mentions ZOL'."""
        rows = self.select(target)
        names = list(dict.fromkeys(rows["name"]))
        tables = english_list(sorted(set(rows["table"])))
        under = f" under {english_list(chr(0x201C) + n + chr(0x201D) for n in names)}" if len(names) <= 4 else ""
        where = f"the {tables} rows{under}"
        for condition in str(target or "").split("&"):
            if condition.startswith("test_group~"):
                where += f" whose test group mentions {condition.split('~', 1)[1]}"
        return where

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
        refs = sorted(set(rows["ref"]))
        return Verdict(CONSISTENT, recomputed, f"The tables list {number_word(studies)} {what}, [{ref_ranges(refs)}].")
    repeated = rows[rows["ref"].duplicated(keep=False)].drop_duplicates("ref")
    if reported == n_rows and len(repeated):
        names = ", ".join(ctx.label(r) for r in repeated["ref"])
        return Verdict(
            INCONSISTENT,
            recomputed,
            f"The tables have {reported} rows {'in all' if len(rows) == len(ctx.rows) else 'in this group'}, but "
            f"{names} fills two of them, so there are "
            f"{number_word(studies)} distinct {what}.",
        )
    return Verdict(INCONSISTENT, recomputed, f"The tables list {number_word(studies)} {what}, not {reported}.")


def check_study_count(claim: Claim, ctx: Context) -> Verdict:
    # The table's group when the claim names one (its citations are checked by refs_match), else its citations.
    rows = ctx.select(claim["target"]) if claim["target"] else ctx.select("", parse_refs(claim["refs"]))
    verdict = _rows_or_studies(int(claim["reported"]), rows, ctx, "studies")
    cited = set(parse_refs(claim["refs"])) if claim["refs"] else set()
    if verdict.status == CONSISTENT and cited and cited != set(rows["ref"]):
        return Verdict(
            CONSISTENT,
            verdict.recomputed,
            verdict.explanation[:-1]
            + f"; the count agrees, though the sentence cites [{ref_ranges(cited)}] "
            + _citation_claim(claim, ctx)
            + ".",
        )
    return verdict


def _citation_claim(claim: Claim, ctx: Context) -> str:
    """Which claim checks the citations of the same sentence: '(claim C100, under the citation groups, says how they
    differ)'."""
    claims = ctx.review.claims
    same = claims[(claims["quote"] == claim["quote"]) & (claims["check"] == "refs_match")]
    if same.empty:
        return ""
    return f"(claim {same['claim_id'].iloc[0]}, under the citation groups, says how they differ)"


def check_prisma(claim: Claim, ctx: Context) -> Verdict:
    box, reported = claim["target"], int(claim["reported"])
    prisma = ctx.review.prisma.set_index("box")
    n = prisma.at[box, "n"]
    if pd.notna(n):
        if int(n) == reported:
            if claim["section"] == "Results":  # the flow itself: what the other sections' counts are checked against
                return Verdict(
                    CONSISTENT,
                    str(int(n)),
                    "This is the Results' own flow, against which the other counts are checked.",
                )
            return Verdict(CONSISTENT, str(int(n)), f"The selection flow in the Results gives {int(n)} for this step.")
        return Verdict(
            INCONSISTENT,
            str(int(n)),
            f"The selection flow in the Results gives {int(n)} for this step, not {reported}.",
        )
    bounds = ctx.bounds[box]
    if not bounds.allows(reported):
        return Verdict(
            INCONSISTENT,
            bounds.describe(),
            f"The Results' flow ({bounds.derivation}) leaves {bounds.describe()} for this step, so it cannot "
            f"be {reported}.",
        )
    if bounds.low == bounds.high:
        return Verdict(
            CONSISTENT, bounds.describe(), f"The Results' flow ({bounds.derivation}) leaves exactly {reported}."
        )
    return Verdict(
        UNVERIFIABLE,
        bounds.describe(),
        f"The Results do not report this step; their flow ({bounds.derivation}) allows {bounds.describe()}.",
    )


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
        return Verdict(
            UNVERIFIABLE,
            str(int(stated.iloc[0])),
            "The paper gives this size only here, so there is nothing to check it against.",
        )
    tests = sizes["n_test"].dropna()
    if (
        len(refs) == 1
        and stated.empty
        and len(tests) == 1
        and " ".join(str(sizes["n_source"].iloc[0]).split()) in quote
    ):
        return Verdict(
            UNVERIFIABLE,
            f"{int(tests.iloc[0])} in the test group",
            "The paper gives this number only here. It can be read as the study's total or as its test group; "
            "this edition records it as the test group, and the paper gives no other size.",
        )
    if len(stated) == len(refs):
        total = int(stated.sum())
        status = CONSISTENT if total == reported else INCONSISTENT
        return Verdict(
            status,
            str(total),
            f"The sizes the text states for [{ref_ranges(refs)}] add up to {total:,}"
            + ("." if status == CONSISTENT else f", not {reported}."),
        )
    missing = [ctx.label(r) for r in refs if r not in stated.index]
    rest = reported - int(stated.sum())
    if stated.empty:
        partial = [f"{ctx.label(r)} ({int(n)} in the test group)" for r, n in sizes["n_test"].dropna().items()]
        return Verdict(
            UNVERIFIABLE,
            "no totals stated",
            f"The paper gives no size for any one of [{ref_ranges(refs)}], so the total cannot be checked"
            + (f"; it gives a number only for {english_list(partial)}." if partial else "."),
        )
    if rest < len(missing):
        return Verdict(
            INCONSISTENT,
            f"{int(stated.sum())} or more",
            f"The stated sizes already add up to {int(stated.sum())}, leaving too few for {', '.join(missing)}.",
        )
    known = (
        f"The text gives the size of only one of the {number_word(len(refs))} studies, "
        f"{ctx.label(int(stated.index[0]))} ({int(stated.iloc[0]):,}); "
        if len(stated) == 1
        else f"The text states the sizes of {number_word(len(stated))} of the {number_word(len(refs))} studies "
        f"({int(stated.sum()):,} in all); "
    )
    return Verdict(
        UNVERIFIABLE,
        f"{int(stated.sum())} + unknown",
        known
        + (
            f"{missing[0]} would have to account for the remaining {rest:,}."
            if len(missing) == 1
            else f"{english_list(missing)} would need {rest:,} between them."
        ),
    )


def _design_counts(rows: pd.DataFrame) -> dict[str, int]:
    return rows.drop_duplicates("ref")["design"].value_counts().to_dict()


def check_design_count(claim: Claim, ctx: Context) -> Verdict:
    expected = {k: int(v) for k, v in (p.split("=") for p in claim["reported"].split(";"))}
    rows = ctx.select(claim["target"], parse_refs(claim["refs"]) if claim["refs"] else None)
    found = _design_counts(rows)
    recomputed = english_list(f"{number_word(found.get(d, 0))} {design_noun(d, found.get(d, 0))}" for d in expected)
    wrong = [d for d, n in expected.items() if found.get(d, 0) != n]
    if not wrong:
        refs = sorted(set(rows["ref"]))
        return Verdict(CONSISTENT, recomputed, f"The tables give the same: {recomputed}, [{ref_ranges(refs)}].")
    by_rows = rows["design"].value_counts().to_dict()
    if all(by_rows.get(d, 0) == n for d, n in expected.items()):
        repeated = rows[rows["ref"].duplicated(keep=False)].drop_duplicates("ref")
        names = ", ".join(ctx.label(r) for r in repeated["ref"])
        return Verdict(
            INCONSISTENT,
            recomputed,
            f"These are counts of table rows; counted once each ({names} fills two rows), the studies are "
            f"{recomputed}.",
        )
    return Verdict(INCONSISTENT, recomputed, f"The tables give {recomputed}.")


def check_design_label(claim: Claim, ctx: Context) -> Verdict:
    label = claim["reported"]
    expected = PROSPECTIVE if label == "trial" else label
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
            by_title.append(
                f"the title of {ctx.label(ref)} calls it {title_design_word(str(ctx.references.at[ref, 'title']))}"
            )
    against = [
        f"the tables give {ctx.label(r[0]) if len(r) == 1 else f'[{ref_ranges(r)}]'} as {_plural(d, len(r))}"
        for d, r in by_table.items()
    ] + by_title
    one = len(refs) == 1
    word = (
        ("a trial" if one else "trials")
        if label == "trial"
        else (f"a {label.lower()} study" if one else f"{label.lower()} studies")
    )
    if against:
        text = "; ".join(against)
        subject = f"{ctx.label(refs[0])} {word}" if one else f"these {word}"
        if label == "trial":
            # "Trials" for studies of any design is common usage, not a claim about how they were run.
            designs = english_list(
                f"{number_word(len(r))} {'are' if len(r) > 1 else 'is'} "
                f"{noun('meta-analysis', len(r)) if d == META_ANALYSIS else d.lower()}"
                for d, r in by_table.items()
            )
            return Verdict(
                CONSISTENT,
                text,
                f"The text calls {subject}, loosely: by the tables, {designs}. The word is common for studies of any "
                "design, so the claim is not wrong.",
            )
        return Verdict(INCONSISTENT, text, f"The text calls {subject}, but {text}.")
    if not checked:
        return Verdict(UNVERIFIABLE, "", "Neither the tables nor the titles state the design.")
    return Verdict(CONSISTENT, label, "The tables and the titles that state a design agree.")


def _plural(design: str, n: int) -> str:
    if design == META_ANALYSIS:
        return "a meta-analysis" if n == 1 else count_phrase(n, "meta-analysis")
    return f"{design.lower()}" if n == 1 else f"{design.lower()} ({count_phrase(n, 'study')})"


def check_refs_match(claim: Claim, ctx: Context) -> Verdict:
    cited = set(parse_refs(claim["refs"]))
    group = set(ctx.select(claim["target"])["ref"])
    if cited == group:
        return Verdict(CONSISTENT, ref_ranges(group), f"The citations are exactly {ctx.describe(claim['target'])}.")
    parts = []
    if cited - group:
        parts.append(f"the sentence cites {_described(sorted(cited - group), ctx)}, which is not among them")
    if group - cited:
        parts.append(f"the sentence leaves out {_described(sorted(group - cited), ctx)}")
    return Verdict(
        INCONSISTENT,
        ref_ranges(group),
        f"This edition reads the group as {ctx.describe(claim['target'])}, [{ref_ranges(group)}]: "
        + "; ".join(parts)
        + ".",
    )


def _described(refs: list[int], ctx: Context) -> str:
    """'Kong M [37] (test group: PKP and 12-month TPTD)': what the table says of each study."""
    out = []
    for ref in refs:
        groups = [g for g in ctx.rows.loc[ctx.rows["ref"] == ref, "test_group"] if g]
        out.append(f"{ctx.label(ref)} (test group in Table 2: \u201c{groups[0]}\u201d)" if groups else ctx.label(ref))
    return ", ".join(out)


def check_not_tabled(claim: Claim, ctx: Context) -> Verdict:
    refs = parse_refs(claim["refs"])
    tabled = [r for r in refs if r in set(ctx.rows["ref"])]
    if tabled:
        return Verdict(INCONSISTENT, ref_ranges(tabled), f"The tables do list {english_list(map(ctx.label, tabled))}.")
    return Verdict(
        CONSISTENT,
        f"{len(refs)} not tabled",
        f"As the paper says, {'neither table lists' if len(refs) > 1 else 'the tables do not list'} "
        f"{english_list(map(ctx.label, refs), 'or' if len(refs) > 1 else 'and')}.",
    )


def check_year(claim: Claim, ctx: Context) -> Verdict:
    reported = int(claim["reported"])
    years = {r: ctx.year(r) for r in parse_refs(claim["refs"])}
    wrong = {r: y for r, y in years.items() if y != reported}
    recomputed = ", ".join(f"{ctx.label(r)} {y}" for r, y in years.items())
    if wrong:
        return Verdict(
            INCONSISTENT,
            recomputed,
            "; ".join(f"{ctx.label(r)} was published in {y}" for r, y in wrong.items()) + f", not {reported}.",
        )
    source = "the tables and the reference list" if set(years) <= set(ctx.rows["ref"]) else "the reference list"
    if len(years) == 1:
        return Verdict(CONSISTENT, recomputed, f"The year agrees with {source}.")
    return Verdict(CONSISTENT, recomputed, f"The years agree with {source}.")


def check_year_range(claim: Claim, ctx: Context) -> Verdict:
    first, last = (int(y) for y in claim["reported"].split("-"))
    rows = ctx.select(claim["target"], parse_refs(claim["refs"]) if claim["refs"] else None)
    years = sorted(set(rows.drop_duplicates("ref")["year"]))
    recomputed = f"{years[0]}-{years[-1]}"
    outside = [y for y in years if not first <= y <= last]
    if outside:
        return Verdict(
            INCONSISTENT, recomputed, f"Studies of this group were published in {', '.join(map(str, outside))}."
        )
    return Verdict(CONSISTENT, recomputed, f"The studies were published from {years[0]} to {years[-1]}.")


def check_search_window(claim: Claim, ctx: Context) -> Verdict:
    start, end = (int(part[:4]) for part in claim["reported"].split("/"))
    rows = ctx.select(claim["target"], parse_refs(claim["refs"]) if claim["refs"] else None)
    years = rows.drop_duplicates("ref")
    outside = years[(years["year"] < start) | (years["year"] > end)]
    recomputed = f"{int(years['year'].min())}-{int(years['year'].max())}"
    if len(outside):
        return Verdict(
            INCONSISTENT,
            recomputed,
            "Published outside the search window: "
            + ", ".join(f"{ctx.label(r)} ({y})" for r, y in zip(outside["ref"], outside["year"]))
            + ".",
        )
    return Verdict(
        CONSISTENT, recomputed, f"Every included study was published from {start} to {end}; the tables give no months."
    )


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
        return Verdict(
            status,
            f"{value:.{decimals}f}%",
            f"{numerator}/{denominator} = {100 * numerator / denominator:.3f}%, which rounds to {value:.{decimals}f}%"
            + ("." if status == CONSISTENT else f", not {percent_text}%."),
        )
    numerator = int(fraction)
    possible = grim_denominators(numerator, percent, decimals)
    if not possible:
        return Verdict(INCONSISTENT, "no group size", f"No group size gives {numerator} as {percent_text}%.")
    # GRIM: a whole group size reproduces the percentage, so nothing contradicts it.
    return Verdict(
        CONSISTENT,
        "n = " + " or ".join(map(str, possible)),
        f"The text does not state the group size, but {numerator} of "
        + " or ".join(map(str, possible))
        + f" participants is {percent_text}% (the GRIM test).",
    )


@dataclass(frozen=True)
class Band:
    """One group of a partition, in whole units: '0-24', '<50', '<=1', '>3'."""

    text: str
    low: float
    high: float
    low_closed: bool
    high_closed: bool

    @classmethod
    def parse(cls, text: str) -> Band:
        inf = float("inf")
        if m := re.fullmatch(r"(\d+)-(\d+)", text):
            return cls(text, int(m[1]), int(m[2]), True, True)
        if m := re.fullmatch(r"(<=|<)(\d+)", text):
            return cls(text, 0, int(m[2]), True, m[1] == "<=")
        if m := re.fullmatch(r"(>=|>)(\d+)", text):
            return cls(text, int(m[2]), inf, m[1] == ">=", False)
        raise ValueError(f"{text!r} is not a band")


def check_partition(claim: Claim, ctx: Context) -> Verdict:
    """Groups that should cover a scale once. The paper states whole numbers, so '0-24' and
    '25-75' meet (nothing whole lies between), '25-75' and '75-100' share 75, and '<50' and
    '>50' both leave out 50. The same rule applies to every partition of the paper."""
    unit = claim["target"] or "%"

    def value(x: float) -> str:
        return f"{x:g}%" if unit == "%" else f"{x:g} {noun(unit, int(x))}"

    def band(b: Band) -> str:
        words = (("<=", "up to "), (">=", "at least "), ("<", "under "), (">", "over "))
        text = next((b.text.replace(sign, word, 1) for sign, word in words if b.text.startswith(sign)), b.text)
        return f"{text}%" if unit == "%" else f"{text} {noun(unit, int(b.high if b.high != float('inf') else b.low))}"

    bands = sorted((Band.parse(p) for p in claim["reported"].split(";")), key=lambda b: (b.low, b.high))
    slips, faults = [], []
    for a, b in zip(bands, bands[1:]):
        if b.low < a.high:
            faults.append(f"{band(a)} and {band(b)} overlap from {b.low:g} to {value(a.high)}")
        elif b.low == a.high and a.high_closed and b.low_closed:
            slips.append(f"{band(a)} and {band(b)} both include {value(b.low)}")
        elif b.low == a.high and not (a.high_closed or b.low_closed):
            slips.append(f"{band(a)} and {band(b)} both leave out {value(b.low)}")
        elif b.low > a.high + 1 or (b.low == a.high + 1 and not (a.high_closed and b.low_closed)):
            faults.append(f"nothing covers the values between {a.high:g} and {value(b.low)}")
    if bands[0].low != 0 or (unit == "%" and bands[-1].high not in (100, float("inf"))):
        faults.append("the groups do not cover the whole scale")
    if faults:
        return Verdict(
            INCONSISTENT,
            "; ".join(faults + slips),
            "The groups are not a partition: " + "; ".join(faults + slips) + ".",
        )
    if slips:
        return Verdict(IMPRECISE, "; ".join(slips), "At one boundary the wording is loose: " + "; ".join(slips) + ".")
    return Verdict(CONSISTENT, "a partition", "The groups cover the scale once, without overlap or gap.")


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
        count = review.factor_codes["domain"].nunique()
        said = f"Table 1's caption names {count_phrase(count, 'domain')} of factors"
    elif target == "strategies":
        count = len(review.strategy_codes)
        said = f"Table 2's legend names {count_phrase(count, 'strategy')}"
    elif target.startswith("factors="):
        codes = [int(c) for c in target.split("=")[1].split(",")]
        count = len(codes)
        names = review.factor_codes.set_index("factor_id").loc[codes, "name"]
        said = f"Table 1 has {count_phrase(count, 'factor')} on this topic: " + english_list(
            label_case(str(n)).lower() for n in names
        )
    else:
        count = int((review.search["aspect"] == target).sum())
        said = f"The Methods name {count_phrase(count, target)}"
    status = CONSISTENT if count == reported else INCONSISTENT
    return Verdict(status, str(count), f"{said[:1].upper()}{said[1:]}.")


def check_table_count(claim: Claim, ctx: Context) -> Verdict:
    tables = sorted(set(ctx.rows["table"]))  # the evidence tables the data hold rows of
    count = len(tables)
    status = CONSISTENT if int(claim["reported"]) == count else INCONSISTENT
    return Verdict(status, str(count), f"The paper has {count_phrase(count, 'table')}, {' and '.join(tables)}.")


def check_legend_codes(claim: Claim, ctx: Context) -> Verdict:
    first, last = (int(x) for x in claim["reported"].split("-"))
    if claim["target"] == "factor":
        legend, used = set(ctx.review.factor_codes["factor_id"]), set(ctx.review.factors["factor_id"])
    else:
        legend, used = set(ctx.review.strategy_codes["strategy_id"]), set(ctx.review.strategies["strategy_id"])
    expected = set(range(first, last + 1))
    if legend == expected == used:
        return Verdict(CONSISTENT, f"{first}-{last}", "Every number of the legend is used in the table, and no other.")
    return Verdict(
        INCONSISTENT, ref_ranges(used), f"The legend numbers {ref_ranges(legend)}; the table uses {ref_ranges(used)}."
    )


def check_table_years(claim: Claim, ctx: Context) -> Verdict:
    rows = ctx.select(claim["target"]).drop_duplicates("ref")
    wrong = [
        f"{ctx.label(r)}: {y} in the table, {int(ctx.references.at[r, 'year'])} in the reference list"
        for r, y in zip(rows["ref"], rows["year"])
        if int(ctx.references.at[r, "year"]) != y
    ]
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
                wrong.append(
                    f"{ctx.label(ref)} is {design.lower()} in the table, but its title calls it {stated.lower()}"
                )
    if wrong:
        return Verdict(INCONSISTENT, "; ".join(wrong), "; ".join(wrong) + ".")
    return Verdict(
        CONSISTENT, f"{named} titles state a design", "Every title that states a design agrees with the table."
    )


# Non-numeric checks: who is cited, what for, and whether the text, the tables and the
# conclusions say the same thing.

#: What a row says, in the words of the text's own accounts: a group did better, or no difference.
BETTER = "better"
TABLE_DIRECTION = {DIFFERENCE: BETTER, FAVOURS_TEST: BETTER, NO_DIFFERENCE: NO_DIFFERENCE}


def first_author(authors: str) -> str:
    """The first name of a reference's author list as the reference list prints it."""
    return str(authors).split(";")[0].split(",")[0].strip()


def name_match(printed: str, listed: str) -> str:
    """How a name the paper prints ('Li Z', 'Shen', 'F G') matches the reference list's first author.

    'same': the family name agrees (and the initial, when one is printed); 'reversed': the printed
    family name is the list's one initial and the printed initial the list's family name ('F G' for
    'Genqiang F'); 'initials': the list prints a run of capitals that begins with the printed name's
    initials but no such name ('Li Z' for 'Xunbing LZNGZ'); 'different': none of these.
    """
    p_family, _, p_initial = _norm(printed).partition(" ")
    l_family, l_initials = _split_listed(listed)
    if p_family == l_family.replace(" ", "") and (not p_initial or l_initials.startswith(p_initial)):
        return "same"
    if p_initial and len(l_initials) == 1 and l_initials == p_family[:1] and l_family.startswith(p_initial):
        return "reversed"
    if len(l_initials) > 2 and l_initials.startswith(_initials(printed)):
        return "initials"
    return "different"


def _norm(name: str) -> str:
    return " ".join(re.sub(r"[^a-z ]", "", part.lower()) for part in name.split())


def _split_listed(listed: str) -> tuple[str, str]:
    """'Sun H-B' -> ('sun', 'hb'); 'Xunbing LZNGZ' -> ('xunbing', 'lzngz')."""
    parts = _norm(listed).split()
    return (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else (_norm(listed), "")


def _initials(printed: str) -> str:
    return "".join(part[:1] for part in _norm(printed).split())


def _name_verdict(pairs: list[tuple[int, str]], ctx: Context) -> Verdict:
    """Printed names (ref, name) against the reference list: a swap or a run of initials is imprecise, another
    name inconsistent."""
    loose, different, runs = [], [], []
    for ref, printed in pairs:
        listed = first_author(ctx.references.at[ref, "authors"])
        match = name_match(printed, listed)
        if match == "reversed":
            loose.append(
                f"{printed} [{ref}] is \u201c{listed}\u201d in the reference list, with family and given names swapped"
            )
        elif match == "initials":
            runs.append((ref, printed, listed))
        elif match == "different":
            different.append(
                f"the reference list gives the first author of [{ref}] as \u201c{listed}\u201d, not {printed}"
            )
    if len(runs) == 1:
        ref, printed, listed = runs[0]
        loose.append(
            f"the reference list prints the first author of [{ref}] as \u201c{listed}\u201d, whose capitals begin "
            f"with {printed}'s initials but which names no {printed}"
        )
    elif runs:
        loose.append(
            f"the reference list prints the first authors of [{ref_ranges(r for r, _, _ in runs)}] as "
            + english_list(f"\u201c{listed}\u201d" for _, _, listed in runs)
            + ", runs of capitals that begin with the initials of "
            + english_list(printed for _, printed, _ in runs)
            + " but name none of them"
        )
    found = "; ".join(different + loose)
    if different:
        return Verdict(INCONSISTENT, found, found[0].upper() + found[1:] + ".")
    if loose:
        return Verdict(
            IMPRECISE,
            found,
            found[0].upper()
            + found[1:]
            + (
                ": each name is written two ways"
                if len(runs) > 1 or len(loose) > 1
                else ": the name is written two ways"
            )
            + ", but nothing contradicts it.",
        )
    what = f"{pairs[0][1]} [{pairs[0][0]}]" if len(pairs) == 1 else f"all {len(pairs)} first authors"
    return Verdict(CONSISTENT, "same", f"The reference list agrees: {what}.")


def check_cited_author(claim: Claim, ctx: Context) -> Verdict:
    [ref] = parse_refs(claim["refs"])
    return _name_verdict([(ref, claim["reported"])], ctx)


def check_table_authors(claim: Claim, ctx: Context) -> Verdict:
    rows = ctx.select(claim["target"]).drop_duplicates("ref")
    return _name_verdict([(int(r), str(a)) for r, a in zip(rows["ref"], rows["first_author"])], ctx)


def check_title_topic(claim: Claim, ctx: Context) -> Verdict:
    """The text uses a reference for a topic (reported); its title should name the topic's words (target)."""
    words = [w.strip() for w in str(claim["target"]).split("&")]
    missing = []
    for ref in parse_refs(claim["refs"]):
        title = str(ctx.references.at[ref, "title"])
        absent = [w for w in words if w.lower() not in title.lower()]
        if absent:
            missing.append(f"the title of {ctx.label(ref)} does not mention {' or '.join(absent)}: \u201c{title}\u201d")
    if missing:
        return Verdict(
            INCONSISTENT,
            "; ".join(missing),
            f"The text uses it for {claim['reported']}, but " + "; ".join(missing) + ".",
        )
    return Verdict(CONSISTENT, "title agrees", f"Each title names {' and '.join(words)}.")


def check_text_direction(claim: Claim, ctx: Context) -> Verdict:
    """What the text says a study found against the table's better group.

    ``reported`` is 'better', 'no difference', or 'short=...;long=...' for a result that changed
    with time. The paper studies pain relief 'in short period after vertebroplasty' (its Abstract),
    so a table that keeps one result of such a study should keep the short-term one.
    """
    [ref] = parse_refs(claim["refs"])
    rows = ctx.select(claim["target"], [ref])
    table = sorted(set(rows["direction"].map(TABLE_DIRECTION)))
    times = dict(p.split("=") for p in claim["reported"].split(";")) if "=" in claim["reported"] else {}
    said = times.get("short", claim["reported"])
    cell = f"{rows['table'].iloc[0]} gives {' and '.join(table)}"
    if said == "non-inferior":
        # Non-inferiority allows an advantage; the text reports one only where another claim says so.
        return Verdict(
            CONSISTENT,
            "; ".join(table),
            f"The text reports lower pain scores at follow-up for {ctx.label(ref)} and calls the technique "
            f"non-inferior to the control; non-inferiority allows, but does not show, the advantage that "
            f"{rows['table'].iloc[0]} records.",
        )
    if table == [said]:
        extra = (
            f" The text adds that the later result was {times['long']}; the table keeps the short-term result, "
            "the period that the Abstract names."
            if times.get("long") not in (None, said)
            else ""
        )
        what = f"{ctx.label(ref)} found no difference" if said == NO_DIFFERENCE else _better_cells(ref, rows, ctx)
        return Verdict(CONSISTENT, "; ".join(table), f"The text and {rows['table'].iloc[0]} agree: {what}.{extra}")
    when = " in the short term" if times else ""
    found = "a difference" if said == BETTER else said
    return Verdict(INCONSISTENT, "; ".join(table), f"The text says {ctx.label(ref)} found {found}{when}, but {cell}.")


def _better_cells(ref: int, rows: pd.DataFrame, ctx: Context) -> str:
    """What did better in a study, as its table prints it: Table 1's cell, or Table 2's better group."""
    if (rows["table"] == TABLE1).all():
        factors = ctx.review.factors
        cells = [
            str(f).replace("\u201c", "\u2018").replace("\u201d", "\u2019")
            for r, code in zip(rows["ref"], rows["code"])
            for f in factors.loc[(factors["ref"] == r) & (factors["factor_id"] == code), "finding"]
        ]
        return f"for {ctx.label(ref)}, Table 1 gives \u201c{'; '.join(cells)}\u201d as the better pain relief"
    strategies = ctx.review.strategies[ctx.review.strategies["ref"] == ref]
    better = str(strategies["better_group"].iloc[0]) if len(strategies) else ""
    if better.lower() == "test group":
        return f"in {ctx.label(ref)}, the test group did better"
    return f"in {ctx.label(ref)}, Table 2 names \u201c{better}\u201d better, which this edition reads as the test group"


def check_factor_topic(claim: Claim, ctx: Context) -> Verdict:
    """A sentence that puts studies under one topic, against the factors Table 1 gives them."""
    topic = str(claim["reported"]).lower()
    rows = ctx.select("table=1", parse_refs(claim["refs"])).drop_duplicates("ref")
    off = [(ctx.label(r), n) for r, n in zip(rows["ref"], rows["name"]) if topic not in str(n).lower()]
    if not off:
        return Verdict(CONSISTENT, topic, f"Table 1 lists each of these studies under {topic}.")
    text = "; ".join(f"Table 1 lists {label} under {name}" for label, name in off)
    status = IMPRECISE if len(off) < len(rows) else INCONSISTENT
    return Verdict(status, text, f"The text puts these studies under {topic}, but {text}.")


def check_conclusion(claim: Claim, ctx: Context) -> Verdict:
    """A conclusion ('related', 'not related', 'effective') against the directions of the table rows it rests on."""
    rows = ctx.select(claim["target"])
    said = rows["direction"].map(TABLE_DIRECTION)
    better, none = int((said == BETTER).sum()), int((said == NO_DIFFERENCE).sum())
    recomputed = split_phrase(better, none, ("names a better group", "name a better group"), "of the tables")
    rows_said = split_phrase(better, none, ("names a better group", "name a better group"), "it rests on")
    rest = rows_said[:1].upper() + rows_said[1:]
    subject = english_list(label_case(str(n)).lower() for n in dict.fromkeys(rows["name"])) or "this"
    if claim["note"]:  # the paper's words name the factor otherwise: this edition's reading, said as such
        subject = f"this factor, which this edition reads as {subject},"
    conclusion = claim["reported"]
    early = _early_differences(rows, ctx)
    if conclusion == "not related":
        if better:
            return Verdict(
                INCONSISTENT,
                recomputed,
                f"The paper concludes that {subject} is not related to residual pain. {rest}.",
            )
        if early:
            return Verdict(
                INCONSISTENT,
                recomputed,
                f"The paper concludes that {subject} is not related to residual pain. {rest}, "
                f"but the text reports that {english_list(early)} found a difference in the short term, a period "
                "that this edition, following the paper's Abstract, takes as the review's subject.",
            )
        return Verdict(CONSISTENT, recomputed, f"{rest}.")
    if none == 0:
        return Verdict(CONSISTENT, recomputed, f"{rest}.")
    if conclusion == "effective":
        # 'Effective' can hold of a procedure that is no better than an effective control.
        return Verdict(
            IMPRECISE,
            recomputed,
            f"The paper calls these effective. {rest}; those found no better than their control, not worse.",
        )
    return Verdict(INCONSISTENT, recomputed, f"The paper concludes that {subject} is related to residual pain. {rest}.")


def _early_differences(rows: pd.DataFrame, ctx: Context) -> list[str]:
    """Studies among the rows that the table gives as no difference, but whose short-term difference the text
    reports."""
    claims = ctx.review.claims
    early = claims[
        (claims["check"] == "text_direction") & claims["reported"].str.startswith("short=better").fillna(False)
    ]
    refs = {r for refs in early["refs"].dropna() for r in parse_refs(refs)}
    quiet = rows[(rows["direction"] == NO_DIFFERENCE) & rows["ref"].isin(refs)]
    return [ctx.label(r) for r in sorted(set(quiet["ref"]))]


def check_table_terms(claim: Claim, ctx: Context) -> Verdict:
    """The better-group cells of Table 2 against the names the Results give its columns (reported, separated by |)."""
    allowed = {t.strip().lower() for t in str(claim["reported"]).split("|")}
    cells = ctx.review.strategies
    other = cells[~cells["better_group"].str.lower().isin(allowed)]
    if other.empty:
        return Verdict(CONSISTENT, "named", "Every better-group cell names a group of the table or no difference.")
    odd = "; ".join(f"{ctx.label(r)}: \u201c{g}\u201d" for r, g in zip(other["ref"], other["better_group"]))
    return Verdict(
        IMPRECISE,
        odd,
        f"Some better-group cells name a group that the table does not define ({odd}); this edition reads it as the "
        "test group.",
    )


def _retrospective_share(rows: pd.DataFrame) -> tuple[int, int]:
    studies = rows.drop_duplicates("ref")
    return int((studies["design"] == RETROSPECTIVE).sum()), len(studies)


def check_evidence_level(claim: Claim, ctx: Context) -> Verdict:
    """A level of evidence ('low', 'high', or 'higher' than the rest of its table) against the designs.

    The Methods describe no appraisal; the one reason the paper gives for a level is 'more
    retrospective studies'. The check applies that reason to every level the paper states.
    """
    rows = ctx.select(claim["target"], parse_refs(claim["refs"]) if claim["refs"] else None)
    retro, n = _retrospective_share(rows)
    mix = share_sentence(retro, n, "study", "is retrospective")
    if claim["reported"] == "higher":
        table = "table=2" if (rows["table"] == TABLE2).all() else "table=1"
        others = ctx.select(table)
        others = others[~others["ref"].isin(rows["ref"])]
        o_retro, o_n = _retrospective_share(others)
        others_said = f"{'none' if o_retro == 0 else number_word(o_retro)} of the other {number_word(o_n)}"
        recomputed = f"{mix}, against {others_said}"
        if retro / n > o_retro / o_n:
            return Verdict(
                INCONSISTENT,
                recomputed,
                f"The paper ranks these studies higher, but {mix[:1].lower()}{mix[1:]}, against {others_said}; by "
                "the paper's own reason (more retrospective studies) they rank lower.",
            )
        return Verdict(CONSISTENT, recomputed, f"{recomputed}.")
    level = "low" if retro > n - retro else "high"
    by_title = [
        ctx.label(r)
        for r in sorted(set(rows["ref"]))
        if ctx.studies.at[r, "design"] != RETROSPECTIVE
        and title_design(str(ctx.references.at[r, "title"])) == RETROSPECTIVE
    ]
    if level == claim["reported"]:
        although = f"; by its title, though, {english_list(by_title)} is retrospective" if by_title else ""
        return Verdict(
            CONSISTENT,
            mix,
            f"{'By the tables, ' + mix[:1].lower() + mix[1:] if by_title else mix}, which fits a {level} level by the "
            f"paper's own reason{although}.",
        )
    return Verdict(
        UNVERIFIABLE,
        mix,
        f"{mix}. The paper gives no reason for a {claim['reported']} level "
        "here and its Methods describe no appraisal; the one reason it gives elsewhere (more retrospective studies) "
        "does not apply, and any other reason is not in the paper.",
    )


def _set_aside(ctx: Context) -> set[int]:
    """References that the paper says it left out (the claims checked by not_tabled)."""
    claims = ctx.review.claims
    return {r for refs in claims.loc[claims["check"] == "not_tabled", "refs"].dropna() for r in parse_refs(refs)}


def check_accounted_for(claim: Claim, ctx: Context) -> Verdict:
    """Studies that the text uses as evidence: in the tables, set aside by the paper, or outside the search."""
    window = ctx.review.search.set_index("aspect")["value"]
    start, end = int(str(window["published_from"])[:4]), int(str(window["published_to"])[:4])
    refs = parse_refs(claim["refs"])
    tabled, aside = set(ctx.rows["ref"]), _set_aside(ctx)
    missing = [r for r in refs if r not in tabled and r not in aside and start <= ctx.year(r) <= end]
    if not missing:
        where = [
            f"{ctx.label(r)} is in the tables"
            if r in tabled
            else f"the paper sets {ctx.label(r)} aside"
            if r in aside
            else f"{ctx.label(r)} ({ctx.year(r)}) is from outside the search window, so the tables need not list it"
            for r in refs
        ]
        return Verdict(CONSISTENT, "accounted for", f"{english_list(where)[:1].upper()}{english_list(where)[1:]}.")
    years = ", ".join(f"[{r}] {ctx.year(r)}" for r in missing)
    return Verdict(
        INCONSISTENT,
        f"{number_word(len(missing))} {noun('study', len(missing))} not accounted for",
        f"The text uses [{ref_ranges(missing)}] as evidence on {claim['reported']}, but neither table lists "
        f"{pronoun(len(missing))}, the paper gives no reason for leaving "
        f"{pronoun(len(missing))} out, and {'it was' if len(missing) == 1 else 'they were'} "
        f"published within the search window ({years}).",
    )


def check_set_aside_rule(claim: Claim, ctx: Context) -> Verdict:
    """Studies the paper sets aside for a pattern of results (reported, as text_direction writes it),
    against the tabled studies that the text reports with the same pattern."""
    claims = ctx.review.claims
    same = claims[(claims["check"] == "text_direction") & (claims["reported"] == claim["reported"])]
    tabled = sorted({r for refs in same["refs"].dropna() for r in parse_refs(refs)} & set(ctx.rows["ref"]))
    aside = ref_ranges(parse_refs(claim["refs"]))
    if tabled:
        names = english_list(ctx.label(r) for r in tabled)
        return Verdict(
            INCONSISTENT,
            names,
            f"The paper sets aside [{aside}] for finding no difference in the long term, "
            f"yet it tables {names}, which the text also reports as better early and no different later.",
        )
    return Verdict(CONSISTENT, "none tabled", "No tabled study shows the pattern for which these were set aside.")


def check_method_rule(claim: Claim, ctx: Context) -> Verdict:
    """A rule of the Methods (target: an aspect of search.csv) against the reasons for exclusion."""
    aspect = claim["target"]
    allowed = list(ctx.review.search.loc[ctx.review.search["aspect"] == aspect, "value"])
    reasons = ctx.review.prisma_reasons
    narrower = [
        (r, int(n))
        for r, n in zip(reasons["reason"], reasons["n"])
        if any(a.lower() in str(r).lower() for a in allowed) and len(allowed) > 1
    ]
    if narrower:
        text = "; ".join(f"{number_word(n)} excluded for {r}" for r, n in narrower)
        return Verdict(
            INCONSISTENT,
            text,
            f"The Methods accept {' or '.join(allowed)}, but the Results exclude by a "
            f"narrower rule the Methods do not state: {text}.",
        )
    return Verdict(CONSISTENT, " or ".join(allowed), "No exclusion reason narrows this rule of the Methods.")


def check_listed(claim: Claim, ctx: Context) -> Verdict:
    """A count of things that the paper lists itself (target: the items, as printed, separated by '|')."""
    items = [i.strip() for i in str(claim["target"]).split("|")]
    status = CONSISTENT if len(items) == int(claim["reported"]) else INCONSISTENT
    return Verdict(
        status,
        str(len(items)),
        f"The paper names {count_phrase(len(items), 'item')} itself: "
        + english_list(f"\u201c{i}\u201d" for i in items)
        + ".",
    )


# What a reference is, and what it is cited for: the kind of source, publications of one study,
# citations' purposes, the strength the words claim, and inferences that no study tests.

#: The kinds of source that a reference's entry shows (source_kind), from the weakest for clinical evidence.
ANIMAL, ANIMAL_REVIEW, PROTOCOL, CONFERENCE_ABSTRACT, REVIEW_ARTICLE, JOURNAL_ARTICLE = (
    "animal study",
    "review of animal studies",
    "protocol",
    "conference abstract",
    "review",
    "journal article",
)


def source_kind(title: str, pages: str | None) -> str:
    """What kind of source a reference is, by its entry: an animal study, a protocol, a conference abstract
    (printed in a journal's supplement, whose pages carry an S: 'S509', '25S-26S'), a review, or a journal article."""
    t = title.lower()
    if re.search(r"\banimal", t):
        return ANIMAL_REVIEW if re.search(r"meta-analys|systematic review", t) else ANIMAL
    if re.search(r"\bprotocol\b", t):
        return PROTOCOL
    if pages and re.fullmatch(r"S\d+|\d+S(-\d+S)?|S\d+-S\d+", str(pages).strip()):
        return CONFERENCE_ABSTRACT
    if re.search(r"meta-analys|systematic review", t):
        return REVIEW_ARTICLE
    return JOURNAL_ARTICLE


#: What a citation may claim a reference to be (cited_for's kind=, source_kind's reported), and the kinds that are it.
KIND_CLAIMS = {
    "study": (JOURNAL_ARTICLE, REVIEW_ARTICLE),  # a full report of a study or a synthesis
    "clinical": (JOURNAL_ARTICLE, REVIEW_ARTICLE, CONFERENCE_ABSTRACT, PROTOCOL),  # evidence in patients
    "journal literature": (JOURNAL_ARTICLE, REVIEW_ARTICLE, PROTOCOL),  # the Methods' rule: full journal papers
}


def _kind(ctx: Context, ref: int) -> str:
    row = ctx.references.loc[ref]
    return source_kind(str(row["title"]), None if pd.isna(row["pages"]) else str(row["pages"]))


def check_source_kind(claim: Claim, ctx: Context) -> Verdict:
    """The kind of source a sentence implies ('study', 'clinical', 'journal literature') against each cited entry.

    A conference abstract cited as a study is loose (it reports one, briefly, without peer-reviewed
    detail): imprecise. A protocol cited as a study's results, an animal study cited for patients, or
    any source the Methods' rule excludes: inconsistent.
    """
    wanted = str(claim["reported"])
    refs = parse_refs(claim["refs"]) if claim["refs"] else sorted(ctx.select(claim["target"])["ref"].unique())
    off = [(r, _kind(ctx, r)) for r in refs if _kind(ctx, r) not in KIND_CLAIMS[wanted]]
    if not off:
        return Verdict(CONSISTENT, "as cited", f"Each of [{ref_ranges(refs)}] is {_kind_phrase(wanted)}.")
    text = "; ".join(_kind_note(ctx, r, k) for r, k in off)
    loose = wanted == "study" and all(k == CONFERENCE_ABSTRACT for _, k in off)
    status = IMPRECISE if loose else INCONSISTENT
    if wanted == "journal literature":
        return Verdict(
            status, text, f"The Methods admit only journal literature, yet among [{ref_ranges(refs)}], {text}."
        )
    return Verdict(status, text, f"The sentence takes [{ref_ranges(refs)}] to be {_kind_phrase(wanted)}, but {text}.")


def _kind_note(ctx: Context, ref: int, kind: str) -> str:
    """'Liu C [7] is most likely a conference abstract (...)': what a reference is, hedged where it is inferred."""
    likely = "most likely " if kind == CONFERENCE_ABSTRACT else ""
    return f"{ctx.label(ref)} is {likely}a{'n' if kind[0] in 'aeiou' else ''} {kind} ({_kind_evidence(ctx, ref, kind)})"


def _kind_phrase(wanted: str) -> str:
    return {
        "study": "a full report of a study",
        "clinical": "evidence in patients",
        "journal literature": "journal literature, as the Methods require",
    }[wanted]


def _kind_evidence(ctx: Context, ref: int, kind: str) -> str:
    row = ctx.references.loc[ref]
    if kind == CONFERENCE_ABSTRACT:
        return f"{row['journal']}, page {row['pages']}, a supplement's page, where conference abstracts are printed"
    return f"its title: \u201c{row['title']}\u201d"


def duplicates(references: pd.DataFrame) -> list[tuple[int, int]]:
    """Pairs of references that look like one study published twice: the same first author's family name and
    titles whose first six words agree (as an English and a Chinese report of one cohort often do)."""

    def key(row: pd.Series) -> tuple[str, tuple[str, ...]]:
        family = _norm(first_author(str(row["authors"]))).split()[:1]
        return (family[0] if family else "", tuple(re.findall(r"[a-z]+", str(row["title"]).lower())[:6]))

    keyed = {int(r["refnumber"]): key(r) for _, r in references.dropna(subset=["refnumber"]).iterrows()}
    refs = sorted(keyed)
    return [(a, b) for i, a in enumerate(refs) for b in refs[i + 1 :] if keyed[a] == keyed[b] and len(keyed[a][1]) == 6]


def check_duplicate(claim: Claim, ctx: Context) -> Verdict:
    """A group the paper counts as ``reported`` distinct studies, against references that report one study twice."""
    refs = parse_refs(claim["refs"])
    pairs = [(a, b) for a, b in duplicates(ctx.review.references) if a in refs and b in refs]
    distinct = len(set(refs)) - len(pairs)
    if not pairs:
        return Verdict(CONSISTENT, str(distinct), f"No two of [{ref_ranges(refs)}] report the same study.")
    text = "; ".join(
        f"[{a}] and [{b}] share their first author and the start of their title: "
        f"\u201c{ctx.references.at[a, 'title']}\u201d and \u201c{ctx.references.at[b, 'title']}\u201d"
        for a, b in pairs
    )
    return Verdict(
        INCONSISTENT,
        str(distinct),
        f"The paper cites [{ref_ranges(refs)}] as separate studies, but {text}, so they most likely report one "
        f"study twice, and the group would then hold {number_word(distinct)}.",
    )


def _design_sources(refs: list[int], ctx: Context) -> str:
    """Where the design that a citation gives is found: 'the tables give the design', 'its title gives the design'."""
    tabled = all(r in ctx.studies.index for r in refs)
    titled = len(refs) == 1 and title_design(str(ctx.references.at[refs[0], "title"])) is not None
    if tabled and titled:
        return "the tables and its title give the design"
    if titled:
        return "its title gives the design"
    return "the tables give the design" if tabled else "nothing states the design"


def check_cited_for(claim: Claim, ctx: Context) -> Verdict:
    """What a citation is cited for (``reported``, in this edition's words), against each cited reference.

    ``target`` lists what the sentence says of the reference, as key=value pairs joined by ';':
    topic= words that its title should hold ('|' between alternatives, '&' between words all needed),
    near= words of a broader topic that may include it ('|' between them: a title with one is loose, not wrong),
    kind= what the sentence takes it to be (a key of KIND_CLAIMS), design= a design label the sentence
    gives, author= the first author it names, year= the year it names. A title or kind that does not
    fit is inconsistent; a name written another way, or a conference abstract taken as a study, imprecise.
    """
    wants = dict(part.split("=", 1) for part in str(claim["target"]).split(";") if part)
    faults, loose = [], []
    for ref in parse_refs(claim["refs"]):
        title = str(ctx.references.at[ref, "title"])
        if "topic" in wants:
            groups = [g.split("&") for g in wants["topic"].split("|")]
            if not any(all(w.strip().lower() in title.lower() for w in g) for g in groups):
                near = [w for w in wants.get("near", "").split("|") if w and w.lower() in title.lower()]
                (loose if near else faults).append(
                    f"the title of {ctx.label(ref)} names {near[0]}, a broader topic that may include this one: "
                    f"\u201c{title}\u201d"
                    if near
                    else f"the title of {ctx.label(ref)} is about something else: \u201c{title}\u201d"
                )
        if "kind" in wants and _kind(ctx, ref) not in KIND_CLAIMS[wants["kind"]]:
            kind = _kind(ctx, ref)
            note = _kind_note(ctx, ref, kind)
            (loose if kind == CONFERENCE_ABSTRACT and wants["kind"] == "study" else faults).append(note)
        if "design" in wants:
            expected = wants["design"]
            named = title_design(title)
            tabled = ctx.studies.at[ref, "design"] if ref in ctx.studies.index else None
            for source, design in (("its title", named), ("the tables", tabled)):
                if design is not None and design != expected:
                    faults.append(
                        (
                            f"the title of {ctx.label(ref)} gives it"
                            if source == "its title"
                            else f"the tables give {ctx.label(ref)}"
                        )
                        + f" as {design.lower()}, not {expected.lower()}"
                    )
        if "author" in wants:
            verdict = _name_verdict([(ref, wants["author"])], ctx)
            text = verdict.explanation
            if text.startswith("The "):  # a sentence becomes a clause; a name keeps its capital
                text = "t" + text[1:]
            if verdict.status == INCONSISTENT:
                faults.append(text.rstrip("."))
            elif verdict.status == IMPRECISE:
                loose.append(text.split(":")[0])
        if "year" in wants and ctx.year(ref) != int(wants["year"]):
            faults.append(f"{ctx.label(ref)} was published in {ctx.year(ref)}, not {wants['year']}")
    refs = parse_refs(claim["refs"])
    one = len(refs) == 1
    agree = {
        "topic": "its title names the topic" if one else "their titles name the topic",
        "kind": f"{'it is' if one else 'they are'} {_kind_phrase(wants.get('kind', 'study'))}",
        "design": _design_sources(refs, ctx),
        "author": "the reference list gives the same first author",
        "year": "its year agrees with the reference list",
    }
    checked = english_list(agree[k] for k in ("topic", "kind", "design", "author", "year") if k in wants)
    if faults:
        return Verdict(
            INCONSISTENT, "; ".join(faults), f"Cited for {claim['reported']}, but " + "; ".join(faults + loose) + "."
        )
    if loose:
        return Verdict(IMPRECISE, "; ".join(loose), f"Cited for {claim['reported']}; " + "; ".join(loose) + ".")
    return Verdict(CONSISTENT, "as cited", f"Cited for {claim['reported']}: {checked}.")


#: What a word of strength claims (evidence_strength's reported): strong evidence, or weak evidence.
STRONG, WEAK = "strong", "weak"


def check_evidence_strength(claim: Claim, ctx: Context) -> Verdict:
    """A word of strength ('highly related', 'high-quality', 'proven'; or 'insufficient', 'low') against the evidence.

    Strong words need strong evidence: more than one study, randomised evidence that the paper names,
    no conference abstract, no level that the paper itself calls low, and a method of appraisal, which
    the paper's Methods never state. A strong word whose direction the rows bear out but whose strength
    they do not is imprecise. A weak word fits evidence that is not strong.
    """
    rows = ctx.select(claim["target"], parse_refs(claim["refs"]) if claim["refs"] else None)
    studies = ctx.studies.loc[sorted(set(rows["ref"]))]
    randomised = int(studies["randomised"].notna().sum())
    abstracts = [r for r in studies.index if _kind(ctx, r) == CONFERENCE_ABSTRACT]
    retro, n = _retrospective_share(rows)
    hedged = _paper_calls_low(claim, ctx)
    if n == 1:
        what = str(studies["randomised"].iloc[0]) if randomised else ""
        meta = studies["design"].iloc[0] == META_ANALYSIS
        said = (
            ", which the paper says pooled randomised trials"
            if what.startswith("pools")
            else ", which the paper calls randomised"
            if what
            else ", which the paper does not say pooled randomised trials"
            if meta
            else ", not called randomised by the paper"
        )
        reasons = [f"one {'meta-analysis' if meta else ('retrospective ' if retro else '') + 'study'}{said}"]
    else:
        share = "none" if retro == 0 else "all" if retro == n else number_word(retro)
        reasons = [f"{count_phrase(n, 'study')}, {share} of them retrospective"]
        reasons.append(
            f"{number_word(randomised)} called randomised, or pooling randomised trials, by the paper"
            if randomised
            else "none called randomised by the paper"
        )
    if abstracts:
        reasons.append(f"{english_list(ctx.label(r) for r in abstracts)} most likely a conference abstract")
    if hedged:
        reasons.append(f"rated {hedged} by the paper itself")
    recomputed = "; ".join(reasons) + "; and the Methods name no method of appraisal"
    strong = n > 1 and randomised * 2 > n and not abstracts and not hedged and _appraisal_method(ctx)
    if claim["reported"] == STRONG:
        if strong:
            return Verdict(CONSISTENT, recomputed, f"The evidence carries the word: {recomputed}.")
        return Verdict(
            IMPRECISE,
            recomputed,
            f"The word claims more than the evidence carries: {recomputed}. What it says may still be so.",
        )
    if strong:
        return Verdict(IMPRECISE, recomputed, f"The paper understates the evidence: {recomputed}.")
    return Verdict(CONSISTENT, recomputed, f"The evidence is indeed weak: {recomputed}.")


def _paper_calls_low(claim: Claim, ctx: Context) -> str:
    """The paper's own words ('relatively low', 'low') when another claim of the paper (an evidence_level check)
    rates these rows low."""
    claims = ctx.review.claims
    levels = claims[(claims["check"] == "evidence_level") & (claims["reported"] == "low")]
    mine = set(ctx.select(claim["target"], parse_refs(claim["refs"]) if claim["refs"] else None)["ref"])
    for row in levels.itertuples():
        theirs = set(
            ctx.select("" if pd.isna(row.target) else row.target, parse_refs(row.refs) if pd.notna(row.refs) else None)[
                "ref"
            ]
        )
        if mine and mine <= theirs:
            return "relatively low" if "relatively low" in str(row.quote).lower() else "low"
    return ""


def _appraisal_method(ctx: Context) -> bool:
    """Whether the paper's Methods state a method of appraisal (search.csv's aspect 'appraisal'); this paper's
    do not."""
    return bool((ctx.review.search["aspect"] == "appraisal").any())


def check_supported_by(claim: Claim, ctx: Context) -> Verdict:
    """An inference against the included studies that could support it (``reported`` says what it needs).

    'compare:A|B': a row of the target that has A in one group and B in the other; 'tested:W': a row of the
    target whose test group names W; 'harms:H': a harm of harms.csv, other than this sentence itself, for a
    study of the target. No such row or harm means that no included study tests the inference.
    """
    kind, _, words = str(claim["reported"]).partition(":")
    rows = ctx.select(claim["target"])
    if kind == "harms":
        harms = ctx.review.harms
        quote = " ".join(str(claim["quote"]).split())
        found = [
            f"[{h.refs}] {h.finding}"
            for h in harms.itertuples()
            if h.harm == words
            and set(parse_refs(h.refs)) & set(rows["ref"])
            and quote not in " ".join(str(h.span).split())
        ]
    else:
        strategies = ctx.review.strategies[ctx.review.strategies["ref"].isin(rows["ref"])]
        if kind == "compare":
            a, b = (w.lower() for w in words.split("|"))
            found = [
                f"{ctx.label(r.ref)} ({r.test_group} against {r.control_group})"
                for r in strategies.itertuples()
                if (a in r.test_group.lower() and b in r.control_group.lower())
                or (b in r.test_group.lower() and a in r.control_group.lower())
            ]
        else:
            return _tested(claim, words, strategies, ctx)
    if found:
        return Verdict(CONSISTENT, "; ".join(found), "Included studies test it: " + "; ".join(found) + ".")
    if kind == "harms":
        return Verdict(
            INCONSISTENT,
            "no study",
            f"The paper says nothing of {words} in any of the studies in {ctx.describe(claim['target'])}, so nothing "
            "in the paper supports the claim; whether the studies themselves report harms cannot be told from it.",
        )
    return Verdict(
        INCONSISTENT,
        "no study",
        f"No included study compares {words.replace('|', ' with ')}, so none supports the inference.",
    )


def _tested(claim: Claim, words: str, strategies: pd.DataFrame, ctx: Context) -> Verdict:
    """Advice against Table 2's test groups: each part of ``words`` (';' between parts, '|' between alternatives)
    is tried by a test group or not; ``note`` says in words what no test group tried."""
    untried = str(claim["note"]) or "what the sentence advises"
    tried: list[str] = []
    missing = False
    for part in words.split(";"):
        if part.startswith("factor="):  # an association in Table 1 that supports avoiding something
            related = ctx.select(part)
            related = related[related["direction"].isin([DIFFERENCE, FAVOURS_TEST])]
            if len(related):
                name = label_case(str(related["name"].iloc[0])).lower()
                tried.append(f"Table 1 relates {name} to pain, [{ref_ranges(sorted(set(related['ref'])))}]")
            else:
                missing = True
            continue
        names = [w.strip() for w in part.split("|")]
        refs = sorted(
            {int(r.ref) for r in strategies.itertuples() if any(n.lower() in r.test_group.lower() for n in names)}
        )
        if refs:
            tried.append(f"the test groups of [{ref_ranges(refs)}] received {english_list(names, 'or')}")
        else:
            missing = True
    if tried and not missing:
        return Verdict(CONSISTENT, "; ".join(tried), f"Included studies test it: {'; '.join(tried)}.")
    if tried:
        return Verdict(
            IMPRECISE,
            "; ".join(tried),
            f"Part of the advice is tested ({'; '.join(tried)}), but no test group in Table 2 tried {untried}.",
        )
    return Verdict(
        INCONSISTENT,
        "no study",
        f"No test group in Table 2 tried {untried}, so no included study supports this advice.",
    )


def check_none(claim: Claim, ctx: Context) -> Verdict:
    return Verdict(UNVERIFIABLE, "", str(claim["note"]) or "This edition's data do not record this.")


def _functions() -> dict[str, Check]:
    """Each check of the registry (helpers.dataset.audit_checks), run by the function named check_<its name>."""
    missing = [c.name for c in AUDIT_CHECKS if not callable(globals().get(f"check_{c.name}"))]
    if missing:
        raise ImportError(
            f"helpers.analysis.audit has no function for the checks {', '.join(missing)}: write check_<name>"
        )
    return {c.name: globals()[f"check_{c.name}"] for c in AUDIT_CHECKS}


CHECKS: dict[str, Check] = _functions()


def audit(review: Review) -> pd.DataFrame:
    """One row per claim of claims.csv: what the paper reports, what its data give, the status and why.

    The paper is judged against its own data only: studies and rows that later updates added
    (updates.csv) are left out, so the audit of the paper does not change as the review grows.
    """
    review = review.paper()
    ctx = Context(review)
    rows = []
    for _, claim in review.claims.astype(object).fillna("").iterrows():
        verdict = CHECKS[claim["check"]](claim, ctx)
        rows.append(
            {
                **{c: claim[c] for c in ("claim_id", "section", "page", "quote", "reported", "check", "problem")},
                "recomputed": verdict.recomputed,
                "status": verdict.status,
                "explanation": verdict.explanation,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def to_csv(findings: pd.DataFrame) -> str:
    """The audit table as CSV text, the same bytes for the same data."""
    return findings.to_csv(index=False, lineterminator="\n")
