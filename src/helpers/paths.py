"""Where the review's data live, found from this package rather than from the caller."""

from __future__ import annotations

import os
from pathlib import Path

#: Set this to point every notebook and command at another copy of the data.
DATA_DIR_VARIABLE = "RESIDUAL_PAIN_DATA"


def repository_root() -> Path:
    """The checkout that holds this (editable-installed) package: ``src/helpers/`` -> root."""
    return Path(__file__).resolve().parent.parent.parent


def default_data_dir() -> Path:
    """``$RESIDUAL_PAIN_DATA`` if set, else the repository's ``data/``."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    return Path(override) if override else repository_root() / "data"


def copy_working_tree(target: Path, with_git: bool = False) -> Path:
    """Copy the checkout's files as git lists them (tracked and new, not ignored), keeping their times.

    Tests and the benchmark build in such copies; ``with_git`` also copies .git, so that the
    copy reports the same commit.
    """
    import shutil
    import subprocess

    root = repository_root()
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=root,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    for name in (n for n in listed if (root / n).is_file()):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target / name)
    if with_git:
        shutil.copytree(root / ".git", target / ".git", symlinks=True)
    return target
