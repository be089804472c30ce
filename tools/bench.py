"""make bench: how fast the book builds, against Jupyter Book's own template book, on this machine.

Prints the median of several runs of each measurement, the three ratios and their goals, and
writes BENCHMARKS.md. It is a measurement, not a test: it never fails on a slow machine.
"""

from __future__ import annotations

import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.worktree import copy_working_tree

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
GOALS = {"warm": 1.1, "edit": 1.2, "cold": 1.3}


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def median(values: list[float]) -> float:
    return statistics.median(values)


def template_book(workdir: Path) -> tuple[float, float]:
    """Jupyter Book's own template, switched to cached execution: cold and warm builds."""
    book = workdir / "template"
    subprocess.run([str(BIN / "jupyter-book"), "create", str(book)], check=True, stdout=subprocess.DEVNULL)
    config = book / "_config.yml"
    config.write_text(re.sub(r"execute_notebooks: \w+", "execute_notebooks: cache", config.read_text()))
    build = [str(BIN / "jupyter-book"), "build", str(book)]
    cold, warm = [], []
    for _ in range(RUNS):
        shutil.rmtree(book / "_build", ignore_errors=True)
        cold.append(timed(build, workdir))
        warm.append(timed(build, workdir))
    return median(cold), median(warm)


#: The floor of one notebook: a kernel that imports pandas and matplotlib and draws one SVG.
BARE_NOTEBOOK = """import io
import matplotlib
matplotlib.use("svg")
import matplotlib.pyplot as plt
import pandas as pd
fig, ax = plt.subplots()
ax.plot(pd.Series([1, 2, 3]))
fig.savefig(io.StringIO(), format="svg")
"""


def bare_notebook(workdir: Path) -> float:
    """The bare notebook executed alone with nbclient, from a fresh Python, as a build would run it."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    notebook = workdir / "bare.ipynb"
    nbformat.write(
        new_notebook(
            cells=[new_code_cell(BARE_NOTEBOOK)],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        ),
        notebook,
    )
    code = (
        "import nbformat, sys; from nbclient import NotebookClient; nb = nbformat.read(sys.argv[1], 4); "
        "NotebookClient(nb, timeout=120, resources={'metadata': {'path': sys.argv[2]}}).execute()"
    )
    return median([timed([str(BIN / "python"), "-c", code, str(notebook), str(workdir)], workdir) for _ in range(RUNS)])


def edit_one_markdown_cell(notebook: Path, run: int) -> None:
    import json

    data = json.loads(notebook.read_text(encoding="utf-8"))
    cell = next(c for c in data["cells"] if c["cell_type"] == "markdown")
    source = "".join(cell["source"])
    cell["source"] = source + f"\n\n<!-- edited for the benchmark, run {run} -->"
    notebook.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def our_book(workdir: Path) -> tuple[float, float, float, float, int]:
    """This book: cold (after make clean); with nothing changed, as Make sees it and as Sphinx sees it (an input
    touched, its bytes the same: Make runs the build, and Sphinx finds nothing to do); after one markdown cell is
    edited."""
    repo = copy_working_tree(workdir / "book")
    # The copy's own package first: the editable install points at this checkout's src/.
    env = {**os.environ, "RESIDUAL_PAIN_DATA": str(repo / "data"), "PYTHONPATH": str(repo / "src")}
    # HTML only, as the template builds it: the PDF edition is printed by a browser, which the template has no part of.
    make = ["make", "-o", f"{ROOT}/.venv/.installed", f"VENV={ROOT / '.venv'}", "PDF=no"]
    cold, nothing, warm, edit = [], [], [], []
    for run in range(RUNS):
        subprocess.run([*make, "clean"], cwd=repo, check=True, stdout=subprocess.DEVNULL)
        cold.append(timed([*make, "book"], repo, env))
        nothing.append(timed([*make, "book"], repo, env))
        (repo / "_toc.yml").touch()
        warm.append(timed([*make, "book"], repo, env))
        edit_one_markdown_cell(repo / "book" / "patient.ipynb", run)
        edit.append(timed([*make, "book"], repo, env))
    n = len(list((repo / "book").glob("*.ipynb")))
    return median(cold), median(nothing), median(warm), median(edit), n


def machine() -> str:
    cpu = "unknown processor"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    system = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {system}"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        template_cold, template_warm = template_book(workdir)
        notebook = bare_notebook(workdir)
        cold, nothing, warm, edit, n = our_book(workdir)
    half = math.ceil(n / 2)
    ratios = {
        "warm": (nothing / template_warm, f"nothing changed / template-warm = {nothing:.2f} / {template_warm:.1f}"),
        "edit": (
            edit / (template_warm + notebook),
            f"edit-one / (template-warm + bare) = {edit:.1f} / ({template_warm:.1f} + {notebook:.1f})",
        ),
        "cold": (
            cold / (template_warm + half * notebook),
            f"cold / (template-warm + ⌈{n}/2⌉ × bare) = {cold:.1f} / ({template_warm:.1f} + {half} × {notebook:.1f})",
        ),
    }
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (tools/bench.py); medians of {RUNS} runs, in seconds, on {machine()}.",
        "",
        "| Measurement | Seconds |",
        "|---|---|",
        f"| Jupyter Book template, cold build | {template_cold:.1f} |",
        f"| Jupyter Book template, warm build | {template_warm:.1f} |",
        f"| Bare notebook (a kernel imports pandas and matplotlib, draws one SVG), alone with nbclient | "
        f"{notebook:.1f} |",
        f"| This book, cold (`make clean && make book PDF=no`, {n} notebooks) | {cold:.1f} |",
        f"| This book, nothing changed (`make book PDF=no`: Make finds every input older than the book) | "
        f"{nothing:.2f} |",
        f"| This book, warm (`_toc.yml` touched, its bytes the same: Sphinx finds nothing to read) | {warm:.1f} |",
        f"| This book, one markdown cell of one notebook edited | {edit:.1f} |",
        "",
        "| Ratio | Value | Goal | Met |",
        "|---|---|---|---|",
    ]
    for key, (value, formula) in ratios.items():
        lines.append(f"| {formula} | {value:.2f} | ≤ {GOALS[key]} | {'yes' if value <= GOALS[key] else 'no'} |")
    # No goal: what Sphinx alone costs when Make is made to run it with nothing to do. It is where the
    # listeners that sphinx/warm.py used to skip would have saved time.
    lines.append(
        f"| Sphinx warm / template-warm = {warm:.1f} / {template_warm:.1f} (for information) | "
        f"{warm / template_warm:.2f} | – | – |"
    )
    lines += [
        "",
        "The floors are measured in this book's own environment, so anything that makes every Python process start "
        "faster (the editor's packages kept out, inflect held at 7.0.0) lowers the floors as well as the book. What "
        "the build gave up to use its dependencies through their public interfaces only, and what that costs, is in "
        "docs/upstream.md.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "BENCHMARKS.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
