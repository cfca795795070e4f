"""Requests for information and the parties' answers; every read is filtered by the viewer.

Staff read every request; a party's liaison only the requests addressed to its party (and
their answers); monitors and the public none.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, tuple_

from ceasefire.domain.access import Viewer
from ceasefire.domain.information_requests import InformationRequest, RequestStatus
from ceasefire.errors import NotFoundError
from ceasefire.storage.repositories.visibility import party_scope
from ceasefire.storage.schema import information_requests

__all__ = ["add", "get", "list_requests", "update"]

_RQ = information_requests.c


def add(conn: Connection, request: InformationRequest) -> None:
    """Insert a new request."""
    conn.execute(information_requests.insert().values(id=request.id, **_values(request)))


def update(conn: Connection, request: InformationRequest) -> None:
    """Store a request's status and answer over the row with its id."""
    conn.execute(
        information_requests.update().where(_RQ.id == request.id).values(**_values(request))
    )


def get(
    conn: Connection, request_id: str, viewer: Viewer, *, for_update: bool = False
) -> InformationRequest:
    """The request as `viewer` may read it, or NotFoundError (also when addressed to another
    party than the viewer's)."""
    query = select(information_requests).where(
        _RQ.id == request_id, party_scope(viewer, _RQ.party_id)
    )
    row = conn.execute(query.with_for_update() if for_update else query).first()
    if row is None:
        raise NotFoundError("request for information", request_id)
    return _request(row._mapping)


def list_requests(
    conn: Connection,
    viewer: Viewer,
    *,
    complaint_id: str | None = None,
    status: RequestStatus | None = None,
    party_id: str | None = None,
    after: tuple[datetime, str] | None = None,
    limit: int | None = None,
) -> list[InformationRequest]:
    """The requests `viewer` may read, oldest first; `after` a (sent_at, id) keyset."""
    query = select(information_requests).where(party_scope(viewer, _RQ.party_id))
    if complaint_id is not None:
        query = query.where(_RQ.complaint_id == complaint_id)
    if status is not None:
        query = query.where(_RQ.status == status.value)
    if party_id is not None:
        query = query.where(_RQ.party_id == party_id)
    if after is not None:
        query = query.where(tuple_(_RQ.sent_at, _RQ.id) > tuple(after))
    if limit is not None:
        query = query.limit(limit)
    rows = conn.execute(query.order_by(_RQ.sent_at, _RQ.id))
    return [_request(r._mapping) for r in rows]


def _values(r: InformationRequest) -> dict[str, Any]:
    return {
        "complaint_id": r.complaint_id,
        "party_id": r.party_id,
        "question": r.question,
        "status": r.status.value,
        "sent_by": r.sent_by,
        "sent_at": r.sent_at,
        "answer_by": r.answer_by,
        "answer": r.answer,
        "answered_by": r.answered_by,
        "answered_at": r.answered_at,
    }


def _request(row: Any) -> InformationRequest:
    return InformationRequest(
        id=row["id"],
        party_id=row["party_id"],
        complaint_id=row["complaint_id"],
        question=row["question"],
        status=RequestStatus(row["status"]),
        sent_by=row["sent_by"],
        sent_at=row["sent_at"],
        answer_by=row["answer_by"],
        answer=row["answer"],
        answered_by=row["answered_by"],
        answered_at=row["answered_at"],
    )
