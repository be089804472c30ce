"""The edition's identity: one version everywhere, valid citation metadata, licences, release, workflow."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import ROOT
from test_book_html import article, page, toc_pages

from helpers import load_review
from helpers.analysis.audit import audit
from helpers.analysis.changes import previous_release, read_snapshot, snapshot
from helpers.analysis.summary import summary_of_findings
from helpers.page import edition
from tools.release import ReleaseError, release

VERSION = edition.version()
#: The original review, as the edition cites it.
ORIGINAL_DOI = "10.21203/rs.3.rs-162171/v1"
REVIEW = load_review()
CFF = edition.citation()


def test_one_version_everywhere() -> None:
    import helpers

    assert re.fullmatch(r"\d+\.\d+\.\d+", VERSION)
    assert helpers.__version__ == VERSION
    assert str(CFF["version"]) == VERSION
    assert json.loads((ROOT / ".zenodo.json").read_text())["version"] == VERSION
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert "## [Unreleased]" in changelog
    assert edition.released_versions()[0].version == VERSION
    assert edition.released_versions()[0].date == str(CFF["date-released"])


def test_citation_cff_is_valid_and_cites_the_original() -> None:
    schema = json.loads((ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.json").read_text())
    jsonschema.validate(json.loads(json.dumps(CFF, default=str)), schema)
    [original] = CFF["references"]
    assert original["doi"] == ORIGINAL_DOI
    assert [a["family-names"] for a in original["authors"]] == ["Tang", "Liu", "Wu", "Shi"]


def test_zenodo_metadata_agrees_with_citation_cff() -> None:
    zenodo = json.loads((ROOT / ".zenodo.json").read_text())
    assert zenodo["title"] == CFF["title"]
    assert zenodo["publication_date"] == str(CFF["date-released"])
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in CFF["authors"]]
    assert zenodo["license"].lower() == CFF["license"].lower()
    assert " ".join(zenodo["description"].split()) == " ".join(CFF["abstract"].split())
    assert zenodo["keywords"] == CFF["keywords"]
    assert {r["identifier"] for r in zenodo["related_identifiers"]} == {r["doi"] for r in CFF["references"]}


def test_licences_are_in_the_repository() -> None:
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert "CC BY 4.0" in (ROOT / "LICENSE-TEXT-AND-DATA.md").read_text()


@pytest.mark.slow  # reads the built book
@pytest.mark.parametrize("name", toc_pages())
def test_every_page_shows_the_version_and_the_licences(name: str) -> None:
    soup = page(name)
    footer = " ".join(" ".join(f.get_text(" ") for f in soup.find_all("footer")).split())
    assert f"Version {VERSION} of this edition" in footer
    assert "MIT licence" in footer and "CC BY 4.0" in footer
    sidebar = soup.select_one("nav.edition-versions")
    assert sidebar is not None and f"Version {VERSION}" in sidebar.get_text()
    released = [a["href"] for a in sidebar.find_all("a")]
    assert released == [f"{edition.homepage()}v{r.version}/" for r in edition.released_versions()]


@pytest.mark.slow  # reads the built book
def test_landing_page_carries_scholar_and_open_graph_tags() -> None:
    head = page("book/index").find("head")
    meta = {}
    for tag in head.find_all("meta"):
        key = tag.get("name") or tag.get("property")
        meta.setdefault(key, []).append(tag.get("content"))
    assert meta["citation_title"] == [CFF["title"]]
    assert meta["citation_author"] == [a["name"] for a in CFF["authors"]]
    assert meta["citation_publication_date"] == [str(CFF["date-released"]).replace("-", "/")]
    assert meta["citation_version"] == [VERSION]
    assert meta["citation_doi"] == [ORIGINAL_DOI]
    assert meta["citation_fulltext_html_url"] == [f"{edition.homepage()}v{VERSION}/"]
    assert meta["og:title"] == [CFF["title"]] and meta["og:url"] == meta["citation_fulltext_html_url"]


@pytest.mark.slow  # reads the built book
def test_cite_page_is_generated_from_citation_cff() -> None:
    text = " ".join(article("book/cite").get_text(" ").split())
    assert article("book/cite").find("pre").get_text().strip() == edition.bibtex(CFF)
    assert f"(Version {VERSION})" in text and CFF["url"] in text
    assert "Tang, B., Liu, K., Wu, L., & Shi, X. (2021)." in text
    assert edition.bibtex(CFF).startswith("@software{residual_pain_edition_")


@pytest.mark.slow  # reads the built book
def test_provenance_page_lists_data_checksums_commit_and_packages_but_no_run_time() -> None:
    text = " ".join(article("book/provenance").get_text(" ").split())
    for name, digest in edition.data_checksums():
        assert f"{name} {digest}" in text
    commit = edition.git_commit()
    assert commit.split()[0] in text or commit == "not available"
    assert re.search(r"pandas \d", text)
    # Run times vary from build to build, so they are recorded outside the published pages.
    assert "kept for the maintainers" in text and len(article("book/provenance").select("table")) == 2


def test_workflow_is_valid_and_deploys_each_release_to_its_own_path() -> None:
    workflow = ROOT / ".github" / "workflows" / "book.yml"
    command = [
        str(ROOT / ".venv" / "bin" / "check-jsonschema"),
        "--builtin-schema",
        "vendor.github-workflows",
        str(workflow),
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    spec = yaml.safe_load(workflow.read_text())
    assert spec[True]["push"]["tags"] == ["v*.*.*"] and "pull_request" in spec[True]  # YAML reads "on" as True
    steps = spec["jobs"]["deploy"]["steps"]
    assert [s["with"]["destination_dir"] for s in steps if "with" in s and "destination_dir" in s["with"]] == [
        "${{ github.ref_name }}",
        "latest",
    ]
    assert "bash .ci/run" in json.dumps(spec["jobs"]["test"]["steps"])


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("pyproject.toml", "CITATION.cff", ".zenodo.json", "CHANGELOG.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    for key, value in {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }.items():
        monkeypatch.setenv(key, value)
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "start"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True)
    return tmp_path


def bumped(version: str) -> str:
    major, minor, patch = map(int, version.split("."))
    return f"{major}.{minor + 1}.0"


def test_release_bumps_every_copy_dates_the_changelog_commits_and_tags(repo: Path) -> None:
    new = bumped(VERSION)
    release(new, repo, today="2027-01-02")
    assert edition.version(repo) == new
    cff = edition.citation(repo)
    assert (str(cff["version"]), str(cff["date-released"])) == (new, "2027-01-02")
    zenodo = json.loads((repo / ".zenodo.json").read_text())
    assert (zenodo["version"], zenodo["publication_date"]) == (new, "2027-01-02")
    assert edition.released_versions(repo)[0] == edition.Release(new, "2027-01-02")
    assert "## [Unreleased]\n\n## [" + new in (repo / "CHANGELOG.md").read_text()
    git = lambda *a: subprocess.run(["git", *a], cwd=repo, capture_output=True, text=True, check=True).stdout  # noqa: E731
    assert git("tag", "--list") == f"v{new}\n"
    assert git("status", "--porcelain") == ""
    assert git("log", "-1", "--format=%s") == f"Release {new}\n"
    stored = read_snapshot(repo / "releases" / f"{new}.csv")  # what the next release compares against
    assert stored.equals(snapshot(REVIEW, summary_of_findings(REVIEW, audit(REVIEW))))
    assert previous_release(repo, stored) is None  # the release itself has nothing older to compare with


def test_release_refuses_a_dirty_tree_and_changes_nothing(repo: Path) -> None:
    (repo / "CHANGELOG.md").write_text((repo / "CHANGELOG.md").read_text() + "\n- an unsaved note\n")
    before = (repo / "pyproject.toml").read_text()
    with pytest.raises(ReleaseError, match="uncommitted"):
        release(bumped(VERSION), repo)
    assert (repo / "pyproject.toml").read_text() == before


def test_release_refuses_a_version_that_is_not_newer(repo: Path) -> None:
    with pytest.raises(ReleaseError, match="not newer"):
        release(VERSION, repo)
    with pytest.raises(ReleaseError, match="not a version"):
        release("1.0", repo)
