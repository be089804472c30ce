"""The summary of findings: one row per question of data/questions.csv, computed from data/.

Each row gives the studies (primary studies and meta-analyses apart, overlapping meta-analyses
counted once), the participants as the paper states them, how long the results held, the harms
the paper reports, what "better" means, how the table rows divide, the paper's own words on the
question (verbatim), the audit's problems that touch the question, and this edition's certainty
by GRADE (:mod:`.certainty`), with the plain-language statement that GRADE's guidance gives it.
"""

from __future__ import annotations

import pandas as pd

from ..dataset.review import Review
from ..dataset.vocabulary import (
    AT_LEAST_AS_WELL,
    EARLY_ONLY,
    LASTING,
    LITTLE_OR_NO_DIFFERENCE,
    META_ANALYSIS,
    NO_DIFFERENCE,
    NOT_RELATED,
    PROGNOSTIC_FACTOR,
    RATING_UP,
    REDUCES,
    RELATED,
    SHORT_FOLLOW_UP,
    TIMES_UNSTATED,
)
from .audit import BETTER, FAULTS, TABLE_DIRECTION, Context
from .certainty import LEVELS, STEPS, Body, bodies, judged_on, question_certainty
from .citations import parse_refs, ref_ranges
from .wording import design_phrase, english_list, participants_phrase

#: A row whose direction is neither better nor no difference (none of the paper's rows is).
WORSE = "worse"
COLUMNS = [
    "question_id",
    "page",
    "group",
    "table",
    "label",
    "question",
    "type",
    "studies",
    "designs",
    "independent",
    "overlap",
    "randomised",
    "refs",
    "added",
    "participants",
    "time_frame",
    "harms",
    "outcome",
    "better",
    "no_difference",
    "worse",
    "conclusion",
    "conclusion_section",
    "also",
    "also_section",
    "problems",
    "certainty",
    "certainty_reasons",
    "statement",
    "stale",
]


def plain_statement(subject: str, comparator: str, effect: str, certainty: str) -> str:
    """GRADE's plain-language statement of a finding (Santesso et al. 2020): the certainty sets the
    verb ('probably', 'may', 'we are very uncertain'), the effect its direction."""
    against = f" compared with {comparator}" if comparator else ""
    if effect == AT_LEAST_AS_WELL:  # a non-inferiority finding: no claim that it does better
        against = f" at least as well as {comparator}"
    if certainty == "very low":
        verb = {
            REDUCES: "reduces",
            LITTLE_OR_NO_DIFFERENCE: "makes any difference to",
            AT_LEAST_AS_WELL: "relieves",
        }.get(effect, "is related to")
        return f"We are very uncertain whether {subject} {verb} residual pain{against}."
    verbs = {
        REDUCES: ("reduces", "probably reduces", "may reduce"),
        LITTLE_OR_NO_DIFFERENCE: (
            "makes little or no difference to",
            "probably makes little or no difference to",
            "may make little or no difference to",
        ),
        RELATED: ("is related to", "is probably related to", "may be related to"),
        NOT_RELATED: ("is not related to", "is probably not related to", "may not be related to"),
        AT_LEAST_AS_WELL: ("relieves", "probably relieves", "may relieve"),
    }[effect]
    verb = verbs[("high", "moderate", "low").index(certainty)]
    return f"{subject[:1].upper()}{subject[1:]} {verb} residual pain{against}."


def certainty_reasons(question_bodies: list[Body]) -> str:
    """How each body's certainty was reached, step by step: 'starts low (an intervention, non-randomised
    evidence); down one for risk of bias and one for imprecision: very low'."""
    parts = []
    for body in question_bodies:
        downs, ups = [], []
        for j in body.judgements:
            if j.judgement in ("serious", "very serious"):
                downs.append(f"{'one' if j.judgement == 'serious' else 'two'} for {j.domain}")
            elif j.domain == RATING_UP and j.judgement != "none":
                ups.append(j.judgement)
        moves = ([f"down {english_list(downs)}"] if downs else []) + ups
        basis = (
            "a prognostic factor"
            if body.type == PROGNOSTIC_FACTOR
            else f"an intervention, {'randomised' if body.randomised else 'non-randomised'} evidence"
        )
        floor = sum(STEPS[j.judgement] for j in body.judgements) + LEVELS.index(body.start) < 0
        text = (
            f"starts {body.start} ({basis}); "
            + ("; ".join(moves) if moves else "no domain moves it")
            + f": {body.certainty}"
            + (", where GRADE's scale ends" if floor else "")
        )
        parts.append(f"{body.name}: {text}" if len(question_bodies) > 1 else text)
    return ". ".join(parts)


