"""Synthetic intake for the reference scenario: ACLED-format reports with ground truth.

Incidents along the line of contact and the Lachin corridor, each seen by several kinds of
source with their own noise, written as ACLED rows plus a `truth_incident_id` column.
"""

from __future__ import annotations

from ceasefire.synthetic.acled import (
    DEFAULT_END,
    DEFAULT_START,
    HEADER,
    TRUTH_COLUMN,
    GenerationSummary,
    generate_acled,
)

__all__ = [
    "DEFAULT_END",
    "DEFAULT_START",
    "HEADER",
    "TRUTH_COLUMN",
    "GenerationSummary",
    "generate_acled",
]
