"""Where the review's data live, found from this package rather than from the caller, and where what is
computed from them is kept."""

from __future__ import annotations

import os
from pathlib import Path

#: Set this to point every notebook and command at another copy of the data.
DATA_DIR_VARIABLE = "RESIDUAL_PAIN_DATA"
#: Where ``make release`` stores each release's snapshot, as ``<version>.csv``, below the repository.
RELEASES = "releases"
#: Where load_review keeps the data it has validated, below the repository.
VALIDATED = Path("_build") / ".validated"


def repository_root() -> Path:
    """The checkout that holds this (editable-installed) package: ``src/helpers/dataset/`` -> root."""
    return Path(__file__).resolve().parents[3]


def default_data_dir() -> Path:
    """``$RESIDUAL_PAIN_DATA`` if set, else the repository's ``data/``."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    return Path(override) if override else repository_root() / "data"


def data_digest(data_dir: Path) -> str:
    """One hash of every file of ``data_dir``, of the data layer's code that reads and checks them, and of the
    book's table of contents."""
    import hashlib

    code = sorted(Path(__file__).parent.glob("*.py"))
    toc = repository_root() / "_toc.yml"  # the pages that rows of the data may name
    files = [p for p in sorted(data_dir.iterdir()) if p.is_file()] + code + [toc]
    return hashlib.sha256(b"".join(p.name.encode() + b"\0" + p.read_bytes() for p in files)).hexdigest()


def validated_path(data_dir: Path) -> Path:
    """Where the data of ``data_dir`` are kept once they have been validated (they are valid if it exists)."""
    return repository_root() / VALIDATED / f"{data_digest(data_dir)}.pickle"
