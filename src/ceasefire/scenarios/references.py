"""Cross-file checks: ids are unique; every party, zone, provision or source referred to exists."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from ceasefire.scenarios.documents import Document, PathPart, format_where

__all__ = ["ScenarioFiles", "check_references"]

Where = list[PathPart]


@dataclass(frozen=True, slots=True)
class ScenarioFiles:
    """The four parsed, schema-valid files of one scenario."""

    scenario: Document
    agreements: Document
    timeline: Document
    zones: Document


def check_references(files: ScenarioFiles) -> None:
    """Raise a ScenarioError for the first duplicate id or dangling reference."""
    parties = _unique(files.scenario, ["parties"], "party")
    sources = _unique(files.scenario, ["sources"], "source")
    zones = _zone_ids(files.zones)
    _refs(
        files.scenario,
        [
            (["monitoring_nations", i], v)
            for i, v in enumerate(files.scenario.data["monitoring_nations"])
        ],
        parties,
        "party",
    )
    _check_agreements(files.agreements, parties, zones, sources)
    provisions = _provision_ids(files.agreements)
    _check_timeline(files.timeline, provisions, sources)


def _unique(doc: Document, path: Where, what: str, key: str = "id") -> set[str]:
    seen: dict[str, int] = {}
    for i, item in enumerate(doc.at(path)):
        value = item[key]
        if value in seen:
            raise doc.error(
                [*path, i, key],
                f"duplicate {what} id {value!r} (first used at index {seen[value]})",
            )
        seen[value] = i
    return set(seen)


def _zone_ids(doc: Document) -> set[str]:
    seen: set[str] = set()
    for i, feature in enumerate(doc.data["features"]):
        value = feature["properties"]["id"]
        if value in seen:
            raise doc.error(["features", i, "properties", "id"], f"duplicate zone id {value!r}")
        seen.add(value)
    return seen


def _refs(doc: Document, refs: Iterable[tuple[Where, str]], known: set[str], what: str) -> None:
    for path, value in refs:
        if value not in known:
            raise doc.error(path, f"unknown {what} {value!r}; {_hint(value, known, what)}")


def _hint(value: str, known: set[str], what: str) -> str:
    """The known ids when they are few, else the closest ones."""
    if len(known) <= 15:
        return f"known {what} ids: {', '.join(sorted(known))}"
    close = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.6)
    if close:
        return f"did you mean {' or '.join(close)}? ({len(known)} {what} ids are known)"
    return f"none of the {len(known)} known {what} ids is close"


def _source_refs(item: dict[str, Any], path: Where) -> Iterator[tuple[Where, str]]:
    for i, ref in enumerate(item.get("sources", [])):
        yield [*path, "sources", i, "ref"], ref["ref"]


def _check_agreements(doc: Document, parties: set[str], zones: set[str], sources: set[str]) -> None:
    _unique(doc, ["agreements"], "agreement")
    seen: dict[str, Where] = {
        a["id"]: ["agreements", i] for i, a in enumerate(doc.data["agreements"])
    }
    for i, agreement in enumerate(doc.data["agreements"]):
        here: Where = ["agreements", i]
        _refs(
            doc,
            [
                ([*here, "parties", j, "party_id"], p["party_id"])
                for j, p in enumerate(agreement["parties"])
            ],
            parties,
            "party",
        )
        _unique(doc, [*here, "parties"], "agreement party", key="party_id")
        _refs(doc, _source_refs(agreement, here), sources, "source")
        named = {p["party_id"] for p in agreement["parties"]}
        for j, provision in enumerate(agreement["provisions"]):
            _check_provision(doc, [*here, "provisions", j], provision, parties, named, zones)
            _refs(doc, _source_refs(provision, [*here, "provisions", j]), sources, "source")
            _claim(doc, seen, [*here, "provisions", j], provision["id"])
        for k, amendment in enumerate(agreement.get("amendments", [])):
            _claim(doc, seen, [*here, "amendments", k], amendment["id"])
        _check_amendments(doc, here, agreement, sources)


def _claim(doc: Document, seen: dict[str, Where], path: Where, value: str) -> None:
    """Agreement, provision and amendment ids share one namespace: citations are keyed by them."""
    if value in seen:
        raise doc.error(
            [*path, "id"],
            f"duplicate id {value!r} (also used at {format_where(seen[value])});"
            " agreement, provision and amendment ids must be unique across the file",
        )
    seen[value] = path


def _check_provision(
    doc: Document,
    here: Where,
    provision: dict[str, Any],
    parties: set[str],
    named: set[str],
    zones: set[str],
) -> None:
    obligated = [([*here, "obligated", k], p) for k, p in enumerate(provision["obligated"])]
    _refs(doc, obligated, parties, "party")
    for path, party in obligated:
        if party not in named:
            raise doc.error(
                path,
                f"obligated party {party!r} is not among this agreement's parties"
                f" ({', '.join(sorted(named))})",
            )
    _refs(
        doc,
        [([*here, "zone_ids", k], z) for k, z in enumerate(provision.get("zone_ids", []))],
        zones,
        "zone",
    )


def _check_amendments(
    doc: Document, here: Where, agreement: dict[str, Any], sources: set[str]
) -> None:
    own = {p["id"]: p for p in agreement["provisions"]}
    for k, amendment in enumerate(agreement.get("amendments", [])):
        path: Where = [*here, "amendments", k]
        target = amendment["provision_id"]
        if target not in own:
            raise doc.error(
                [*path, "provision_id"],
                f"unknown provision {target!r}: an amendment changes a provision of its own"
                f" agreement; {_hint(target, set(own), 'provision')}",
            )
        if not own[target].get("deadline"):
            raise doc.error(
                [*path, "provision_id"],
                f"provision {target!r} has no deadline for an amendment to move",
            )
        _refs(doc, [([*path, "source"], amendment["source"])], sources, "source")


def _provision_ids(doc: Document) -> set[str]:
    return {p["id"] for a in doc.data["agreements"] for p in a["provisions"]}


def _check_timeline(doc: Document, provisions: set[str], sources: set[str]) -> None:
    _unique(doc, ["events"], "event")
    for i, event in enumerate(doc.data["events"]):
        here: Where = ["events", i]
        _refs(doc, _source_refs(event, here), sources, "source")
        for j, figure in enumerate(event.get("figures", [])):
            _refs(doc, _source_refs(figure, [*here, "figures", j]), sources, "source")
        _refs(
            doc,
            [
                ([*here, "effects", j, "provision_id"], e["provision_id"])
                for j, e in enumerate(event.get("effects", []))
            ],
            provisions,
            "provision",
        )
        _check_precision(doc, here, event)


def _check_precision(doc: Document, here: Where, event: dict[str, Any]) -> None:
    precision = event["precision"]
    for field in ("start", "end"):
        text = event.get(field)
        if not text or precision == "day":
            continue
        day = date.fromisoformat(text)
        if day.day != 1 or (precision == "year" and day.month != 1):
            first = "first day of the month" if precision == "month" else "1 January of the year"
            raise doc.error(
                [*here, field], f"{text!r}: with precision {precision!r} write the {first}"
            )
