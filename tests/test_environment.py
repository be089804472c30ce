"""The set-up promises of the README: one pinned list, mirrored for conda, a quiet re-run, a thorough clean."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)$")


def requirement_lines(name: str = "requirements.txt") -> list[str]:
    lines = (ROOT / name).read_text().splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def test_the_editors_pins_hold_the_books_and_agree_with_them() -> None:
    """make lab installs requirements-editor.txt in an environment of its own (.venv-editor): the book's pins, at the
    same versions, and the editor's beside them, which stay out of the book's environment."""
    book = dict(PIN.match(line).groups() for line in requirement_lines())
    editor = dict(PIN.match(line).groups() for line in requirement_lines("requirements-editor.txt"))
    assert {name: editor.get(name) for name in book} == book
    assert {"jupyterlab", "uv"} <= set(editor) and not {"jupyterlab", "uv"} & set(book)


def test_every_requirement_is_pinned_exactly() -> None:
    lines = requirement_lines()
    assert len(lines) > 50  # transitive packages are pinned too
    assert [line for line in lines if not PIN.match(line)] == []
    names = [PIN.match(line)[1].lower() for line in lines]
    assert len(names) == len(set(names))


def test_environment_yml_has_the_same_pins_as_requirements_txt() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda_pins = sorted(p for p in pip_section if "==" in p)
    assert conda_pins == sorted(requirement_lines())
    assert "python=3.11" in env["dependencies"]


def test_python_version_agrees_everywhere() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11,<3.12"
    assert sys.version_info[:2] == (3, 11)
    assert "python3.11" in (ROOT / "Makefile").read_text()


def test_package_version_lives_in_pyproject() -> None:
    import helpers

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert helpers.__version__ == project["version"]


@pytest.mark.skipif(not (ROOT / ".venv" / ".installed").exists(), reason="set-up has not run: use make test")
def test_setup_does_nothing_when_everything_is_set_up() -> None:
    result = subprocess.run(["make", "--question", ".venv/.installed"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, "make would reinstall although requirements.txt and pyproject.toml are unchanged"


def test_make_clean_removes_build_outputs_and_caches_but_keeps_the_venv(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for path in [
        "_build/html/index.html",
        "_build/.jupyter_cache/global.db",
        ".jupyter_cache/x",
        "book/__pycache__/x.pyc",
        ".pytest_cache/v",
        ".venv/bin/python",
        ".venv/lib/__pycache__/y.pyc",
        ".venv-editor/lib/__pycache__/z.pyc",
    ]:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x")
    subprocess.run(["make", "clean"], cwd=tmp_path, check=True, capture_output=True)
    left = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert left == [".venv-editor/lib/__pycache__/z.pyc", ".venv/bin/python", ".venv/lib/__pycache__/y.pyc", "Makefile"]


def test_readme_gives_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make book" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_binder_builds_environment_yml_which_installs_this_package() -> None:
    """What repo2docker reads: environment.yml (requirements.txt is then ignored); a binder/ or .binder/
    folder or a Dockerfile would take its place, so there is none."""
    assert not [p for p in ("binder", ".binder", "Dockerfile", "postBuild") if (ROOT / p).exists()]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "python=3.11" in env["dependencies"] and pip_section[-1] == "--editable ."
    buttons = yaml.safe_load((ROOT / "_config.yml").read_text())["launch_buttons"]
    assert buttons["binderhub_url"] == "https://mybinder.org"
    assert "colab_url" not in buttons  # Colab would open a notebook without the repository and its data


def test_every_package_that_the_helpers_import_is_declared() -> None:
    """pyproject.toml's dependencies name every distribution whose module src/helpers imports."""
    import ast
    from importlib.metadata import packages_distributions

    imported = set()
    for path in (ROOT / "src" / "helpers").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
    distributions = packages_distributions()
    needed = {distributions[m][0].lower() for m in imported if m in distributions and m != "helpers"}
    declared = {
        re.split(r"[<>=!\[ ]", d)[0].lower()
        for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    }
    assert needed - declared == set()
    assert declared - needed == set(), "declared but never imported"
