"""Adding a study with a study file: the rows land in data/ only when the data stay valid."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from conftest import fingerprint

from helpers import load_review
from helpers.__main__ import main
from helpers.dataset.add_study import StudyFileError, add_study, template
from helpers.dataset.errors import DataError

STUDY = """
[update]
id = "U001"
date = "2026-11-28"
source = "Zzyzx J, Spine 2026"
description = "A randomised trial of cement distribution."

[study]
first_author = "Zzyzx J"
year = 2026
design = "Prospective"
operation = "PVP"
n_total = 120
n_source = "120 patients were randomised"

[reference]
bibtex = '''
@article{zzyzx2026cement,
  author = {{Zzyzx J} and {Doe A}},
  title = {{Cement distribution and residual pain after vertebroplasty: a randomised trial}},
  journal = {Spine},
  year = {2026}
}
'''

[[factors]]
factor_id = 1
finding = "Cement across the fracture line"
direction = "difference"
"""


def study_file(folder: Path, text: str = STUDY) -> Path:
    path = folder / "study.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_study_becomes_rows_marked_with_its_update(data_copy: Path, tmp_path: Path) -> None:
    ref, changed = add_study(study_file(tmp_path), data_copy)
    assert (ref, changed) == (56, ["updates.csv", "studies.csv", "factors.csv", "references.bib"])
    review = load_review(data_copy)
    assert review.added() == {56}
    study = review.studies.set_index("ref").loc[56]
    assert (study["first_author"], study["bibkey"], int(study["n_total"]), study["update"]) == (
        "Zzyzx J",
        "zzyzx2026cement",
        120,
        "U001",
    )
    assert list(review.factors.loc[review.factors["ref"] == 56, "update"]) == ["U001"]
    assert int(review.references.set_index("bibkey").at["zzyzx2026cement", "refnumber"]) == 56
    assert review.paper().studies.equals(load_review().studies)


def test_a_second_study_of_the_same_update_adds_no_update_row(data_copy: Path, tmp_path: Path) -> None:
    add_study(study_file(tmp_path), data_copy)
    second = STUDY.replace("Zzyzx J", "Yyy K").replace("zzyzx2026cement", "yyy2026cement")
    ref, changed = add_study(study_file(tmp_path, second), data_copy)
    assert ref == 57 and "updates.csv" not in changed
    assert len(load_review(data_copy).updates) == 1


def test_invalid_rows_are_named_by_file_line_and_column_and_nothing_is_written(data_copy: Path, tmp_path: Path) -> None:
    before = fingerprint(data_copy)
    with pytest.raises(DataError) as error:
        add_study(study_file(tmp_path, STUDY.replace('design = "Prospective"', 'design = "Cohort"')), data_copy)
    [problem] = error.value.problems
    assert (Path(problem.file).name, problem.line, problem.column) == ("studies.csv", 42, "design")
    assert str(data_copy) in problem.file or problem.file.endswith("data/studies.csv")
    assert fingerprint(data_copy) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("[update]\nid", "[other]\nid"), "no [update] table"),
        (("year = 2026\n", "year = 2026\ncolour = 'red'\n"), "studies.csv has no column for"),
        (("@article", "@article{extra2026, title={x}}\n@article"), "exactly one entry"),
        (("journal = {Spine},", "journal = {Spine},\n  refnumber = {99},"), "leave refnumber out"),
        (("[study]", "[study"), "study.toml"),
    ],
)
def test_a_study_file_that_cannot_be_read_changes_nothing(
    data_copy: Path, tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    before = fingerprint(data_copy)
    with pytest.raises(StudyFileError, match=message.replace("[", r"\[")):
        add_study(study_file(tmp_path, STUDY.replace(*change)), data_copy)
    assert fingerprint(data_copy) == before


def test_the_template_is_a_study_file_listing_the_allowed_values(data_copy: Path) -> None:
    text = template(data_copy)
    spec = tomllib.loads(text)
    assert spec["update"]["id"] == "U001" and set(spec) == {"update", "study", "reference", "factors", "strategies"}
    assert (
        "Prospective, Retrospective, Meta-analysis" in text and "1 Bone cement distribution" in text and "(56)" in text
    )


def test_the_command_says_what_it_added_or_why_it_added_nothing(
    data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = study_file(tmp_path, STUDY.replace('direction = "difference"', 'direction = "better"'))
    assert main(["add-study", str(bad), "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "factors.csv:24: column 'direction'" in err and "nothing was written" in err
    assert main(["add-study", str(study_file(tmp_path)), "--data", str(data_copy)]) == 0
    assert "added study [56]" in capsys.readouterr().out
    assert main(["add-study", "--template", "--data", str(data_copy)]) == 0
    assert 'id = "U002"' in capsys.readouterr().out
