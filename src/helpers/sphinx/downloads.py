"""The files readers download beside the pages: audit.csv, summary_of_findings.csv, evidence_profile.csv,
what_changed.csv and a copy of data/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .data import build_review


def write_downloads(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":  # the single page, printed to PDF, has no downloads
        return
    import hashlib

    from ..dataset.paths import RELEASES, default_data_dir, repository_root

    outdir, data_dir = Path(app.outdir), default_data_dir()
    sources = [p for p in sorted(data_dir.iterdir()) if p.is_file()]
    # The downloads depend on the data, this package's code and the stored releases: recompute when any changes.
    code = sorted(Path(__file__).parents[1].rglob("*.py"))  # the whole helpers package
    releases = sorted((repository_root() / RELEASES).glob("*.csv"))
    digest = hashlib.sha256(
        b"".join(p.name.encode() + p.read_bytes() for p in [*sources, *code, *releases])
    ).hexdigest()
    stamp = outdir.parent / ".downloads.sha256"  # beside the build, not among the downloads
    if not (stamp.exists() and stamp.read_text() == digest and (outdir / "audit.csv").exists()):
        from ..analysis.audit import audit, to_csv
        from ..analysis.certainty import profile
        from ..analysis.changes import changes_frame, comparisons
        from ..analysis.changes import to_csv as changes_csv
        from ..analysis.summary import summary_of_findings
        from ..analysis.summary import to_csv as summary_csv

        review = build_review()
        findings = audit(review)
        (outdir / "audit.csv").write_text(to_csv(findings), encoding="utf-8")
        (outdir / "summary_of_findings.csv").write_text(
            summary_csv(summary_of_findings(review, findings)), encoding="utf-8"
        )
        (outdir / "evidence_profile.csv").write_text(
            profile(review).to_csv(index=False, lineterminator="\n"), encoding="utf-8"
        )
        (outdir / "what_changed.csv").write_text(
            changes_csv(changes_frame(comparisons(review, findings))), encoding="utf-8"
        )
        (outdir / "data").mkdir(exist_ok=True)
        for gone in {p.name for p in (outdir / "data").iterdir()} - {p.name for p in sources}:
            (outdir / "data" / gone).unlink()  # a file that data/ no longer holds is no download
        for source in sources:
            (outdir / "data" / source.name).write_bytes(source.read_bytes())
        stamp.write_text(digest)
