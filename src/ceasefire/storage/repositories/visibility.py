"""Which rows of party material a viewer may read, as SQL conditions the queries include."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, false, true

from ceasefire.domain.access import Role, Viewer

__all__ = ["party_scope", "withholds_confidential"]


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
