"""Load, validate and count the data of the residual-pain systematic review."""

from __future__ import annotations

from importlib.metadata import version as _version
from typing import Any

from .errors import DataError, Problem

__version__ = _version("residual-pain-review")

__all__ = ["DataError", "Problem", "Review", "load_review", "read_review", "__version__"]


def __getattr__(name: str) -> Any:
    # pandas and frictionless load only when the data do: the Sphinx extension imports this
    # package on every build, and most builds need neither.
    if name in ("Review", "load_review", "read_review"):
        from . import review

        return getattr(review, name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
