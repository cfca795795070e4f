"""Plain-text renderings shared by several commands (no business rules here)."""

from __future__ import annotations

from datetime import date

from ceasefire.domain.agreements import Agreement, Provision, Quantity
from ceasefire.domain.compliance import ComplianceStatus, effective_deadline
from ceasefire.domain.reports import Casualties, CasualtyRange, Location

__all__ = [
    "STATUS_STYLE",
    "casualty_text",
    "deadline_text",
    "number_text",
    "place_text",
    "quantity_text",
    "range_text",
    "term_text",
]

STATUS_STYLE = {
    ComplianceStatus.PENDING: "dim",
    ComplianceStatus.IN_FORCE: "cyan",
    ComplianceStatus.DUE: "yellow",
    ComplianceStatus.MET: "green",
    ComplianceStatus.BREACHED: "bold red",
    ComplianceStatus.DISPUTED: "magenta",
    ComplianceStatus.EXPIRED: "dim",
    ComplianceStatus.RENEWED: "cyan",
}


def number_text(value: float) -> str:
    """1960 -> '1,960'; 5.0 -> '5'."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def quantity_text(q: Quantity) -> str:
    """'1,960 servicemen (with small arms)'."""
    unit = f" {q.unit}" if q.unit else ""
    note = f" ({q.note})" if q.note else ""
    return f"{q.name.replace('_', ' ')}: {number_text(q.value)}{unit}{note}"


def deadline_text(agreement: Agreement, provision: Provision) -> str:
    """The latest deadline with its amendment, e.g. '2020-11-25 (amended from 2020-11-15 ...)'."""
    if provision.deadline is None:
        return ""
    latest, amendment = effective_deadline(provision, agreement.amendments, date.max)
    if amendment is None or latest is None:
        return provision.deadline.isoformat()
    original = provision.deadline.isoformat()
    return f"{latest.isoformat()} (amended from {original} on {amendment.agreed_on})"


def term_text(provision: Provision) -> str:
    """'60 months, renews for 60 unless notice 6 months before expiry'."""
    term = provision.term
    if term is None:
        return ""
    text = f"{term.months} months"
    if term.auto_renew:
        text += f", renews automatically for {term.renewal_months} months"
    if term.notice_months:
        text += f" unless a party gives notice {term.notice_months} months before expiry"
    return text


def range_text(r: CasualtyRange) -> str:
    """'15–17 (best 16)', '3', or '' when unknown."""
    if not r.known:
        return ""
    if r.low == r.high and r.low is not None:
        return str(r.low)
    low = "?" if r.low is None else str(r.low)
    high = "?" if r.high is None else str(r.high)
    best = f" (best {r.best})" if r.best is not None else ""
    return f"{low}–{high}{best}"


def casualty_text(casualties: Casualties, prefix: str) -> str:
    """'mil 15–17 civ 1' for the killed (or wounded) categories that are known."""
    return " ".join(
        f"{name.split('_')[1][:3]} {range_text(r)}"
        for name, r in casualties.items()
        if name.startswith(prefix) and r.known
    )


def place_text(location: Location) -> str:
    """'Aghdam 39.9934, 46.9274 (exact)'."""
    name = f"{location.place_name} " if location.place_name else ""
    coords = f"{location.latitude:.4f}, {location.longitude:.4f}"
    return f"{name}{coords} ({location.precision.value})"
