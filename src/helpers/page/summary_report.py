"""What the pages show of the summary of findings and of the evidence profile: each section's tables,
the notes on judgements that later studies have outgrown, and the landing page's answer in brief."""

from __future__ import annotations

import re

import pandas as pd

from ..analysis.certainty import LEVELS, SYMBOLS, Body, Judgement, bodies, judged_on, unrated_rows
from ..analysis.citations import parse_refs
from ..analysis.coverage import stale_message
from ..analysis.summary import certainty_reasons
from ..analysis.wording import count_phrase, english_list, noun, number_word, split_phrase, verb
from ..dataset.review import Review
from ..dataset.vocabulary import PROGNOSTIC_FACTOR, TABLE1, TABLE2
from .markdown import Md, admonition, cite, join, md, table


def quoted(words: str, section: str) -> str:
    """A sentence of the paper in quotation marks with its section; a cut start is marked with an ellipsis."""
    cut = "\u2026" if words[:1].islower() else ""
    return f"\u201c{cut}{words}\u201d ({section})"


def paper_words(row: pd.Series | tuple) -> str:
    """A summary row's sentence of the paper, and its second sentence where there is one, quoted with their sections."""
    first = quoted(row.conclusion, row.conclusion_section)
    return first + (f"; also {quoted(row.also, row.also_section)}" if row.also else "")


def certainty_label(level: str) -> str:
    """'⊕⊕◯◯ low': GRADE's symbols and the level's name."""
    return f"{SYMBOLS[level]} {level}"


def _page(page: str) -> str:
    if not re.fullmatch(r"[a-z_]+", page):  # a page name inside a role cannot be escaped; the validator checks it
        raise ValueError(f"{page!r} is not a page of the book")
    return page


def answer_in_brief(summary: pd.DataFrame) -> Md:
    """The landing page's answer: each statement of low certainty or above, in GRADE's plain language; then the
    questions of very low certainty, named together, since one statement answers them all. Each question's page
    gives the details; the answer stays short enough for one screen."""
    blocks = []
    for level in reversed(LEVELS[1:]):
        rows = summary[summary["certainty"] == level]
        if len(rows):
            items = [md(Md("- "), r.statement, _not_yet(r)) for r in rows.itertuples()]
            top = not blocks and level != LEVELS[-1]
            blocks.append(
                join(
                    [
                        md(
                            Md("**"),
                            f"{level.capitalize()} certainty",
                            Md("**"),
                            f" ({SYMBOLS[level]})",
                            ", the highest that any question reaches:" if top else ":",
                        ),
                        *items,
                    ],
                    "\n",
                )
            )
    rows = summary[summary["certainty"] == LEVELS[0]]
    if len(rows):
        others = "the other" if len(rows) < len(summary) else "all"
        blocks.append(
            md(
                Md("**"),
                "Very low certainty",
                Md("**"),
                f" ({SYMBOLS[LEVELS[0]]}): we are very uncertain about ",
                f"{others} {count_phrase(len(rows), 'question')}: ",
                english_list(
                    f"{r.label}{' (' + _not_yet(r).strip() + ')' if _not_yet(r) else ''}" for r in rows.itertuples()
                ),
                ".",
            )
        )
    return join(blocks)


def _not_yet(r: tuple) -> str:
    """For a question whose rows hold studies added after the paper: which, not yet rated (the page's note says
    more)."""
    return f" Not yet rated with {r.added}, added after the paper." if r.stale == "yes" and r.added else ""


def _evidence(review: Review, r: tuple) -> Md:
    """The studies behind a question, as the summary of findings gives them."""
    one_design = " and " not in r.designs and "," not in r.designs
    if not one_design:
        counted = f"{number_word(r.studies)} {noun('study', r.studies)} ({r.designs})"
    elif r.designs.endswith(("meta-analysis", "meta-analyses")):
        counted = r.designs  # 'three meta-analyses'
    else:
        counted = f"{r.designs} {noun('study', r.studies)}"  # 'two retrospective studies'
    counted = counted[:1].upper() + counted[1:]
    parts = [md(counted, " ", cite(parse_refs(r.refs), review.references), ".")]
    if r.overlap:
        parts.append(md(f" Counted as {number_word(r.independent)} independent bodies of evidence: {r.overlap}"))
    if r.randomised:
        parts.append(md(f" As the paper says, {r.randomised}."))
    parts.append(md(" Size: ", r.participants, "."))
    if r.added:
        parts.append(md(f" Added after the paper: {r.added}."))
    return Md("".join(parts))


def _result(r: tuple) -> str:
    """How the rows divide, in the words of the question's type, and what 'better' means."""
    if r.type == PROGNOSTIC_FACTOR:
        found = ("finds a relation", "find a relation")
    elif r.table == TABLE2:  # Table 2's better group is the tested approach or none
        found = ("favours the test group", "favour the test group")
    else:
        found = ("names a better group", "name a better group")
    rows = split_phrase(r.better, r.no_difference, found)
    worse = f"; {number_word(r.worse)} {verb('finds', r.worse)} the tested group worse" if r.worse else ""
    return f"In {r.table}, {rows}{worse}. What counts as better: {r.outcome}."


