"""The packaged Nagorno-Karabakh scenario: every figure and date it holds, and compliance on it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from ceasefire.domain.agreements import AgreementStatus, PartyRole, ProvisionKind
from ceasefire.domain.compliance import (
    ComplianceStatus,
    ProvisionStatus,
    add_months,
    evaluate,
    evaluate_provision,
)
from ceasefire.domain.scenario import Scenario
from ceasefire.domain.timeline import DatePrecision, EffectOutcome, Figure
from ceasefire.errors import NotFoundError
from ceasefire.scenarios import available_scenarios, load_scenario
from ceasefire.testing import REFERENCE_ZONE_IDS

NK = "nagorno-karabakh-2020"
TRI = "trilateral-2020-11-10"
BAKU = timezone(timedelta(hours=4))

ZONE_IDS = set(REFERENCE_ZONE_IDS)

# id, kind, obligated, zone ids, deadline
TRILATERAL_2020 = [
    ("tri2020-1", "ceasefire", {"AZ", "AM"}, set(), None),
    ("tri2020-2", "handover", {"AM"}, {"handover-aghdam"}, date(2020, 11, 20)),
    ("tri2020-3", "deploy_contingent", {"RU"}, {"lachin-corridor", "nk-pre-2020"}, None),
    ("tri2020-4-withdrawal", "withdrawal", {"AM"}, set(), None),
    ("tri2020-4-term", "term", {"RU"}, set(), None),
    ("tri2020-5", "establish_body", {"RU"}, set(), None),
    ("tri2020-6-kelbajar", "handover", {"AM"}, {"handover-kalbajar"}, date(2020, 11, 15)),
    ("tri2020-6-lachin", "handover", {"AM"}, {"handover-lachin"}, date(2020, 12, 1)),
    ("tri2020-6-corridor", "corridor_control", {"RU"}, {"lachin-corridor"}, None),
    ("tri2020-6-new-route", "plan", {"AZ", "AM"}, {"lachin-corridor"}, date(2023, 11, 10)),
    ("tri2020-6-safe-traffic", "guarantee_passage", {"AZ"}, {"lachin-corridor"}, None),
    ("tri2020-7", "return_displaced", {"AZ", "AM"}, set(), None),
    ("tri2020-8", "exchange_detainees", {"AZ", "AM"}, set(), None),
    ("tri2020-9-unblock", "unblock_links", {"AZ", "AM"}, set(), None),
    ("tri2020-9-nakhchivan", "guarantee_passage", {"AM"}, {"nakhchivan-link"}, None),
    ("tri2020-9-fsb-control", "corridor_control", {"RU"}, {"nakhchivan-link"}, None),
]

# Every dated event of SCENARIO.md's timeline: id, start, end, precision.
TIMELINE = [
    ("clashes-1905", "1905-01-01", None, "year"),
    ("autonomous-region-1921", "1921-01-01", None, "year"),
    ("protests-1988", "1988-01-01", None, "year"),
    ("soviet-forces-leave-1991", "1991-12-01", None, "month"),
    ("corridor-and-shushi-1992", "1992-01-01", None, "year"),
    ("war-1992-1994", "1992-01-01", "1994-01-01", "year"),
    ("bishkek-protocol-signed", "1994-05-05", None, "day"),
    ("fatalities-2012", "2012-01-01", None, "year"),
    ("lavrov-plan-proposed", "2013-01-01", None, "year"),
    ("skirmishes-rise-2014", "2014-01-01", None, "year"),
    ("clashes-2014-08", "2014-08-01", None, "month"),
    ("four-day-war-2016", "2016-04-02", "2016-04-05", "day"),
    ("velvet-revolution-2018", "2018-01-01", None, "year"),
    ("nk-election-first-round-2020", "2020-03-31", None, "day"),
    ("nk-election-runoff-2020", "2020-04-14", None, "day"),
    ("nk-inauguration-2020", "2020-05-21", None, "day"),
    ("tavush-tovuz-clashes-2020", "2020-07-12", "2020-07-16", "day"),
    ("baku-protests-2020-07", "2020-07-01", None, "month"),
    ("war-2020", "2020-09-27", "2020-11-10", "day"),
    ("su25-claim-2020", "2020-09-29", None, "day"),
    ("kyaramyan-removed-2020", "2020-10-08", None, "day"),
    ("shusha-taken-2020", "2020-11-08", None, "day"),
    ("ceasefire-statement-2020", "2020-11-10", None, "day"),
    ("ru-tr-memorandum-2020", "2020-11-11", None, "day"),
    ("aghdam-handover-2020", "2020-11-20", None, "day"),
    ("kelbajar-handover-2020", "2020-11-25", None, "day"),
    ("lachin-handover-2020", "2020-12-01", None, "day"),
    ("yerevan-protests-2020-2021", "2020-12-01", "2021-02-01", "month"),
    ("trilateral-statement-2021", "2021-01-11", None, "day"),
    ("monitoring-centre-opens-2021", "2021-01-30", None, "day"),
    ("shusha-declaration-2021", "2021-06-15", None, "day"),
    ("armenian-election-2021", "2021-06-20", None, "day"),
    ("fuzuli-airport-test-flights-2021", "2021-09-06", None, "day"),
    ("fuzuli-airport-opening-2021", "2021-10-26", None, "day"),
    ("armenian-local-elections-2021", "2021-10-17", None, "day"),
    ("lachin-corridor-blockade", "2022-12-12", "2023-09-19", "day"),
    ("un-humanitarian-crisis-2023", "2023-08-01", None, "month"),
    ("offensive-2023-09", "2023-09-19", "2023-09-20", "day"),
    ("monitoring-centre-closed-2024", "2024-04-26", None, "day"),
]

# Which events bear on which provisions, and how.
EFFECTS = {
    ("four-day-war-2016", "bishkek-ceasefire", "breached"),
    ("tavush-tovuz-clashes-2020", "bishkek-ceasefire", "breached"),
    ("war-2020", "bishkek-ceasefire", "breached"),
    ("aghdam-handover-2020", "tri2020-2", "met"),
    ("kelbajar-handover-2020", "tri2020-6-kelbajar", "met"),
    ("lachin-handover-2020", "tri2020-6-lachin", "met"),
    ("monitoring-centre-opens-2021", "rutr-monitoring-centre", "met"),
    ("monitoring-centre-closed-2024", "rutr-monitoring-centre", "ended"),
    ("lachin-corridor-blockade", "tri2020-6-safe-traffic", "breached"),
    ("offensive-2023-09", "tri2020-1", "breached"),
}


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(NK)


def at(day: str) -> datetime:
    """Noon in Baku on `day`."""
    return datetime.fromisoformat(f"{day}T12:00:00").replace(tzinfo=BAKU)


def status_of(scenario: Scenario, provision_id: str, day: str) -> ProvisionStatus:
    agreement, provision = scenario.provision(provision_id)
    return evaluate_provision(agreement, provision, scenario.events, at(day))


def figure(scenario: Scenario, event_id: str, quantity: str) -> Figure:
    return next(f for f in scenario.event(event_id).figures if f.quantity == quantity)


# --- discovery and parties ---------------------------------------------------------------


def test_packaged_scenario_is_listed_under_its_own_id() -> None:
    infos = {i.id: i for i in available_scenarios()}
    assert NK in infos
    assert infos[NK].path.name == NK
    assert "10 November 2020" in infos[NK].description


def test_parties_and_monitoring_nations(scenario: Scenario) -> None:
    kinds = {p.id: p.kind for p in scenario.parties}
    assert kinds == {
        "AZ": "state",
        "AM": "state",
        "RU": "state",
        "TR": "state",
        "NK": "de_facto_authority",
        "UNHCR": "organisation",
        "OSCE-MG": "organisation",
    }
    assert "Artsakh" in scenario.party("NK").aliases
    assert scenario.monitoring_nations == ("RU", "TR")


def test_lookups_raise_not_found(scenario: Scenario) -> None:
    with pytest.raises(NotFoundError):
        scenario.agreement("no-such-agreement")
    with pytest.raises(NotFoundError):
        scenario.party("XX")


def test_agreement_ids(scenario: Scenario) -> None:
    assert [a.id for a in scenario.agreements] == [
        "bishkek-1994",
        "lavrov-plan-2013",
        TRI,
        "ru-tr-memorandum-2020-11-11",
        "trilateral-2021-01-11",
    ]


# --- the statement of 10 November 2020 ---------------------------------------------------


def test_trilateral_in_force_at_midnight_moscow_time(scenario: Scenario) -> None:
    tri = scenario.agreement(TRI)
    assert tri.status is AgreementStatus.SIGNED
    assert tri.in_force_at == datetime(2020, 11, 9, 21, 0, tzinfo=UTC)
    assert tri.in_force_at.utcoffset() == timedelta(hours=3)
    assert tri.utc_offset_hours == 4
    roles = {p.party_id: set(p.roles) for p in tri.parties}
    assert roles == {
        "AZ": {PartyRole.PARTY},
        "AM": {PartyRole.PARTY},
        "RU": {PartyRole.MEDIATOR, PartyRole.GUARANTOR},
    }


def test_trilateral_has_exactly_the_listed_provisions(scenario: Scenario) -> None:
    ids = [p.id for p in scenario.agreement(TRI).provisions]
    assert ids == [row[0] for row in TRILATERAL_2020]


@pytest.mark.parametrize(("pid", "kind", "obligated", "zones", "deadline"), TRILATERAL_2020)
def test_trilateral_provision(
    scenario: Scenario,
    pid: str,
    kind: str,
    obligated: set[str],
    zones: set[str],
    deadline: date | None,
) -> None:
    p = scenario.agreement(TRI).provision(pid)
    assert p.kind is ProvisionKind(kind)
    assert set(p.obligated) == obligated
    assert set(p.zone_ids) == zones
    assert p.deadline == deadline
    assert p.text
    assert p.number == pid.split("-")[1]
    assert p.sources, f"{pid} cites no source"


def test_peacekeeping_contingent_figures(scenario: Scenario) -> None:
    p = scenario.agreement(TRI).provision("tri2020-3")
    servicemen = p.quantity("servicemen")
    assert (servicemen.value, servicemen.unit) == (1960, "persons")
    assert "small arms" in servicemen.note
    assert p.quantity("armoured_personnel_carriers").value == 90
    vehicles = p.quantity("vehicles")
    assert vehicles.value == 380
    assert "special equipment" in vehicles.note
    assert "1,960 servicemen" in p.text
    assert "90 armed personnel carriers" in p.text
    assert "380 units" in p.text


def test_term_of_five_years_with_six_months_notice(scenario: Scenario) -> None:
    term = scenario.agreement(TRI).provision("tri2020-4-term").term
    assert term is not None
    assert (term.months, term.renewal_months, term.notice_months) == (60, 60, 6)
    assert term.auto_renew


def test_kelbajar_amendment(scenario: Scenario) -> None:
    (amendment,) = scenario.agreement(TRI).amendments
    assert amendment.id == "tri2020-6-kelbajar-amendment"
    assert amendment.provision_id == "tri2020-6-kelbajar"
    assert amendment.agreed_on == date(2020, 11, 15)
    assert amendment.new_deadline == date(2020, 11, 25)
    assert amendment.reason == "moved at Armenia's request with Azerbaijan's agreement"
    assert amendment.source == "public record"


def test_lachin_corridor_is_five_km_wide_and_spares_shusha(scenario: Scenario) -> None:
    p = scenario.agreement(TRI).provision("tri2020-6-corridor")
    width = p.quantity("corridor_width")
    assert (width.value, width.unit) == (5, "km")
    assert "Shusha" in width.note
    assert "(5 km wide)" in p.text


def test_new_route_planned_within_three_years(scenario: Scenario) -> None:
    tri = scenario.agreement(TRI)
    assert tri.in_force_at is not None
    start = tri.in_force_at.astimezone(tri.tz).date()
    assert tri.provision("tri2020-6-new-route").deadline == add_months(start, 36)
    assert "in the next three years" in tri.provision("tri2020-6-new-route").text


# --- the other agreements ------------------------------------------------------------------


def test_bishkek_protocol(scenario: Scenario) -> None:
    b = scenario.agreement("bishkek-1994")
    assert b.signed_on == date(1994, 5, 5)
    assert b.in_force_at is not None
    assert b.in_force_at.astimezone(b.tz).date() == date(1994, 5, 12)
    signatories = {p.party_id for p in b.parties if PartyRole.SIGNATORY in p.roles}
    assert signatories == {"AM", "AZ", "NK", "RU"}
    ceasefire = b.provision("bishkek-ceasefire")
    assert ceasefire.kind is ProvisionKind.CEASEFIRE
    assert ceasefire.ends_on == date(2020, 11, 9)
    assert ceasefire.ends_reason == "superseded by the trilateral statement of 10 November 2020"
    kinds = {p.kind for p in b.provisions}
    assert {
        ProvisionKind.PLAN,
        ProvisionKind.WITHDRAWAL,
        ProvisionKind.UNBLOCK_LINKS,
        ProvisionKind.RETURN_DISPLACED,
    } <= kinds
    assert all(p.deadline is None for p in b.provisions)


def test_lavrov_plan_is_an_unsigned_proposal(scenario: Scenario) -> None:
    lavrov = scenario.agreement("lavrov-plan-2013")
    assert lavrov.status is AgreementStatus.PROPOSAL
    assert lavrov.signed_on is None and lavrov.in_force_at is None
    assert len(lavrov.provisions) == 3
    five = lavrov.provisions[0]
    assert set(five.zone_ids) == {
        "district-aghdam",
        "district-fuzuli",
        "district-jabrayil",
        "district-zangilan",
        "district-qubadli",
    }
    assert all(
        s.provision.agreement_id != lavrov.id
        for s in evaluate(scenario.agreements, scenario.events, at("2021-01-01"))
    )


def test_monitoring_centre_memorandum(scenario: Scenario) -> None:
    m = scenario.agreement("ru-tr-memorandum-2020-11-11")
    assert m.signed_on == date(2020, 11, 11)
    assert m.party_ids() == {"RU", "TR"}
    centre = m.provision("rutr-monitoring-centre")
    assert centre.kind is ProvisionKind.ESTABLISH_BODY
    assert centre.quantity("russian_personnel").value == 60
    assert centre.quantity("turkish_personnel").value == 60
    assert "unmanned aerial vehicles" in centre.text


def test_second_trilateral_statement(scenario: Scenario) -> None:
    t = scenario.agreement("trilateral-2021-01-11")
    assert t.signed_on == date(2021, 1, 11)
    assert t.party_ids() == {"AZ", "AM", "RU"}
    assert {p.kind for p in t.provisions} == {
        ProvisionKind.UNBLOCK_LINKS,
        ProvisionKind.ESTABLISH_BODY,
    }
    assert "deputy prime ministers" in t.provision("tri2021-working-group").title


# --- integrity -------------------------------------------------------------------------------


def test_every_provision_has_text_and_sources(scenario: Scenario) -> None:
    catalogue = {s.id for s in scenario.sources}
    for agreement in scenario.agreements:
        assert {r.ref for r in agreement.sources} <= catalogue
        for p in agreement.provisions:
            assert p.text.strip(), p.id
            refs = p.sources
            assert refs, p.id
            assert {r.ref for r in refs} <= catalogue


def test_every_zone_referenced_exists(scenario: Scenario) -> None:
    zone_ids = {z.id for z in scenario.zones}
    assert zone_ids >= ZONE_IDS
    for agreement in scenario.agreements:
        for p in agreement.provisions:
            assert set(p.zone_ids) <= zone_ids, p.id
    assert all(scenario.zone(z).approximate for z in ZONE_IDS)


def test_every_event_has_a_source(scenario: Scenario) -> None:
    catalogue = {s.id for s in scenario.sources}
    for event in scenario.events:
        assert event.sources, event.id
        assert {s.ref for s in event.sources} <= catalogue, event.id
        for f in event.figures:
            assert f.sources, (event.id, f.quantity)


@pytest.mark.parametrize(("event_id", "start", "end", "precision"), TIMELINE)
def test_timeline_event(
    scenario: Scenario, event_id: str, start: str, end: str | None, precision: str
) -> None:
    event = scenario.event(event_id)
    assert event.start == date.fromisoformat(start)
    assert event.end == (date.fromisoformat(end) if end else None)
    assert event.precision is DatePrecision(precision)


def test_effects_on_provisions(scenario: Scenario) -> None:
    found = {
        (e.id, effect.provision_id, effect.outcome.value)
        for e in scenario.events
        for effect in e.effects
    }
    assert found == EFFECTS
    handovers = [
        e
        for e in scenario.events
        if any(
            x.outcome is EffectOutcome.MET and x.provision_id.startswith("tri2020")
            for x in e.effects
        )
    ]
    assert len(handovers) == 3


# --- disputed figures ------------------------------------------------------------------------


def test_2020_war_deaths_keep_both_sources(scenario: Scenario) -> None:
    deaths = figure(scenario, "war-2020", "deaths")
    assert (deaths.low, deaths.best, deaths.high) == (6500, 6700, 6700)
    notes = {s.ref: s.note for s in deaths.sources}
    assert "6,700" in notes["seed:001"] and "SIPRI" in notes["seed:001"]
    assert "6,500" in notes["seed:003"]
    assert figure(scenario, "war-2020", "duration").best == 44


def test_july_2020_border_clash_figures(scenario: Scenario) -> None:
    soldiers = figure(scenario, "tavush-tovuz-clashes-2020", "soldiers_killed")
    assert (soldiers.low, soldiers.best, soldiers.high) == (15, None, 17)
    assert {s.ref for s in soldiers.sources} == {"seed:000", "seed:001"}
    assert figure(scenario, "tavush-tovuz-clashes-2020", "civilians_killed").best == 1
    assert figure(scenario, "tavush-tovuz-clashes-2020", "civilians_wounded").best == 1


def test_april_2016_deaths(scenario: Scenario) -> None:
    deaths = figure(scenario, "four-day-war-2016", "deaths")
    assert (deaths.low, deaths.best, deaths.high) == (None, 300, None)
    assert {s.ref for s in deaths.sources} == {"seed:000", "seed:001"}


def test_first_war_and_pre_2014_figures(scenario: Scenario) -> None:
    assert figure(scenario, "war-1992-1994", "deaths").best == 30000
    assert figure(scenario, "war-1992-1994", "displaced").high == 1_000_000
    assert figure(scenario, "fatalities-2012", "deaths").best == 34
    per_year = figure(scenario, "fatalities-2012", "deaths_per_year")
    assert (per_year.low, per_year.high) == (20, 30)


# --- compliance on the loaded scenario -------------------------------------------------------


def test_kelbajar_due_on_amended_deadline(scenario: Scenario) -> None:
    s = status_of(scenario, "tri2020-6-kelbajar", "2020-11-16")
    assert s.status is ComplianceStatus.DUE
    assert s.deadline == date(2020, 11, 25)
    assert s.original_deadline == date(2020, 11, 15)
    assert s.amendment is not None and s.amendment.id == "tri2020-6-kelbajar-amendment"


def test_kelbajar_deadline_before_the_amendment(scenario: Scenario) -> None:
    s = status_of(scenario, "tri2020-6-kelbajar", "2020-11-14")
    assert s.status is ComplianceStatus.DUE
    assert s.deadline == date(2020, 11, 15)
    assert s.amendment is None


def test_kelbajar_met_on_25_november(scenario: Scenario) -> None:
    s = status_of(scenario, "tri2020-6-kelbajar", "2020-11-26")
    assert s.status is ComplianceStatus.MET
    assert s.evidence == ("kelbajar-handover-2020",)


def test_aghdam_met(scenario: Scenario) -> None:
    s = status_of(scenario, "tri2020-2", "2020-11-21")
    assert s.status is ComplianceStatus.MET
    assert s.evidence == ("aghdam-handover-2020",)


def test_term_in_force_then_renewed(scenario: Scenario) -> None:
    s = status_of(scenario, "tri2020-4-term", "2020-11-16")
    assert s.status is ComplianceStatus.IN_FORCE
    assert s.expiry == date(2025, 11, 10)
    assert s.notice_deadline == date(2025, 5, 10)
    later = status_of(scenario, "tri2020-4-term", "2026-01-01")
    assert later.status is ComplianceStatus.RENEWED
    assert later.expiry == date(2030, 11, 10)


def test_nothing_binds_before_midnight_moscow_time(scenario: Scenario) -> None:
    agreement, provision = scenario.provision("tri2020-1")
    before = datetime(2020, 11, 9, 20, 59, tzinfo=UTC)
    after = datetime(2020, 11, 9, 21, 0, tzinfo=UTC)
    assert evaluate_provision(agreement, provision, scenario.events, before).status is (
        ComplianceStatus.PENDING
    )
    assert evaluate_provision(agreement, provision, scenario.events, after).status is (
        ComplianceStatus.MET
    )


def test_lachin_corridor_blockade_breaches_safe_traffic(scenario: Scenario) -> None:
    s = status_of(scenario, "tri2020-6-safe-traffic", "2023-01-15")
    assert s.status is ComplianceStatus.BREACHED
    assert s.evidence == ("lachin-corridor-blockade",)


def test_september_2023_offensive_breaches_ceasefire(scenario: Scenario) -> None:
    assert status_of(scenario, "tri2020-1", "2023-09-19").status is ComplianceStatus.BREACHED


def test_bishkek_ceasefire_breached_in_2016_and_expired_after_2020(scenario: Scenario) -> None:
    assert status_of(scenario, "bishkek-ceasefire", "2016-04-03").status is (
        ComplianceStatus.BREACHED
    )
    s = status_of(scenario, "bishkek-ceasefire", "2021-01-01")
    assert s.status is ComplianceStatus.EXPIRED
    assert "superseded" in s.reason


def test_monitoring_centre_met_then_ended(scenario: Scenario) -> None:
    assert status_of(scenario, "rutr-monitoring-centre", "2021-02-01").status is (
        ComplianceStatus.MET
    )
    assert status_of(scenario, "rutr-monitoring-centre", "2024-05-01").status is (
        ComplianceStatus.EXPIRED
    )
