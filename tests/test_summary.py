"""The summary of findings and the GRADE evidence profile: the arithmetic on hand-made cases, the judgements'
evidence, the plain-language statements, and perturbations of the data that the ratings must follow."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, edit_rows

import paper
from helpers import load_review
from helpers.analysis.audit import audit
from helpers.analysis.certainty import (
    LEVELS,
    bodies,
    judged_on,
    profile,
    question_certainty,
    rate,
    starting_level,
    unrated_rows,
)
from helpers.analysis.summary import plain_statement, summary_of_findings, to_csv
from helpers.page.annotated_paper import normalise
from helpers.page.summary_report import stale_judgements

REVIEW = load_review()
SUMMARY = summary_of_findings(REVIEW, audit(REVIEW))
PAPER = normalise(paper.text())
NOTHING = {
    "risk of bias": "not serious",
    "inconsistency": "not serious",
    "indirectness": "not serious",
    "imprecision": "not serious",
    "publication bias": "not serious",
    "rating up": "none",
}


@pytest.mark.parametrize(
    ("question_type", "randomised", "start"),
    [
        ("intervention", True, "high"),
        ("intervention", False, "low"),
        ("prognostic factor", False, "high"),
        ("prognostic factor", True, "high"),
    ],
)
def test_the_starting_level_follows_the_type_and_the_randomisation(
    question_type: str, randomised: bool, start: str
) -> None:
    assert starting_level(question_type, randomised) == start


@pytest.mark.parametrize(
    ("start", "changes", "level"),
    [
        ("high", {}, "high"),
        ("high", {"risk of bias": "serious"}, "moderate"),
        ("high", {"risk of bias": "serious", "imprecision": "serious"}, "low"),
        ("high", {"imprecision": "very serious"}, "low"),
        ("high", {"risk of bias": "serious", "indirectness": "serious", "imprecision": "serious"}, "very low"),
        ("low", {"risk of bias": "very serious", "imprecision": "very serious"}, "very low"),  # never below very low
        ("low", {"rating up": "up one"}, "moderate"),
        ("low", {"rating up": "up two"}, "high"),
        ("high", {"rating up": "up two"}, "high"),  # never above high
        ("low", {"inconsistency": "serious", "rating up": "up one"}, "low"),
    ],
)
def test_grade_arithmetic(start: str, changes: dict[str, str], level: str) -> None:
    assert rate(start, {**NOTHING, **changes}) == level


def test_a_missing_domain_is_an_error_not_a_silent_zero() -> None:
    with pytest.raises(ValueError, match="publication bias"):
        rate("high", {k: v for k, v in NOTHING.items() if k != "publication bias"})


def test_every_question_is_rated_and_takes_its_better_body() -> None:
    rated = bodies(REVIEW)
    assert {b.question_id for b in rated} == set(REVIEW.questions["question_id"])
    viscosity = [b for b in rated if b.question_id == "Q03"]
    assert [(b.name, b.start, b.certainty) for b in viscosity] == [
        ("randomised trials", "high", "low"),
        ("non-randomised studies", "low", "very low"),
    ]
    assert question_certainty(rated)["Q03"] == "low"


def test_every_judgement_cites_its_evidence_and_every_quoted_span_is_the_papers() -> None:
    for body in bodies(REVIEW):
        for j in body.judgements:
            assert j.refs or j.spans, (body.question_id, j.domain)
            assert set(j.refs) <= set(body.studies), (body.question_id, j.domain)
            for span in j.spans:
                assert normalise(span) in PAPER, (body.question_id, j.domain, span)


def test_each_reason_of_the_profile_download_matches_the_data() -> None:
    table = profile(REVIEW)
    assert list(table.columns[:6]) == ["question_id", "body", "studies", "type", "randomised", "start"]
    for domain in ("risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias", "rating_up"):
        assert {domain, f"{domain}_reason"} <= set(table.columns)
    row = table[(table["question_id"] == "Q14")].iloc[0]
    assert (row["randomised"], row["start"], row["certainty"]) == ("yes", "high", "low")


@pytest.mark.parametrize(
    ("subject", "comparator", "effect", "level", "statement"),
    [
        ("a drug", "", "reduces", "high", "A drug reduces residual pain."),
        ("a drug", "placebo", "reduces", "moderate", "A drug probably reduces residual pain compared with placebo."),
        ("a drug", "", "little or no difference", "low", "A drug may make little or no difference to residual pain."),
        ("a drug", "", "reduces", "very low", "We are very uncertain whether a drug reduces residual pain."),
        ("low bone density", "", "related", "moderate", "Low bone density is probably related to residual pain."),
        (
            "low bone density",
            "",
            "related",
            "very low",
            "We are very uncertain whether low bone density is related to residual pain.",
        ),
    ],
)
def test_plain_language_follows_gradees_wording(
    subject: str, comparator: str, effect: str, level: str, statement: str
) -> None:
    assert plain_statement(subject, comparator, effect, level) == statement


def test_factor_questions_read_as_related_and_never_as_better() -> None:
    factors = SUMMARY[SUMMARY["type"] == "prognostic factor"]
    assert len(factors) and all("related to residual pain" in s for s in factors["statement"])
    assert not any("better" in q for q in factors["question"])


def test_one_row_per_question_with_units_that_can_be_compared() -> None:
    rows = SUMMARY.set_index("question_id")
    assert len(rows) == len(REVIEW.questions) and set(rows["certainty"]) <= set(LEVELS)
    assert rows.loc["Q01", ["studies", "better", "no_difference"]].tolist() == [5, 5, 0]
    # Three meta-analyses, two of which pool the same comparison of kyphoplasty: two independent bodies.
    assert rows.loc["Q04", ["studies", "independent"]].tolist() == [3, 2]
    assert (
        rows.loc["Q04", "participants"]
        == "one of the three meta-analyses pooled 627; the text gives no size for the others"
    )
    assert rows.loc["Q03", "randomised"] == "[17] pools randomised trials"
    assert rows.loc["Q10", "studies"] == 7  # zoledronic acid: [32-36, 38, 39], teriparatide apart
    assert rows.loc["Q11", "refs"] == "37"
    # Each of the five added therapies is rated on its own.
    assert (rows.loc["Q16":"Q20", "studies"] == 1).all()


def test_time_frame_harms_and_what_better_means() -> None:
    rows = SUMMARY.set_index("question_id")
    assert rows.loc["Q01", "time_frame"].startswith("Lasting: He S [10], 1 year. Seen early, gone later: Liu C [7]")
    # A result reported only at an early follow-up is not said to have faded.
    assert rows.loc["Q06", "time_frame"] == "Only a short follow-up reported: Li Y [25], 1 month."
    # One finding of several studies is said once, with all of them.
    assert rows.loc["Q03", "harms"] == "High-viscosity cement leaked less [13, 15-17]."
    assert rows.loc["Q06", "harms"] == "None reported."
    assert all(rows["outcome"].str.len() > 0)


def test_every_quoted_conclusion_is_the_papers_words() -> None:
    for row in REVIEW.questions.itertuples():
        assert normalise(row.conclusion) in PAPER, row.question_id
        assert not isinstance(row.also, str) or normalise(row.also) in PAPER, row.question_id


def test_every_harm_and_randomisation_is_the_papers_words() -> None:
    for row in REVIEW.harms.itertuples():
        assert normalise(row.span) in PAPER, row.refs
    for row in REVIEW.studies[REVIEW.studies["randomised"].notna()].itertuples():
        assert normalise(row.randomised_span) in PAPER, row.ref


def test_recording_a_study_as_randomised_changes_its_starting_level(data_copy: Path) -> None:
    """Yuan L [43], a prospective study of targeted vertebroplasty, recorded as a randomised trial."""

    def randomised(row: dict[str, str]) -> None:
        if row["ref"] == "43":
            row["randomised"], row["randomised_span"] = "randomised trial", "Targeted puncture and low-dose bone cement"

    edit_rows(data_copy / "studies.csv", randomised)
    changed = load_review(data_copy)
    [before] = [b for b in bodies(REVIEW) if b.question_id == "Q13"]
    [after] = [b for b in bodies(changed) if b.question_id == "Q13"]
    assert (before.start, before.certainty) == ("low", "very low")
    assert (after.start, after.certainty) == ("high", "low")  # down one each for risk of bias and imprecision
    assert (
        "randomised trial"
        in summary_of_findings(changed, audit(changed)).set_index("question_id").at["Q13", "randomised"]
    )
    # Table 2 prints what it printed: the design column is unchanged.
    assert changed.studies.set_index("ref").at[43, "design"] == REVIEW.studies.set_index("ref").at[43, "design"]


def test_a_judgement_changes_the_certainty(data_copy: Path) -> None:
    def serious(row: dict[str, str]) -> None:
        if row["question_id"] == "Q05" and row["domain"] == "inconsistency":
            row["judgement"] = "serious"

    edit_rows(data_copy / "certainty.csv", serious)
    changed = load_review(data_copy)
    assert question_certainty(bodies(REVIEW))["Q05"] == "low"
    assert question_certainty(bodies(changed))["Q05"] == "very low"


def with_added_study(data: Path, strategy: int, test_group: str) -> None:
    """Study 56, added by update U001, filling one row of Table 2."""
    with (data / "updates.csv").open("a", encoding="utf-8") as f:
        f.write("U001,2026-11-28,A test,One more study\n")
    with (data / "studies.csv").open("a", encoding="utf-8") as f:
        f.write("56,Zzyzx J,2026,Prospective,,zzyzx2026study,,,,,,,U001\n")
    with (data / "strategies.csv").open("a", encoding="utf-8") as f:
        f.write(f"56,{strategy},{test_group},PVP,Test group,favours test,U001\n")
    with (data / "references.bib").open("a", encoding="utf-8") as f:
        f.write(
            "\n@article{zzyzx2026study,\n  author = {Zzyzx, J},\n  title = {{A study}},\n  journal = {J},\n"
            "  year = {2026},\n  refnumber = {56}\n}\n"
        )


def test_a_study_added_later_marks_the_judgements_it_touches_as_stale(data_copy: Path) -> None:
    """A new study of zoledronic acid joins Q10's rows; its judgements were made without it."""
    with_added_study(data_copy, 1, "PVP and ZOL")
    changed = load_review(data_copy)
    stale = judged_on(changed)
    assert stale["Q10"].added == (56,) and [q for q, c in stale.items() if c.stale] == ["Q10"]
    summary = summary_of_findings(changed, audit(changed)).set_index("question_id")
    assert summary.at["Q10", "stale"] == "yes" and summary.at["Q10", "certainty"] == "very low"
    note = stale_judgements(changed, "strategies").replace("\\", "")  # the note's text, without MyST's escapes
    assert "zoledronic acid: this edition's GRADE judgements were made on [32-36, 38, 39]." in note
    assert (
        "The data now also give the question Zzyzx J 2026 [56], added in update U001" in note and "stale-prose" in note
    )
    assert stale_judgements(REVIEW, "strategies") == ""


def test_a_row_that_no_question_holds_is_named(data_copy: Path) -> None:
    """A new therapy of strategy 3: no question of the summary of findings selects it."""
    with_added_study(data_copy, 3, "Acupuncture")
    changed = load_review(data_copy)
    assert unrated_rows(REVIEW).empty
    assert unrated_rows(changed)["ref"].tolist() == [56]
    assert "Zzyzx J 2026 [56], a row of Table 2 (Add other therapies), is in no question" in stale_judgements(
        changed, "strategies"
    ).replace("\\", "")


@pytest.mark.slow  # reads the built book
def test_summary_and_profile_csv_are_offered_for_download() -> None:
    built = ROOT / "_build" / "html"
    if not (built / "summary_of_findings.csv").exists():
        pytest.fail("build the book first (make book)")
    assert (built / "summary_of_findings.csv").read_text(encoding="utf-8") == to_csv(SUMMARY)
    assert (built / "evidence_profile.csv").read_text(encoding="utf-8") == profile(REVIEW).to_csv(
        index=False, lineterminator="\n"
    )
