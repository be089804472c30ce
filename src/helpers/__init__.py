"""Load, validate and count the data of the residual-pain systematic review."""

from importlib.metadata import version as _version

from .errors import DataError, Problem
from .review import Review, load_review, read_review

__version__ = _version("residual-pain-review")

__all__ = ["DataError", "Problem", "Review", "load_review", "read_review", "__version__"]
