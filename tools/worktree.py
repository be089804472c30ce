"""A copy of the checkout, for the build tests and the benchmark."""

from __future__ import annotations

from pathlib import Path

from helpers.dataset.paths import repository_root


def copy_working_tree(target: Path, with_git: bool = False) -> Path:
    """Copy the checkout's files as git lists them (tracked and new, not ignored), keeping their times.

    Tests and the benchmark build in such copies; ``with_git`` also copies .git, so that the
    copy reports the same commit.
    """
    import shutil
    import subprocess

    root = repository_root()
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for name in (n for n in listed if (root / n).is_file()):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target / name)
    if with_git and (root / ".git").is_dir():
        shutil.copytree(root / ".git", target / ".git", symlinks=True)
    elif with_git:
        # A linked worktree (git worktree add): its .git is a file naming a folder, index included, that the
        # main checkout holds. A copy of that file would share the index, which git status rewrites; so the
        # copy gets a repository of its own, holding the same commit, with an index of that commit.
        def git(*args: str) -> None:
            subprocess.run(["git", *args], cwd=target, capture_output=True, text=True, check=True)

        git("init", "-q")
        git("fetch", "-q", "--no-tags", str(root), "HEAD")
        git("update-ref", "HEAD", "FETCH_HEAD")
        git("read-tree", "HEAD")
    return target
