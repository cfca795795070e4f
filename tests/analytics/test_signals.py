"""The simpler rules (heavy weapons, casualties, deadlines, complaints) and the alert's own
acknowledgement rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from ceasefire.analytics.signals import (
    CasualtyIncident,
    OpenComplaint,
    WeaponSighting,
    casualty_alerts,
    complaint_alerts,
    deadline_alerts,
    heavy_weapon_alerts,
)
from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.alerts import (
    Alert,
    AlertKind,
    AlertStatus,
    Severity,
    check_may_acknowledge,
    check_may_read,
)
from ceasefire.domain.compliance import evaluate
from ceasefire.errors import ConflictError, ValidationError
from ceasefire.scenarios import load_scenario

D = date(2021, 3, 1)
NOW = datetime(2021, 3, 10, 12, tzinfo=UTC)


def seen(days: int, *weapons: str, zone: str = "z", rid: str = "r") -> WeaponSighting:
    return WeaponSighting(D + timedelta(days=days), zone, frozenset(weapons), f"{rid}{days}")


def test_heavy_weapons_after_small_arms_only_alert_once() -> None:
    sightings = [seen(0, "small_arms"), seen(3, "sniper"), seen(10, "mlrs"), seen(11, "mortar")]
    (alert,) = heavy_weapon_alerts(sightings, since=D)
    assert alert.window_start == D + timedelta(days=10)
    assert alert.severity is Severity.CRITICAL and alert.evidence["weapons"] == ["mlrs"]
    assert alert.evidence["last_small_arms_day"] == (D + timedelta(days=3)).isoformat()


@pytest.mark.parametrize(
    "history",
    [
        [],  # nothing seen before: not "only small arms"
        [seen(0, "small_arms"), seen(2, "artillery")],  # heavy weapons already seen
        [seen(-100, "small_arms")],  # small arms too long ago
    ],
)
def test_no_alert_without_a_small_arms_only_history(history: list[WeaponSighting]) -> None:
    found = heavy_weapon_alerts([*history, seen(10, "drone")], since=D + timedelta(days=5))
    assert found == []


def test_zones_are_judged_apart_and_since_is_respected() -> None:
    sightings = [seen(0, "small_arms", zone="a"), seen(5, "artillery", zone="b")]
    assert heavy_weapon_alerts(sightings, since=D) == []
    sightings.append(seen(6, "artillery", zone="a"))
    assert [a.zone_id for a in heavy_weapon_alerts(sightings, since=D)] == ["a"]
    assert heavy_weapon_alerts(sightings, since=D + timedelta(days=7)) == []


def incident(best: int, day: int = 0) -> CasualtyIncident:
    return CasualtyIncident(f"i{best}", D + timedelta(days=day), ("z",), "Tovuz", "verified",
                            best, best, best + 1)  # fmt: skip


def test_casualty_severity_by_count() -> None:
    found = casualty_alerts([incident(0), incident(2), incident(7)], since=D)
    assert [(a.key, a.severity) for a in found] == [
        ("casualties:i2", Severity.WARNING),
        ("casualties:i7", Severity.CRITICAL),
    ]
    assert casualty_alerts([incident(2, day=-1)], since=D) == []


def test_deadlines_due_soon_and_missed_from_the_compliance_board() -> None:
    agreements = load_scenario("nagorno-karabakh-2020").agreements
    due = deadline_alerts(evaluate(agreements, (), datetime(2020, 11, 16, 12, tzinfo=UTC)))
    assert ("deadline_due:tri2020-2:2020-11-20", Severity.INFO) in [
        (a.key, a.severity) for a in due
    ]
    urgent = deadline_alerts(evaluate(agreements, (), datetime(2020, 11, 19, 12, tzinfo=UTC)))
    assert {a.key: a.severity for a in urgent}["deadline_due:tri2020-2:2020-11-20"] is (
        Severity.WARNING
    )
    # With no handover recorded the Aghdam deadline is missed the day after.
    missed = deadline_alerts(evaluate(agreements, (), datetime(2020, 11, 22, 12, tzinfo=UTC)))
    aghdam = [a for a in missed if a.evidence["provision_id"] == "tri2020-2"]
    assert [(a.kind, a.severity) for a in aghdam] == [
        (AlertKind.DEADLINE_MISSED, Severity.CRITICAL)
    ]
    assert aghdam[0].key == "deadline_missed:tri2020-2:2020-11-20"


def complaint(status: str, ack_days: int, finding_days: int) -> OpenComplaint:
    received = NOW - timedelta(days=20)
    ack_by, finding_by = NOW + timedelta(days=ack_days), NOW + timedelta(days=finding_days)
    return OpenComplaint("c1", "AM-0001", "AM", status, received, ack_by, finding_by)


@pytest.mark.parametrize(
    ("status", "ack", "finding", "keys"),
    [
        ("received", -1, 5, ["complaint_overdue:c1:acknowledge"]),
        ("received", -1, -10, ["complaint_overdue:c1:acknowledge", "complaint_overdue:c1:finding"]),
        ("acknowledged", -1, 5, []),
        ("under_investigation", -5, -2, ["complaint_overdue:c1:finding"]),
        ("finding_issued", -5, -5, []),
        ("received", 1, 5, []),
    ],
)
def test_complaints_overdue(status: str, ack: int, finding: int, keys: list[str]) -> None:
    assert [a.key for a in complaint_alerts([complaint(status, ack, finding)], now=NOW)] == keys


def test_complaint_alert_is_critical_after_a_week_and_carries_no_allegation() -> None:
    (a, f) = complaint_alerts([complaint("received", -1, -10)], now=NOW)
    assert (a.severity, f.severity) == (Severity.WARNING, Severity.CRITICAL)
    assert set(f.evidence) == {"summary", "complaint_id", "reference", "party_id", "status", "due"}


ALERT = Alert("k", AlertKind.CASUALTIES, Severity.WARNING, "t", D, D, None, {"summary": "s"})


def test_an_alert_is_acknowledged_once_by_a_named_person() -> None:
    done = ALERT.raised(alert_id="a1", now=NOW).acknowledged(actor="ana", note=" seen ", now=NOW)
    assert (done.status, done.acknowledged_by, done.note) == (
        AlertStatus.ACKNOWLEDGED,
        "ana",
        "seen",
    )
    with pytest.raises(ConflictError, match="already acknowledged by ana"):
        done.acknowledged(actor="bob", note=None, now=NOW)
    with pytest.raises(ValidationError, match="actor"):
        ALERT.acknowledged(actor="  ", note=None, now=NOW)
    with pytest.raises(ValidationError, match="note"):
        ALERT.acknowledged(actor="ana", note="x" * 3000, now=NOW)


@pytest.mark.parametrize(
    ("viewer", "reads", "acknowledges"),
    [
        (Viewer(Role.ADMIN), True, True),
        (Viewer(Role.ANALYST), True, True),
        (Viewer(Role.MONITOR), True, False),
        (Viewer(Role.PUBLIC), False, False),
        (Viewer(Role.PARTY_LIAISON, "AM"), False, False),
    ],
)
def test_who_reads_and_acknowledges(viewer: Viewer, reads: bool, acknowledges: bool) -> None:
    for check, allowed in ((check_may_read, reads), (check_may_acknowledge, acknowledges)):
        if allowed:
            check(viewer)
        else:
            with pytest.raises(ValidationError):
                check(viewer)
