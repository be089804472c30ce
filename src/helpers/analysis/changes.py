"""What changed: this edition's data against the paper's own, and against the previous release.

A snapshot is a long table (kind, key, label, value) of what a reader would compare between two
editions: the studies, the counts the book states, and each summary-of-findings row's direction
counts and certainty. ``make release`` stores the snapshot of each release in ``releases/``, so
that the next edition can be compared with it; comparing two snapshots gives one row per study
added or removed and per value that changed.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..dataset.paths import RELEASES, repository_root
from ..dataset.review import Review
from ..dataset.vocabulary import DESIGNS, TABLE1, TABLE2
from .counts import entries
from .wording import count_phrase, design_noun

SNAPSHOT_COLUMNS = ["kind", "key", "label", "value"]
CHANGE_COLUMNS = ["against", "kind", "key", "label", "before", "after", "change"]
#: The kinds of row a snapshot holds, in the order the page shows them.
KINDS = ("study", "count", "summary")
ADDED, REMOVED, CHANGED = "added", "removed", "changed"
#: Where ``make release`` stores each release's snapshot, as ``<version>.csv``.


def _size(row: pd.Series) -> str:
    if pd.notna(row["n_total"]):
        return f"{int(row['n_total'])} participants"
    if pd.notna(row["n_test"]):
        return f"{int(row['n_test'])} in the test group"
    return "size not stated"


def study_rows(review: Review) -> list[dict[str, str]]:
    """One row per study: its design, stated size and, for a later study, the update that added it."""
    out = []
    for _, s in review.studies.sort_values("ref").iterrows():
        value = f"{s['design']}, {_size(s)}"
        update = s.get("update")
        if isinstance(update, str) and update:
            value += f", added in {update}"
        out.append(
            {
                "kind": "study",
                "key": str(int(s["ref"])),
                "label": f"{s['first_author']} {int(s['year'])} [{int(s['ref'])}]",
                "value": value,
            }
        )
    return out


def count_rows(review: Review) -> list[dict[str, str]]:
    """The counts that the book states: studies, table rows, designs, stated sizes, and rows per factor and strategy."""
    rows = entries(review)
    studies = review.studies
    counts: list[tuple[str, str, int]] = [
        ("studies", "distinct studies in the tables", rows["ref"].nunique()),
        ("rows_table1", f"rows of {TABLE1}", int((rows["table"] == TABLE1).sum())),
        ("rows_table2", f"rows of {TABLE2}", int((rows["table"] == TABLE2).sum())),
    ]
    for design in DESIGNS:
        counts.append(
            (
                f"studies_{design.lower().replace('-', '_')}",
                design_noun(design, 2),
                int((studies["design"] == design).sum()),
            )
        )
    counts.append(("studies_with_size", "studies whose size the text gives", int(studies["n_total"].notna().sum())))
    counts.append(
        (
            "studies_with_test_size_only",
            "studies for which the text gives only the size of the test group",
            int((studies["n_total"].isna() & studies["n_test"].notna()).sum()),
        )
    )
    for table, codes, key in (
        (TABLE1, review.factor_codes, "factor_id"),
        (TABLE2, review.strategy_codes, "strategy_id"),
    ):
        part = rows[rows["table"] == table]
        for code in codes.itertuples():
            number = getattr(code, key)
            mine = part[part["code"] == number]
            counts.append((f"rows_{key.removesuffix('_id')}_{number}", f"{table} rows on {code.name}", len(mine)))
    return [{"kind": "count", "key": key, "label": label, "value": str(n)} for key, label, n in counts]


def summary_rows(summary: pd.DataFrame) -> list[dict[str, str]]:
    """One row per question of the summary of findings: its direction counts and certainty."""
    return [
        {
            "kind": "summary",
            "key": r.question_id,
            "label": r.question,
            "value": f"{count_phrase(r.studies, 'study')}: {r.better} better, "
            f"{r.no_difference} no difference, {r.worse} worse; certainty {r.certainty}",
        }
        for r in summary.itertuples()
    ]


def snapshot(review: Review, summary: pd.DataFrame | None) -> pd.DataFrame:
    """The snapshot of an edition's data (see the module's docstring); without a summary, its rows are left out."""
    rows = study_rows(review) + count_rows(review) + (summary_rows(summary) if summary is not None else [])
    return pd.DataFrame(rows, columns=SNAPSHOT_COLUMNS).astype("string")


def compare(before: pd.DataFrame, after: pd.DataFrame, against: str) -> pd.DataFrame:
    """One row per study or value that differs between two snapshots, in the order of KINDS and then of ``after``.

    A kind that ``before`` does not hold at all (an older release had no summary of findings) is
    not reported row by row: it is new as a whole, which the page says once.
    """
    known = set(before["kind"])
    old = {(r.kind, r.key): r for r in before.itertuples()}
    new = {(r.kind, r.key): r for r in after.itertuples()}
    out = []
    for kind in KINDS:
        if kind not in known:
            continue
        keys = [k for k in new if k[0] == kind] + [k for k in old if k[0] == kind and k not in new]
        for key in keys:
            was, now = old.get(key), new.get(key)
            if was is not None and now is not None and was.value == now.value:
                continue
            change = ADDED if was is None else REMOVED if now is None else CHANGED
            out.append(
                {
                    "against": against,
                    "kind": kind,
                    "key": key[1],
                    "label": (now or was).label,
                    "before": "" if was is None else was.value,
                    "after": "" if now is None else now.value,
                    "change": change,
                }
            )
    return pd.DataFrame(out, columns=CHANGE_COLUMNS).astype("string")


@dataclass(frozen=True)
class Comparison:
    """This edition against one baseline: the paper's own data, or a stored release."""

    against: str  # 'the paper', or a release's version
    changes: pd.DataFrame  # rows of CHANGE_COLUMNS
    new_kinds: tuple[str, ...]  # kinds of row the baseline does not hold at all


