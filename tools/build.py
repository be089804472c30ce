"""make book's recipe: validate the data, prepare the caches, execute the notebooks, build the book, print the PDF.

    python -m tools.build [--pdf auto|yes|no]

Make decides whether anything changed (its prerequisites are every input of the book); this module
decides what a change means:

- data/, src/helpers/, releases/ or the pins changed: every page is read again, and the notebooks run
  again from an execution cache of their own, _build/.caches/<hash of those inputs> (jupyter-cache keys
  on a notebook's code alone); inputs that come back (a study added, then removed) find theirs executed;
- the configuration, or the book's styles, scripts or templates changed: every page is read again
  (Sphinx copies those only when it writes a page);
- a build was interrupted or failed: every page is read again, since Sphinx's record may say that pages
  it never wrote are up to date.

Ctrl-C stops it at once: the children are ended, nothing is printed, and it dies of the signal, so that
make reports the interruption once. The next make book finishes the work.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

#: What the notebooks' results depend on, beside the notebooks themselves.
INPUTS = ("requirements.txt", "data", "src/helpers", "releases")
INPUT_SUFFIXES = (".csv", ".json", ".bib", ".py", ".txt")
#: What Sphinx copies or reads only when it writes a page.
PAGES = ("_config.yml", "_toc.yml", "book/_static", "book/_templates")
#: How many execution caches, and how many printed PDFs, are kept.
KEEP_CACHES, KEEP_PDFS = 5, 3
PDF_FILE = "residual-pain-review.pdf"
#: jupyter-book's command, run by this Python (its script's first line names the interpreter of the checkout that
#: installed it, which a .venv linked into another folder would share), and its strict build.
JUPYTER_BOOK = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()"]
STRICT = ["build", ".", "--warningiserror", "--nitpick", "--keep-going"]


def digest(root: Path, names: tuple[str, ...], suffixes: tuple[str, ...] | None = None) -> str:
    """The SHA-256 of the files ``names`` name (files, or folders read recursively), in a fixed order."""
    files = []
    for name in names:
        path = root / name
        found = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        files += [p for p in found if suffixes is None or p.suffix in suffixes or p == path]
    sha = hashlib.sha256()
    for path in sorted(set(files), key=lambda p: p.relative_to(root).as_posix()):
        sha.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def code_digest(root: Path, notebooks: list[str]) -> str:
    """The SHA-256 of the notebooks' code cells and kernels: what jupyter-cache matches an execution on.

    When it is the one recorded in the execution cache after its last fill, every notebook is there, and
    the build need not ask jupyter-cache, whose import alone takes a third of a second.
    """
    sha = hashlib.sha256()
    for name in notebooks:
        notebook = json.loads((root / name).read_text(encoding="utf-8"))
        code = [cell["source"] for cell in notebook["cells"] if cell["cell_type"] == "code"]
        kernel = notebook.get("metadata", {}).get("kernelspec", {})
        sha.update(json.dumps([name, code, kernel], sort_keys=True).encode())
    return sha.hexdigest()


def _read_every_page(build: Path) -> None:
    shutil.rmtree(build / ".doctrees", ignore_errors=True)
    (build / "html" / "searchindex.js").unlink(missing_ok=True)


def _changed(stamp: Path, value: str) -> bool | None:
    """Whether ``stamp`` held another value (None if it held none), after writing ``value`` to it."""
    before = stamp.read_text() if stamp.exists() else None
    stamp.write_text(value)
    return None if before is None else before != value


def prepare(root: Path) -> list[str]:
    """Make the build folder ready for this build's inputs; return what it tells the reader."""
    build, said = root / "_build", []
    build.mkdir(exist_ok=True)
    if (build / ".building").exists():  # the last build stopped half-way
        _read_every_page(build)
    if _changed(build / ".pages-sha256", digest(root, PAGES)) is not False:
        if (build / ".doctrees").exists():
            said.append(
                "the configuration, or the book's styles, scripts or templates changed: every page is read again"
            )
        _read_every_page(build)
    inputs = digest(root, INPUTS, INPUT_SUFFIXES)
    cache = build / ".caches" / inputs
    if _changed(build / ".inputs-sha256", inputs) is not False or not cache.is_dir():
        if (build / ".doctrees").exists():
            said.append(
                "data/, src/helpers/, releases/ or the pins changed since the last build: every page is read again, "
                "and every notebook runs again unless the execution cache of these inputs holds it"
            )
        _read_every_page(build)
        shutil.rmtree(build / "jupyter_execute", ignore_errors=True)
        cache.mkdir(parents=True, exist_ok=True)
        link = build / ".jupyter_cache"
        if link.is_symlink() or link.exists():
            link.unlink() if link.is_symlink() else shutil.rmtree(link)
        link.symlink_to(Path(".caches") / inputs)
        cache.touch()
        for old in sorted((build / ".caches").iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP_CACHES:]:
            shutil.rmtree(old, ignore_errors=True)
    (build / ".building").touch()
    return said


