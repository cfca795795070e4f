"""Scenarios as data: packaged reference scenarios and the loader that checks and builds them.

A scenario is a directory with scenario.yaml, agreements.yaml, timeline.yaml and
zones.geojson, described by schema.json beside this file.
"""

from __future__ import annotations

from ceasefire.scenarios.loader import (
    SCENARIO_FILES,
    ScenarioInfo,
    available_scenarios,
    load_scenario,
)
from ceasefire.scenarios.validation import load_schema

__all__ = [
    "SCENARIO_FILES",
    "ScenarioInfo",
    "available_scenarios",
    "load_scenario",
    "load_schema",
]
