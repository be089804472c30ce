"""The audit's checks, each declared once: its name, the part of the audit chapter that discusses it,
and what a row of claims.csv must give it.

This is the one registry of checks. The validator reads claims.csv against it (rules.check_claims),
helpers.analysis.audit binds each name to the function that runs it and fails at import if one is
missing, and the audit chapter takes its topics from it. Adding a check is adding a record here and
writing its function.
"""

from __future__ import annotations

from dataclasses import dataclass

from .vocabulary import DESIGNS

#: What a claim's ``target`` names, for the checks that read it.
ROWS = "a selection of table rows"  # e.g. table=1&factor=3 (helpers.analysis.counts.select)
PRISMA_BOX = "a box of prisma.csv"
SEARCH_ASPECT = "an aspect of search.csv"
CITED_FOR = "what a citation says of its reference"  # key=value pairs joined by ';'
OWN = "what the check itself reads"  # free text: a unit, a list, a title's words

_DESIGNS = "(" + "|".join(DESIGNS) + ")"
_SHORT_LONG = "short=(better|no difference);long=(better|no difference)"


@dataclass(frozen=True)
class AuditCheck:
    """One check of the audit.

    ``reported`` is the pattern that claims.csv's ``reported`` must match for this check to read it;
    ``needs_refs`` says whether a claim must name the references it is about.
    """

    name: str
    topic: str
    reported: str
    target: str = ROWS
    needs_refs: bool = False


#: In the audit chapter's order of topics.
AUDIT_CHECKS: tuple[AuditCheck, ...] = (
    AuditCheck("prisma", "flow", r"\d+", target=PRISMA_BOX),
    AuditCheck("study_count", "counting", r"\d+"),
    AuditCheck("design_count", "counting", rf"{_DESIGNS}=\d+(;{_DESIGNS}=\d+)*"),
    AuditCheck("table_count", "counting", r"\d+"),
    AuditCheck("list_count", "counting", r"\d+", target=OWN),
    AuditCheck("legend_codes", "counting", r"\d+-\d+", target=OWN),
    AuditCheck("listed", "counting", r"\d+", target=OWN),
    AuditCheck("design_label", "designs", rf"{_DESIGNS}|trial"),
    AuditCheck("table_designs", "designs", r".+"),
    AuditCheck("refs_match", "citations", r"[0-9,-]+", needs_refs=True),
    AuditCheck("not_tabled", "citations", r"\d+", needs_refs=True),
    AuditCheck("percentage", "percentages", r"\d+(/\d+)?=\d+(\.\d+)?%", needs_refs=True),
    AuditCheck("partition", "percentages", r"(\d+-\d+|[<>]=?\d+)(;(\d+-\d+|[<>]=?\d+))+", target=OWN),
    AuditCheck("group_size", "sizes", r"\d+", needs_refs=True),
    AuditCheck("sum", "sizes", r"\d+(\+\d+)+=\d+"),
    AuditCheck("title_number", "sizes", r"\d+", needs_refs=True),
    AuditCheck("year", "years", r"\d{4}", needs_refs=True),
    AuditCheck("year_range", "years", r"\d{4}-\d{4}"),
    AuditCheck("search_window", "years", r"\d{4}-\d\d/\d{4}-\d\d"),
    AuditCheck("table_years", "years", r".+"),
    AuditCheck("cited_author", "names", r"[A-Z][A-Za-z-]*( [A-Z]+)?", needs_refs=True),
    AuditCheck("table_authors", "names", r".+"),
    AuditCheck("cited_for", "uses", r".+", target=CITED_FOR, needs_refs=True),
    AuditCheck("title_topic", "uses", r".+", target=OWN, needs_refs=True),
    AuditCheck("accounted_for", "uses", r".+", needs_refs=True),
    AuditCheck("set_aside_rule", "uses", _SHORT_LONG, needs_refs=True),
    AuditCheck("method_rule", "uses", r".+", target=SEARCH_ASPECT),
    AuditCheck("duplicate", "sources", r"\d+", needs_refs=True),
    AuditCheck("source_kind", "sources", r"study|clinical|journal literature"),
    AuditCheck("evidence_strength", "strength", r"strong|weak"),
    AuditCheck("supported_by", "inferences", r"compare:[^|]+\|[^|]+|tested:.+|harms:.+"),
    AuditCheck("text_direction", "directions", rf"better|no difference|non-inferior|{_SHORT_LONG}", needs_refs=True),
    AuditCheck("factor_topic", "directions", r".+", needs_refs=True),
    AuditCheck("table_terms", "directions", r"[^|]+(\|[^|]+)+"),
    AuditCheck("conclusion", "conclusions", r"related|not related|effective"),
    AuditCheck("evidence_level", "conclusions", r"low|high|higher"),
    AuditCheck("table_text", "details", r".+", needs_refs=True),
    AuditCheck("none", "details", r".+"),
)
BY_NAME: dict[str, AuditCheck] = {check.name: check for check in AUDIT_CHECKS}
assert len(BY_NAME) == len(AUDIT_CHECKS), "each check is declared once"
#: The topics of the audit chapter, in its order, each with its checks.
TOPICS: dict[str, tuple[str, ...]] = {
    topic: tuple(c.name for c in AUDIT_CHECKS if c.topic == topic)
    for topic in dict.fromkeys(c.topic for c in AUDIT_CHECKS)
}
