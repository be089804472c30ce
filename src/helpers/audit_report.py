"""How the audit is shown: its facts, its figure, its problems as admonitions, and its tables."""

from __future__ import annotations

import re

import pandas as pd
from matplotlib.figure import Figure

from .audit import CONSISTENT, FAULTS, IMPRECISE, INCONSISTENT, STATUSES, UNVERIFIABLE
from .facts import Facts
from .figures import OKABE_ITO, plt
from .markdown import Md, admonition, join, md, ref

STATUS_COLOURS = {CONSISTENT: OKABE_ITO["blue"], IMPRECISE: OKABE_ITO["yellow"], INCONSISTENT: OKABE_ITO["vermillion"],
                  UNVERIFIABLE: "#BBBBBB"}
STATUS_HATCH = {CONSISTENT: "", IMPRECISE: "\\\\", INCONSISTENT: "//", UNVERIFIABLE: ".."}
#: Dark text on the light fills, white on the dark ones.
STATUS_TEXT = {CONSISTENT: "white", IMPRECISE: "black", INCONSISTENT: "white", UNVERIFIABLE: "black"}
SEVERITIES = ("conclusion", "count or citation", "wording")
SEVERITY_LABELS = {"conclusion": "changes a conclusion", "count or citation": "changes a count or citation",
                   "wording": "wording only"}
SECTIONS = ("Abstract", "Methods", "Results", "Discussion", "Conclusions", "Table 1", "Table 2")
#: Groups of checks that the audit chapter discusses one by one.
TOPICS = {
    "flow": ("prisma",),
    "counting": ("study_count", "design_count", "table_count", "list_count", "legend_codes", "listed"),
    "designs": ("design_label", "table_designs"),
    "citations": ("refs_match", "not_tabled"),
    "percentages": ("percentage", "partition"),
    "sizes": ("group_size", "sum", "title_number"),
    "years": ("year", "year_range", "search_window", "table_years"),
    "names": ("cited_author", "table_authors"),
    "uses": ("title_topic", "accounted_for", "set_aside_rule", "method_rule"),
    "directions": ("text_direction", "factor_topic", "table_terms"),
    "conclusions": ("conclusion", "evidence_level"),
    "details": ("table_text", "none"),
}


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


def audit_facts(findings: pd.DataFrame, problems: pd.DataFrame) -> Facts:
    """Counts of claims by status, overall and per topic, and of distinct problems, for the prose."""
    facts: Facts = {"claims_n": len(findings), "claims_sentences": findings["quote"].nunique()}
    for status in STATUSES:
        facts[f"claims_{status.replace(' ', '_')}"] = int((findings["status"] == status).sum())
    faulted = findings[findings["status"].isin(FAULTS)]
    facts["claims_faulted"] = len(faulted)
    facts["problems_n"] = len(problems)
    for severity in SEVERITIES:
        facts[f"problems_{severity.replace(' ', '_')}"] = int((problems["severity"] == severity).sum())
    for topic, checks in TOPICS.items():
        part = findings[findings["check"].isin(checks)]
        facts[f"{topic}_n"] = len(part)
        for status in STATUSES:
            facts[f"{topic}_{status.replace(' ', '_')}"] = int((part["status"] == status).sum())
        facts[f"{topic}_problems"] = part["problem"].dropna().nunique()
    return facts


def ungrouped(findings: pd.DataFrame) -> pd.DataFrame:
    """Imprecise or inconsistent claims that name no problem: faults that data/problems.csv does not yet explain."""
    named = findings["problem"].fillna("").astype(str).str.startswith("P")
    return findings[findings["status"].isin(FAULTS) & ~named]


def ungrouped_admonition(findings: pd.DataFrame) -> Md:
    """A warning that lists the faults no problem explains yet (none for the paper's own data), else nothing."""
    part = ungrouped(findings)
    if part.empty:
        return Md("")
    items = [md(Md("- "), _claim_link(row.claim_id), " (", row.status, "): ", row.explanation) for row in part.itertuples()]
    return admonition(f"Not yet grouped into problems ({len(part)} claims)",
                      join([md("These claims are imprecise or inconsistent, but data/problems.csv names no problem for them yet."),
                            join(items, "\n")]), classes="warning")