def pdf_key(root: Path) -> str:
    """What the PDF edition is a function of: the book's inputs, its configuration, its pages and styles, the
    printer."""
    html = root / "_build" / "html"
    pages = sorted(
        p.relative_to(root).as_posix() for p in [*(html / "book").rglob("*.html"), *(html / "_static").rglob("*.css")]
    )
    return digest(root, (*INPUTS, "_config.yml", "_toc.yml", "tools/pdf.py", *pages), INPUT_SUFFIXES)


def _run(command: list[str], root: Path, env: dict[str, str]) -> int:
    """A child in a session of its own, out of Ctrl-C's reach: on Ctrl-C, this process ends it."""
    child = subprocess.Popen(command, cwd=root, env=env, start_new_session=True)
    try:
        return child.wait()
    except KeyboardInterrupt:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(child.pid, sig)
                child.wait(timeout=1)
                break
            except (ProcessLookupError, subprocess.TimeoutExpired):
                continue
        raise


def print_pdf(root: Path, env: dict[str, str]) -> int:
    """The PDF edition, printed from the single-page build, or taken from the PDFs printed before from the same
    pages."""
    pdfs, target = root / "_build" / ".pdfs", root / "_build" / "html" / PDF_FILE
    kept = pdfs / f"{pdf_key(root)}.pdf"
    if kept.exists():
        shutil.copyfile(kept, target)
        print(f"_build/html/{PDF_FILE}: printed before from these very pages")
        return 0
    status = _run([*JUPYTER_BOOK, *STRICT, "--builder", "singlehtml"], root, env)
    if status:
        return status
    from tools.pdf import print_pdf as chromium_print

    size = chromium_print(root / "_build" / "singlehtml", target)
    print(f"_build/html/{PDF_FILE}: {size:,} bytes")
    pdfs.mkdir(exist_ok=True)
    shutil.copyfile(target, kept)
    for old in sorted(pdfs.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP_PDFS:]:
        old.unlink()
    return 0


def book(root: Path, pdf: str) -> int:
    from helpers.__main__ import main as helpers_main
    from tools.pdf import chromium
    from tools.prefill import main as prefill

    if helpers_main(["validate", "--if-changed"]):  # a data error stops here, before any kernel starts
        return 1
    for line in prepare(root):
        print(line)
    notebooks = sorted(str(p.relative_to(root)) for p in (root / "book").glob("*.ipynb"))
    executed = root / "_build" / ".jupyter_cache" / "code-sha256"  # in the cache of these inputs, as its record
    code = code_digest(root, notebooks)
    if executed.exists() and executed.read_text() == code:
        print("every notebook is in the execution cache")
    elif prefill(["_build/.jupyter_cache", *notebooks]):
        return 1
    else:
        executed.write_text(code)
    with_pdf = pdf == "yes" or (pdf == "auto" and chromium() is not None)
    env = {**os.environ, "EDITION_PDF": "yes" if with_pdf else "no"}
    if _run([*JUPYTER_BOOK, *STRICT], root, env):
        return 1
    (root / "_build" / ".building").unlink()
    if with_pdf:
        return print_pdf(root, env)
    (root / "_build" / "html" / PDF_FILE).unlink(missing_ok=True)
    print(
        "No PDF edition: PDF=no"
        if pdf == "no"
        else "No PDF edition: it needs Debian's chromium (apt-get install chromium)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tools.build", description="make book's recipe")
    parser.add_argument("--pdf", choices=("auto", "yes", "no"), default="auto")
    args = parser.parse_args(argv)
    if args.pdf == "yes":
        from tools.pdf import chromium

        if chromium() is None:
            print("make pdf needs Debian's chromium (apt-get install chromium)", file=sys.stderr)
            return 1
    try:
        return book(Path.cwd(), args.pdf)
    except KeyboardInterrupt:
        # Say nothing and die of the signal: make then reports the interruption, once.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
