"""Reports from text: propose the events of a statement or narrative (nothing stored), and
accept them (staff): each becomes a report with the text as evidence."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status
from fastapi.concurrency import run_in_threadpool

from ceasefire.api.deps import DbDep, SettingsDep, StaffDep
from ceasefire.api.schemas.extractions import AcceptedOut, ExtractionIn, ExtractionOut
from ceasefire.extraction import Extraction, extract
from ceasefire.extraction.output import extraction_json
from ceasefire.services.database import Database
from ceasefire.services.extraction import accept_extraction, speaker_of_source

__all__ = ["router"]

router = APIRouter(tags=["extractions"])


@router.post("/extractions", summary="Propose reports from a text (staff; stores nothing)")
async def propose(body: ExtractionIn, _who: StaffDep, db: DbDep) -> ExtractionOut:
    """The events the text mentions, each field (date, places and their roles, actors,
    weapons, event type and kind, casualties, stance) with the words it came from as
    character offsets into `text`, and a confidence."""
    extraction = await run_in_threadpool(_extract, db, body)
    found = extraction_json(extraction)
    return ExtractionOut.model_validate({**found, "text": body.text, "source": body.source})


@router.post(
    "/extractions/accept",
    status_code=status.HTTP_201_CREATED,
    summary="File the reports a text proposes (staff)",
)
async def accept(
    body: ExtractionIn, who: StaffDep, db: DbDep, settings: SettingsDep
) -> list[AcceptedOut]:
    """Every event must have a date and a place on the map, or nothing is filed (422
    naming the event). Each event is filed as a report from `source`, linked like any
    other, with the text attached as evidence; accepting the same text again files
    nothing new."""
    extraction = await run_in_threadpool(_extract, db, body)
    accepted = await run_in_threadpool(
        lambda: accept_extraction(
            db=db, settings=settings, extraction=extraction, source=body.source,
            actor=who.viewer.name, file_name="extracted-text.txt", viewer=who.viewer,
        )
    )  # fmt: skip
    return [
        AcceptedOut(
            number=item.number,
            report_id=item.filed.report.id,
            incident_id=item.filed.incident_id,
            duplicate=item.filed.duplicate,
            evidence_attached=item.evidence_attached,
        )
        for item in accepted
    ]


def _extract(db: Database, body: ExtractionIn) -> Extraction:
    speaker: Any = body.speaker or speaker_of_source(db=db, source=body.source)
    return extract(body.text, published=body.published, speaker=speaker)
