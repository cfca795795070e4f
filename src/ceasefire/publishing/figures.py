"""The report's figures as SVG text: a map of the period's violations over the zones, the
daily counts of the last 30 days with alert days marked, and a compliance summary.

Plain matplotlib (the object API, no pyplot state, no tiles, no network). Output is
deterministic: a fixed `svg.hashsalt`, text kept as text, and no date in the metadata.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ceasefire.domain.compliance import ComplianceStatus
from ceasefire.domain.compliance_history import ProvisionHistory
from ceasefire.domain.incidents import Incident, VerificationStatus
from ceasefire.domain.zones import Zone

__all__ = ["compliance_chart", "daily_chart", "incident_map"]

_RC: dict[Any, Any] = {
    "svg.hashsalt": "ceasefire-report",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "path.simplify": True,
}
_METADATA = {"Date": None, "Creator": "ceasefire"}

STATUS_COLOURS = {
    VerificationStatus.UNVERIFIED: "#9e9e9e",
    VerificationStatus.CORROBORATED: "#f0a030",
    VerificationStatus.VERIFIED: "#c62828",
    VerificationStatus.DISPUTED: "#7b1fa2",
    VerificationStatus.REJECTED: "#000000",
}
COMPLIANCE_COLOURS = {
    ComplianceStatus.PENDING: "#e0e0e0",
    ComplianceStatus.IN_FORCE: "#90caf9",
    ComplianceStatus.DUE: "#fff176",
    ComplianceStatus.MET: "#81c784",
    ComplianceStatus.BREACHED: "#e57373",
    ComplianceStatus.DISPUTED: "#ba68c8",
    ComplianceStatus.EXPIRED: "#bdbdbd",
    ComplianceStatus.RENEWED: "#4fc3f7",
}
_SIZE_CLASSES = ((1, 1), (2, 4), (5, 9), (10, 1 << 62))
_ZONE_STYLE = {
    "corridor": ("#ffe0b2", "#ef6c00"),
    "handover_area": ("#e1f5fe", "#0277bd"),
    "region": ("#f5f5f5", "#757575"),
}


@contextmanager
def _figure(width: float, height: float) -> Iterator[Figure]:
    with mpl.rc_context(_RC):
        yield Figure(figsize=(width, height), dpi=100, layout="constrained")


def _svg(fig: Figure, prefix: str) -> str:
    """The figure as SVG text without the XML prologue, to sit inline in HTML beside the
    others: every id (and reference to one) gets `prefix`, so no two figures share an id."""
    with mpl.rc_context(_RC):
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata=_METADATA)
    text = out.getvalue()
    text = text[text.index("<svg") :]
    text = _ID.sub(rf'\1="{prefix}-\2"', text)
    text = _HREF.sub(rf'\1"#{prefix}-', text)
    return _URL.sub(rf"url(#{prefix}-", text)


_ID = re.compile(r'\b(id)="([^"]+)"')
_HREF = re.compile(r'(xlink:href=|href=)"#')
_URL = re.compile(r"url\(#")


def _rings(geometry: dict[str, Any]) -> list[tuple[list[float], list[float], bool]]:
    """(longitudes, latitudes, closed) of every ring and line of a GeoJSON geometry."""
    kind, coords = geometry["type"], geometry["coordinates"]
    parts: list[tuple[list[Any], bool]]
    if kind == "Polygon":
        parts = [(coords[0], True)]
    elif kind == "MultiPolygon":
        parts = [(poly[0], True) for poly in coords]
    elif kind == "LineString":
        parts = [(coords, False)]
    else:
        parts = [(line, False) for line in coords]
    return [([p[0] for p in ring], [p[1] for p in ring], closed) for ring, closed in parts]


def incident_map(zones: Sequence[Zone], incidents: Sequence[Incident], title: str) -> str:
    """The zones (filled, outlined) and the period's violations as points by status; the
    violations at one place (to about 1 km) are one point, larger for more of them (1,
    2-4, 5-9, 10 and more)."""
    with _figure(6.4, 5.2) as fig:
        ax = fig.add_subplot()
        for zone in sorted(zones, key=lambda z: (z.kind.value != "region", z.id)):
            fill, edge = _ZONE_STYLE.get(zone.kind.value, ("none", "#9e9e9e"))
            for lons, lats, closed in _rings(zone.geometry):
                if closed:
                    ax.fill(lons, lats, facecolor=fill, edgecolor=edge, linewidth=0.6, alpha=0.7)
                else:
                    ax.plot(lons, lats, color="#424242", linewidth=1.2, linestyle="--")
        for status in VerificationStatus:
            points = Counter(
                (round(i.location.longitude, 2), round(i.location.latitude, 2))
                for i in incidents
                if i.status is status
            )
            label: str | None = f"{status.value} ({points.total()})"
            for k, (low, high) in enumerate(_SIZE_CLASSES):
                spots = sorted(p for p, n in points.items() if low <= n <= high)
                if spots:
                    ax.scatter(
                        [x for x, _ in spots], [y for _, y in spots], s=18 * (k + 1) ** 2,
                        c=STATUS_COLOURS[status], edgecolors="black", linewidths=0.4,
                        zorder=3, label=label,
                    )  # fmt: skip
                    label = None
        _frame_map(ax, zones)
        ax.set_title(title)
        if incidents:
            ax.legend(loc="lower left", fontsize=7, frameon=True)
        else:
            ax.text(0.5, 0.5, "No violations recorded", transform=ax.transAxes,
                    ha="center", va="center", fontsize=10, color="#616161")  # fmt: skip
        return _svg(fig, "map")


def _frame_map(ax: Axes, zones: Sequence[Zone]) -> None:
    lons = [x for z in zones for r in _rings(z.geometry) for x in r[0]]
    lats = [y for z in zones for r in _rings(z.geometry) for y in r[1]]
    if lons and lats:
        ax.set_xlim(min(lons) - 0.05, max(lons) + 0.05)
        ax.set_ylim(min(lats) - 0.05, max(lats) + 0.05)
        middle = (min(lats) + max(lats)) / 2
        ax.set_aspect(1 / math.cos(math.radians(middle)))
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    ax.grid(True, linewidth=0.3, color="#e0e0e0")


def daily_chart(
    days: Sequence[date],
    violations: Sequence[int],
    reports: Sequence[int],
    alerted: Sequence[bool],
    title: str,
) -> str:
    """Violations per day as bars, reports per day as a line, alert days shaded."""
    with _figure(6.4, 2.8) as fig:
        ax = fig.add_subplot()
        x = list(range(len(days)))
        for k, flagged in enumerate(alerted):
            if flagged:
                ax.axvspan(k - 0.5, k + 0.5, color="#ffcdd2", zorder=0, linewidth=0)
        ax.bar(x, violations, color="#c62828", width=0.7, label="violations", zorder=2)
        ax.set_ylabel("violations")
        ax.set_ylim(0, max([*violations, 1]) * 1.15)
        other = ax.twinx()
        other.plot(x, reports, color="#1565c0", linewidth=1.2, marker=".", label="reports")
        other.set_ylabel("reports")
        other.set_ylim(0, max([*reports, 1]) * 1.15)
        ticks = [k for k in x if (len(x) - 1 - k) % 5 == 0]
        ax.set_xticks(ticks, [_day_tick(days[k]) for k in ticks])
        ax.set_xlim(-0.5, len(x) - 0.5)
        handles = [*ax.get_legend_handles_labels()[0], *other.get_legend_handles_labels()[0]]
        if any(alerted):
            handles.append(Patch(color="#ffcdd2", label="alert raised"))
        ax.legend(handles=handles, loc="upper left", fontsize=7)
        ax.set_title(title)
        return _svg(fig, "daily")


def compliance_chart(provisions: Sequence[ProvisionHistory], first: date, last: date) -> str:
    """Each provision's status, day by day, as a coloured strip (one row per provision)."""
    rows = list(provisions)
    with _figure(6.4, 0.6 + 0.24 * max(len(rows), 1)) as fig:
        ax = fig.add_subplot()
        seen: dict[ComplianceStatus, None] = {}
        for y, p in enumerate(reversed(rows)):
            for run in p.runs:
                start = (max(run.first, first) - first).days
                width = (min(run.last, last) - max(run.first, first)).days + 1
                if width > 0:
                    ax.broken_barh([(start, width)], (y - 0.4, 0.8),
                                   facecolors=COMPLIANCE_COLOURS[run.status])  # fmt: skip
                    seen.setdefault(run.status)
        labels = [_provision_label(p) for p in reversed(rows)]
        ax.set_yticks(range(len(rows)), labels, fontsize=6)
        span = (last - first).days + 1
        ticks = list(range(span - 1, -1, -7))[::-1]
        ax.set_xticks(ticks, [_day_tick(first + timedelta(days=t)) for t in ticks])
        ax.set_xlim(0, span)
        ax.set_ylim(-0.6, max(len(rows), 1) - 0.4)
        handles = [Patch(color=COMPLIANCE_COLOURS[s], label=s.value) for s in seen]
        if handles:
            below = -0.08 - 0.6 / max(len(rows), 1)
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, below),
                      ncol=min(len(handles), 4), fontsize=7, frameon=False)  # fmt: skip
        ax.set_title("Status of each provision, day by day")
        return _svg(fig, "compliance")


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day_tick(day: date) -> str:
    """'16 Nov', whatever the locale."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


def _provision_label(p: ProvisionHistory) -> str:
    title = p.provision.title
    short = title if len(title) <= 38 else title[:37] + "…"
    return f"{p.provision.agreement_id.split('-')[0]} {p.provision.number}: {short}"
