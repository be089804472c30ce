"""`make release VERSION=x.y.z` (``python -m tools.release x.y.z``): bump the version everywhere it lives,
date the changelog, store the release's snapshot (what the next release's "What changed" page compares against),
commit and tag."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

from helpers.analysis.changes import snapshot, to_csv
from helpers.dataset.paths import RELEASES
from helpers.page.edition import version as current_version


class ReleaseError(RuntimeError):
    """The release cannot be made; nothing was changed."""


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def _replace(text: str, pattern: str, new: str, what: str) -> str:
    result, count = re.subn(pattern, new, text, count=1, flags=re.M)
    if count != 1:
        raise ReleaseError(f"cannot find {what}")
    return result


def release_snapshot(root: Path, version: str, date: str) -> str:
    """The snapshot of the data in ``root/data`` as ``releases/<version>.csv`` holds it."""
    from helpers.analysis.audit import audit
    from helpers.analysis.summary import summary_of_findings
    from helpers.dataset.review import load_review

    review = load_review(root / "data")
    header = (
        f"# The snapshot of release {version} ({date}), made by make release: what later editions compare against.\n"
    )
    return header + to_csv(snapshot(review, summary_of_findings(review, audit(review))))


def release(new: str, root: Path, today: str | None = None) -> None:
    """Refuses a dirty tree or a version that is not newer; otherwise bumps, stores the snapshot, commits and
    tags vX.Y.Z."""
    if not re.fullmatch(r"\d+\.\d+\.\d+", new):
        raise ReleaseError(f"{new!r} is not a version x.y.z")
    if _git(root, "status", "--porcelain").strip():
        raise ReleaseError("the working tree has uncommitted changes; commit or stash them first")
    old = current_version(root)
    if tuple(map(int, new.split("."))) <= tuple(map(int, old.split("."))):
        raise ReleaseError(f"{new} is not newer than the current version {old}")
    if _git(root, "tag", "--list", f"v{new}").strip():
        raise ReleaseError(f"tag v{new} exists already")
    date = today or dt.date.today().isoformat()

    files = {
        name: (root / name).read_text(encoding="utf-8")
        for name in ("pyproject.toml", "CITATION.cff", ".zenodo.json", "CHANGELOG.md")
    }
    files["pyproject.toml"] = _replace(
        files["pyproject.toml"], r'^version = "[^"]+"$', f'version = "{new}"', "the version in pyproject.toml"
    )
    cff = _replace(files["CITATION.cff"], r"^version: .+$", f"version: {new}", "the version in CITATION.cff")
    files["CITATION.cff"] = _replace(
        cff, r"^date-released: .+$", f'date-released: "{date}"', "date-released in CITATION.cff"
    )
    zenodo = json.loads(files[".zenodo.json"])
    zenodo.update(version=new, publication_date=date)
    files[".zenodo.json"] = json.dumps(zenodo, indent=2, ensure_ascii=False) + "\n"
    files["CHANGELOG.md"] = _replace(
        files["CHANGELOG.md"],
        r"^## \[Unreleased\]$",
        f"## [Unreleased]\n\n## [{new}] - {date}",
        "the Unreleased section of CHANGELOG.md",
    )
    files[f"{RELEASES}/{new}.csv"] = release_snapshot(root, new, date)
    (root / RELEASES).mkdir(exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    _git(root, "add", *files)
    _git(root, "commit", "-q", "-m", f"Release {new}")
    _git(root, "tag", "-a", f"v{new}", "-m", f"Version {new}")


def main(argv: list[str] | None = None) -> int:
    """python -m tools.release X.Y.Z"""
    import sys

    from helpers.dataset.paths import repository_root

    [version] = sys.argv[1:] if argv is None else argv
    try:
        release(version, repository_root())
    except ReleaseError as err:
        print(f"release refused: {err}", file=sys.stderr)
        return 1
    print(f"released {version}: committed and tagged v{version}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
