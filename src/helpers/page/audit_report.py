"""How the audit is shown: its facts, its problems as admonitions, and its tables (its figure is in figures)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..analysis.audit import CONSISTENT, FAULTS, IMPRECISE, INCONSISTENT, UNVERIFIABLE
from ..analysis.wording import count_clause, count_phrase, number_word, share_sentence, verb
from ..dataset.audit_checks import AUDIT_CHECKS, CITED_FOR, TOPICS
from ..dataset.review import Review
from ..dataset.vocabulary import CHANGES_A_CONCLUSION, MINOR, MISLEADS_ABOUT_THE_EVIDENCE, SEVERITIES
from .markdown import Md, admonition, join, md, ref

#: The checks that say what a citation is cited for; the audit counts the citations they cover.
CITATION_CHECKS = tuple(check.name for check in AUDIT_CHECKS if check.target == CITED_FOR)


def anchor(problem_id: str) -> str:
    """The target name of a problem's admonition; problem ids are P01, P02, ... (datapackage.json checks it)."""
    if not re.fullmatch(r"P[0-9]{2}", problem_id):
        raise ValueError(f"{problem_id!r} is not a problem id")
    return f"audit-{problem_id.lower()}"


def claim_anchor(claim_id: str) -> str:
    """The id of a claim's row in the audit's tables (the annotated paper links here)."""
    if not re.fullmatch(r"C[0-9]{3}", claim_id):
        raise ValueError(f"{claim_id!r} is not a claim id")
    return f"claim-{claim_id.lower()}"


def _problem_link(problem_id: str) -> Md:
    return ref(anchor(problem_id), f"Problem {problem_id}")


def _claim_link(claim_id: str) -> Md:
    """A link to the claim's row in the audit's tables (claim_anchor checks the id, so it needs no escaping)."""
    return Md(f'<a href="#{claim_anchor(claim_id)}">{claim_id}</a>')


@dataclass(frozen=True)
class ClaimCounts:
    """Claims by status: all of them, or those of one topic of the audit chapter."""

    n: int
    sentences: int  # distinct quoted sentences
    consistent: int
    imprecise: int
    inconsistent: int
    not_verifiable: int
    faulted: int  # imprecise or inconsistent
    problems: int  # distinct problems that explain them


def claim_counts(findings: pd.DataFrame, topic: str | None = None) -> ClaimCounts:
    """The counts of all claims, or of those whose check belongs to ``topic`` (a key of TOPICS)."""
    part = findings if topic is None else findings[findings["check"].isin(TOPICS[topic])]
    status = part["status"].value_counts()
    return ClaimCounts(
        n=len(part),
        sentences=part["quote"].nunique(),
        consistent=int(status.get(CONSISTENT, 0)),
        imprecise=int(status.get(IMPRECISE, 0)),
        inconsistent=int(status.get(INCONSISTENT, 0)),
        not_verifiable=int(status.get(UNVERIFIABLE, 0)),
        faulted=int(part["status"].isin(FAULTS).sum()),
        problems=len({p for p in part.loc[part["status"].isin(FAULTS), "problem"] if str(p).startswith("P")}),
    )


@dataclass(frozen=True)
class ProblemCounts:
    """The distinct problems, by severity."""

    n: int
    conclusion: int
    misleads: int
    minor: int


def problem_counts(problems: pd.DataFrame) -> ProblemCounts:
    severity = problems["severity"].value_counts()
    return ProblemCounts(
        len(problems),
        int(severity.get(CHANGES_A_CONCLUSION, 0)),
        int(severity.get(MISLEADS_ABOUT_THE_EVIDENCE, 0)),
        int(severity.get(MINOR, 0)),
    )


def ungrouped(findings: pd.DataFrame) -> pd.DataFrame:
    """Imprecise or inconsistent claims that name no problem: faults that data/problems.csv does not yet explain."""
    named = findings["problem"].fillna("").astype(str).str.startswith("P")
    return findings[findings["status"].isin(FAULTS) & ~named]


def ungrouped_admonition(findings: pd.DataFrame) -> Md:
    """A warning that lists the faults no problem explains yet (none for the paper's own data), else nothing."""
    part = ungrouped(findings)
    if part.empty:
        return Md("")
    items = [
        md(Md("- "), _claim_link(row.claim_id), " (", row.status, "): ", row.explanation) for row in part.itertuples()
    ]
    return admonition(
        f"Not yet grouped into problems ({len(part)} claims)",
        join(
            [
                md("These claims are imprecise or inconsistent, but data/problems.csv names no problem for them yet."),
                join(items, "\n"),
            ]
        ),
        classes="warning",
    )


