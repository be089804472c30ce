"""What changed: snapshots of an edition, compared with the paper's own data and with a stored release."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from conftest import ROOT, make_updated_review

from helpers import load_review
from helpers.analysis.audit import audit
from helpers.analysis.changes import (
    PAPER,
    changes_frame,
    compare,
    comparison,
    comparisons,
    previous_release,
    read_snapshot,
    snapshot,
    stored_releases,
    to_csv,
)
from helpers.analysis.summary import summary_of_findings
from helpers.page.changes_report import change_summary, changes_section

REVIEW = load_review()


def test_a_snapshot_holds_the_studies_and_the_counts() -> None:
    shot = snapshot(make_updated_review(), None)
    studies = shot[shot["kind"] == "study"]
    assert list(studies["label"]) == ["Ann A 2018 [1]", "Bob B 2019 [2]", "Cy C 2026 [3]"]
    assert list(studies["value"]) == [
        "Prospective, 100 participants",
        "Retrospective, size not stated",
        "Prospective, size not stated, added in U001",
    ]
    counts = dict(zip(shot.loc[shot["kind"] == "count", "key"], shot.loc[shot["kind"] == "count", "value"]))
    assert (counts["studies"], counts["rows_table1"], counts["rows_factor_1"], counts["studies_with_size"]) == (
        "3",
        "4",
        "3",
        "1",
    )


def test_comparing_with_the_paper_lists_the_added_study_and_each_count_it_moved() -> None:
    review = make_updated_review()
    changes = compare(snapshot(review.paper(), None), snapshot(review, None), PAPER)
    assert list(zip(changes["key"], changes["before"], changes["after"], changes["change"])) == [
        ("3", "", "Prospective, size not stated, added in U001", "added"),
        ("studies", "2", "3", "changed"),
        ("rows_table1", "3", "4", "changed"),
        ("studies_prospective", "1", "2", "changed"),
        ("rows_factor_1", "2", "3", "changed"),
    ]
    assert change_summary(comparison(snapshot(review.paper(), None), snapshot(review, None), PAPER)) == (
        "one study added and four values changed"
    )


def test_a_removed_study_and_a_kind_the_baseline_lacks() -> None:
    review = make_updated_review()
    found = comparison(snapshot(review, None), snapshot(review.paper(), None), "0.1.0")
    assert ("3", "removed") in set(zip(found.changes["key"], found.changes["change"]))
    summary = pd.DataFrame(
        [
            {
                "question_id": "Q01",
                "question": "q?",
                "studies": 2,
                "better": 2,
                "no_difference": 0,
                "worse": 0,
                "certainty": "low",
            }
        ]
    )
    newer = comparison(snapshot(review, None), snapshot(review, summary), "0.1.0")
    assert newer.changes.empty and newer.new_kinds == ("summary",)
    shown = changes_section(newer).replace("\\", "")  # the MyST escapes punctuation
    assert shown.startswith("Since release 0.1.0, nothing differs in the studies and the counts.")
    assert "The summary of findings is new since release 0.1.0, so there is nothing to compare row by row." in shown


def test_the_papers_own_data_differ_from_the_paper_in_nothing() -> None:
    findings = audit(REVIEW)
    [paper, release] = comparisons(REVIEW, findings, ROOT)
    assert paper.changes.empty and change_summary(paper) == "nothing differs"
    assert release.against == stored_releases(ROOT)[0]


def test_release_0_1_0_differs_only_in_the_test_group_size_of_du_x() -> None:
    """0.1.0 recorded Du X [53] as a whole-study size; its text gives the test group's alone. Hu W [34]'s 121, which
    reads most naturally as the whole study, is again what 0.1.0 recorded."""
    shot = snapshot(REVIEW, summary_of_findings(REVIEW, audit(REVIEW)))
    found = comparison(read_snapshot(ROOT / "releases" / "0.1.0.csv"), shot, "0.1.0")
    assert list(zip(found.changes["key"], found.changes["before"], found.changes["after"])) == [
        ("53", "Prospective, 30 participants", "Prospective, 30 in the test group"),
        ("studies_with_size", "18", "17"),
        ("studies_with_test_size_only", "0", "1"),
    ]
    assert found.new_kinds == ("summary",)


def test_the_previous_release_is_the_one_before_when_this_edition_is_a_release(tmp_path: Path) -> None:
    review = make_updated_review()
    old, new = snapshot(review.paper(), None), snapshot(review, None)
    (tmp_path / "releases").mkdir()
    assert previous_release(tmp_path, new) is None
    (tmp_path / "releases" / "0.1.0.csv").write_text("# a note\n" + to_csv(old), encoding="utf-8")
    assert previous_release(tmp_path, new) == "0.1.0"
    (tmp_path / "releases" / "0.10.0.csv").write_text(to_csv(new), encoding="utf-8")
    (tmp_path / "releases" / "0.9.0.csv").write_text(to_csv(old), encoding="utf-8")
    assert stored_releases(tmp_path) == ["0.10.0", "0.9.0", "0.1.0"]  # by version, not by name
    assert previous_release(tmp_path, new) == "0.9.0"  # this edition is 0.10.0
    assert previous_release(tmp_path, old) == "0.10.0"
    assert read_snapshot(tmp_path / "releases" / "0.1.0.csv").equals(old)


def test_the_csv_holds_every_comparison() -> None:
    review = make_updated_review()
    found = [
        comparison(snapshot(review.paper(), None), snapshot(review, None), PAPER),
        comparison(snapshot(review.paper(), None), snapshot(review, None), "0.1.0"),
    ]
    text = to_csv(changes_frame(found))
    assert text.splitlines()[0] == "against,kind,key,label,before,after,change"
    assert text.count("\nthe paper,") == 5 and text.count("\n0.1.0,") == 5
