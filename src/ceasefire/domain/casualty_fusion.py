"""Fuse the casualty figures of an incident's reports into low / best / high, never an average.

Per category (killed/wounded x military/civilian/unknown, and military killed/wounded per
party):

- low: the smallest lower figure any report gives (its `low`, else its `best`);
- high: the largest upper figure any report gives (its `high`, else its `best`);
- best: the `best` of the report with the highest weight; between reports of equal weight,
  the lower figure (a toll is not raised on a tie);
- where the bounds contradict each other ("at least 30" in one report, "up to 10" in
  another) the range widens to the smallest and largest figure given;
- a category no report gives stays unknown (None), never zero.

Each fused figure remembers the report it came from (ties: the smallest report id), so the
July 2020 Tavush clashes, 15 soldiers and one civilian in one source and 17 soldiers and one
civilian in another, fuse to killed_military 15 / (the heavier report's) / 17 and
killed_civilian 1 / 1 / 1, with both sources named.

Denials are not casualty reports: the caller leaves them out (`assessment.assess` does).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ceasefire.domain.reports import CASUALTY_FIELDS, Casualties, CasualtyRange, PartyToll
from ceasefire.domain.serialise import to_primitive
from ceasefire.domain.validation import check_non_empty
from ceasefire.errors import ValidationError

__all__ = ["FusedCasualties", "SourceIds", "casualties_from_json", "fuse_casualties"]

SourceIds = tuple[str | None, str | None, str | None]
"""The report ids that gave a fused range's low, best and high figures."""

_Entry = tuple[str, CasualtyRange, float]


@dataclass(frozen=True, slots=True)
class FusedCasualties:
    """Fused casualty ranges and, per category, which reports gave low, best and high.

    `sources` is keyed by category name ("killed_military", ...) and, for tolls split by
    party, "military_by_party.<party_id>.killed" / ".wounded"; only known categories appear.
    """

    casualties: Casualties
    sources: Mapping[str, SourceIds]

    def disagreements(self) -> list[str]:
        """Categories whose reports disagree (low differs from high), in a fixed order.

        >>> fused = fuse_casualties([
        ...     ("r1", Casualties(killed_military=CasualtyRange(best=15)), 1.0),
        ...     ("r2", Casualties(killed_military=CasualtyRange(best=17)), 0.5),
        ... ])
        >>> fused.disagreements()
        ['killed_military']
        """
        return [
            name
            for name, r in _named_ranges(self.casualties)
            if r.low is not None and r.high is not None and r.low != r.high
        ]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready primitives; `from_json` reads them back."""
        return {
            "casualties": to_primitive(self.casualties),
            "sources": {k: list(v) for k, v in sorted(self.sources.items())},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FusedCasualties:
        """Read what `to_json` wrote."""
        sources = data.get("sources", {})
        if not isinstance(sources, Mapping):
            raise ValidationError("casualties.sources", sources, "must be an object")
        return cls(
            casualties=casualties_from_json(data.get("casualties", {})),
            sources={str(k): _source_ids(k, v) for k, v in sources.items()},
        )


def fuse_casualties(items: Sequence[tuple[str, Casualties, float]]) -> FusedCasualties:
    """Fuse (report id, casualties, weight) triples; the result does not depend on their order.

    >>> tavush = fuse_casualties([
    ...     ("r1", Casualties(killed_military=CasualtyRange(best=15)), 0.4),
    ...     ("r2", Casualties(killed_military=CasualtyRange(best=17)), 0.7),
    ... ])
    >>> tavush.casualties.killed_military
    CasualtyRange(low=15, best=17, high=17)
    >>> tavush.sources["killed_military"]
    ('r1', 'r2', 'r2')
    """
    for i, (report_id, casualties, weight) in enumerate(items):
        check_non_empty(report_id, f"items[{i}].report_id")
        if not isinstance(casualties, Casualties):
            raise ValidationError(f"items[{i}].casualties", casualties, "must be Casualties")
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not (math.isfinite(weight) and weight >= 0)
        ):
            raise ValidationError(f"items[{i}].weight", weight, "must be a finite number >= 0")
    ordered = sorted(items, key=lambda item: item[0])
    sources: dict[str, SourceIds] = {}
    fused: dict[str, CasualtyRange] = {}
    for name in CASUALTY_FIELDS:
        entries = [(rid, getattr(c, name), float(w)) for rid, c, w in ordered]
        fused[name] = _fuse_category(name, entries, sources)
    tolls = []
    for party_id in sorted({t.party_id for _, c, _ in ordered for t in c.military_by_party}):
        ranges: dict[str, CasualtyRange] = {}
        for kind in ("killed", "wounded"):
            entries = [
                (rid, getattr(toll, kind), float(w))
                for rid, c, w in ordered
                for toll in c.military_by_party
                if toll.party_id == party_id
            ]
            key = f"military_by_party.{party_id}.{kind}"
            ranges[kind] = _fuse_category(key, entries, sources)
        tolls.append(PartyToll(party_id, killed=ranges["killed"], wounded=ranges["wounded"]))
    return FusedCasualties(Casualties(**fused, military_by_party=tuple(tolls)), sources)


def _fuse_category(
    key: str, entries: Sequence[_Entry], sources: dict[str, SourceIds]
) -> CasualtyRange:
    """One category's fused range; records its sources under `key` when it is known."""
    lows = [(r.low if r.low is not None else r.best, rid) for rid, r, _ in entries]
    highs = [(r.high if r.high is not None else r.best, rid) for rid, r, _ in entries]
    bests = [(r.best, w, rid) for rid, r, w in entries if r.best is not None]
    low = min(((v, rid) for v, rid in lows if v is not None), default=None)
    high = min(((-v, rid) for v, rid in highs if v is not None), default=None)
    best = min(((-w, v, rid) for v, w, rid in bests), default=None)
    low_value, low_id = (None, None) if low is None else low
    high_value, high_id = (None, None) if high is None else (-high[0], high[1])
    best_value, best_id = (None, None) if best is None else (best[1], best[2])
    if low_value is not None and high_value is not None and low_value > high_value:
        low_value, high_value, low_id, high_id = _widen(entries)
    if low_value is None and best_value is None and high_value is None:
        return CasualtyRange()
    sources[key] = (low_id, best_id, high_id)
    return CasualtyRange(low_value, best_value, high_value)