def _start_reason(review: Review, body: Body) -> Md:
    """Why a body of evidence starts where it does: the question's type and why, the randomisation, its studies
    cited."""
    kind = str(review.questions.set_index("question_id").at[body.question_id, "type_reason"])
    if body.type == PROGNOSTIC_FACTOR:
        why = "Observational evidence on a prognostic factor starts high (GRADE guidance 28)."
    elif body.randomised:
        why = (
            "The paper calls this evidence randomised, and randomised evidence on an intervention starts high "
            "(the GRADE Handbook)."
        )
    else:
        why = (
            "The paper calls none of this evidence randomised, and such evidence on an intervention starts low "
            "(the GRADE Handbook)."
        )
    return md(
        "This question is about a prognostic factor. "
        if body.type == PROGNOSTIC_FACTOR
        else "This question is about an intervention. ",
        kind,
        " ",
        why,
        " Judged on ",
        count_phrase(len(body.studies), "study"),
        " ",
        cite(body.studies, review.references),
        ".",
    )


def _rests_on(review: Review, j: Judgement, body: Body) -> Md:
    """The rows and the paper's words a judgement rests on; the rows only when they are not all the body's studies,
    which the starting level names."""
    rests = []
    if j.refs and set(j.refs) != set(body.studies):
        rests.append(md("the row of " if len(j.refs) == 1 else "the rows of ", cite(j.refs, review.references)))
    rests += [md("\u201c", span, "\u201d") for span in j.spans]
    return md(" Rests on ", join(rests, "; "), ".") if rests else Md("")


def evidence_profile(review: Review, question_id: str) -> Md:
    """One question's GRADE evidence profile: for each body of evidence, where it starts, each domain's judgement
    with its reason and the rows or the paper's words it rests on, and the certainty that GRADE's arithmetic gives."""
    rated = [b for b in bodies(review) if b.question_id == question_id]
    label = str(review.questions.set_index("question_id").at[question_id, "label"])
    rows = []
    for body in rated:
        suffix = f" ({body.name})" if len(rated) > 1 else ""
        rows.append(
            {
                "GRADE domain": f"Starting level{suffix}",
                "Judgement": body.start,
                "Why, and what it rests on": _start_reason(review, body),
            }
        )
        for j in body.judgements:
            rows.append(
                {
                    "GRADE domain": f"{j.domain.capitalize()}{suffix}",
                    "Judgement": j.judgement,
                    "Why, and what it rests on": md(j.reason, _rests_on(review, j, body)),
                }
            )
        rows.append(
            {
                "GRADE domain": f"Certainty{suffix}",
                "Judgement": md(Md("**"), certainty_label(body.certainty), Md("**")),
                "Why, and what it rests on": md("By GRADE's arithmetic, it ", certainty_reasons([body]), "."),
            }
        )
    return table(
        pd.DataFrame(rows),
        f"Evidence profile (GRADE): {label}, this edition's judgements.",
        record=True,
    )


def summary_card(review: Review, r: tuple) -> Md:
    """One question's summary of findings: its certainty in GRADE's words first, then what it rests on."""
    frame = pd.DataFrame(
        {
            "Question": [
                "Certainty (GRADE, this edition's)",
                "Evidence (the rows of the paper's tables that this edition groups under the question)",
                "Result",
                "How long it held",
                "Harms that the paper reports, in either direction",
                "The paper's words on it (chosen by this edition)",
            ],
            r.question: [
                md(
                    Md("**"),
                    certainty_label(r.certainty),
                    Md("**"),
                    ". ",
                    r.statement,
                    " Not yet judged on every study: see the note above." if r.stale == "yes" else "",
                ),
                _evidence(review, r),
                _result(r),
                r.time_frame,
                r.harms,
                paper_words(r),
            ],
        }
    )
    return table(frame, f"Summary of findings: {r.label}.", record=True)


def summary_of_page(review: Review, summary: pd.DataFrame, page: str) -> Md:
    """Each question of one section page: its summary of findings, then its evidence profile."""
    rows = summary[summary["page"] == page]
    return join([join([summary_card(review, r), evidence_profile(review, r.question_id)]) for r in rows.itertuples()])


def stale_judgements(review: Review, page: str) -> Md:
    """A note for readers (and the build's log) on each question of the page whose judgements a later study has
    outgrown, and on each row of the page's tables that no question holds; nothing when there is none."""
    questions = review.questions[review.questions["page"] == page]
    coverage = judged_on(review)
    notes = []
    for q in questions.itertuples():
        block = coverage[q.question_id]
        if block.stale:
            notes.append(
                md(
                    f"The question on {q.label}: ",
                    stale_message(review, block, "this edition's GRADE judgements were made on"),
                    " Until they are made again, its certainty rests on the studies they were made on.",
                )
            )
    pages = dict(zip(review.questions["selection"].str.split("&").str[0], review.questions["page"]))
    for r in unrated_rows(review).itertuples():
        code = f"{'factor' if r.table == TABLE1 else 'strategy'}={r.code}"
        if pages.get(code) == page:
            notes.append(
                md(
                    f"{r.first_author} {r.year} [{r.ref}], a row of {r.table} ({r.name}), is in no question of the "
                    "summary of findings: no certainty has been judged for it."
                )
            )
    if not notes:
        return Md("")
    return admonition("Not yet judged here", join(notes), classes="stale-prose")
