"""A later update of the review: its rows are marked as added, and the paper's audit does not move."""

from __future__ import annotations

from pathlib import Path

from conftest import append_row

from helpers import load_review
from helpers.analysis.audit import audit, to_csv
from helpers.analysis.counts import entries
from helpers.page.figures import effect_direction_plot, to_svg
from helpers.page.markdown import table
from helpers.page.tables import table1

BIB = """
@article{smith2026cement,
  refnumber = {56},
  author = {{Smith J} and {Doe A}},
  title = {{Cement distribution and residual pain after vertebroplasty: a randomised trial}},
  journal = {Spine},
  year = {2026}
}
"""


def add_a_study(data: Path) -> None:
    """A fictional trial of cement distribution, added by update U001."""
    append_row(
        data / "updates.csv",
        {
            "update_id": "U001",
            "date": "2026-11-28",
            "source": "Smith J, Spine 2026",
            "description": "A randomised trial of cement distribution.",
        },
    )
    append_row(
        data / "studies.csv",
        {
            "ref": "56",
            "first_author": "Zzyzx J",
            "year": "2026",
            "design": "Prospective",
            "operation": "PVP",
            "bibkey": "smith2026cement",
            "update": "U001",
        },
    )
    append_row(
        data / "factors.csv",
        {
            "ref": "56",
            "factor_id": "1",
            "finding": "Cement across the fracture line",
            "direction": "difference",
            "update": "U001",
        },
    )
    with (data / "references.bib").open("a", encoding="utf-8") as f:
        f.write(BIB)


def test_an_added_study_is_marked_and_leaves_the_papers_audit_unchanged(data_copy: Path) -> None:
    data = data_copy
    before = load_review(data)
    add_a_study(data)
    after = load_review(data)  # validation passes
    assert to_csv(audit(after)) == to_csv(audit(before))  # byte for byte
    assert 56 in set(entries(after)["ref"]) and after.added() == {56}
    assert after.paper().studies.equals(before.studies)
    shown = str(table(table1(after), caption="t"))
    assert "Zzyzx J" in shown and "added in U001" in shown
    assert "added in" not in str(table(table1(before), caption="t"))
    rows = entries(after)
    svg = to_svg(effect_direction_plot(rows[rows["domain"] == "bone cement"], "a pattern better"))
    assert "Zzyzx J 2026 [56] (added in U001)" in svg


def test_a_row_that_names_an_unknown_update_is_refused(data_copy: Path) -> None:
    from helpers.dataset.errors import DataError

    data = data_copy
    add_a_study(data)
    text = (data / "updates.csv").read_text(encoding="utf-8").replace("U001", "U002")
    (data / "updates.csv").write_text(text, encoding="utf-8")
    try:
        load_review(data)
    except DataError as error:
        assert "update" in str(error) and "studies.csv" in str(error)
    else:
        raise AssertionError("an unknown update was accepted")
