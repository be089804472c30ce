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