def _time_frame(review: Review, refs: list[int]) -> str:
    """How long the results held, by study: the terms of follow_up.csv, and the studies the paper gives no time for."""
    follow = review.follow_up.set_index("ref")
    authors = review.studies.set_index("ref")["first_author"]
    parts = []
    for term in (LASTING, EARLY_ONLY, SHORT_FOLLOW_UP, TIMES_UNSTATED):
        mine = [r for r in refs if r in follow.index and follow.at[r, "term"] == term]
        if mine:
            studies = "; ".join(f"{authors[r]} [{r}], {follow.at[r, 'follow_up']}" for r in mine)
            parts.append(f"{TERM_WORDS[term]}: {studies}.")
    silent = [f"{authors[r]} [{r}]" for r in refs if r not in follow.index]
    if silent:
        parts.append(f"The paper states no follow-up time for {english_list(silent)}.")
    return " ".join(parts)


#: How each term of follow_up.csv reads in a summary of findings.
TERM_WORDS = {
    LASTING: "Lasting",
    EARLY_ONLY: "Seen early, gone later",
    SHORT_FOLLOW_UP: "Only a short follow-up reported",
    TIMES_UNSTATED: "Better at follow-ups the paper does not name",
}


def _randomised(ref: int, what: str) -> str:
    """'[45] is a randomised trial', '[17] pools randomised trials': what the paper calls a study, as a clause."""
    return f"[{ref}] {what}" if what.split()[0].endswith("s") else f"[{ref}] is a {what}"


def _harms(review: Review, refs: set[int]) -> str:
    """The harms and adverse events that the paper reports for these studies, whichever way they went, each finding
    once with all its studies; or 'none reported'."""
    found: dict[tuple[str, str], set[int]] = {}
    for r in review.harms.itertuples():
        cited = set(parse_refs(r.refs))
        if cited & refs:
            found.setdefault((r.harm, r.finding), set()).update(cited)
    sentences = [f"{finding[:1].upper()}{finding[1:]} [{ref_ranges(cited)}]." for (_, finding), cited in found.items()]
    return " ".join(sentences) or "None reported."


def _overlap(review: Review, meta: set[int]) -> tuple[str, int]:
    """Which of these meta-analyses overlap (overlaps.csv), and how many independent bodies they make."""
    authors = review.studies.set_index("ref")["first_author"]
    groups = [(set(parse_refs(r.refs)) & meta, r.reason) for r in review.overlaps.itertuples()]
    groups = [(g, reason) for g, reason in groups if len(g) > 1]
    merged = sum(len(g) - 1 for g, _ in groups)
    text = " ".join(
        f"{english_list(f'{authors[r]} [{r}]' for r in sorted(g))} count as one. {reason}" for g, reason in groups
    )
    return text, len(meta) - merged


def _faulted_refs(findings: pd.DataFrame, review: Review, ctx: Context) -> dict[str, set[int]]:
    """The studies each faulted claim is about: its citations, or the rows of the factor or strategy it selects."""
    claims = review.claims.set_index("claim_id")
    out = {}
    for row in findings[findings["status"].isin(FAULTS)].itertuples():
        cited = set(parse_refs(claims.at[row.claim_id, "refs"])) if pd.notna(claims.at[row.claim_id, "refs"]) else set()
        target = str(claims.at[row.claim_id, "target"]) if pd.notna(claims.at[row.claim_id, "target"]) else ""
        if not cited and ("factor=" in target or "strategy=" in target):
            cited = set(ctx.select(target)["ref"])
        out[row.claim_id] = cited
    return out


def _touching(findings: pd.DataFrame, faulted_refs: dict[str, set[int]], refs: set[int]) -> pd.DataFrame:
    """Faulted claims about these studies (see _faulted_refs)."""
    return findings[[bool(faulted_refs.get(claim, set()) & refs) for claim in findings["claim_id"]]]


