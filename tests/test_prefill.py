"""The prefill's kernels: over Unix sockets of their own, so that two cannot race for a port, and
started once more when one never answers."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

import jupyter_cache.executors.utils as executors
import nbformat
import pytest
from conftest import ROOT

from tools import prefill


class Executed:
    err = None
    time = 0.1
    exc_string = None


@pytest.mark.parametrize(
    "never_started", ["Kernel died before replying to kernel_info", "Kernel didn't respond in 60 seconds"]
)
def test_a_kernel_that_never_starts_is_started_again(never_started: str) -> None:
    starts = []

    def execute(*args: object, **kwargs: object) -> Executed:
        starts.append(1)
        if len(starts) == 1:
            raise RuntimeError(never_started)
        return Executed()

    with mock.patch.object(executors, "single_nb_execution", execute):
        path, text, _, error = prefill._execute(str(ROOT / "book" / "cite.ipynb"))
    assert error is None and text and len(starts) == 2


def test_any_other_failure_is_reported_at_once() -> None:
    starts = []

    def execute(*args: object, **kwargs: object) -> Executed:
        starts.append(1)
        raise RuntimeError("something else")

    with mock.patch.object(executors, "single_nb_execution", execute):
        _, text, _, error = prefill._execute(str(ROOT / "book" / "cite.ipynb"))
    assert text is None and "something else" in error and len(starts) == 1


def test_kernels_use_unix_sockets_each_in_files_of_their_own() -> None:
    manager = prefill.socket_file_kernel_manager()
    one, other = manager(), manager()
    assert one.transport == other.transport == "ipc"
    assert one.ip != other.ip and Path(one.ip).parent == Path(tempfile.gettempdir())


def test_a_notebook_runs_in_a_socket_file_kernel_and_leaves_no_socket(tmp_path: Path) -> None:
    cell = (
        "import json; from ipykernel import get_connection_info; print(json.loads(get_connection_info())['transport'])"
    )
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "tiny.ipynb"
    nbformat.write(notebook, path)
    before = set(Path(tempfile.gettempdir()).glob("kernel-*"))
    _, text, _, error = prefill._execute(str(path))
    assert error is None
    assert nbformat.reads(text, as_version=4).cells[0].outputs[0]["text"] == "ipc\n"
    assert set(Path(tempfile.gettempdir()).glob("kernel-*")) == before