def status_figure(findings: pd.DataFrame) -> Figure:
    """Each section's claims as shares by status (one section holds most claims, so counts would hide the
    others); the count of each share is printed in it where it fits, and each section's total at the right."""
    table = pd.crosstab(findings["section"], findings["status"]).reindex(
        index=[s for s in SECTIONS if s in set(findings["section"])], columns=list(STATUSES), fill_value=0)
    totals = table.sum(axis=1)
    shares = table.div(totals, axis=0)
    fig, ax = plt.subplots(figsize=(7.2, 0.8 + 0.42 * len(table)))
    left = pd.Series(0.0, index=table.index)
    for status in STATUSES:
        ax.barh(table.index, shares[status], left=left, color=STATUS_COLOURS[status], hatch=STATUS_HATCH[status],
                edgecolor="white", label=status, height=0.7)
        for y, (count, share, start) in enumerate(zip(table[status], shares[status], left)):
            if share >= 0.07:  # a narrower share has no room for its number; the table and the alt text give it
                ax.text(start + share / 2, y, str(count), ha="center", va="center", fontsize=9,
                        color=STATUS_TEXT[status], fontweight="bold")
        left += shares[status]
    for y, total in enumerate(totals):
        ax.text(1.02, y, f"n = {total}", ha="left", va="center", fontsize=9)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    ax.invert_yaxis()
    ax.set_xlabel("Share of the section's claims")
    ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.18), ncols=4, frameon=False, fontsize=9)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


def status_figure_alt(findings: pd.DataFrame) -> str:
    parts = []
    for section in SECTIONS:
        part = findings[findings["section"] == section]
        if len(part):
            counts = part["status"].value_counts()
            parts.append(f"{section}: " + ", ".join(f"{int(counts[s])} {s}" for s in STATUSES if s in counts))
    return "Bar chart of the paper's claims per section, by audit status. " + "; ".join(parts) + "."


def findings_table(findings: pd.DataFrame, checks: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The findings (optionally of some checks only) as a table for the page, linking each fault's problem."""
    part = findings if checks is None else findings[findings["check"].isin(checks)]
    return pd.DataFrame({
        # Each row is the target that the annotated paper and the problems link a claim to.
        "Claim": [md(Md(f'<span id="{claim_anchor(c)}"></span>'), c) for c in part["claim_id"]],
        "Section": part["section"],
        "The paper says": ["\u201c" + q + "\u201d" for q in part["quote"]],
        "Reported": part["reported"],
        "Recomputed": part["recomputed"],
        "Status": [_status_cell(s, p) for s, p in zip(part["status"], part["problem"])],
    })


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
            rows.append({
                "Problem": _problem_link(problem.problem_id),
                "Severity": SEVERITY_LABELS[severity],
                "What is wrong": problem.statement,
                "Claims": join((_claim_link(c) for c in claims["claim_id"]), ", "),
                "Verdicts": ", ".join(f"{n} {s}" for s, n in claims["status"].value_counts().reindex(FAULTS).dropna().astype(int).items()),
            })
    return pd.DataFrame(rows, columns=["Problem", "Severity", "What is wrong", "Claims", "Verdicts"])


def problem_blocks(findings: pd.DataFrame, problems: pd.DataFrame) -> Md:
    """One named admonition per problem, with each claim it affects: the targets that section pages link to."""
    blocks = []
    for severity in SEVERITIES:
        for problem in problems[problems["severity"] == severity].itertuples():
            claims = findings[findings["problem"] == problem.problem_id]
            items = [md(Md("- "), _claim_link(row.claim_id), " (", row.section, ", ", row.status, "): \u201c", row.quote,
                        "\u201d \u2014 ", row.explanation) for row in claims.itertuples()]
            body = join([md(problem.statement), join(items, "\n")])
            blocks.append(admonition(f"{problem.problem_id}: {SEVERITY_LABELS[severity]}", body,
                                     name=anchor(problem.problem_id), classes="warning" if severity != "wording" else "note"))
    return join(blocks)


def page_admonition(findings: pd.DataFrame, problems: pd.DataFrame, page: str) -> Md:
    """The distinct problems that the audit found in the claims this page discusses, each linked once."""
    here = findings[(findings["page"] == page) & findings["status"].isin(FAULTS)]
    part = problems[problems["problem_id"].isin(here["problem"])]
    loose = ungrouped(here)
    if part.empty and loose.empty:
        return admonition("The audit on this page",
                          md("The audit found no problem in the paper's claims that this page discusses. ",
                             Md("{doc}`See the audit <audit>`"), "."))
    items = [md(Md("- "), _problem_link(row.problem_id), " (", SEVERITY_LABELS[row.severity], "): ", row.statement)
             for severity in SEVERITIES for row in part[part["severity"] == severity].itertuples()]
    items += [md(Md("- "), Md(f'<a href="audit.html#{claim_anchor(row.claim_id)}">{row.claim_id}</a>'), " (", row.status,
                 ", not yet grouped): ", row.explanation) for row in loose.itertuples()]
    n = len(part) + len(loose)
    title = f"What the audit found in the paper ({n} {'problem' if n == 1 else 'problems'})"
    return admonition(title, join(items, "\n"), classes="warning dropdown")
