"""The project uses its dependencies (the standard library included) through their public interfaces only:
no private name of theirs, and no monkeypatch of a name they define.

The first upgrade of a dependency can change its private names without notice; a patch of one of its names
changes what every other user of it gets. Where a dependency lacks a hook, docs/upstream.md says what was
asked upstream, and the workaround stays out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

#: Modules of this project, whose private names are its own to use.
OURS = ("helpers", "tools", "conftest", "paper", "test_")
#: Names that start with an underscore but are public: the documented methods of named tuples.
PUBLIC_UNDERSCORE = {"_replace", "_asdict", "_fields", "_make", "_field_defaults"}


def _private(name: str) -> bool:
    return (
        name.startswith("_") and not (name.startswith("__") and name.endswith("__")) and name not in PUBLIC_UNDERSCORE
    )


def _ours(module: str) -> bool:
    return module.split(".")[0].startswith(OURS) or module.startswith(".")


def _root(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.value if not isinstance(node, ast.Call) else node.func
    return node.id if isinstance(node, ast.Name) else None


def couplings(source: str) -> list[str]:
    """Each use, in ``source``, of a dependency's private name, and each assignment to a name a dependency defines."""
    tree = ast.parse(source)
    theirs, found = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not _ours(alias.name):
                    theirs.add((alias.asname or alias.name).split(".")[0])
                if any(_private(part) for part in alias.name.split(".")):
                    found.append(f"line {node.lineno}: imports the private module {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and not _ours(("." * node.level) + node.module):
            for alias in node.names:
                theirs.add(alias.asname or alias.name)
                if _private(alias.name) or any(_private(part) for part in node.module.split(".")):
                    found.append(f"line {node.lineno}: imports the private name {node.module}.{alias.name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr) and _root(node) not in ("self", "cls"):
            root = _root(node)
            if (
                root
                not in {
                    a.asname or a.name.split(".")[0]
                    for n in ast.walk(tree)
                    if isinstance(n, (ast.Import, ast.ImportFrom))
                    for a in n.names
                    if _ours(getattr(n, "module", None) or a.name)
                }
                or root in theirs
            ):
                found.append(f"line {node.lineno}: uses the private attribute {node.attr}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
        ):
            name = node.args[1] if len(node.args) > 1 else None
            if isinstance(name, ast.Constant) and isinstance(name.value, str) and _private(name.value):
                found.append(f"line {node.lineno}: {node.func.id} of the private attribute {name.value}")
            if node.func.id in ("setattr", "delattr") and node.args and _root(node.args[0]) in theirs:
                found.append(f"line {node.lineno}: {node.func.id} on {_root(node.args[0])}, a name of a dependency")
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, (ast.Attribute, ast.Subscript)) and _root(target) in theirs:
                    found.append(f"line {node.lineno}: assigns to {ast.unparse(target)}, a name of a dependency")
    return found


SOURCES = sorted(
    p for folder in ("src", "tools", "tests") for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts
)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_name_or_monkeypatch_of_a_dependency(path: Path) -> None:
    assert couplings(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "from sphinx.builders.html import _stable_hash",
        "import concurrent.futures\npool = concurrent.futures.ProcessPoolExecutor()\npool._processes",
        "pool = make()\nfor p in getattr(pool, '_processes', {}): pass",
        "from pybtex.richtext import Text\nText.from_latex = classmethod(lambda cls, s: s)",
        "import nbval.kernel\nnbval.kernel.KernelManager = object",
        "import sphinx\nsetattr(sphinx, 'x', 1)",
        "def f(app):\n    app.events._listeners = {}",
    ],
)
def test_the_check_finds_each_kind_of_coupling(source: str) -> None:
    assert couplings(source)


def test_the_check_allows_public_use_and_our_own_names() -> None:
    assert (
        couplings(
            "from collections import namedtuple\nP = namedtuple('P', 'a')\nP(1)._replace(a=2)\n"
            "from tools import prefill\nprefill._execute('x')\n"
            "class A:\n    def f(self):\n        return self._x\n"
            "def g(config):\n    setattr(config, 'templates_path', [])\n    config.html_static_path = []\n"
        )
        == []
    )
