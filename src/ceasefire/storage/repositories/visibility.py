"""Which rows a viewer may read, as SQL conditions the queries include."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists, false, select, true

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.findings import FindingStatus
from ceasefire.storage.schema import findings, incident_reports, incidents, reports

__all__ = ["incident_scope", "party_scope", "report_scope", "withholds_confidential"]


def party_scope(viewer: Viewer, party_column: Any) -> ColumnElement[bool]:
    """Staff read every party's rows; a liaison only its own party's; anyone else none."""
    if viewer.is_staff:
        return true()
    if viewer.role is Role.PARTY_LIAISON:
        return party_column == viewer.party_id  # type: ignore[no-any-return]
    return false()


def withholds_confidential(viewer: Viewer) -> bool:
    """True for readers who see a complaint but not the text a party marked confidential
    (analysts); the head of mission, admins and the filing party's liaison read it."""
    return viewer.is_staff and not viewer.sees_everything


def _published(incident_id: Any) -> ColumnElement[bool]:
    """A published finding is about the incident `incident_id` (a column or value)."""
    return exists(
        select(findings.c.id)
        .where(
            findings.c.incident_id == incident_id,
            findings.c.status == FindingStatus.PUBLISHED.value,
        )
        .correlate_except(findings)
    )


def incident_scope(viewer: Viewer) -> ColumnElement[bool]:
    """Staff and monitors read every incident (monitors work on the mission's incidents);
    party liaisons and the public only published ones: incidents a published finding is
    about. A condition on `incidents`."""
    if viewer.is_staff or viewer.role is Role.MONITOR:
        return true()
    return _published(incidents.c.id)


def report_scope(viewer: Viewer) -> ColumnElement[bool]:
    """Staff read every report; a monitor the reports they filed; party liaisons and the
    public the reports of published incidents. A condition on `reports`."""
    if viewer.is_staff:
        return true()
    if viewer.role is Role.MONITOR:
        if not viewer.name:
            return false()
        return reports.c.filed_by == viewer.name
    # An alias, so the condition stays correlated to `reports` alone in queries that join
    # incident_reports themselves.
    links = incident_reports.alias("visible_links")
    return exists(
        select(links.c.incident_id)
        .where(links.c.report_id == reports.c.id, _published(links.c.incident_id))
        .correlate(reports)
    )
