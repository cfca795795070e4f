"""`ceasefire alerts`: run, list (also the default), show and ack, with clear errors."""

from __future__ import annotations

import re

from tests.cli.conftest import cli


def first_id(url: str, *args: str) -> str:
    code, out, _ = cli(url, "alerts", "list", *args)
    assert code == 0, out
    match = re.search(r"│ ([0-9a-f]{8}) ", out)
    assert match, out
    return match.group(1)


def test_run_list_show_ack(loaded: str) -> None:
    code, out, err = cli(loaded, "alerts", "run", "--at", "2020-11-19", "--since", "2020-11-01")
    assert code == 0, err
    assert "new alert(s)" in out and "deadline_due" in out
    code, again, _ = cli(loaded, "alerts", "run", "--at", "2020-11-19", "--since", "2020-11-01")
    assert code == 0 and "0 new alert(s)" in again

    code, listing, _ = cli(loaded, "alerts")
    assert code == 0 and "deadline_due" in listing and "open" in listing
    code, critical, _ = cli(loaded, "alerts", "list", "--severity", "critical")
    assert code == 0 and "deadline_due" not in critical

    alert_id = first_id(loaded, "--kind", "deadline_due")
    code, shown, _ = cli(loaded, "alerts", "show", alert_id)
    assert code == 0 and "Evidence:" in shown and "tri2020-" in shown

    code, out, err = cli(loaded, "alerts", "ack", alert_id, "--note", "liaison informed")
    assert code == 0, err
    assert "acknowledged by" in out
    code, done, _ = cli(loaded, "alerts", "list", "--status", "acknowledged")
    assert alert_id in done
    code, shown, _ = cli(loaded, "alerts", "show", alert_id)
    assert "liaison informed" in shown

    code, _, err = cli(loaded, "alerts", "ack", alert_id)
    assert code == 4 and "already acknowledged" in err


def test_errors_are_one_clear_line(loaded: str) -> None:
    code, _, err = cli(loaded, "alerts", "ack", "no-such-alert")
    assert code == 3 and "alert 'no-such-alert' not found" in err
    code, _, err = cli(loaded, "alerts", "run", "--at", "2020-11-19", "--since", "2020-12-01")
    assert code == 2 and "since" in err
    code, _, err = cli(loaded, "alerts", "run", "--since", "yesterday")
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = cli(loaded, "alerts", "list", "--as", "liaison:AM")
    assert code == 7 and "internal to the mission" in err
    code, _, err = cli(loaded, "alerts", "list", "--kind", "rumour")
    assert code != 0
