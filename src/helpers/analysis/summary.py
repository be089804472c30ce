"""The summary of findings: one row per question of data/questions.csv, computed from data/.

Each row gives the studies and their designs, the participants as the paper states them, the
follow-up where stated, the direction counts, their consistency, the paper's own conclusion
(verbatim), the audit's problems that touch the question, and this edition's certainty, rated by
:func:`certainty`, a small fixed rule in the spirit of GRADE that is not a GRADE assessment.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..dataset.review import Review
from ..dataset.vocabulary import CHANGES_A_CONCLUSION, CHANGES_A_COUNT_OR_CITATION, META_ANALYSIS, NO_DIFFERENCE, RETROSPECTIVE
from .audit import BETTER, FAULTS, INCONSISTENT, TABLE_DIRECTION, Context
from .citations import parse_refs, ref_ranges
from .wording import design_phrase, participants_phrase

#: GRADE's four levels, highest first. No question reaches "high": the paper does not say which
#: of its prospective studies were randomised trials.
CERTAINTY = ("high", "moderate", "low", "very low")
#: Below either, the evidence is imprecise: too few studies, or too few participants stated.
MIN_STUDIES = 3
MIN_PARTICIPANTS = 200
#: Problems whose contradicted claims lower the certainty of a question they touch.
GRAVE_SEVERITIES = (CHANGES_A_CONCLUSION, CHANGES_A_COUNT_OR_CITATION)
#: A row whose direction is neither better nor no difference (none of the paper's rows is).
WORSE = "worse"
COLUMNS = ["question_id", "page", "question", "studies", "designs", "refs", "added", "participants", "follow_up", "better",
           "no_difference", "worse", "consistency", "conclusion", "conclusion_section", "also", "also_section", "problems", "certainty",
           "certainty_reasons"]


@dataclass(frozen=True)
class Evidence:
    """What the certainty rule looks at for one question."""

    designs: tuple[str, ...]  # one per study
    directions: tuple[str, ...]  # one per table row: 'better', 'no difference' or 'worse'
    participants: int  # participants the paper states: the primary studies' sum, or the largest pooled meta-analysis
    contradicted: bool  # an audit problem touching the question has a contradicted claim of grave severity


def certainty(evidence: Evidence) -> tuple[str, list[str]]:
    """This edition's certainty for one question, with the reasons for each step.

    Start at moderate, or at low when most studies are retrospective; then one level down for
    each of: directions that disagree (inconsistency), fewer than MIN_STUDIES studies or fewer
    than MIN_PARTICIPANTS stated participants (imprecision), and a contradiction that the audit
    finds in what the paper says about these studies (a problem of grave severity). Never below
    very low.
    """
    retrospective = sum(d == RETROSPECTIVE for d in evidence.designs)
    n = len(evidence.designs)
    level = 2 if retrospective * 2 > n else 1
    reasons = [f"starts {CERTAINTY[level]}: {retrospective} of {n} {'study' if n == 1 else 'studies'} retrospective"]
    if len(set(evidence.directions)) > 1:
        level += 1
        reasons.append("down one: the studies disagree in direction")
    if n < MIN_STUDIES or evidence.participants < MIN_PARTICIPANTS:
        level += 1
        why = (f"{n} {'study' if n == 1 else 'studies'}" if n < MIN_STUDIES
               else f"{evidence.participants} participants stated" if evidence.participants else "no size stated")
        reasons.append(f"down one: imprecise ({why})")
    if evidence.contradicted:
        level += 1
        reasons.append("down one: the audit finds the paper contradicting itself on these studies")
    return CERTAINTY[min(level, len(CERTAINTY) - 1)], reasons


def consistency(directions: list[str]) -> str:
    if len(directions) == 1:
        return "single study"
    return "consistent" if len(set(directions)) == 1 else "mixed"


def _touching(findings: pd.DataFrame, review: Review, ctx: Context, refs: set[int]) -> pd.DataFrame:
    """Faulted claims about these studies: by their citations, or by a factor or strategy they select."""
    claims = review.claims.set_index("claim_id")
    keep = []
    for row in findings[findings["status"].isin(FAULTS)].itertuples():
        cited = set(parse_refs(claims.at[row.claim_id, "refs"])) if pd.notna(claims.at[row.claim_id, "refs"]) else set()
        target = str(claims.at[row.claim_id, "target"]) if pd.notna(claims.at[row.claim_id, "target"]) else ""
        if not cited and ("factor=" in target or "strategy=" in target):
            cited = set(ctx.select(target)["ref"])
        keep.append(bool(cited & refs))
    return findings[findings["status"].isin(FAULTS)][keep]


def _group_totals(review: Review, refs: set[int], chosen: pd.DataFrame) -> list[tuple[list[int], int]]:
    """Totals the paper states for a group of these studies that the studies' own sizes do not already give."""
    out = []
    for row in review.group_totals.itertuples():
        group = parse_refs(row.refs)
        if set(group) <= refs and chosen.loc[group, "n_total"].isna().any():
            out.append((group, int(row.cases)))
    return out


