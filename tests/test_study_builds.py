"""A maintainer's builds, in a scratch copy of a checkout that has been built (this one's _build/).

1. After a study was added with ``add-study`` and markup was put into every free-text field of
   the data: the study is marked as added everywhere, the paper's audit does not move, the prose
   that does not discuss it is named in the log and on its page, the What changed page lists it,
   and every page and the PDF show the markup as text.
2. After the data were restored: the same bytes, in every file, as this checkout's own build,
   the search index and the PDF included (its executions come back from the cache of those inputs).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from test_add_study import STUDY
from test_builds import PDF, VENV, differing, files, finish, make_book, pdf_setting

from helpers import load_review
from helpers.analysis.audit import audit, to_csv
from tools.worktree import copy_working_tree

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (VENV / ".installed").exists(), reason="set-up has not run: use make test"),
]


def payload(marker: str) -> str:
    """Markup of every kind that a data field could smuggle into a page, tagged with the field's marker."""
    return f"<script>window.pwned=1</script><b>{marker}</b> {{cite:p}}`x` $x^2$ *em* ::: {{{{ edition_commit }}}} |"


def edit_csv(path: Path, fields: dict[str, str], where: dict[str, str] | None = None) -> None:
    """Append a payload to ``fields`` of the first row that matches ``where``."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    row = next(r for r in rows if all(r[k] == v for k, v in (where or {}).items()))
    for column, marker in fields.items():
        row[column] = f"{row[column]} {payload(marker)}"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


#: Every free-text field of data/ (a field that neither an allowed list nor a pattern constrains),
#: with a marker, and whether the book shows it. A new free-text field fails
#: test_every_free_text_field_is_poisoned until it is listed here.
POISONED = {
    ("studies", "first_author"): True,
    ("studies", "n_source"): False,
    ("factors", "finding"): True,
    ("strategies", "test_group"): True,
    ("strategies", "control_group"): True,
    ("strategies", "better_group"): True,
    ("factor_codes", "name"): True,
    ("strategy_codes", "name"): True,
    ("abbreviations", "abbreviation"): True,
    ("abbreviations", "meaning"): True,
    ("search", "value"): True,
    ("search", "source_text"): False,
    ("prisma", "label"): True,
    ("prisma", "source_text"): False,
    ("prisma", "note"): False,
    ("prisma_reasons", "reason"): True,
    ("prisma_reasons", "source_text"): False,
    ("claims", "quote"): True,
    ("claims", "reported"): False,  # as the check reads it, in audit.csv; the page gives the explanation
    ("claims", "note"): False,  # in audit.csv
    ("problems", "statement"): True,
    ("problems", "title"): True,
    ("updates", "source"): False,
    ("updates", "description"): False,  # in data/ and on the Data page's downloads only
    ("questions", "question"): True,
    ("questions", "conclusion"): True,
    ("questions", "also"): True,
    ("questions", "label"): True,
    ("questions", "type_reason"): True,
    ("questions", "subject"): True,
    ("questions", "comparator"): True,
    ("questions", "outcome"): True,
    ("harms", "harm"): False,  # how the audit and the summary group a harm; the page shows the finding
    ("harms", "finding"): True,
    ("harms", "span"): False,  # the span: in data/ only
    ("overlaps", "reason"): True,
    ("certainty", "body"): True,
    ("certainty", "reason"): True,
    ("certainty", "span"): True,
    ("studies", "randomised_span"): False,  # in data/ only
    ("statements", "span"): False,  # the marker's hover title, and the annotated paper only when verbatim
    ("group_totals", "span"): False,  # the source of a total, in data/ only
    ("follow_up", "follow_up"): True,
    ("follow_up", "span"): False,
    ("amstar2", "question"): True,
    ("amstar2", "span"): True,
    ("amstar2", "reasoning"): True,
    ("prisma2020", "topic"): True,
    ("prisma2020", "span"): True,
    ("prisma2020", "reasoning"): True,
    ("references", "title"): True,
    ("references", "author"): True,
    ("datapackage", "title"): True,
    ("datapackage", "description"): True,
}
NOT_FREE_TEXT = {
    ("prisma", "counted_in"),
    ("prisma_reasons", "box"),
    ("claims", "refs"),
    ("claims", "target"),
    ("claims", "check"),  # one of the audit's checks (helpers.dataset.audit_checks)
    *((name, "page") for name in ("claims", "questions", "statements")),  # one of the pages of _toc.yml
}


def marker(resource: str, field: str) -> str:
    """A word that names the field: no hyphen, which a PDF's text may drop at a line's end."""
    return f"XSSMARK{resource}{field}".replace("_", "")


def poison(data: Path) -> None:
    """Markup in every free-text field of one row of each file, in rows where the review's rules still hold."""
    edit_csv(
        data / "studies.csv",
        {"first_author": marker("studies", "first_author"), "n_source": marker("studies", "n_source")},
        {"ref": "12"},
    )
    edit_csv(data / "factors.csv", {"finding": marker("factors", "finding")}, {"direction": "difference"})
    edit_csv(
        data / "strategies.csv",
        {c: marker("strategies", c) for c in ("test_group", "control_group", "better_group")},
        {"direction": "favours test"},
    )
    edit_csv(data / "factor_codes.csv", {"name": marker("factor_codes", "name")})
    edit_csv(data / "strategy_codes.csv", {"name": marker("strategy_codes", "name")})
    edit_csv(data / "abbreviations.csv", {c: marker("abbreviations", c) for c in ("abbreviation", "meaning")})
    edit_csv(data / "search.csv", {c: marker("search", c) for c in ("value", "source_text")}, {"aspect": "database"})
    edit_csv(
        data / "prisma.csv",
        {c: marker("prisma", c) for c in ("label", "source_text", "note")},
        {"status": "not reported"},
    )
    edit_csv(data / "prisma_reasons.csv", {c: marker("prisma_reasons", c) for c in ("reason", "source_text")})
    edit_csv(
        data / "claims.csv", {"quote": marker("claims", "quote"), "note": marker("claims", "note")}, {"check": "none"}
    )
    edit_csv(data / "claims.csv", {"reported": marker("claims", "reported")}, {"check": "table_text"})
    edit_csv(
        data / "problems.csv", {"statement": marker("problems", "statement"), "title": marker("problems", "title")}
    )
    with (data / "updates.csv").open("a", encoding="utf-8", newline="") as f:  # the paper has no update: add one
        csv.writer(f, lineterminator="\n").writerow(
            ["U999", "2026-01-01", payload(marker("updates", "source")), payload(marker("updates", "description"))]
        )
    edit_csv(
        data / "questions.csv",
        {
            c: marker("questions", c)
            for c in ("question", "conclusion", "also", "label", "type_reason", "subject", "outcome")
        },
    )
    edit_csv(data / "questions.csv", {"comparator": marker("questions", "comparator")}, {"question_id": "Q03"})
    edit_csv(data / "harms.csv", {c: marker("harms", c) for c in ("harm", "finding", "span")})
    edit_csv(data / "overlaps.csv", {"reason": marker("overlaps", "reason")})
    edit_csv(data / "certainty.csv", {c: marker("certainty", c) for c in ("reason", "span")})
    edit_csv(data / "studies.csv", {"randomised_span": marker("studies", "randomised_span")}, {"ref": "17"})
    with (data / "certainty.csv").open(encoding="utf-8", newline="") as f:  # a body is named on each of its rows
        rows = list(csv.DictReader(f))
    for row in rows:
        if (row["question_id"], row["body"]) == (
            "Q03",
            "randomised trials",
        ):  # a body is shown where a question has two
            row["body"] += " " + payload(marker("certainty", "body"))
    with (data / "certainty.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    edit_csv(data / "statements.csv", {"span": marker("statements", "span")})
    edit_csv(data / "group_totals.csv", {"span": marker("group_totals", "span")})
    edit_csv(data / "follow_up.csv", {c: marker("follow_up", c) for c in ("follow_up", "span")})
    edit_csv(
        data / "amstar2.csv", {c: marker("amstar2", c) for c in ("question", "span", "reasoning")}
    )  # item 1, quoted
    edit_csv(
        data / "prisma2020.csv", {c: marker("prisma2020", c) for c in ("topic", "span", "reasoning")}
    )  # item 1, reported
    bib = (data / "references.bib").read_text(encoding="utf-8")
    title = payload(marker("references", "title")).replace("{", "").replace("}", "").replace("$", "")
    bib = bib.replace("title = {{", "title = {{" + title + " ", 1)
    bib = bib.replace("author = {{", "author = {{" + f"<b>{marker('references', 'author')}</b> ", 1)
    (data / "references.bib").write_text(bib, encoding="utf-8")
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"][0]["title"] += " " + payload(marker("datapackage", "title"))
    package["resources"][0]["description"] += " " + payload(marker("datapackage", "description"))
    (data / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False), encoding="utf-8")


