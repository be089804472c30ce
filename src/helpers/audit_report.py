"""How the audit is shown: its facts, its figure, the findings as admonitions, and its tables."""

from __future__ import annotations

import re

import pandas as pd
from matplotlib.figure import Figure

from .audit import CONSISTENT, INCONSISTENT, STATUSES, UNVERIFIABLE
from .facts import Facts
from .figures import OKABE_ITO, plt
from .markdown import Md, admonition, join, md, ref

STATUS_COLOURS = {CONSISTENT: OKABE_ITO["blue"], INCONSISTENT: OKABE_ITO["vermillion"], UNVERIFIABLE: "#BBBBBB"}
STATUS_HATCH = {CONSISTENT: "", INCONSISTENT: "//", UNVERIFIABLE: ".."}
SECTIONS = ("Abstract", "Methods", "Results", "Discussion", "Conclusions", "Table 1", "Table 2")
#: Groups of checks that the audit chapter discusses one by one.
TOPICS = {
    "flow": ("prisma",),
    "counting": ("study_count", "design_count", "table_count", "list_count", "legend_codes"),
    "designs": ("design_label", "table_designs"),
    "citations": ("refs_match", "not_tabled"),
    "percentages": ("percentage", "partition"),
    "sizes": ("group_size", "sum", "title_number"),
    "years": ("year", "year_range", "search_window", "table_years"),
    "details": ("table_text", "none"),
}


def anchor(claim_id: str) -> str:
    """The target name of a claim's finding; claim ids are C001, C002, ... (datapackage.json checks it)."""
    return f"audit-{claim_id.lower()}"


def claim_anchor(claim_id: str) -> str:
    """The id of a claim's row in the audit's tables (the annotated paper links here)."""
    if not re.fullmatch(r"C[0-9]{3}", claim_id):
        raise ValueError(f"{claim_id!r} is not a claim id")
    return f"claim-{claim_id.lower()}"


def _finding_link(claim_id: str, label: str) -> Md:
    return ref(anchor(claim_id), label)


def audit_facts(findings: pd.DataFrame) -> Facts:
    """Counts of claims by status, overall and per topic, for the prose."""
    facts: Facts = {"claims_n": len(findings), "claims_sentences": findings["quote"].nunique()}
    for status in STATUSES:
        facts[f"claims_{status.replace(' ', '_')}"] = int((findings["status"] == status).sum())
    for topic, checks in TOPICS.items():
        part = findings[findings["check"].isin(checks)]
        facts[f"{topic}_n"] = len(part)
        for status in STATUSES:
            facts[f"{topic}_{status.replace(' ', '_')}"] = int((part["status"] == status).sum())
    return facts


def status_figure(findings: pd.DataFrame) -> Figure:
    """Claims per section of the paper, stacked by status."""
    table = pd.crosstab(findings["section"], findings["status"]).reindex(
        index=[s for s in SECTIONS if s in set(findings["section"])], columns=list(STATUSES), fill_value=0)
    fig, ax = plt.subplots(figsize=(7.2, 0.8 + 0.42 * len(table)))
    left = pd.Series(0, index=table.index)
    for status in STATUSES:
        ax.barh(table.index, table[status], left=left, color=STATUS_COLOURS[status], hatch=STATUS_HATCH[status],
                edgecolor="white", label=status, height=0.7)
        for y, (value, start) in enumerate(zip(table[status], left)):
            if value:
                ax.text(start + value / 2, y, str(value), ha="center", va="center", fontsize=9,
                        color="white" if status != UNVERIFIABLE else "black", fontweight="bold")
        left += table[status]
    ax.invert_yaxis()
    ax.set_xlabel("Claims")
    ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.18), ncols=3, frameon=False, fontsize=9)
    ax.tick_params(axis="y", length=0)
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
    """The findings (optionally of some checks only) as a table for the page, linking inconsistencies."""
    part = findings if checks is None else findings[findings["check"].isin(checks)]
    return pd.DataFrame({
        # Each row is the target that the annotated paper links a claim to.
        "Claim": [md(Md(f'<span id="{claim_anchor(c)}"></span>'), _finding_link(c, c) if s == INCONSISTENT else c)
                  for c, s in zip(part["claim_id"], part["status"])],
        "Section": part["section"],
        "The paper says": ["\u201c" + q + "\u201d" for q in part["quote"]],
        "Reported": part["reported"],
        "Recomputed": part["recomputed"],
        "Status": part["status"],
    })


def finding_blocks(findings: pd.DataFrame) -> Md:
    """One named admonition per inconsistent claim: the target that section pages link to."""
    return join(
        admonition(f"{row.claim_id}: {row.section}",
                   join([md("The paper says: \u201c", row.quote, "\u201d"), md(row.explanation)]),
                   name=anchor(row.claim_id), classes="warning")
        for row in findings[findings["status"] == INCONSISTENT].itertuples())


def page_admonition(findings: pd.DataFrame, page: str) -> Md:
    """What the audit found wrong with the claims that this page discusses, linking each finding."""
    part = findings[(findings["page"] == page) & (findings["status"] == INCONSISTENT)]
    if part.empty:
        return admonition("The audit on this page",
                          md("The audit found no inconsistency in the paper's claims that this page discusses. ",
                             Md("{doc}`See the audit <audit>`"), "."))
    items = [md(Md("- "), "\u201c", row.quote, "\u201d (", row.section, "): ", row.explanation, " ",
                           _finding_link(row.claim_id, f"Finding {row.claim_id}"))
             for row in part.itertuples()]
    title = f"What the audit found in the paper's own numbers ({len(part)} {'finding' if len(part) == 1 else 'findings'})"
    return admonition(title, join(items, "\n"), classes="warning dropdown")
