"""The data this build shows, validated and loaded once per version of the data."""

from __future__ import annotations

from typing import Any

from ..dataset.paths import data_digest, default_data_dir

_REVIEWS: dict[tuple[str, str], Any] = {}


def build_review() -> Any:
    """This build's data (``$RESIDUAL_PAIN_DATA`` or data/), loaded once per version of them."""
    from ..dataset.review import load_review

    data_dir = default_data_dir()
    key = (str(data_dir), data_digest(data_dir))
    if key not in _REVIEWS:
        _REVIEWS.clear()
        _REVIEWS[key] = load_review(data_dir)
    return _REVIEWS[key]