def with_first_year_changed(studies: Path) -> tuple[str, str]:
    with studies.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    year = rows[0].index("year")
    old_year, rows[1][year] = rows[1][year], str(int(rows[1][year]) - 1)
    with studies.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return old_year, rows[1][year]


def first_row_of_table1(html: dict[str, bytes]) -> str:
    soup = BeautifulSoup(html["book/methods.html"].decode("utf-8"), "html.parser")
    [table] = [t for t in soup.find_all("table") if t.find("caption").get_text(" ", strip=True).startswith("Table 1.")]
    return " ".join(table.find("tbody").find("tr").get_text(" ").split())


def text_of(built: dict[str, bytes], name: str) -> str:
    """A page's text as a reader reads it: a citation link is '[56]', not '[ 56 ]'."""
    text = " ".join(BeautifulSoup(built[name].decode("utf-8"), "html.parser").find("article").get_text(" ").split())
    return re.sub(r"\[ (\d+) \]", r"[\1]", text)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The two builds of the module's docstring, in one copy of the checkout and of its _build/."""
    own = ROOT / "_build"
    if not (own / "html" / "index.html").exists():
        pytest.fail("build the book first (make book)")
    folder = copy_working_tree(tmp_path_factory.mktemp("maintainer"), with_git=True)
    shutil.copytree(own, folder / "_build", symlinks=True, ignore=shutil.ignore_patterns("screenshots"))
    html, data = folder / "_build" / "html", folder / "data"
    original = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    out: dict[str, object] = {"pdf": pdf_setting() == "yes", "before": files(html)}

    study = tmp_path_factory.mktemp("study") / "study.toml"
    study.write_text(STUDY, encoding="utf-8")
    out["add_study"] = subprocess.run(
        [str(VENV / "bin" / "python"), "-m", "helpers", "add-study", str(study), "--data", str(data)],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(folder / "src")},
    )
    out["years"] = with_first_year_changed(data / "studies.csv")
    follow_up = data / "follow_up.csv"  # the only place of the word "durations": it leaves the book
    follow_up.write_text(follow_up.read_text(encoding="utf-8").replace("durations", "lengths"), encoding="utf-8")
    poison(data)
    without_study = tmp_path_factory.mktemp("expected") / "data"
    shutil.copytree(data, without_study)  # the same edits without the study: the paper's audit must not move
    for name in ("updates.csv", "studies.csv", "factors.csv", "references.bib"):
        (without_study / name).write_text(
            _without_study(name, (data / name).read_text(encoding="utf-8")), encoding="utf-8"
        )
    out["expected_audit"] = to_csv(audit(load_review(without_study))).encode()
    out["changed_log"] = finish(make_book(folder, pdf_setting()))
    out["changed"] = files(html)

    for name, content in original.items():
        (data / name).write_bytes(content)
    out["restored_log"] = finish(make_book(folder, pdf_setting()))
    out["restored"] = files(html)
    return out


