"""Order statistics of the benchmark samples (nearest rank, no interpolation)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(sorted_values: Sequence[float], p: float) -> float | None:
    """Return the ``p``-th percentile (nearest rank) of already sorted values; None when empty."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return round(float(sorted_values[rank - 1]), 2)


def median(sorted_values: Sequence[float]) -> float | None:
    """Return the median of already sorted values; None when empty."""
    n = len(sorted_values)
    if not n:
        return None
    mid = n // 2
    value = sorted_values[mid] if n % 2 else (sorted_values[mid - 1] + sorted_values[mid]) / 2
    return round(float(value), 2)
