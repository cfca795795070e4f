"""Malformed scenario files: each mistake is reported with the file, the place and the bad value."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from importlib.resources import as_file
from pathlib import Path

import pytest

from ceasefire.errors import ScenarioError
from ceasefire.scenarios import available_scenarios, load_scenario
from ceasefire.scenarios.documents import parse_yaml

NK = "nagorno-karabakh-2020"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A writable copy of the packaged scenario."""
    info = next(i for i in available_scenarios() if i.id == NK)
    target = tmp_path / NK
    with as_file(info.path) as source:
        shutil.copytree(source, target)
    return target


def edit(directory: Path, name: str, change: Callable[[str], str]) -> None:
    path = directory / name
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, "the edit did not apply"
    path.write_text(after, encoding="utf-8")


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert text.count(old) == 1, f"{old!r} must occur exactly once"
        return text.replace(old, new)

    return change


AGHDAM = "        obligated: [AM]\n        zone_ids: [handover-aghdam]\n"

# name of the case, file, edit, what the message must contain
CASES = [
    (
        "yaml syntax",
        "timeline.yaml",
        replace("  - id: clashes-1905\n", "  - id: [clashes-1905\n"),
        ["timeline.yaml", "line 7, column 10", "invalid YAML"],
    ),
    (
        "unknown obligated party",
        "agreements.yaml",
        replace(AGHDAM, AGHDAM.replace("[AM]", "[ARM]")),
        ["agreements.yaml", "agreements[2].provisions[1].obligated[0]", "'ARM'", "unknown party"],
    ),
    (
        "obligated party not in the agreement",
        "agreements.yaml",
        replace(AGHDAM, AGHDAM.replace("[AM]", "[TR]")),
        [
            "agreements.yaml",
            "agreements[2].provisions[1].obligated[0]",
            "'TR'",
            "not among this agreement's parties",
        ],
    ),
    (
        "deadline not a date",
        "agreements.yaml",
        replace('deadline: "2020-11-20"', 'deadline: "20 November 2020"'),
        [
            "agreements.yaml",
            "agreements[2].provisions[1].deadline",
            "'20 November 2020'",
            "YYYY-MM-DD",
        ],
    ),
    (
        "deadline on a day that does not exist",
        "agreements.yaml",
        replace('deadline: "2020-11-20"', 'deadline: "2020-11-31"'),
        ["agreements.yaml", "agreements[2].provisions[1].deadline", "'2020-11-31'"],
    ),
    (
        "in force without a UTC offset",
        "agreements.yaml",
        replace('"2020-11-10T00:00:00+03:00"', '"2020-11-10T00:00:00"'),
        ["agreements.yaml", "agreements[2].in_force_at", "'2020-11-10T00:00:00'", "UTC offset"],
    ),
    (
        "effect on an unknown provision",
        "timeline.yaml",
        replace(
            "{provision_id: tri2020-2, outcome: met}", "{provision_id: tri2020-99, outcome: met}"
        ),
        ["timeline.yaml", ".effects[0].provision_id", "'tri2020-99'", "unknown provision"],
    ),
    (
        "missing required field",
        "agreements.yaml",
        replace("    title: Bishkek Protocol\n", ""),
        ["agreements.yaml", "agreements[0]", "missing required field 'title'"],
    ),
    (
        "unknown zone id",
        "agreements.yaml",
        replace("zone_ids: [handover-lachin]", "zone_ids: [handover-lahcin]"),
        [
            "agreements.yaml",
            "agreements[2].provisions[7].zone_ids[0]",
            "'handover-lahcin'",
            "unknown zone",
        ],
    ),
    (
        "unknown field",
        "agreements.yaml",
        replace('deadline: "2020-12-01"', 'dedline: "2020-12-01"'),
        ["agreements.yaml", "agreements[2].provisions[7]", "'dedline'"],
    ),
    (
        "unknown provision kind",
        "agreements.yaml",
        replace("kind: exchange_detainees", "kind: prisoner_swap"),
        ["agreements.yaml", "agreements[2].provisions[12].kind", "'prisoner_swap'"],
    ),
    (
        "duplicate provision id",
        "agreements.yaml",
        replace("- id: tri2020-6-lachin\n", "- id: tri2020-6-kelbajar\n"),
        ["agreements.yaml", "agreements[2].provisions[7].id", "'tri2020-6-kelbajar'", "duplicate"],
    ),
    (
        "amendment of an unknown provision",
        "agreements.yaml",
        replace("provision_id: tri2020-6-kelbajar\n", "provision_id: tri2020-6-kalbajar\n"),
        ["agreements.yaml", "agreements[2].amendments[0].provision_id", "'tri2020-6-kalbajar'"],
    ),
    (
        "unknown source",
        "timeline.yaml",
        replace(
            '      - {ref: "seed:002", note: "8 November 2020"}',
            '      - {ref: "seed:020", note: "8 November 2020"}',
        ),
        ["timeline.yaml", ".sources[1].ref", "'seed:020'", "unknown source"],
    ),
    (
        "end before start",
        "timeline.yaml",
        replace('end: "2020-11-10"', 'end: "2020-09-01"'),
        ["timeline.yaml", "events[", "war-2020", "before start", "'2020-09-01'"],
    ),
    (
        "figures out of order",
        "timeline.yaml",
        replace("        low: 6500\n", "        low: 6900\n"),
        ["timeline.yaml", ".figures[0]", "low <= best <= high", "6900"],
    ),
    (
        "month precision on a day other than the first",
        "timeline.yaml",
        replace('start: "1991-12-01"', 'start: "1991-12-15"'),
        ["timeline.yaml", ".start", "'1991-12-15'", "first day of the month"],
    ),
    (
        "duplicate key",
        "scenario.yaml",
        replace("monitoring_nations: [RU, TR]\n", "monitoring_nations: [RU, TR]\nid: again\n"),
        ["scenario.yaml", "'id' appears twice"],
    ),
    (
        "unknown monitoring nation",
        "scenario.yaml",
        replace("monitoring_nations: [RU, TR]", "monitoring_nations: [RU, TU]"),
        ["scenario.yaml", "monitoring_nations[1]", "'TU'"],
    ),
    (
        "zone of an unknown kind",
        "zones.geojson",
        lambda text: re.sub(r'"kind":\s*"corridor"', '"kind": "road"', text, count=1),
        ["zones.geojson", "features[", ".properties.kind", "'road'"],
    ),
    (
        "broken JSON",
        "zones.geojson",
        lambda text: text.rstrip().removesuffix("}"),
        ["zones.geojson", "line", "invalid JSON"],
    ),
]


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [(c[1], c[2], c[3]) for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_malformed_file_is_reported_precisely(
    copy: Path, name: str, change: Callable[[str], str], expected: list[str]
) -> None:
    edit(copy, name, change)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(copy)
    message = str(caught.value)
    assert caught.value.path.endswith(name)
    for part in expected:
        assert part in message, f"{part!r} not in {message!r}"
    assert "\n" not in message


def test_errors_carry_the_line(copy: Path) -> None:
    edit(copy, "agreements.yaml", replace('deadline: "2020-11-20"', 'deadline: "2020-11-31"'))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(copy)
    lines = (copy / "agreements.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if '"2020-11-31"' in text)
    assert f"(line {line})" in caught.value.message
    assert caught.value.where == "agreements[2].provisions[1].deadline"


def test_missing_file(copy: Path) -> None:
    (copy / "timeline.yaml").unlink()
    with pytest.raises(ScenarioError, match=r"timeline\.yaml.*missing"):
        load_scenario(copy)


def test_unknown_scenario_name_lists_the_packaged_ones() -> None:
    with pytest.raises(ScenarioError, match=NK):
        load_scenario("no-such-scenario")


def test_unchanged_copy_loads_like_the_packaged_one(copy: Path) -> None:
    assert load_scenario(copy) == load_scenario(NK)
    assert load_scenario(str(copy)).id == NK


def test_yaml_keeps_dates_and_country_codes_as_text() -> None:
    doc = parse_yaml("x.yaml", "a: [NO, yes, true, 2020-11-10, 2020-11-10T00:00:00+03:00]\n")
    assert doc.data == {"a": ["NO", "yes", True, "2020-11-10", "2020-11-10T00:00:00+03:00"]}
