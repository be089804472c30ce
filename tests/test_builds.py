"""Whole builds, one after another, in a scratch copy of the checkout, as a new user would run them.

The copy holds the working tree's files (as git lists them) and .git, imports its own src/ (not
this checkout's, which the editable install points to) and uses this checkout's .venv; make is
told not to reinstall into it. In order:

1. with an error in the data: the build stops before any kernel starts, with the validator's words;
2. interrupted with Ctrl-C as soon as its first kernel runs: it stops within seconds, no kernel left;
3. cold, to the end (with the PDF edition when chromium is there): the same bytes, in every file,
   as this checkout's own build in its own folder; then warm, with nothing changed: the same again.

test_study_builds.py goes on from a built checkout, as a maintainer would (it runs on the other core).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import ROOT

from tools.pdf import chromium
from tools.worktree import copy_working_tree

VENV = ROOT / ".venv"
PDF = "residual-pain-review.pdf"
#: A build stops this soon after Ctrl-C, and every kernel it started is gone this soon after that.
STOP_SECONDS = 2

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (VENV / ".installed").exists(), reason="set-up has not run: use make test"),
]


def pdf_setting() -> str:
    """As this checkout's own make book: the PDF edition when Debian's chromium is there."""
    return "yes" if chromium() else "no"


def make_book(folder: Path, pdf: str = "no") -> subprocess.Popen[str]:
    """make book in ``folder``, in a session of its own, so that a test can send it Ctrl-C as a terminal would.

    The folder's .venv is this checkout's, linked in: the copy builds with the same packages, found under its
    own folder, as a clone with its own .venv does."""
    venv = folder / ".venv"
    if not venv.exists():
        venv.symlink_to(VENV)
    # Not a sub-make of make test's: make prints then which folder it enters and leaves.
    env = {key: value for key, value in os.environ.items() if key not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    env |= {"RESIDUAL_PAIN_DATA": str(folder / "data"), "PYTHONPATH": str(folder / "src")}
    return subprocess.Popen(
        ["make", "-o", ".venv/.installed", "book", f"PDF={pdf}"],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def finish(process: subprocess.Popen[str], ok: bool = True) -> str:
    output, _ = process.communicate(timeout=600)
    assert (process.returncode == 0) == ok, output[-4000:]
    return output


def files(html: Path) -> dict[str, bytes]:
    return {str(p.relative_to(html)): p.read_bytes() for p in sorted(html.rglob("*")) if p.is_file()}


def differing(a: dict[str, bytes], b: dict[str, bytes]) -> set[str]:
    return set(a) ^ set(b) | {name for name in a.keys() & b.keys() if a[name] != b[name]}


def kernels_under(pid: int) -> set[int]:
    """The ipykernel processes that ``pid`` started, through any number of processes between."""
    parents, commands = {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                commands[int(entry.name)] = (
                    (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                )
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    below, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - below
        below |= frontier
    return {p for p in below if "ipykernel" in commands.get(p, "")}


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def interrupted_build(folder: Path) -> dict[str, object]:
    """make book, sent Ctrl-C as soon as its first kernel runs."""
    process = make_book(folder)
    deadline, kernels = time.monotonic() + 120, set()
    while not kernels and time.monotonic() < deadline and process.poll() is None:
        kernels = kernels_under(process.pid)
        time.sleep(0.05)
    assert kernels, "no kernel started"
    os.killpg(process.pid, signal.SIGINT)
    sent = time.monotonic()
    output, _ = process.communicate(timeout=120)
    stopped = time.monotonic() - sent
    deadline = time.monotonic() + STOP_SECONDS
    while any(alive(k) for k in kernels) and time.monotonic() < deadline:
        time.sleep(0.1)
    return {
        "output": output,
        "returncode": process.returncode,
        "stopped_after": stopped,
        "kernels_left": [k for k in kernels if alive(k)],
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The three builds of the module's docstring, in one copy of the checkout."""
    folder = copy_working_tree(tmp_path_factory.mktemp("copy"), with_git=True)
    html, studies = folder / "_build" / "html", folder / "data" / "studies.csv"
    original = studies.read_bytes()
    out: dict[str, object] = {"pdf": bool(chromium())}

    studies.write_text(original.decode("utf-8").replace("7,Liu C,2018,", "7,Liu C,20x8,", 1), encoding="utf-8")
    started = time.monotonic()
    out["bad_data"] = finish(make_book(folder), ok=False)
    out["bad_data_seconds"] = time.monotonic() - started
    studies.write_bytes(original)

    out["interrupted"] = interrupted_build(folder)

    out["cold_log"] = finish(make_book(folder, pdf_setting()))
    out["cold"] = files(html)
    out["warm_log"] = finish(make_book(folder, pdf_setting()))
    out["warm"] = files(html)
    return out


def test_a_data_error_stops_the_build_before_any_kernel_starts(builds: dict) -> None:
    log = builds["bad_data"]
    assert "1 problem in the review's data" in log and "studies.csv:2: column 'year'" in log
    assert "IPKernelApp" not in log and "Traceback" not in log and "executed in parallel" not in log
    assert builds["bad_data_seconds"] < 30


def test_ctrl_c_stops_the_build_within_seconds_with_one_line_and_leaves_no_kernel(builds: dict) -> None:
    stopped = builds["interrupted"]
    output = stopped["output"]
    assert stopped["returncode"] != 0
    assert stopped["stopped_after"] < STOP_SECONDS, output[-3000:]
    assert stopped["kernels_left"] == []
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output[-3000:]
    said = [line for line in output.splitlines() if "nterrupt" in line]
    assert len(said) == 1 and output.rstrip().endswith(said[0]), output[-3000:]  # make's one line, and nothing after it


def test_the_build_after_an_interrupted_one_runs_every_notebook_cold(builds: dict) -> None:
    [executed] = re.findall(r"executed in parallel: (.*)", builds["cold_log"])
    assert len(executed.split(", ")) == len(list((ROOT / "book").glob("*.ipynb")))


def test_two_cold_builds_in_different_folders_are_byte_identical_in_every_file(builds: dict) -> None:
    """This checkout's own build and the copy's, the provenance page and the PDF edition included."""
    own = files(ROOT / "_build" / "html")
    assert len(own) > 50 and (PDF in own) == (PDF in builds["cold"]) == builds["pdf"]
    assert differing(own, builds["cold"]) == set()


def test_a_warm_build_with_nothing_changed_runs_nothing_and_changes_nothing(builds: dict) -> None:
    """Make itself knows that no input changed: it starts no Python at all, and says so."""
    log = builds["warm_log"]
    assert log.strip() == "The book in _build/html is up to date."
    assert differing(builds["cold"], builds["warm"]) == set()
