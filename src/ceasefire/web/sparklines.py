"""Sparklines drawn on the server as inline SVG, no chart library: a provision's status over
time as a strip of coloured runs, and a count per period (violations) as a small line.

Both return markup ready for a template; every text in it is escaped here, and each drawing
carries a `role="img"` and a label, with a `<title>` on each run, so a screen reader and a
mouse pointer both learn what it shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from markupsafe import Markup, escape

from ceasefire.domain.compliance import ComplianceStatus
from ceasefire.domain.compliance_history import StatusRun

__all__ = ["STATUS_COLOURS", "count_line", "status_strip"]

STATUS_COLOURS = {
    ComplianceStatus.PENDING: "#6b7280",
    ComplianceStatus.IN_FORCE: "#1d4ed8",
    ComplianceStatus.DUE: "#b45309",
    ComplianceStatus.MET: "#15803d",
    ComplianceStatus.BREACHED: "#b91c1c",
    ComplianceStatus.DISPUTED: "#7e22ce",
    ComplianceStatus.EXPIRED: "#9ca3af",
    ComplianceStatus.RENEWED: "#0f766e",
}
"""Fill of each status (3:1 or more against white, as WCAG asks of graphics)."""

WIDTH = 240
HEIGHT = 18
LINE_HEIGHT = 28


def status_strip(
    runs: Sequence[StatusRun], first: date, last: date, *, width: int = WIDTH, height: int = HEIGHT
) -> Markup:
    """The runs of a provision's history from `first` to `last` as one strip, each run a
    rectangle as wide as its share of the days.

    >>> from ceasefire.domain.compliance_history import StatusRun as R
    >>> svg = status_strip([R(date(2020, 11, 1), date(2020, 11, 30), ComplianceStatus.MET, "ok")],
    ...                    date(2020, 11, 1), date(2020, 11, 30))
    >>> 'width="240.00"' in svg and "met 2020-11-01 – 2020-11-30" in svg
    True
    """
    days = (last - first).days + 1
    if days < 1:
        raise ValueError(f"last ({last}) is before first ({first})")
    scale = width / days
    parts: list[str] = []
    for run in runs:
        start = max(run.first, first)
        end = min(run.last, last)
        if end < start:
            continue
        x = (start - first).days * scale
        w = ((end - start).days + 1) * scale
        status = ComplianceStatus(run.status)
        title = f"{status.value.replace('_', ' ')} {start} – {end}: {run.reason}"
        parts.append(
            f'<rect x="{x:.2f}" y="0" width="{w:.2f}" height="{height}"'
            f' fill="{STATUS_COLOURS[status]}"><title>{escape(title)}</title></rect>'
        )
    label = _strip_label(runs, first, last)
    return Markup(
        f'<svg class="sparkline strip" role="img" aria-label="{escape(label)}"'
        f' viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' preserveAspectRatio="none">{"".join(parts)}</svg>'
    )


def _strip_label(runs: Sequence[StatusRun], first: date, last: date) -> str:
    shown = [r for r in runs if r.last >= first and r.first <= last]
    changes = "; ".join(
        f"{ComplianceStatus(r.status).value.replace('_', ' ')} from {max(r.first, first)}"
        for r in shown
    )
    return f"Status from {first} to {last}: {changes or 'no history'}"


def count_line(
    values: Sequence[int],
    *,
    label: str,
    width: int = WIDTH,
    height: int = LINE_HEIGHT,
) -> Markup:
    """Counts per period as a line over a shaded area, scaled to the largest count; `label`
    says what is counted (the drawing's label adds the total and the peak).

    >>> svg = count_line([0, 2, 1], label="Violations per month")
    >>> "Violations per month: 3 in all, at most 2 in one period" in svg
    True
    """
    if not values:
        return Markup(
            f'<svg class="sparkline line" role="img" aria-label="{escape(label)}: no periods"'
            f' viewBox="0 0 {width} {height}" width="{width}" height="{height}"></svg>'
        )
    peak = max(values)
    step = width / max(len(values) - 1, 1)
    top = 2
    usable = height - top - 1

    def y(v: int) -> float:
        return height - 1 - (usable * v / peak if peak else 0)

    points = " ".join(f"{i * step:.2f},{y(v):.2f}" for i, v in enumerate(values))
    area = f"0,{height} {points} {(len(values) - 1) * step:.2f},{height}"
    text = f"{label}: {sum(values)} in all, at most {peak} in one period"
    return Markup(
        f'<svg class="sparkline line" role="img" aria-label="{escape(text)}"'
        f' viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' preserveAspectRatio="none"><title>{escape(text)}</title>'
        f'<polygon points="{area}" fill="#fde2e2"/>'
        f'<polyline points="{points}" fill="none" stroke="#b91c1c" stroke-width="1.5"/></svg>'
    )