def _group_totals(review: Review, refs: set[int], chosen: pd.DataFrame) -> list[str]:
    """Totals the paper states for a group of these studies that the studies' own sizes do not already give, naming
    the studies of the group that the question leaves out."""
    authors = review.studies.set_index("ref")["first_author"]
    out = []
    for row in review.group_totals.itertuples():
        group = parse_refs(row.refs)
        inside = [r for r in group if r in refs]
        if not inside or not chosen.loc[inside, "n_total"].isna().any():
            continue
        outside = [f"{authors[r]} [{r}]" for r in group if r not in refs]
        if len(outside) > len(inside):  # a total mostly of other studies says little about these
            continue
        among = f", {english_list(outside)} among them" if outside else ""
        out.append(f"the paper gives {int(row.cases):,} cases for [{ref_ranges(group)}] together{among}")
    return out


def _group(review: Review, selection: str) -> str:
    """The part of the paper's tables a question belongs to: a factor's domain, or a strategy's name."""
    kind, _, number = selection.split("&")[0].partition("=")
    if kind == "factor":
        codes = review.factor_codes.set_index("factor_id")
        return f"{str(codes.at[int(number), 'domain']).capitalize()} factors"
    return str(review.strategy_codes.set_index("strategy_id").at[int(number), "name"])


def _added(rows: pd.DataFrame) -> str:
    """The studies whose rows among these later updates added, with the update: '[56] (U001)'; '' for the
    paper's rows only."""
    added = rows[rows["update"].notna()].drop_duplicates(["ref", "update"])
    return "; ".join(f"[{int(r.ref)}] ({r.update})" for r in added.itertuples())


def summary_of_findings(review: Review, findings: pd.DataFrame) -> pd.DataFrame:
    """One row per question of questions.csv (see the module's docstring), in the file's order."""
    ctx = Context(review)
    studies = review.studies.set_index("ref")
    rated = bodies(review)
    certainty = question_certainty(rated)
    stale = judged_on(review)
    faulted_refs = _faulted_refs(findings, review, ctx)
    rows = []
    for q in review.questions.itertuples():
        table = ctx.select(q.selection)
        refs = sorted(set(int(r) for r in table["ref"]))
        chosen = studies.loc[refs]
        directions = [TABLE_DIRECTION.get(d, WORSE) for d in table["direction"]]
        meta = set(chosen.index[chosen["design"] == META_ANALYSIS])
        overlap, independent_meta = _overlap(review, meta)
        randomised = chosen[chosen["randomised"].notna()]
        totals = _group_totals(review, set(refs), chosen)
        participants = participants_phrase(chosen["n_total"], chosen["design"], chosen["n_test"])
        participants += "".join(f"; {total}" for total in totals)
        touching = _touching(findings, faulted_refs, set(refs))
        level = certainty.get(q.question_id, "")
        group = _group(review, q.selection)
        rows.append(
            {
                "question_id": q.question_id,
                "page": q.page,
                "group": group,
                "table": " and ".join(sorted(set(table["table"]))),
                "label": q.label,
                "question": q.question,
                "type": q.type,
                "studies": len(refs),
                "designs": design_phrase(chosen["design"]),
                "independent": len(refs) - len(meta) + independent_meta,
                "overlap": overlap,
                "randomised": english_list(
                    _randomised(r, str(randomised.at[r, "randomised"])) for r in randomised.index
                ),
                "refs": ref_ranges(refs),
                "added": _added(table),
                "participants": participants,
                "time_frame": _time_frame(review, refs),
                "harms": _harms(review, set(refs)),
                "outcome": q.outcome,
                "better": directions.count(BETTER),
                "no_difference": directions.count(NO_DIFFERENCE),
                "worse": directions.count(WORSE),
                "conclusion": q.conclusion,
                "conclusion_section": q.conclusion_section,
                "also": "" if pd.isna(q.also) else q.also,
                "also_section": "" if pd.isna(q.also_section) else q.also_section,
                "problems": ", ".join(sorted(set(touching["problem"]) - {""})),
                "certainty": level,
                "certainty_reasons": certainty_reasons([b for b in rated if b.question_id == q.question_id]),
                "statement": plain_statement(q.subject, "" if pd.isna(q.comparator) else q.comparator, q.effect, level),
                "stale": "yes" if stale[q.question_id].stale else "no",
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def to_csv(summary: pd.DataFrame) -> str:
    """The summary as CSV text, the same bytes for the same data."""
    return summary.to_csv(index=False, lineterminator="\n")