def comparison(before: pd.DataFrame, after: pd.DataFrame, against: str) -> Comparison:
    kinds = tuple(k for k in KINDS if k in set(after["kind"]) and k not in set(before["kind"]))
    return Comparison(against, compare(before, after, against), kinds)


def to_csv(frame: pd.DataFrame) -> str:
    """A snapshot or a comparison as CSV text: the same bytes for the same data."""
    return frame.to_csv(index=False, lineterminator="\n")


def read_snapshot(path: Path) -> pd.DataFrame:
    """A stored snapshot; lines starting with '#' say where it came from."""
    text = "".join(
        line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith("#")
    )
    return pd.read_csv(io.StringIO(text), dtype="string", keep_default_na=False)[SNAPSHOT_COLUMNS]


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def stored_releases(root: Path) -> list[str]:
    """The versions whose snapshot ``releases/`` holds, newest first."""
    folder = root / RELEASES
    found = [p.stem for p in folder.glob("*.csv") if re.fullmatch(r"\d+\.\d+\.\d+", p.stem)] if folder.is_dir() else []
    return sorted(found, key=_version_key, reverse=True)


def previous_release(root: Path, current: pd.DataFrame) -> str | None:
    """The release to compare with: the newest stored one, or the one before it when this edition is that release.

    An edition whose snapshot equals the newest release's is that release (or unchanged since), so
    the page then shows what that release changed against the one before it.
    """
    versions = stored_releases(root)
    if versions and to_csv(read_snapshot(root / RELEASES / f"{versions[0]}.csv")) == to_csv(current):
        versions = versions[1:]
    return versions[0] if versions else None


PAPER = "the paper"


def comparisons(review: Review, findings: pd.DataFrame, root: Path | None = None) -> list[Comparison]:
    """This edition against the paper's own data, and against the previous release when one is stored in
    ``root/releases`` (the repository's, by default)."""
    from .summary import summary_of_findings

    root = root or repository_root()
    current = snapshot(review, summary_of_findings(review, findings))
    paper = review.paper()
    out = [comparison(snapshot(paper, summary_of_findings(paper, findings)), current, PAPER)]
    version = previous_release(root, current)
    if version is not None:
        out.append(comparison(read_snapshot(root / RELEASES / f"{version}.csv"), current, version))
    return out


def changes_frame(found: list[Comparison]) -> pd.DataFrame:
    """Every comparison's rows in one table, for what_changed.csv."""
    return pd.concat([c.changes for c in found], ignore_index=True) if found else pd.DataFrame(columns=CHANGE_COLUMNS)
