"""The certainty of the evidence by GRADE: each body's starting level, its five domains and rating
up (data/certainty.csv), the level GRADE's arithmetic gives, and judgements that a later study has
made stale.

Where a question starts follows the published guidance for its type (data/questions.csv):

- an intervention: randomised evidence starts high, non-randomised evidence low (the GRADE
  Handbook, section 5); a study counts as randomised only where the paper says so
  (studies.randomised);
- a prognostic factor: observational evidence starts high (GRADE guidance 28, Foroutan et al. 2020).

Each domain then moves the level: 'serious' down one, 'very serious' down two; rating up 'up one'
or 'up two'. The level never leaves GRADE's four. A question rated from two bodies of evidence
(randomised and non-randomised studies rated apart, as GRADE guidance 24 suggests) takes the
certainty of its better body.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..dataset.review import Review
from ..dataset.vocabulary import DOWN_JUDGEMENTS, PROGNOSTIC_FACTOR, RATING_DOWN_DOMAINS, RATING_UP, UP_JUDGEMENTS
from .citations import parse_refs, ref_ranges
from .counts import entries, select
from .coverage import Coverage

#: GRADE's four levels of certainty, lowest first, so that a level's index is its height.
LEVELS = ("very low", "low", "moderate", "high")
HIGH, LOW = LEVELS[3], LEVELS[1]
#: How many levels each judgement moves the certainty: down for the five domains, up for rating up.
STEPS = {**dict(zip(DOWN_JUDGEMENTS, (0, -1, -2))), **dict(zip(UP_JUDGEMENTS, (0, 1, 2)))}
#: GRADE's symbols for each level, as evidence profiles print them.
SYMBOLS = {
    "high": "\u2295\u2295\u2295\u2295",
    "moderate": "\u2295\u2295\u2295\u25ef",
    "low": "\u2295\u2295\u25ef\u25ef",
    "very low": "\u2295\u25ef\u25ef\u25ef",
}


def starting_level(question_type: str, randomised: bool) -> str:
    """GRADE's starting level: high for a prognostic factor, or for randomised evidence on an intervention; else low."""
    return HIGH if question_type == PROGNOSTIC_FACTOR or randomised else LOW


def rate(start: str, judgements: dict[str, str]) -> str:
    """The level that the judgements of the five domains and of rating up move ``start`` to, within GRADE's four."""
    missing = [d for d in (*RATING_DOWN_DOMAINS, RATING_UP) if d not in judgements]
    if missing:
        raise ValueError(f"no judgement of {', '.join(missing)}")
    level = LEVELS.index(start) + sum(STEPS[judgements[d]] for d in (*RATING_DOWN_DOMAINS, RATING_UP))
    return LEVELS[max(0, min(level, len(LEVELS) - 1))]


@dataclass(frozen=True)
class Judgement:
    """One domain's judgement, with the footnote that gives its reason and what it rests on."""

    domain: str
    judgement: str
    reason: str
    refs: tuple[int, ...]  # the table rows it rests on, by their studies
    spans: tuple[str, ...]  # the paper's words it rests on


@dataclass(frozen=True)
class Body:
    """One body of evidence of one question, rated."""

    question_id: str
    name: str
    type: str  # the question's: intervention or prognostic factor
    studies: tuple[int, ...]  # the studies its judgements were made on
    randomised: bool  # the paper calls one of its studies randomised, or a meta-analysis of it pools randomised trials
    start: str
    judgements: tuple[Judgement, ...]  # in the order of the domains, rating up last
    certainty: str

    def judgement(self, domain: str) -> Judgement:
        return next(j for j in self.judgements if j.domain == domain)


def _bodies_of(review: Review) -> list[Body]:
    questions = review.questions.set_index("question_id")
    randomised = set(review.studies.loc[review.studies["randomised"].notna(), "ref"])
    order = {d: i for i, d in enumerate((*RATING_DOWN_DOMAINS, RATING_UP))}
    out = []
    for (question, name), rows in review.certainty.groupby(["question_id", "body"], sort=False):
        studies = tuple(parse_refs(rows["studies"].iloc[0]))
        kind = str(questions.at[question, "type"])
        start = starting_level(kind, bool(set(studies) & randomised))
        judgements = tuple(
            sorted(
                (
                    Judgement(
                        r.domain,
                        r.judgement,
                        r.reason,
                        tuple(parse_refs(r.refs)) if pd.notna(r.refs) else (),
                        tuple(s.strip() for s in str(r.span).split(" | ")) if pd.notna(r.span) else (),
                    )
                    for r in rows.itertuples()
                ),
                key=lambda j: order[j.domain],
            )
        )
        level = rate(start, {j.domain: j.judgement for j in judgements})
        out.append(
            Body(str(question), str(name), kind, studies, bool(set(studies) & randomised), start, judgements, level)
        )
    return out


def bodies(review: Review) -> list[Body]:
    """Every body of evidence of every question, in the order of questions.csv, rated."""
    rank = {q: i for i, q in enumerate(review.questions["question_id"])}
    return sorted(_bodies_of(review), key=lambda b: rank[b.question_id])


def question_certainty(rated: list[Body]) -> dict[str, str]:
    """Each question's certainty: that of its better body of evidence."""
    out: dict[str, str] = {}
    for body in rated:
        if body.question_id not in out or LEVELS.index(body.certainty) > LEVELS.index(out[body.question_id]):
            out[body.question_id] = body.certainty
    return out


def judged_on(review: Review) -> dict[str, Coverage]:
    """For each question, the studies its judgements were made on against those its rows now hold.

    A question whose rows hold a study that no judgement was made on (a study a later update added),
    or that no longer hold one that a judgement was made on, is stale: its certainty still stands
    on the studies it was judged on, and the book says so.
    """
    rows = entries(review)
    made_on: dict[str, set[int]] = {}
    for body in _bodies_of(review):
        made_on.setdefault(body.question_id, set()).update(body.studies)
    out = {}
    for q in review.questions.itertuples():
        current = tuple(sorted(set(int(r) for r in select(rows, q.selection)["ref"])))
        out[q.question_id] = Coverage(q.selection, tuple(sorted(made_on.get(q.question_id, ()))), current)
    return out


def unrated_rows(review: Review) -> pd.DataFrame:
    """Rows of Tables 1 and 2 that no question's selection holds (a later study of a new therapy, say)."""
    rows = entries(review)
    held = pd.Series(False, index=rows.index)
    for selection in review.questions["selection"]:
        held |= rows.index.isin(select(rows, selection).index)
    return rows[~held]


def profile(review: Review) -> pd.DataFrame:
    """The evidence profile as a table, one row per body: its studies, start, each domain's judgement
    and reason, rating up, certainty, and whether the data have outgrown the judgements."""
    stale = judged_on(review)
    rows = []
    for body in bodies(review):
        row = {
            "question_id": body.question_id,
            "body": body.name,
            "studies": ref_ranges(body.studies),
            "type": body.type,
            "randomised": "yes" if body.randomised else "no",
            "start": body.start,
        }
        for j in body.judgements:
            key = j.domain.replace(" ", "_")
            row[key], row[f"{key}_reason"] = j.judgement, j.reason
        row["certainty"] = body.certainty
        row["stale"] = "yes" if stale[body.question_id].stale else "no"
        rows.append(row)
    return pd.DataFrame(rows)
