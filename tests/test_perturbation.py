"""Proof that the book is computed: change the data, and its numbers, tables and figures change.

On a copy of data/ with one study added and one flow count changed, the methods and bone cement
notebooks are executed (in a scratch folder, against the copy) and compared with the shipped run.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, append_row
from nbclient import NotebookClient

from helpers.dataset.paths import DATA_DIR_VARIABLE
from tools.prefill import socket_file_kernel_manager

pytestmark = pytest.mark.slow  # executes notebooks

NEW_STUDY = {
    "ref": "56",
    "first_author": "Doe J",
    "year": "2020",
    "design": "Prospective",
    "operation": "PKP",
    "bibkey": "doe2020added",
    "n_total": "64",
    "n_test": "",
    "n_control": "",
    "n_source": "added for a test",
}
NEW_BIB = """
@article{doe2020added,
  refnumber = {56},
  author = {{Doe J}},
  title = {{A study added to test the book}},
  journal = {Test Journal},
  year = {2020}
}
"""


def add_to_prisma(path: Path, box: str, delta: int) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    for row in rows:
        if row[0] == box:
            row[2] = str(int(row[2]) + delta)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def glued(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """Every glued value of an executed notebook, as its text."""
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                data = output["data"]
                values[name] = (
                    data.get("application/papermill.record/text/markdown")
                    or data["application/papermill.record/text/plain"]
                )
    return values


def shown(notebook: nbformat.NotebookNode) -> list[str]:
    """The MyST that the notebook displays (tables and figures), in order."""
    return [
        o["data"]["text/markdown"]
        for c in notebook.cells
        for o in c.get("outputs", [])
        if "text/markdown" in o.get("data", {})
    ]


def execute(name: str, folder: Path) -> nbformat.NotebookNode:
    target = folder / f"{name}.ipynb"
    shutil.copy(ROOT / "book" / f"{name}.ipynb", target)
    notebook = nbformat.read(target, as_version=4)
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
        kernel_manager_class=socket_file_kernel_manager(),
    ).execute()  # no port to race the other worker for
    return notebook


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[nbformat.NotebookNode, nbformat.NotebookNode]]:
    data = tmp_path_factory.mktemp("perturbed") / "data"
    shutil.copytree(ROOT / "data", data)
    append_row(data / "studies.csv", NEW_STUDY)
    append_row(
        data / "factors.csv",
        {"ref": "56", "factor_id": "1", "finding": "Cement across the fracture", "direction": "difference"},
    )
    with (data / "references.bib").open("a", encoding="utf-8") as f:
        f.write(NEW_BIB)
    add_to_prisma(data / "prisma.csv", "database_results", 13)
    add_to_prisma(data / "prisma.csv", "new_studies", 1)

    folder = tmp_path_factory.mktemp("notebooks")
    out = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_DIR_VARIABLE, str(data))
        for name in ("methods", "bone_cement"):
            out[name] = (nbformat.read(ROOT / "book" / f"{name}.ipynb", as_version=4), execute(name, folder))
    return out


def test_glued_counts_follow_the_data(runs) -> None:
    (before, after) = runs["methods"]
    old, new = glued(before), glued(after)

    def count(text: str) -> int:
        """A glued count as the prose shows it ('six', '1,416'), as a number."""
        words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        text = text.strip("'")
        return words.index(text) if text in words else int(text.replace(",", ""))

    def grew(key: str, by: int, facts: tuple[dict[str, str], dict[str, str]] = (old, new)) -> bool:
        return count(facts[1][key]) == count(facts[0][key]) + by

    assert grew("prisma_database_results", 13) and grew("prisma_left_after_screening", 13)
    assert grew("prisma_new_studies", 1) and grew("all_entries", 1) and grew("all_studies", 1)
    assert grew("table1_entries", 1) and grew("table2_entries", 0)
    (before, after) = runs["bone_cement"]
    old, new = glued(before), glued(after)
    assert grew("domain_entries", 1, (old, new))
    assert (old["f1_studies_phrase"], new["f1_studies_phrase"]) == (
        "'five studies'",
        "'six studies'",
    )  # text/plain is the repr
    assert old["f2_studies_phrase"] == new["f2_studies_phrase"]
    assert "doe2020added" not in old["f1_cite"] and "doe2020added" in new["f1_cite"]


def test_table_rows_follow_the_data(runs) -> None:
    before, after = runs["methods"]
    [old_table1] = [m for m in shown(before) if "Table 1\\. Studies" in m]
    [new_table1] = [m for m in shown(after) if "Table 1\\. Studies" in m]
    assert new_table1.count("\n| ") == old_table1.count("\n| ") + 1
    assert "Doe J {cite:p}`doe2020added` 2020" in new_table1 and "Cement across the fracture" in new_table1


def test_figures_follow_the_data(runs) -> None:
    before, after = runs["methods"]
    old_figures = [m for m in shown(before) if m.startswith(":::{figure}")]
    new_figures = [m for m in shown(after) if m.startswith(":::{figure}")]
    prisma_old, prisma_new = old_figures[0], new_figures[0]
    assert prisma_old != prisma_new
    assert all(
        o != n for o, n in zip(old_figures, new_figures, strict=True)
    )  # PRISMA, years and evidence map all change
    before, after = runs["bone_cement"]
    assert [m for m in shown(before) if m.startswith(":::{figure}")] != [
        m for m in shown(after) if m.startswith(":::{figure}")
    ]
