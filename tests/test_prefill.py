"""The prefill executes notebooks again when their kernel dies while starting (a port race between builds)."""

from __future__ import annotations

from unittest import mock

import jupyter_cache.executors.utils as executors
from conftest import ROOT

from tools import prefill


class Executed:
    err = None
    time = 0.1
    exc_string = None


def test_a_kernel_that_dies_while_starting_is_started_again() -> None:
    starts = []

    def execute(*args: object, **kwargs: object) -> Executed:
        starts.append(1)
        if len(starts) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
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
