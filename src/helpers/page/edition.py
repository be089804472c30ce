"""This edition's identity: its version (from pyproject.toml), addresses, citation, and provenance."""

from __future__ import annotations

import hashlib
import re
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..dataset.audit_checks import BY_NAME
from ..dataset.paths import default_data_dir, repository_root
from .markdown import code, join, md

if TYPE_CHECKING:
    from .markdown import Md


def project(root: Path | None = None) -> dict[str, Any]:
    """The [project] table of pyproject.toml: the one place the version is written by hand."""
    return tomllib.loads(((root or repository_root()) / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def version(root: Path | None = None) -> str:
    return str(project(root)["version"])


def homepage(root: Path | None = None) -> str:
    """Where the book is published; each release lives at v{version}/ below it, the newest at latest/."""
    return str(project(root)["urls"]["Homepage"]).rstrip("/") + "/"


def citation(root: Path | None = None) -> dict[str, Any]:
    """CITATION.cff, parsed."""
    import yaml

    return yaml.safe_load(((root or repository_root()) / "CITATION.cff").read_text(encoding="utf-8"))


def release_date(cff: dict[str, Any]) -> str:
    """The date of the release that CITATION.cff records, as prose writes it: '26 November 2026'."""
    from ..analysis.wording import date_phrase

    return date_phrase(str(cff["date-released"]))


def _names(authors: list[dict[str, Any]]) -> list[str]:
    return [a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in authors]


def bibtex(cff: dict[str, Any]) -> str:
    """A BibTeX entry for this edition, from CITATION.cff."""
    year = str(cff["date-released"])[:4]
    authors = " and ".join("{" + n + "}" if "," not in n else n for n in _names(cff["authors"]))
    original = cff["references"][0]
    fields = [
        ("author", authors),
        ("title", "{" + cff["title"] + "}"),
        ("year", year),
        ("version", str(cff["version"])),
        ("url", cff["url"]),
        ("note", f"Reproducible edition of doi:{original['doi']}"),
    ]
    key = "residual_pain_edition_" + str(cff["version"]).replace(".", "_")
    return f"@software{{{key},\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in fields) + "\n}"


def apa(cff: dict[str, Any]) -> Md:
    """An APA 7 reference for this edition, from CITATION.cff (MyST: the title in italics)."""
    from .markdown import Md, md, url

    year = str(cff["date-released"])[:4]
    return md(
        f"{', '.join(_names(cff['authors']))}. ({year}). ",
        Md("*"),
        cff["title"],
        Md("*"),
        f" (Version {cff['version']}) [Computer software]. ",
        url(cff["url"]),
    )


def apa_original(cff: dict[str, Any]) -> Md:
    """An APA 7 reference for the original review, from CITATION.cff's references."""
    ref = cff["references"][0]
    people = [f"{a['family-names']}, {' '.join(g[0] + '.' for g in a['given-names'].split())}" for a in ref["authors"]]
    authors = ", ".join(people[:-1]) + ", & " + people[-1] if len(people) > 1 else people[0]
    from .markdown import Md, md, url

    return md(
        f"{authors} ({ref['year']}). {ref['title']}. ",
        Md("*"),
        ref["publisher"]["name"],
        Md("*"),
        ". ",
        url(f"https://doi.org/{ref['doi']}"),
    )


@dataclass(frozen=True)
class Release:
    version: str
    date: str


def released_versions(root: Path | None = None) -> list[Release]:
    """The releases that CHANGELOG.md lists, newest first."""
    text = ((root or repository_root()) / "CHANGELOG.md").read_text(encoding="utf-8")
    return [Release(v, d) for v, d in re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d\d-\d\d)$", text, flags=re.M)]


def data_checksums(root: Path | None = None) -> list[tuple[str, str]]:
    """(file, sha256) for every file of data/ (or of $RESIDUAL_PAIN_DATA), by name."""
    data = root / "data" if root else default_data_dir()
    return [(p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in sorted(data.iterdir()) if p.is_file()]


def package_versions(root: Path | None = None) -> list[tuple[str, str]]:
    """(package, installed version) for every package that requirements.txt pins, by name."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    lines = ((root or repository_root()) / "requirements.txt").read_text(encoding="utf-8").splitlines()
    names = sorted(
        {line.split("==")[0] for line in (raw.split("#")[0].strip() for raw in lines) if "==" in line}, key=str.lower
    )
    out = []
    for name in names:
        try:
            out.append((name, installed(name)))
        except PackageNotFoundError:
            out.append((name, "not installed"))
    return out


def git_commit(root: Path | None = None) -> str:
    """The commit the book was built from, marked if the working tree differs; or 'not available'."""
    root = root or repository_root()
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not available"
    return commit + (
        " (with uncommitted changes: this build cannot be reproduced exactly from the commit shown)" if dirty else ""
    )


def data_dictionary(root: Path | None = None) -> list[dict[str, Any]]:
    """Every resource of data/datapackage.json with its fields, for the book's Data page."""
    import json

    data = root / "data" if root else default_data_dir()
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    resources = []
    for res in package["resources"]:
        fields = []
        for field in res.get("schema", {}).get("fields", []):
            constraints = field.get("constraints", {})
            rules = []
            if "enum" in constraints:
                rules.append("one of: " + ", ".join(str(v) for v in constraints["enum"]))
            elif (res["name"], field["name"]) == ("claims", "check"):  # the registry of checks holds the list
                rules.append("one of: " + ", ".join(BY_NAME))
            if "pattern" in constraints:
                rules.append(md("pattern ", code(constraints["pattern"])))
            if "minimum" in constraints or "maximum" in constraints:
                low, high = constraints.get("minimum"), constraints.get("maximum")
                rules.append(
                    f"from {low} to {high}"
                    if low is not None and high is not None
                    else f"{low} or more"
                    if low is not None
                    else f"{high} or less"
                )
            if constraints.get("unique"):
                rules.append("unique")
            fields.append(
                {
                    "name": field["name"],
                    "type": field.get("type", "string"),
                    "required": "yes" if constraints.get("required") else "no",
                    "rules": join(rules, "; "),
                    "description": field.get("description", ""),
                }
            )
        resources.append(
            {
                "name": res["name"],
                "path": res["path"],
                "title": res.get("title", res["name"]),
                "description": res.get("description", ""),
                "fields": fields,
            }
        )
    return resources
