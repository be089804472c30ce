"""The summary of findings: the certainty rule on hand-made cases, the paper's words, and a perturbation."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, edit_rows

import paper
from helpers import load_review
from helpers.analysis.audit import audit
from helpers.analysis.summary import CERTAINTY, Evidence, certainty, consistency, summary_of_findings, to_csv

REVIEW = load_review()
SUMMARY = summary_of_findings(REVIEW, audit(REVIEW))


@pytest.mark.parametrize(("evidence", "level"), [
    (Evidence(("Prospective",) * 4, ("better",) * 4, 500, False), "moderate"),
    (Evidence(("Retrospective",) * 4, ("better",) * 4, 500, False), "low"),
    (Evidence(("Prospective", "Retrospective"), ("better", "better"), 500, False), "low"),  # imprecise: 2 studies
    (Evidence(("Prospective",) * 4, ("better", "no difference") * 2, 500, False), "low"),  # mixed
    (Evidence(("Prospective",) * 4, ("better",) * 4, 150, False), "low"),  # imprecise: participants
    (Evidence(("Prospective",) * 4, ("better",) * 4, 500, True), "low"),  # contradicted
    (Evidence(("Retrospective",), ("better",), 10, True), "very low"),  # never below very low
    (Evidence(("Meta-analysis",) * 3, ("no difference",) * 3, 627, False), "moderate"),
])
def test_certainty_rule(evidence: Evidence, level: str) -> None:
    found, reasons = certainty(evidence)
    assert found == level
    start = CERTAINTY.index(reasons[0].split(":")[0].removeprefix("starts "))
    assert CERTAINTY.index(found) == min(start + len(reasons) - 1, len(CERTAINTY) - 1)  # one reason per level down


def test_consistency() -> None:
    assert consistency(["better"]) == "single study"
    assert consistency(["better", "better"]) == "consistent"
    assert consistency(["better", "no difference"]) == "mixed"


def test_one_row_per_question_with_the_counts_of_the_tables() -> None:
    rows = SUMMARY.set_index("question_id")
    assert len(rows) == 13 and set(rows["page"]) == {"bone_cement", "operation", "patient", "strategies"}
    assert rows.loc["Q01", ["studies", "better", "no_difference"]].tolist() == [5, 5, 0]
    assert rows.loc["Q03", ["studies", "better", "no_difference", "consistency"]].tolist() == [5, 2, 3, "mixed"]
    assert rows.loc["Q11", "studies"] == 7  # zoledronic acid: [32-36, 38, 39]
    assert rows.loc["Q10", "participants"].endswith("the paper gives 1,416 cases for [32-39] together")
    assert "P18" in rows.loc["Q03", "problems"] and rows.loc["Q03", "certainty"] == "very low"
    assert rows.loc["Q04", "participants"] == "1 of the 3 meta-analyses pooled 627; the text gives no size for the others"


def test_every_quoted_conclusion_is_the_papers_words() -> None:
    text = " ".join(paper.text().split())
    for row in REVIEW.questions.itertuples():
        assert " ".join(row.conclusion.split()) in text, row.question_id
        assert not isinstance(row.also, str) or " ".join(row.also.split()) in text, row.question_id


def test_changing_a_design_changes_the_rating(data_copy: Path) -> None:
    def retrospective(row: dict[str, str]) -> None:
        if row["ref"] == "12":  # Sun H, one of the two studies of cement volume
            row["design"] = "Retrospective"

    edit_rows(data_copy / "studies.csv", retrospective)
    changed = load_review(data_copy)
    after = summary_of_findings(changed, audit(changed)).set_index("question_id")
    before = SUMMARY.set_index("question_id")
    assert before.loc["Q02", "certainty"] == "low" and after.loc["Q02", "certainty"] == "very low"


@pytest.mark.slow  # reads the built book
def test_summary_csv_is_offered_for_download() -> None:
    built = ROOT / "_build" / "html" / "summary_of_findings.csv"
    if not built.exists():
        pytest.fail("build the book first (make book)")
    assert built.read_text(encoding="utf-8") == to_csv(SUMMARY)
