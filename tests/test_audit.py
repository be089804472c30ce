"""The audit: hand-checked verdicts, a snapshot of every verdict, its checks on small cases, the
problems that group the faults, coverage of the paper, and a perturbation."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, edit_rows

import paper
from helpers import load_review
from helpers.analysis.audit import (
    CHECKS,
    CONSISTENT,
    IMPRECISE,
    INCONSISTENT,
    STATUSES,
    UNVERIFIABLE,
    audit,
    grim_denominators,
    name_match,
    title_design,
    to_csv,
)
from helpers.analysis.citations import parse_refs
from helpers.page.audit_report import problems_table, ungrouped

REVIEW = load_review()
FINDINGS = audit(REVIEW)

# Verdicts checked by hand against the paper: (words of the quote, check, status, words of the explanation).
HAND_CHECKED = [
    ("817 references", "prisma", CONSISTENT, "gives 817"),
    ("81 full-text papers", "prisma", INCONSISTENT, "at most 53"),
    ("41 studies were included", "study_count", INCONSISTENT, "40 distinct studies"),
    ("4 were simple reviews", "sum", CONSISTENT, "4 + 8 = 12"),
    ("six tables", "table_count", INCONSISTENT, "two tables"),
    ("1 prospective and 4 retrospective", "design_count", CONSISTENT, "The tables give the same"),
    ("2024 cases", "group_size", UNVERIFIABLE, "three of the five studies"),
    ("26 (11.6%)", "percentage", CONSISTENT, "224 or 225"),
    ("a prospective study of 201", "design_label", INCONSISTENT, "He S [10] as retrospective"),
    ("4 four prospective studies", "design_label", INCONSISTENT, "title of Li K [15]"),
    ("558 case", "group_size", CONSISTENT, "add up to 558"),
    ("15.9% (25/157)", "percentage", CONSISTENT, "rounds to 15.9%"),
    ("A (0-24%), B (25-75%) and C (75-100%)", "partition", IMPRECISE, "both include 75%"),
    ("less than 50% and more than 50%", "partition", IMPRECISE, "both leave out 50%"),
    ("within 1-3 weeks", "partition", IMPRECISE, "up to 1 week and 1-3 weeks both include 1 week"),
    ("early (within 4 weeks) and late (more than 4 weeks)", "partition", CONSISTENT, "once"),
    ("Twenty-two trials", "design_label", CONSISTENT, "common for studies of any design"),
    ("following three aspects", "listed", CONSISTENT, "names three items"),
    ("7 studies[32-35, 37-39]", "study_count", CONSISTENT, "7 studies"),
    ("7 studies[32-35, 37-39]", "refs_match", INCONSISTENT, "the sentence cites Kong M [37]"),
    ("In 2020, Vitamin K2", "year", INCONSISTENT, "Kong M [37] was published in 2019"),
    ("130 cases by Sun H", "title_number", CONSISTENT, "130 patients"),
    ("In 2018, Liu C", "year", CONSISTENT, "agree"),
    # The non-numeric families: each issue example, and a sound instance of the same check.
    (
        "Literatures list on strategies",
        "table_authors",
        IMPRECISE,
        "\u201cXunbing LZNGZ\u201d, \u201cXueyuan DXZ\u201d",
    ),
    ("Li Z et al.[52]", "cited_author", IMPRECISE, "Xunbing LZNGZ"),
    ("F G et al.[13]", "cited_author", IMPRECISE, "swapped"),
    ("Guo Z et al.[14]", "cited_author", CONSISTENT, "agrees"),
    ("a meta-analysis about BMD and refracture", "title_topic", INCONSISTENT, "does not mention pain"),
    (
        "PKP and PVP have no difference in pain improvement",
        "title_topic",
        INCONSISTENT,
        "Chen Y [20] does not mention kyphoplasty",
    ),
    ("slightly better efficacy than bilateral PKP", "text_direction", INCONSISTENT, "Table 1 gives no difference"),
    ("no significant difference between the two groups at 3 months", "text_direction", CONSISTENT, "short-term"),
    (
        "Two other studies focused on degree of soft tissue injury",
        "factor_topic",
        IMPRECISE,
        "Xu W [31] under Bone Marrow Edema",
    ),
    (
        "Yet the nature of bone cement @ factor=3",
        "conclusion",
        INCONSISTENT,
        "Two of the five rows it rests on name a better group, and three record no difference",
    ),
    (
        "Yet the nature of bone cement @ factor=4",
        "conclusion",
        INCONSISTENT,
        "Chen Y [22] found a difference in the short term",
    ),
    ("This technique is non-inferior to PKP", "text_direction", CONSISTENT, "better"),
    ("Test group, Control group and Better group", "table_terms", IMPRECISE, "Observe group"),
    ("but the level of evidence in related studies is low", "evidence_level", UNVERIFIABLE, "no reason"),
    ("were effective", "conclusion", IMPRECISE, "four record no difference"),
    (
        "had higher qualities",
        "evidence_level",
        INCONSISTENT,
        "ten of the 14 studies are retrospective, against none of the other five",
    ),
    ("It is believed by Yan et al.[26]", "accounted_for", INCONSISTENT, "[26]"),
    ("Zhou X et al.[27] found", "accounted_for", INCONSISTENT, "[27]"),
    ("firstly reported the SpineJack", "accounted_for", CONSISTENT, "outside the search window"),
    ("the language is English or Chinese", "method_rule", INCONSISTENT, "no title and abstract in English"),
    ("which were not fit in our topic", "set_aside_rule", INCONSISTENT, "Liu C [7], Chen Y [22] and Xu W [31]"),
    # The families of issue 22, each with a sound instance: one study published twice, the kind of a source,
    # words of strength, inferences that no study tests, and what each citation is cited for.
    (
        "Some large-sample retrospective studies were implemented in recent years[3-6]",
        "duplicate",
        INCONSISTENT,
        "[4] and [6]",
    ),
    ("6 retrospective studies [32-37]", "duplicate", CONSISTENT, "No two of [32-37]"),
    (
        "the retrieved document as journal literature @ table=1",
        "source_kind",
        INCONSISTENT,
        "Liu C [7] is most likely a conference abstract",
    ),
    ("the retrieved document as journal literature @ table=2", "source_kind", CONSISTENT, "journal literature"),
    (
        "operation error are highly related @ factor=1",
        "evidence_strength",
        IMPRECISE,
        "claims more than the evidence carries",
    ),
    ("There also was a high-quality meta-analysis", "evidence_strength", IMPRECISE, "no method of appraisal"),
    ("insufficient evidence on the relationship between the volume", "evidence_strength", CONSISTENT, "indeed weak"),
    (
        "injected preoperatively or postoperatively",
        "supported_by",
        INCONSISTENT,
        "compares preoperative with postoperative",
    ),
    ("and quite few adverse events", "supported_by", INCONSISTENT, "says nothing of adverse events"),
    (
        "would improve the residual pain in OVCF patient",
        "supported_by",
        CONSISTENT,
        "the test groups of [32-36, 38, 39] received ZOL",
    ),
    (
        "It can also contribute to fracture healing and prevent refracture[41]",
        "cited_for",
        INCONSISTENT,
        "a review of animal studies",
    ),
    (
        "Guo Z et al.[14]divided",
        "cited_for",
        CONSISTENT,
        "its title names the topic, it is a full report of a study and the reference list gives the same first author",
    ),
    ("In 2018, Liu C et al. [7] Observed", "cited_for", IMPRECISE, "conference abstract"),
]
SNAPSHOT = Path(__file__).parent / "snapshots" / "audit_verdicts.csv"
SNAPSHOT_COLUMNS = ["claim_id", "check", "status", "problem", "recomputed"]


def finding(findings: pd.DataFrame, quote: str, check: str) -> pd.Series:
    """The one finding of this check whose quote holds these words ('words @ target' when a sentence has two)."""
    words, _, target = quote.partition(" @ ")
    claims = REVIEW.claims.set_index("claim_id")["target"].fillna("")
    [row] = [
        r
        for _, r in findings.iterrows()
        if words in r["quote"] and r["check"] == check and (not target or claims[r["claim_id"]] == target)
    ]
    return row


@pytest.mark.parametrize(
    ("quote", "check", "status", "because"), HAND_CHECKED, ids=[f"{c[1]}: {c[0]}" for c in HAND_CHECKED]
)
def test_hand_checked_verdicts(quote: str, check: str, status: str, because: str) -> None:
    row = finding(FINDINGS, quote, check)
    assert row["status"] == status
    assert because in row["explanation"] or because in row["recomputed"]


def verdicts_csv(findings: pd.DataFrame) -> str:
    return findings[SNAPSHOT_COLUMNS].fillna("").to_csv(index=False, lineterminator="\n")


def test_every_verdict_matches_the_committed_snapshot() -> None:
    """A verdict changes only with a deliberate change to tests/snapshots/audit_verdicts.csv, which review sees.
    To accept a change: AUDIT_SNAPSHOT=update .venv/bin/python -m pytest tests/test_audit.py -k snapshot."""
    now = verdicts_csv(FINDINGS)
    if os.environ.get("AUDIT_SNAPSHOT") == "update":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(now, encoding="utf-8")
    before = pd.read_csv(SNAPSHOT, dtype=str, keep_default_na=False).set_index("claim_id")
    after = pd.read_csv(io.StringIO(now), dtype=str, keep_default_na=False).set_index("claim_id")
    changed = [
        f"{c}: {dict(before.loc[c])} -> {dict(after.loc[c])}"
        for c in before.index.intersection(after.index)
        if not before.loc[c].equals(after.loc[c])
    ]
    assert changed == [] and list(before.index) == list(after.index), "\n".join(
        changed
        + [
            f"added {sorted(set(after.index) - set(before.index))}",
            f"removed {sorted(set(before.index) - set(after.index))}",
        ]
    )


def test_every_fault_belongs_to_a_problem_and_every_problem_to_a_fault() -> None:
    assert ungrouped(FINDINGS).empty
    faulted = FINDINGS[FINDINGS["status"].isin([IMPRECISE, INCONSISTENT])]
    sound = FINDINGS[~FINDINGS["status"].isin([IMPRECISE, INCONSISTENT])]
    assert (sound["problem"] == "").all(), list(sound.loc[sound["problem"] != "", "claim_id"])
    assert set(faulted["problem"]) == set(REVIEW.problems["problem_id"])


def test_the_repeated_row_is_one_problem_and_the_problems_are_counted_once() -> None:
    repeated = FINDINGS[FINDINGS["explanation"].str.contains("Liu H \\[9\\] fills", regex=True)]
    assert len(repeated) == 7 and repeated["problem"].nunique() == 1
    table = problems_table(FINDINGS, REVIEW.problems)
    assert len(table) == len(REVIEW.problems)
    assert (
        list(table["Severity"]).index("minor")
        > list(table["Severity"]).index("misleads about the evidence")
        > list(table["Severity"]).index("changes a conclusion")
    )


def test_a_fault_that_no_problem_explains_yet_is_shown_and_not_hidden() -> None:
    from helpers.page.audit_report import findings_table, page_admonition, ungrouped_admonition

    changed = FINDINGS.copy()
    changed.loc[changed["claim_id"] == "C039", ["status", "problem"]] = [INCONSISTENT, ""]
    assert "not yet grouped" in str(findings_table(changed)["Verdict"].iloc[38])
    assert "C039" in ungrouped_admonition(changed) and ungrouped_admonition(FINDINGS) == ""
    assert "C039" in page_admonition(changed, REVIEW.problems, "bone_cement")


def test_every_status_occurs_and_every_verdict_is_explained() -> None:
    assert set(FINDINGS["status"]) == set(STATUSES)
    for row in FINDINGS.itertuples():
        assert row.explanation.endswith("."), row.claim_id


def test_every_check_of_the_registry_runs_by_its_own_function_and_has_a_topic() -> None:
    from helpers.dataset.audit_checks import AUDIT_CHECKS, TOPICS

    assert list(CHECKS) == [c.name for c in AUDIT_CHECKS]
    assert all(CHECKS[name].__name__ == f"check_{name}" for name in CHECKS)
    assert sorted(name for names in TOPICS.values() for name in names) == sorted(CHECKS)
    assert set(REVIEW.claims["check"]) == set(CHECKS)  # and every check is used by some claim


def test_claim_quotes_are_the_papers_words() -> None:
    text = " ".join(paper.text().split())
    for row in REVIEW.claims.itertuples():
        assert " ".join(row.quote.split()) in text, row.claim_id


NUMBER_WORDS = r"\b(two|three|four|five|six|seven|eight|nine|ten|Nineteen|Twenty-two)\b"
NOT_QUANTITIES = re.compile(
    r"Table ?\d|Fig\.\s?\d|BMP-2|K2\b|V ?<sub>|two-way|five-tone|five (elements|tones|internal)|PMMA"
)


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


@pytest.mark.parametrize(
    ("text", "refs"),
    [("7-11", [7, 8, 9, 10, 11]), ("32-35,37-39", [32, 33, 34, 35, 37, 38, 39]), ("9, 12", [9, 12]), ("", [])],
)
def test_parse_refs(text: str, refs: list[int]) -> None:
    assert parse_refs(text) == refs


def test_grim_denominators() -> None:
    assert grim_denominators(26, 11.6, 1) == [224, 225]
    assert grim_denominators(1, 33.3, 1) == [3]
    assert grim_denominators(5, 12.3, 1, limit=100) == []


@pytest.mark.parametrize(
    ("title", "design"),
    [
        ("A retrospective cohort study", "Retrospective"),
        ("a meta-analysis and systematic review", "Meta-analysis"),
        ("A prospective, international, randomized, noninferiority study", "Prospective"),
        ("protocol for a 2-year follow-up non-randomized controlled trial", "Prospective"),
        ("Effect of cement", None),
    ],
)
def test_title_design(title: str, design: str | None) -> None:
    assert title_design(title) == design


def run_check(check: str, reported: str, refs: str = "", target: str = "") -> tuple[str, str]:
    claim = pd.Series(
        {
            "claim_id": "X",
            "section": "Results",
            "page": "methods",
            "quote": "q",
            "reported": reported,
            "check": check,
            "refs": refs,
            "target": target,
            "note": "",
        }
    )
    from helpers.analysis.audit import Context

    verdict = CHECKS[check](claim, Context(REVIEW))
    return verdict.status, verdict.explanation


def test_small_checks_on_their_own() -> None:
    assert run_check("sum", "2+3=5")[0] == CONSISTENT
    assert run_check("sum", "2+3=6") == (INCONSISTENT, "2 + 3 = 5, not 6.")
    assert run_check("partition", "0-49;50-100")[0] == CONSISTENT
    assert "nothing covers the values between 49 and 60%" in run_check("partition", "0-49;60-100")[1]
    assert run_check("partition", "0-50;50-100")[0] == IMPRECISE  # both include 50
    assert run_check("partition", "<50;>50")[0] == IMPRECISE  # both leave out 50
    assert run_check("partition", "<50;>=50")[0] == CONSISTENT
    assert run_check("partition", "0-60;40-100")[0] == INCONSISTENT
    assert run_check("partition", "<=2;>2", target="week")[0] == CONSISTENT
    assert run_check("percentage", "26=11.6%")[0] == CONSISTENT
    assert run_check("percentage", "5=12.2%")[0] == CONSISTENT  # 5 of 41
    assert run_check("percentage", "5=12.3%")[0] == INCONSISTENT  # no whole group gives it
    assert run_check("percentage", "1/3=33.3%")[0] == CONSISTENT
    assert run_check("percentage", "1/3=33.4%")[0] == INCONSISTENT
    assert run_check("study_count", "2", target="factor=2")[0] == CONSISTENT
    assert run_check("refs_match", "9,12", refs="9,12", target="factor=2")[0] == CONSISTENT
    assert run_check("refs_match", "9", refs="9", target="factor=2") == (
        INCONSISTENT,
        "This edition reads the group as the Table 1 rows under \u201cBone cement volume\u201d, [9, 12]: the sentence "
        "leaves out Sun H [12].",
    )


@pytest.mark.parametrize(
    ("printed", "listed", "match"),
    [
        ("Li Z", "Li Z", "same"),
        ("Shen", "Shen Y", "same"),
        ("Sun H", "Sun H-B", "same"),
        ("Huang Z", "Huang Z-F", "same"),
        ("F G", "Genqiang F", "reversed"),
        ("Peng K", "Ke-jun P", "reversed"),
        ("Noriega D", "David N", "reversed"),
        ("Li Z", "Xunbing LZNGZ", "initials"),
        ("Du X", "Xueyuan DXZ", "initials"),
        ("Yan", "Song-hai YJ-tYC-hZ", "initials"),
        ("Wang X", "Xunbing LZNGZ", "different"),
        ("Li H", "Li K", "different"),
    ],
)
def test_name_match(printed: str, listed: str, match: str) -> None:
    assert name_match(printed, listed) == match


def test_the_non_numeric_checks_on_their_own() -> None:
    # Conclusions: 'related' needs every row to name a better group, 'not related' none.
    assert run_check("conclusion", "related", target="factor=1")[0] == CONSISTENT
    assert run_check("conclusion", "not related", target="factor=1")[0] == INCONSISTENT
    assert run_check("conclusion", "related", target="factor=4")[0] == INCONSISTENT
    assert run_check("conclusion", "effective", target="strategy=3")[0] == CONSISTENT
    # Levels of evidence by the paper's own reason: more retrospective studies, lower level.
    assert run_check("evidence_level", "high", target="factor=1")[0] == UNVERIFIABLE
    assert run_check("evidence_level", "higher", target="strategy=3")[0] == CONSISTENT
    # What the text says a study found, against the table; the short-term result is the one that counts.
    assert run_check("text_direction", "no difference", refs="14")[0] == INCONSISTENT
    assert run_check("text_direction", "short=no difference;long=better", refs="14")[0] == INCONSISTENT
    assert run_check("text_direction", "short=better;long=no difference", refs="14")[0] == CONSISTENT
    # Studies used as evidence: tabled, set aside, or outside the search window.
    assert run_check("accounted_for", "x", refs="14")[0] == CONSISTENT
    assert run_check("accounted_for", "x", refs="49")[0] == CONSISTENT
    assert run_check("title_topic", "x", refs="17", target="viscosity")[0] == CONSISTENT
    assert run_check("listed", "2", target="a|b")[0] == CONSISTENT
    assert run_check("listed", "3", target="a|b")[0] == INCONSISTENT


@pytest.mark.parametrize(
    ("title", "pages", "kind"),
    [
        ("Effect of bone cement distribution", "S509", "conference abstract"),
        ("A meta-analysis", "25S-26S", "conference abstract"),
        ("Three methods: protocol for a trial", "3000-3004", "protocol"),
        ("Statins: a review of animal model studies", None, "animal study"),
        ("Balloon kyphoplasty versus vertebroplasty: a meta-analysis", "12-20", "review"),
        ("A cohort study", "E33-E42", "journal article"),
    ],
)
def test_the_kind_of_a_source_from_its_entry(title: str, pages: str | None, kind: str) -> None:
    from helpers.analysis.audit import source_kind

    assert source_kind(title, pages) == kind


def test_one_study_published_twice_is_found_and_distinct_studies_are_not() -> None:
    from helpers.analysis.audit import duplicates

    references = pd.DataFrame(
        {
            "refnumber": [1, 2, 3, 4],
            "authors": ["Yang J-S; Liu J", "Li Y", "Yang Junsong CH; Liu P", "Yang X"],
            "title": [
                "Causes of residual back pain at early stage: 1,316 cases",
                "Risk factors for pain",
                "Causes of residual back pain at early stage after surgery",
                "Causes of residual back pain at early stage",
            ],
        }
    )
    assert duplicates(references) == [(1, 3), (1, 4), (3, 4)]
    assert duplicates(references.drop(index=[2, 3])) == []
    assert duplicates(REVIEW.references) == [(4, 6)]


def test_every_citation_of_the_running_text_is_checked_for_what_it_is_cited_for() -> None:
    from helpers.analysis.citations import text_citations, uncovered

    cited_for = REVIEW.claims[REVIEW.claims["check"] == "cited_for"]
    assert (
        len(text_citations(paper.text())) == 71
    )  # every bracket of the running text, a group printed twice counted twice
    assert uncovered(paper.text(), list(zip(cited_for["quote"], cited_for["refs"]))) == []
    # Without the claim on [41], its citation is found unchecked.
    rest = cited_for[cited_for["refs"] != "41"]
    assert [c.bracket for c in uncovered(paper.text(), list(zip(rest["quote"], rest["refs"])))] == ["[41]"]


@pytest.mark.slow  # reads the built book
def test_audit_csv_is_offered_with_the_required_columns() -> None:
    built = ROOT / "_build" / "html" / "audit.csv"
    if not built.exists():
        pytest.fail("build the book first (make book)")
    assert built.read_text(encoding="utf-8") == to_csv(audit(REVIEW))
    header = built.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert {"claim_id", "section", "quote", "reported", "recomputed", "status", "explanation", "problem"} <= set(header)


def test_a_perturbation_turns_consistent_claims_inconsistent(data_copy: Path) -> None:
    def perturb(row: dict[str, str]) -> None:
        if row["ref"] == "16":  # Miao F: one of the four viscosity trials of "558 case"
            row["n_total"] = str(int(row["n_total"]) + 1)
        if row["ref"] == "7":  # Liu C: "In 2018, Liu C et al."
            row["year"] = str(int(row["year"]) - 1)

    edit_rows(data_copy / "studies.csv", perturb)
    after = audit(load_review(data_copy))
    for quote, check in (("558 case", "group_size"), ("In 2018, Liu C", "year")):
        assert finding(FINDINGS, quote, check)["status"] == CONSISTENT
        assert finding(after, quote, check)["status"] == INCONSISTENT
