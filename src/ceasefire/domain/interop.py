"""Codes a report carries in the research datasets' terms (ACLED, UCDP GED), so exports
round-trip to both formats."""

from __future__ import annotations

from dataclasses import dataclass

from ceasefire.domain.reports import CASUALTY_FIELDS, CasualtyRange, Report

__all__ = ["AcledCodes", "UcdpCodes", "acled_codes", "ucdp_codes"]


@dataclass(frozen=True, slots=True)
class AcledCodes:
    """ACLED's event type, sub-event type, precision codes and fatalities."""

    event_type: str
    sub_event_type: str | None
    time_precision: int
    geo_precision: int
    fatalities: int


@dataclass(frozen=True, slots=True)
class UcdpCodes:
    """UCDP GED's precision codes, deaths by side and the best/low/high totals."""

    date_prec: int
    where_prec: int
    deaths_a: int
    deaths_b: int
    deaths_civilians: int
    deaths_unknown: int
    best: int
    low: int
    high: int


def acled_codes(report: Report) -> AcledCodes:
    """ACLED fields of a report; fatalities is the best estimate of all killed."""
    return AcledCodes(
        event_type=report.event_type,
        sub_event_type=report.sub_event_type,
        time_precision=report.occurred.precision.acled,
        geo_precision=report.location.precision.acled,
        fatalities=report.casualties.total_killed_best(),
    )


def ucdp_codes(report: Report, *, side_a: str, side_b: str) -> UcdpCodes:
    """UCDP GED fields of a report, with `side_a`/`side_b` the party ids of the dyad.

    Military deaths split by party go to deaths_a / deaths_b; military deaths the report
    does not attribute to either side count as deaths_unknown, as UCDP does.
    """
    c = report.casualties
    deaths_a = _best(c.party_killed(side_a))
    deaths_b = _best(c.party_killed(side_b))
    unattributed = max(_best(c.killed_military) - deaths_a - deaths_b, 0)
    killed = [
        r for name, r in zip(CASUALTY_FIELDS, _ranges(report), strict=True) if "killed" in name
    ]
    best = sum(_best(r) for r in killed)
    return UcdpCodes(
        date_prec=report.occurred.precision.ucdp,
        where_prec=report.location.precision.ucdp,
        deaths_a=deaths_a,
        deaths_b=deaths_b,
        deaths_civilians=_best(c.killed_civilian),
        deaths_unknown=_best(c.killed_unknown) + unattributed,
        best=best,
        low=sum(_low(r) for r in killed),
        high=sum(_high(r) for r in killed),
    )


def _ranges(report: Report) -> list[CasualtyRange]:
    return [r for _, r in report.casualties.items()]


def _best(r: CasualtyRange) -> int:
    for v in (r.best, r.low, r.high):
        if v is not None:
            return v
    return 0


def _low(r: CasualtyRange) -> int:
    return r.low if r.low is not None else _best(r)


def _high(r: CasualtyRange) -> int:
    return r.high if r.high is not None else _best(r)