def _added(rows: pd.DataFrame) -> str:
    """The studies whose rows among these later updates added, with the update: '[56] (U001)'; '' for the paper's rows only."""
    added = rows[rows["update"].notna()].drop_duplicates(["ref", "update"])
    return "; ".join(f"[{int(r.ref)}] ({r.update})" for r in added.itertuples())


def summary_of_findings(review: Review, findings: pd.DataFrame) -> pd.DataFrame:
    """One row per question of questions.csv (see the module's docstring), in the file's order."""
    ctx = Context(review)
    studies = review.studies.set_index("ref")
    follow = review.follow_up.set_index("ref")["follow_up"]
    problems = review.problems.set_index("problem_id")
    rows = []
    for q in review.questions.itertuples():
        table = ctx.select(q.selection)
        refs = sorted(set(table["ref"]))
        chosen = studies.loc[refs]
        directions = [TABLE_DIRECTION.get(d, WORSE) for d in table["direction"]]
        meta = chosen["design"] == META_ANALYSIS
        primary = int(chosen.loc[~meta, "n_total"].dropna().sum())
        pooled = int(chosen.loc[meta, "n_total"].dropna().max()) if chosen.loc[meta, "n_total"].notna().any() else 0
        totals = _group_totals(review, set(refs), chosen)
        participants = participants_phrase(chosen["n_total"], chosen["design"], chosen["n_test"])
        participants += "".join(f"; the paper gives {n:,} cases for [{ref_ranges(r)}] together" for r, n in totals)
        touching = _touching(findings, review, ctx, set(refs))
        ids = sorted(set(touching["problem"]) - {""})
        severe = [p in problems.index and problems.at[p, "severity"] in GRAVE_SEVERITIES for p in touching["problem"]]
        grave = touching[(touching["status"] == INCONSISTENT).to_numpy(dtype=bool) & pd.Series(severe, dtype=bool).to_numpy()]
        stated = max(primary, pooled, sum(n for _, n in totals))
        level, reasons = certainty(Evidence(tuple(chosen["design"]), tuple(directions), stated, len(grave) > 0))
        rows.append({
            "question_id": q.question_id, "page": q.page, "question": q.question, "studies": len(refs),
            "designs": design_phrase(chosen["design"]), "refs": ref_ranges(refs), "added": _added(table),
            "participants": participants,
            "follow_up": "; ".join(f"[{r}] {follow[r]}" for r in refs if r in follow.index) or "not stated",
            "better": directions.count(BETTER), "no_difference": directions.count(NO_DIFFERENCE),
            "worse": directions.count(WORSE), "consistency": consistency(directions),
            "conclusion": q.conclusion, "conclusion_section": q.conclusion_section,
            "also": "" if pd.isna(q.also) else q.also, "also_section": "" if pd.isna(q.also_section) else q.also_section,
            "problems": ", ".join(ids),
            "certainty": level, "certainty_reasons": "; ".join(reasons),
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def to_csv(summary: pd.DataFrame) -> str:
    """The summary as CSV text, the same bytes for the same data."""
    return summary.to_csv(index=False, lineterminator="\n")
