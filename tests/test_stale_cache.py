"""jupyter-cache keys on code alone: `make book` must still re-execute when data/ changes."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

VENV = ROOT / ".venv"


def checkout_copy(target: Path) -> None:
    """The working tree's files (as git sees them), with their times, plus the last build and its cache."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    for name in (n for n in listed if (ROOT / n).is_file()):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    shutil.copytree(ROOT / "_build", target / "_build", symlinks=True)


def make_book(folder: Path) -> str:
    env = {**os.environ, "RESIDUAL_PAIN_DATA": str(folder / "data")}
    # The copy uses this checkout's .venv; -o keeps make from reinstalling into it.
    result = subprocess.run(["make", "-o", f"{VENV}/.installed", "book", f"VENV={VENV}"], cwd=folder, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def first_row_of_table1(folder: Path) -> str:
    soup = BeautifulSoup((folder / "_build/html/book/methods.html").read_text(encoding="utf-8"), "html.parser")
    [table] = [t for t in soup.find_all("table") if t.find("caption").get_text(" ", strip=True).startswith("Table 1.")]
    return " ".join(table.find("tbody").find("tr").get_text(" ").split())


@pytest.mark.skipif(not (ROOT / "_build/.inputs-sha256").exists(), reason="no built book to copy: use make test")
def test_make_book_re_executes_when_data_change(tmp_path: Path) -> None:
    checkout_copy(tmp_path)
    assert "re-executing" not in make_book(tmp_path)  # unchanged inputs: the cache is used
    before = first_row_of_table1(tmp_path)

    studies = tmp_path / "data" / "studies.csv"
    with studies.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    year = rows[0].index("year")
    old_year, rows[1][year] = rows[1][year], str(int(rows[1][year]) - 1)
    with studies.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)

    assert "re-executing" in make_book(tmp_path)
    after = first_row_of_table1(tmp_path)
    assert old_year in before and old_year not in after and rows[1][year] in after
