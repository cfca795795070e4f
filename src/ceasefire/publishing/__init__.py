"""Publishing: daily and weekly reports written as Markdown, HTML and PDF, with figures."""

from __future__ import annotations

from ceasefire.publishing.render import (
    ReportFormat,
    parse_format,
    render_html,
    render_markdown,
    render_pdf,
    render_report,
)

__all__ = [
    "ReportFormat",
    "parse_format",
    "render_html",
    "render_markdown",
    "render_pdf",
    "render_report",
]
