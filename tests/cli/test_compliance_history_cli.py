"""`ceasefire compliance --from --to`: the history as text and as JSON, and its errors."""

from __future__ import annotations

import json

from tests.cli.conftest import cli


def test_the_history_in_text_names_runs_and_milestones(loaded: str) -> None:
    code, out, _ = cli(
        loaded, "compliance", "--from", "2020-11-10", "--to", "2020-11-30",
        "--agreement", "trilateral-2020-11-10",
    )  # fmt: skip
    assert code == 0
    assert "Compliance from 2020-11-10 to 2020-11-30" in out
    assert "2020-11-25 – 2020-11-30 met" in out
    assert "2020-11-15 amended" in out
    assert "tri2020-6-kelbajar" in out and "No incidents bear on tri2020-1" in out


def test_the_history_as_json_is_stable(loaded: str) -> None:
    code, out, _ = cli(
        loaded, "compliance", "--from", "2020-11-01", "--to", "2023-10-31", "--format", "json",
    )  # fmt: skip
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == [
        "version", "from", "to", "agreement_id", "provisions", "ceasefire", "passage",
        "exchanges", "outstanding", "returns",
    ]  # fmt: skip
    assert (doc["from"], doc["to"]) == ("2020-11-01", "2023-10-31")
    kelbajar = next(p for p in doc["provisions"] if p["provision_id"] == "tri2020-6-kelbajar")
    met = next(m for m in kelbajar["milestones"] if m["kind"] == "met")
    assert met["day"] == "2020-11-25"
    assert kelbajar["runs"][-1]["status"] == "met"
    traffic = next(p for p in doc["provisions"] if p["provision_id"] == "tri2020-6-safe-traffic")
    assert {"from": "2022-12-12", "to": "2023-09-19"}.items() <= next(
        r for r in traffic["runs"] if r["status"] == "breached"
    ).items()
    assert doc["ceasefire"][0]["period"] == "month"
    (passage,) = doc["passage"]
    assert passage["checkpoint_id"] == "lachin-hakari"
    assert passage["rule"] == {"window": 28, "min_history": 7, "share": 0.4, "breach_after": 3}
    assert {d["judgement"] for d in passage["days"]} == {"no_data"}


def test_history_errors_are_one_line(loaded: str) -> None:
    code, _, err = cli(loaded, "compliance", "--from", "2021-02-01", "--to", "2021-01-01")
    assert code == 2 and "before from" in err
    code, _, err = cli(loaded, "compliance", "--at", "2021-01-01", "--from", "2021-01-01")
    assert code == 2 and "not both" in err
    code, _, err = cli(loaded, "compliance", "--from", "2021-01-01", "--period", "year")
    assert code == 2 and "period" in err


def test_without_from_the_board_is_unchanged(loaded: str) -> None:
    code, out, _ = cli(loaded, "compliance", "--at", "2020-11-16", "--format", "json")
    assert code == 0 and isinstance(json.loads(out), list)
