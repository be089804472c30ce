"""Unit tests of finding and parsing the data: the default folder, its override, and the BibTeX reader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA

from helpers import DataError, load_review
from helpers.dataset.bibliography import read_bibliography
from helpers.dataset.paths import DATA_DIR_VARIABLE, default_data_dir

SMALL_BIB = """@article{ann2018first,
  refnumber = {1},
  author = {{Ann A} and {Bob B}},
  title = {{A First Study}},
  journal = {Pain \\& Spine},
  year = {2018},
  doi = {10.1000/xyz.1}
}

@article{cy2019second,
  refnumber = {2},
  author = {{Cy C}},
  title = {{Second}},
  journal = {Spine},
  year = {2019}
}
"""


def test_default_data_dir_is_the_repositorys_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(DATA_DIR_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)  # the caller's working directory must not matter
    assert default_data_dir() == DATA
    assert len(load_review().studies) == 40


def test_the_environment_variable_points_elsewhere(monkeypatch: pytest.MonkeyPatch, data_copy: Path) -> None:
    (data_copy / "factor_codes.csv").unlink()
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(data_copy))
    assert default_data_dir() == data_copy
    with pytest.raises(Exception, match="factor_codes.csv:1"):
        load_review()


def test_read_bibliography_gives_one_plain_row_per_entry(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(SMALL_BIB, encoding="utf-8")
    frame, problems = read_bibliography(path, "refs.bib")
    assert problems == []
    assert frame["bibkey"].tolist() == ["ann2018first", "cy2019second"]
    assert frame["refnumber"].tolist() == [1, 2]
    assert frame.loc[0, "authors"] == "Ann A; Bob B"
    assert frame.loc[0, "title"] == "A First Study"
    assert frame.loc[0, "journal"] == "Pain & Spine"
    assert frame.loc[0, "doi"] == "10.1000/xyz.1"
    assert frame["line"].tolist() == [1, 10]


def test_read_bibliography_reports_gaps_and_bad_dois(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(SMALL_BIB.replace("{2}", "{3}").replace("10.1000/xyz.1", "doi.org/xyz"), encoding="utf-8")
    _, problems = read_bibliography(path, "refs.bib")
    assert {(p.line, p.column) for p in problems} == {(1, "doi"), (1, "refnumber")}
    assert any("no entry has refnumber 2" in p.message for p in problems)


def test_validated_data_are_loaded_again_without_the_validator(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import helpers.dataset.review as review

    first = load_review(data_copy)  # validates, and keeps the result under the data's hash
    monkeypatch.setattr(review, "read_review", lambda *args: pytest.fail("validated again"))
    again = load_review(data_copy)
    assert again.studies.equals(first.studies) and again.claims.equals(first.claims) and again.data_dir == data_copy


def test_a_change_to_one_byte_of_the_data_is_validated_again(data_copy: Path) -> None:
    load_review(data_copy)
    studies = data_copy / "studies.csv"
    studies.write_text(
        studies.read_text(encoding="utf-8").replace("7,Liu C,2018,", "7,Liu C,2O18,", 1), encoding="utf-8"
    )
    with pytest.raises(DataError, match="studies.csv:2: column 'year'"):
        load_review(data_copy)


def test_a_notebook_loads_validated_data_without_importing_the_validator() -> None:
    load_review()  # what make book does before any kernel starts
    code = (
        "import sys; from helpers.page import load_review; load_review(); "
        "print(sorted({'frictionless', 'pybtex'} & set(sys.modules)))"
    )
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
    )