def _without_study(name: str, text: str) -> str:
    """A file of data/ without the rows that add-study wrote for the study of STUDY (ref 56, update U001)."""
    if name == "references.bib":
        return text[: text.index("@article{zzyzx2026cement")].rstrip("\n") + "\n"
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith(("56,", "U001,")))


def test_a_data_change_runs_the_notebooks_again_and_the_pages_follow(builds: dict) -> None:
    assert "every page is read again" in builds["changed_log"] and "executed in parallel" in builds["changed_log"]
    old_year, new_year = builds["years"]
    before, after = first_row_of_table1(builds["before"]), first_row_of_table1(builds["changed"])
    assert old_year in before and old_year not in after and new_year in after


def test_every_free_text_field_is_poisoned() -> None:
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    free = {
        (r["name"], f["name"])
        for r in package["resources"]
        for f in r.get("schema", {}).get("fields", [])
        if f.get("type") == "string" and not {"enum", "pattern"} & set(f.get("constraints", {}))
    }
    assert free - NOT_FREE_TEXT == {key for key in POISONED if key[0] not in ("references", "datapackage")}


def test_markup_in_data_is_shown_as_text_on_every_page(builds: dict) -> None:
    shown = ""
    for name, raw_bytes in sorted(builds["changed"].items()):
        if not name.endswith(".html"):
            continue
        raw = raw_bytes.decode("utf-8")
        assert "<script>window.pwned" not in raw and "<b>XSSMARK" not in raw, name
        soup = BeautifulSoup(raw, "html.parser")
        assert not [s for s in soup.find_all("script") if "pwned" in str(s)], name
        assert not [b for b in soup.find_all(["b", "em"]) if "XSSMARK" in b.get_text()], name
        shown += " ".join(soup.get_text(" ").split()) + "\n"
    missing = [
        m
        for (resource, field), rendered in POISONED.items()
        if rendered  # the prose may lower-case a label
        and f"<b>{(m := marker(resource, field))}</b>".lower() not in shown.lower()
    ]
    assert missing == [], "these fields are shown nowhere, or not as text"
    assert "<script>window.pwned=1</script>" in shown and "{cite:p}`x` $x^2$ *em* :::" in shown


