"""Write a daily or weekly report as Markdown, HTML (figures inline as SVG) or PDF (the
HTML through WeasyPrint). The same report and generation time give the same bytes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ceasefire import __version__
from ceasefire.domain.incidents import Incident
from ceasefire.domain.period_report import killed_range, range_phrase
from ceasefire.domain.report_periods import PeriodKind
from ceasefire.domain.validation import parse_enum
from ceasefire.services.period_reports import PeriodReport

__all__ = [
    "PDF_EPOCH",
    "ReportFormat",
    "parse_format",
    "render_html",
    "render_markdown",
    "render_pdf",
    "render_report",
]

PDF_EPOCH = "2000-01-01T00:00:00Z"
"""The creation and modification dates written into every PDF, so two renderings of the
same report are the same bytes; the generation time is in the text."""


class ReportFormat(StrEnum):
    """What a report is written as."""

    MD = "md"
    HTML = "html"
    PDF = "pdf"


def parse_format(text: str, field: str = "format") -> ReportFormat:
    """'md', 'html' or 'pdf'."""
    return parse_enum(ReportFormat, text.strip().lower(), field)


def _md(value: object) -> str:
    """Text safe in a Markdown table cell or line: no pipes, no line breaks, no markup."""
    text = " ".join(str(value).split())
    for char in "\\|*_`[]<>#":
        text = text.replace(char, "\\" + char)
    return text


def _utc(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


_LABELS = {"uav": "UAV", "saw": "saw", "heard": "heard", "camera": "camera", "claimed": "claimed"}


def _label(name: str) -> str:
    """'killed_military' -> 'killed, military'; 'uav' -> 'UAV'."""
    if name in _LABELS:
        return _LABELS[name]
    return name.replace("_", ", ", 1).replace("_", " ")


def _killed(incident: Incident) -> str:
    killed = killed_range(incident)
    return range_phrase(killed) if killed.known else ""


_ENV: dict[bool, Environment] = {}


def _environment(html: bool) -> Environment:
    if html not in _ENV:
        env = Environment(
            loader=PackageLoader("ceasefire.publishing", "templates"),
            autoescape=select_autoescape(default=html, default_for_string=html),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters.update(
            md=_md, utc=_utc, label=_label, span=range_phrase,
            percent=lambda v: f"{v:.0%}", killed=_killed,
        )  # fmt: skip
        _ENV[html] = env
    return _ENV[html]


def _context(report: PeriodReport, generated_at: datetime) -> dict[str, Any]:
    kind = "Daily" if report.period.kind is PeriodKind.DAILY else "Weekly"
    return {
        "r": report,
        "title": f"{kind} report: {report.period.label}",
        "generated": generated_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
        "version": __version__,
        "previous": report.period.previous,
    }


def render_markdown(report: PeriodReport, *, generated_at: datetime) -> str:
    """The report as Markdown (the figures are in the HTML and PDF editions)."""
    template = _environment(False).get_template("report.md.j2")
    return template.render(_context(report, generated_at))


def figures(report: PeriodReport) -> Mapping[str, str]:
    """The report's three figures as SVG text."""
    # matplotlib is imported on first use, not by every command that imports this module.
    from ceasefire.publishing.figures import compliance_chart, daily_chart, incident_map

    daily = report.daily
    return {
        "map": incident_map(
            report.zones, report.incidents, f"Ceasefire violations {report.period.on_label}"
        ),
        "daily": daily_chart(
            [d.day for d in daily], [d.violations for d in daily], [d.reports for d in daily],
            [d.alerted for d in daily],
            f"Violations and reports per day, {daily[0].day} to {daily[-1].day}",
        ),
        "compliance": compliance_chart(
            report.compliance.provisions, report.compliance.first, report.compliance.last
        ),
    }  # fmt: skip


def render_html(report: PeriodReport, *, generated_at: datetime) -> str:
    """The report as one self-contained HTML page, figures inline as SVG."""
    return _html(report, generated_at, pdf_epoch=None)


def _html(report: PeriodReport, generated_at: datetime, *, pdf_epoch: str | None) -> str:
    template = _environment(True).get_template("report.html.j2")
    return template.render(
        _context(report, generated_at), figures=figures(report), pdf_epoch=pdf_epoch
    )


def render_pdf(report: PeriodReport, *, generated_at: datetime) -> bytes:
    """The HTML edition printed to PDF by WeasyPrint, its dates pinned to `PDF_EPOCH`."""
    from weasyprint import HTML

    pdf = HTML(string=_html(report, generated_at, pdf_epoch=PDF_EPOCH)).write_pdf()
    if pdf is None:  # only when writing to a target, which is not done here
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)


def render_report(report: PeriodReport, fmt: ReportFormat, *, generated_at: datetime) -> bytes:
    """The report in `fmt`, as bytes (UTF-8 for Markdown and HTML)."""
    if fmt is ReportFormat.PDF:
        return render_pdf(report, generated_at=generated_at)
    if fmt is ReportFormat.HTML:
        return render_html(report, generated_at=generated_at).encode("utf-8")
    return render_markdown(report, generated_at=generated_at).encode("utf-8")