def findings_table(findings: pd.DataFrame, checks: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The findings (optionally of some checks only) as a table for the page, linking each fault's problem.

    The page gives the explanation, a sentence; the values a check compares, written as the check reads them,
    stay in audit.csv."""
    part = findings if checks is None else findings[findings["check"].isin(checks)]
    return pd.DataFrame(
        {
            # Each row is the target that the annotated paper and the problems link a claim to.
            "Claim": [md(Md(f'<span id="{claim_anchor(c)}"></span>'), c) for c in part["claim_id"]],
            "Section": part["section"],
            "The paper says": ["\u201c" + q + "\u201d" for q in part["quote"]],
            "What the audit finds": part["explanation"],
            "Verdict": [_status_cell(s, p) for s, p in zip(part["status"], part["problem"])],
        }
    )


def _status_cell(status: str, problem: str) -> Md:
    if status not in FAULTS:
        return md(status)
    return md(status, " (", _problem_link(problem) if str(problem).startswith("P") else "not yet grouped", ")")


def problems_table(findings: pd.DataFrame, problems: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct problem, most severe first: what it is, what it changes, the claims it affects."""
    rows = []
    for severity in SEVERITIES:
        for problem in problems[problems["severity"] == severity].itertuples():
            claims = findings[findings["problem"] == problem.problem_id]
            rows.append(
                {
                    "Problem": md(problem.title, " (", _problem_link(problem.problem_id), ")"),
                    "Severity": severity,
                    "What is wrong": problem.statement,
                    "Claims": _verdicts(claims),
                }
            )
    return pd.DataFrame(rows, columns=["Problem", "Severity", "What is wrong", "Claims"])


def _verdicts(claims: pd.DataFrame) -> str:
    """'one claim, inconsistent', 'seven claims, all imprecise', 'three claims: two imprecise, one inconsistent'."""
    counts = claims["status"].value_counts().reindex(FAULTS).dropna().astype(int)
    if len(counts) == 1:
        status = counts.index[0]
        every = "both " if len(claims) == 2 else "all " if len(claims) > 2 else ""
        return f"{count_phrase(len(claims), 'claim')}, {every}{status}"
    return f"{count_phrase(len(claims), 'claim')}: " + ", ".join(f"{number_word(n)} {s}" for s, n in counts.items())


def problem_blocks(findings: pd.DataFrame, problems: pd.DataFrame) -> Md:
    """One named admonition per problem, with each claim it affects: the targets that section pages link to."""
    blocks = []
    for severity in SEVERITIES:
        for problem in problems[problems["severity"] == severity].itertuples():
            claims = findings[findings["problem"] == problem.problem_id]
            items = [
                md(
                    Md("- "),
                    _claim_link(row.claim_id),
                    " (",
                    row.section,
                    ", ",
                    row.status,
                    "): \u201c",
                    row.quote,
                    "\u201d \u2014 ",
                    row.explanation,
                )
                for row in claims.itertuples()
            ]
            body = join([md(problem.statement), join(items, "\n")])
            blocks.append(
                admonition(
                    f"{problem.problem_id}. {problem.title} ({severity})",
                    body,
                    name=anchor(problem.problem_id),
                    classes="warning" if severity != MINOR else "note",
                )
            )
    return join(blocks)


def page_admonition(findings: pd.DataFrame, problems: pd.DataFrame, page: str) -> Md:
    """The distinct problems that the audit found in the claims this page discusses, each linked once."""
    here = findings[(findings["page"] == page) & findings["status"].isin(FAULTS)]
    part = problems[problems["problem_id"].isin(here["problem"])]
    loose = ungrouped(here)
    if part.empty and loose.empty:
        return admonition(
            "The audit on this page",
            md(
                "The audit found no problem in the paper's claims that this page discusses. ",
                Md("{doc}`See the audit <audit>`"),
                ".",
            ),
        )
    items = [
        md(Md("- "), row.title, " (", _problem_link(row.problem_id), ", ", row.severity, "): ", row.statement)
        for severity in SEVERITIES
        for row in part[part["severity"] == severity].itertuples()
    ]
    items += [
        md(
            Md("- "),
            Md(f'<a href="audit.html#{claim_anchor(row.claim_id)}">{row.claim_id}</a>'),
            " (",
            row.status,
            ", not yet grouped): ",
            row.explanation,
        )
        for row in loose.itertuples()
    ]
    n = len(part) + len(loose)
    grave = int((part["severity"] == CHANGES_A_CONCLUSION).sum())
    stake = (
        f"{number_word(grave)} of which {verb('changes', grave)} a conclusion"
        if grave
        else "none of which changes a conclusion"
    )
    title = f"{count_phrase(n, 'problem')} in what the paper says here, {stake}"
    title = title[:1].upper() + title[1:]
    return admonition(title, join(items, "\n"), classes="warning dropdown")


@dataclass(frozen=True)
class CitationCoverage:
    """The citations of the paper's running text, and how many of them a claim checks for what they are cited for."""

    n: int
    checked: int


def citation_coverage(review: Review) -> CitationCoverage:
    from ..analysis.citations import text_citations, uncovered
    from .annotated_paper import paper_text

    text = paper_text()
    claims = review.claims[review.claims["check"].isin(CITATION_CHECKS)]
    missing = uncovered(text, list(zip(claims["quote"], claims["refs"])))
    total = len(text_citations(text))
    return CitationCoverage(total, total - len(missing))


def tallies(findings: pd.DataFrame) -> dict[str, str]:
    """The sentence that closes each topic's paragraph in the audit chapter: how many of its claims hold, in words
    that agree with their numbers ('One of the seven selection counts that the paper prints is inconsistent ...')."""
    c = {topic: claim_counts(findings, topic) for topic in TOPICS}
    everything = claim_counts(findings)
    return {
        "flow": share_sentence(
            c["flow"].inconsistent,
            c["flow"].n,
            "selection count",
            "is inconsistent with the Results' own arithmetic",
            "that the paper prints",
        ),
        "counting": share_sentence(
            c["counting"].inconsistent,
            c["counting"].n,
            "count",
            "is inconsistent",
            "of studies, designs, tables and lists",
        )
        + f", and they come from only {count_phrase(c['counting'].problems, 'distinct problem')}, chiefly the "
        "one study counted twice",
        "designs": _and(
            share_sentence(c["designs"].inconsistent, c["designs"].n, "design claim", "is inconsistent"),
            count_clause(c["designs"].imprecise, "is imprecise"),
        ),
        "citations": share_sentence(
            c["citations"].inconsistent, c["citations"].n, "citation group", "disagrees with the tables"
        ),
        "percentages": _and(
            share_sentence(c["percentages"].imprecise, c["percentages"].n, "claim", "is imprecise"),
            count_clause(c["percentages"].inconsistent, "is inconsistent"),
        ),
        "sizes": _and(
            share_sentence(c["sizes"].consistent, c["sizes"].n, "size claim", "is consistent"),
            count_clause(c["sizes"].not_verifiable, "cannot be checked"),
        ),
        "years": share_sentence(c["years"].inconsistent, c["years"].n, "claim", "is inconsistent", "about years"),
        "names": share_sentence(c["names"].imprecise, c["names"].n, "name claim", "is imprecise"),
        "names_inconsistent": share_sentence(
            c["names"].inconsistent, c["names"].n, "name claim", "names an author whom the reference list contradicts"
        ),
        "uses": _and(
            share_sentence(c["uses"].inconsistent, c["uses"].n, "such claim", "is inconsistent"),
            count_clause(c["uses"].imprecise, "is imprecise"),
        ),
        "sources": share_sentence(c["sources"].inconsistent, c["sources"].n, "such claim", "is inconsistent"),
        "strength": _and(
            share_sentence(
                c["strength"].imprecise, c["strength"].n, "such claim", "overstates the strength of the evidence"
            ),
            count_clause(c["strength"].consistent, "fits it"),
        ),
        "inferences": share_sentence(
            c["inferences"].inconsistent, c["inferences"].n, "such inference", "rests on no included study"
        ),
        "directions": share_sentence(c["directions"].consistent, c["directions"].n, "claim", "agrees with the tables")
        + "; of the others, "
        + count_clause(c["directions"].imprecise, "is imprecise")
        + " and "
        + count_clause(c["directions"].inconsistent, "is inconsistent"),
        "conclusions": _and(
            share_sentence(c["conclusions"].inconsistent, c["conclusions"].n, "claim", "is inconsistent"),
            count_clause(c["conclusions"].imprecise, "is imprecise"),
        ),
        "faulted": share_sentence(everything.faulted, everything.n, "claim", "is affected", "that the audit checks"),
    }


def _and(sentence: str, clause: str) -> str:
    """A tally and the count that completes it: 'Four of the nine claims are inconsistent, and none is imprecise'."""
    return f"{sentence}, and {clause}"


def coverage_sentence(coverage: CitationCoverage) -> str:
    """'All 71 citations of the running text are checked this way'."""
    return share_sentence(coverage.checked, coverage.n, "citation", "is checked this way", "of the running text")


def severity_sentence(counts: ProblemCounts) -> str:
    """'eight problems change a conclusion, 16 mislead about the evidence and five are minor'."""
    return (
        f"{count_phrase(counts.conclusion, 'problem')} {verb('changes', counts.conclusion)} a conclusion, "
        f"{number_word(counts.misleads)} {verb('misleads', counts.misleads)} about the evidence and "
        f"{count_clause(counts.minor, 'is minor')}"
    )