def test_markup_in_data_is_printed_as_text_in_the_pdf(builds: dict, tmp_path: Path) -> None:
    if not builds["pdf"]:
        if os.environ.get("CI") == "true":
            pytest.fail("CI has no chromium, so no PDF edition was printed to check")
        pytest.skip("no chromium, so no PDF edition: apt-get install chromium")
    (tmp_path / PDF).write_bytes(builds["changed"][PDF])
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(tmp_path / PDF), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for resource, field in (
        ("studies", "first_author"),
        ("factors", "finding"),
        ("strategies", "test_group"),
        ("claims", "quote"),
        ("references", "title"),
    ):
        assert f"<b>{marker(resource, field)}</b>" in text, (resource, field)
    assert len(re.findall(r"<script>window\.pwned=1</script>", text)) > 5


def test_the_papers_own_prose_is_nowhere_stale(builds: dict) -> None:
    assert [n for n, b in builds["before"].items() if n.endswith(".html") and b"stale-prose" in b] == []
    assert "stale prose" not in builds["restored_log"]


def test_an_added_study_validates_and_is_marked_in_tables_figures_and_summary(builds: dict) -> None:
    added, built = builds["add_study"], builds["changed"]
    assert added.returncode == 0 and "added study [56]" in added.stdout, added.stderr
    assert "Zzyzx J [56] 2026 (added in U001)" in text_of(built, "book/methods.html")  # Table 1
    bone_cement = text_of(built, "book/bone_cement.html")
    assert "Zzyzx J 2026 [56] (added in U001)" in bone_cement  # the effect-direction figure's text
    assert "Added after the paper: [56] (U001)." in bone_cement  # the summary of findings
    assert "Not yet rated with [56] (U001), added after the paper." in text_of(built, "book/index.html")


