"""The audit: hand-checked verdicts, its checks on small cases, coverage of the paper, and a perturbation."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import paper
import pandas as pd
import pytest
from conftest import DATA, ROOT

from helpers import load_review
from helpers.audit import (
    CHECKS, CONSISTENT, INCONSISTENT, UNVERIFIABLE, audit, grim_denominators, parse_refs, title_design, to_csv,
)
from helpers.rules import REPORTED_FORMATS

REVIEW = load_review()
FINDINGS = audit(REVIEW)

# Verdicts checked by hand against the paper: (words of the quote, check, status, words of the explanation).
HAND_CHECKED = [
    ("817 references", "prisma", CONSISTENT, "gives 817"),
    ("81 full-text papers", "prisma", INCONSISTENT, "at most 53"),
    ("41 studies were included", "study_count", INCONSISTENT, "40 distinct studies"),
    ("4 were simple reviews", "sum", CONSISTENT, "4 + 8 = 12"),
    ("six tables", "table_count", INCONSISTENT, "2 tables"),
    ("1 prospective and 4 retrospective", "design_count", CONSISTENT, "same designs"),
    ("2024 cases", "group_size", UNVERIFIABLE, "3 of 5 studies"),
    ("26 (11.6%)", "percentage", UNVERIFIABLE, "224 or 225"),
    ("a prospective study of 201", "design_label", INCONSISTENT, "He S [10] as retrospective"),
    ("4 four prospective studies", "design_label", INCONSISTENT, "title of Li K [15]"),
    ("558 case", "group_size", CONSISTENT, "add up to 558"),
    ("15.9% (25/157)", "percentage", CONSISTENT, "rounds to 15.9%"),
    ("A (0-24%), B (25-75%) and C (75-100%)", "partition", INCONSISTENT, "overlap at 75%"),
    ("7 studies[32-35, 37-39]", "study_count", CONSISTENT, "7 studies"),
    ("7 studies[32-35, 37-39]", "refs_match", INCONSISTENT, "it cites 37"),
    ("In 2020, Vitamin K2", "year", INCONSISTENT, "Kong M [37] was published in 2019"),
    ("130 cases by Sun H", "title_number", CONSISTENT, "130 patients"),
    ("In 2018, Liu C", "year", CONSISTENT, "agree"),
]


def finding(findings: pd.DataFrame, quote: str, check: str) -> pd.Series:
    [row] = [r for _, r in findings.iterrows() if quote in r["quote"] and r["check"] == check]
    return row


@pytest.mark.parametrize(("quote", "check", "status", "because"), HAND_CHECKED, ids=[f"{c[1]}: {c[0]}" for c in HAND_CHECKED])
def test_hand_checked_verdicts(quote: str, check: str, status: str, because: str) -> None:
    row = finding(FINDINGS, quote, check)
    assert row["status"] == status
    assert because in row["explanation"] or because in row["recomputed"]


def test_every_status_occurs_and_every_inconsistency_is_explained() -> None:
    assert set(FINDINGS["status"]) == {CONSISTENT, INCONSISTENT, UNVERIFIABLE}
    for row in FINDINGS.itertuples():
        assert row.explanation.endswith("."), row.claim_id


def test_every_check_of_the_schema_is_implemented_and_validated() -> None:
    import json

    schema = json.loads((DATA / "datapackage.json").read_text())
    [claims] = [r for r in schema["resources"] if r["name"] == "claims"]
    [check] = [f for f in claims["schema"]["fields"] if f["name"] == "check"]
    assert set(check["constraints"]["enum"]) == set(CHECKS) == set(REPORTED_FORMATS)


def test_claim_quotes_are_the_papers_words() -> None:
    text = " ".join(paper.text().split())
    for row in REVIEW.claims.itertuples():
        assert " ".join(row.quote.split()) in text, row.claim_id


NUMBER_WORDS = r"\b(two|three|four|five|six|seven|eight|nine|ten|Nineteen|Twenty-two)\b"
NOT_QUANTITIES = re.compile(r"Table ?\d|Fig\.\s?\d|BMP-2|K2\b|V ?<sub>|two-way|five-tone|five (elements|tones|internal)|PMMA")


def numeric_sentences() -> list[str]:
    body = paper.text().split("# Abstract", 1)[1].split("## References", 1)[0]
    body = re.sub(r"\n\n(?=[a-z])", " ", body)  # a paragraph that a page break split
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9“\"])|\n\n", body)
    found = []
    for sentence in sentences:
        plain = NOT_QUANTITIES.sub("", re.sub(r"\[[\d,\s-]+\]", "", sentence))
        if re.search(r"\d", plain) or re.search(NUMBER_WORDS, plain, flags=re.I):
            found.append(" ".join(sentence.split()))
    return found


def test_every_sentence_that_states_a_number_has_a_claim() -> None:
    quotes = [" ".join(q.split()) for q in REVIEW.claims["quote"]]
    sentences = numeric_sentences()
    assert len(sentences) > 60
    missing = [s for s in sentences if not any(q in s or s in q for q in quotes)]
    assert missing == []


@pytest.mark.parametrize(("text", "refs"), [("7-11", [7, 8, 9, 10, 11]), ("32-35,37-39", [32, 33, 34, 35, 37, 38, 39]),
                                           ("9, 12", [9, 12]), ("", [])])
def test_parse_refs(text: str, refs: list[int]) -> None:
    assert parse_refs(text) == refs


def test_grim_denominators() -> None:
    assert grim_denominators(26, 11.6, 1) == [224, 225]
    assert grim_denominators(1, 33.3, 1) == [3]
    assert grim_denominators(5, 12.3, 1, limit=100) == []


@pytest.mark.parametrize(("title", "design"), [
    ("A retrospective cohort study", "Retrospective"), ("a meta-analysis and systematic review", "Meta-analysis"),
    ("A prospective, international, randomized, noninferiority study", "Prospective"),
    ("protocol for a 2-year follow-up non-randomized controlled trial", "Prospective"), ("Effect of cement", None)])
def test_title_design(title: str, design: str | None) -> None:
    assert title_design(title) == design


def run_check(check: str, reported: str, refs: str = "", target: str = "") -> tuple[str, str]:
    claim = pd.Series({"claim_id": "X", "section": "Results", "page": "methods", "quote": "q", "reported": reported,
                       "check": check, "refs": refs, "target": target, "note": ""})
    from helpers.audit import Context

    verdict = CHECKS[check](claim, Context(REVIEW))
    return verdict.status, verdict.explanation


def test_small_checks_on_their_own() -> None:
    assert run_check("sum", "2+3=5")[0] == CONSISTENT
    assert run_check("sum", "2+3=6") == (INCONSISTENT, "2 + 3 = 5, not 6.")
    assert run_check("partition", "0-49;50-100")[0] == CONSISTENT
    assert "nothing covers 50-59%" in run_check("partition", "0-49;60-100")[1]
    assert run_check("percentage", "1/3=33.3%")[0] == CONSISTENT
    assert run_check("percentage", "1/3=33.4%")[0] == INCONSISTENT
    assert run_check("study_count", "2", target="factor=2")[0] == CONSISTENT
    assert run_check("refs_match", "9,12", refs="9,12", target="factor=2")[0] == CONSISTENT
    assert run_check("refs_match", "9", refs="9", target="factor=2") == (
        INCONSISTENT, "The table's group is 9, 12: it leaves out 12, which the table does.")


def test_audit_csv_is_offered_with_the_required_columns() -> None:
    built = ROOT / "_build" / "html" / "audit.csv"
    if not built.exists():
        pytest.fail("build the book first (make book)")
    assert built.read_text(encoding="utf-8") == to_csv(audit(REVIEW))
    header = built.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert {"claim_id", "section", "quote", "reported", "recomputed", "status", "explanation"} <= set(header)


def test_a_perturbation_turns_consistent_claims_inconsistent(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "studies.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("ref")] == "16":  # Miao F: one of the four viscosity trials of "558 case"
            row[header.index("n_total")] = str(int(row[header.index("n_total")]) + 1)
        if row[header.index("ref")] == "7":  # Liu C: "In 2018, Liu C et al."
            row[header.index("year")] = str(int(row[header.index("year")]) - 1)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    after = audit(load_review(data))
    for quote, check in (("558 case", "group_size"), ("In 2018, Liu C", "year")):
        assert finding(FINDINGS, quote, check)["status"] == CONSISTENT
        assert finding(after, quote, check)["status"] == INCONSISTENT