def _widen(entries: Sequence[_Entry]) -> tuple[int, int, str, str]:
    """Smallest and largest figure of any kind, for bounds that contradict each other."""
    figures = [(v, rid) for rid, r, _ in entries for v in (r.low, r.best, r.high) if v is not None]
    (low, low_id), (high, high_id) = min(figures), min(figures, key=lambda f: (-f[0], f[1]))
    return low, high, low_id, high_id


def _named_ranges(c: Casualties) -> list[tuple[str, CasualtyRange]]:
    named = c.items()
    for toll in c.military_by_party:
        named.append((f"military_by_party.{toll.party_id}.killed", toll.killed))
        named.append((f"military_by_party.{toll.party_id}.wounded", toll.wounded))
    return named


def casualties_from_json(data: Any) -> Casualties:
    """Casualties from the primitives `serialise.to_primitive` makes of them."""
    if not isinstance(data, Mapping):
        raise ValidationError("casualties", data, "must be an object")
    ranges = {name: _range(f"casualties.{name}", data.get(name)) for name in CASUALTY_FIELDS}
    tolls = []
    for i, toll in enumerate(data.get("military_by_party") or ()):
        where = f"casualties.military_by_party[{i}]"
        if not isinstance(toll, Mapping) or not isinstance(toll.get("party_id"), str):
            raise ValidationError(where, toll, "must be an object with a party_id")
        tolls.append(
            PartyToll(
                toll["party_id"],
                killed=_range(f"{where}.killed", toll.get("killed")),
                wounded=_range(f"{where}.wounded", toll.get("wounded")),
            )
        )
    return Casualties(**ranges, military_by_party=tuple(tolls))


def _range(field: str, data: Any) -> CasualtyRange:
    if data is None:
        return CasualtyRange()
    if not isinstance(data, Mapping):
        raise ValidationError(field, data, "must be an object with low, best and high")
    return CasualtyRange(data.get("low"), data.get("best"), data.get("high"))


def _source_ids(key: object, value: Any) -> SourceIds:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 3
        or not all(v is None or isinstance(v, str) for v in value)
    ):
        raise ValidationError(
            f"casualties.sources[{key}]", value, "must be three report ids or nulls"
        )
    return (value[0], value[1], value[2])