def test_an_added_study_leaves_the_papers_audit_unchanged_to_the_byte(builds: dict) -> None:
    assert builds["changed"]["audit.csv"] == builds["expected_audit"]
    assert builds["changed"]["summary_of_findings.csv"] != builds["before"]["summary_of_findings.csv"]


def test_stale_prose_is_named_by_the_build_and_on_its_page(builds: dict) -> None:
    log = builds["changed_log"]
    assert re.search(
        r"stale prose: .*book/bone_cement\.ipynb, section 'Distribution', the block beginning 'The paper found "
        r"\{glue:text\}`f1_studies_phrase`.*does not yet discuss Zzyzx J 2026 \[56\], added in update U001 "
        r"\(2026-11-28\)",
        log,
    )
    assert "section 'Volume'" not in log  # the study is of distribution only
    soup = BeautifulSoup(builds["changed"]["book/bone_cement.html"].decode("utf-8"), "html.parser")
    notes = {
        section["id"]: [" ".join(n.get_text(" ").split()) for n in section.select("div.stale-prose")]
        for section in soup.select("section[id]")
    }
    assert notes["distribution"][0].startswith(
        "Not yet discussed here This text was written about [7-11]. It does not yet discuss Zzyzx J"
    )
    assert notes["volume"] == [] and notes["viscosity"] == []


def test_stale_judgements_are_named_by_the_build_and_on_their_page(builds: dict) -> None:
    assert re.search(
        r"stale judgements: .*book/bone_cement\.ipynb, section 'Summary of findings': The question on "
        r"cement distribution.*: this edition's GRADE judgements were made on \[7-11\]\. The data now also give the "
        r"question Zzyzx J 2026 \[56\], added in update U001",
        builds["changed_log"],
    )
    assert "stale judgements" not in builds["restored_log"]
    soup = BeautifulSoup(builds["changed"]["book/bone_cement.html"].decode("utf-8"), "html.parser")
    [note] = soup.select("section#summary-of-findings div.stale-prose")
    assert " ".join(note.get_text(" ").split()).startswith("Not yet judged here The question on cement distribution")


def test_the_what_changed_page_and_csv_list_the_added_study(builds: dict) -> None:
    built, cold = builds["changed"], builds["before"]
    rows = list(csv.DictReader(built["what_changed.csv"].decode("utf-8").splitlines()))
    added = [(r["against"], r["change"]) for r in rows if r["kind"] == "study" and r["key"] == "56"]
    assert ("the paper", "added") in added and len(added) == 2  # against the paper and against the previous release
    assert not [
        r for r in csv.DictReader(cold["what_changed.csv"].decode("utf-8").splitlines()) if r["against"] == "the paper"
    ]
    page = text_of(built, "book/changes.html")
    assert "Against the paper, one study added and" in page and "Zzyzx J 2026 [56]" in page


def test_after_adding_and_removing_a_study_a_warm_build_equals_the_cold_one(builds: dict) -> None:
    """Search included: Sphinx merges a new search index into the old one, so a removed study could stay findable."""
    index = builds["changed"]["searchindex.js"].decode("utf-8")
    assert '"zzyzx": [' in index and '"durat": [' not in index  # the study's word came, the word the data lost went
    assert re.findall(r'"[^"]+": ?\[\]', index) == []  # and no word is left without a page
    assert (
        "executed in parallel" not in builds["restored_log"]
    )  # the executions of these inputs came back from their cache
    assert ("printed before from these very pages" in builds["restored_log"]) == builds["pdf"]  # and so did the PDF
    assert differing(files(ROOT / "_build" / "html"), builds["restored"]) == set()
