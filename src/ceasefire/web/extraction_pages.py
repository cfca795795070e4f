"""Reports from text on the dashboard (staff, as `POST /api/v1/extractions`): paste a
statement, wire report or narrative with its source, see the events it proposes (each
field with its value, the sentence it came from with the words marked, and a confidence),
then accept them all: the same service as `POST /api/v1/extractions/accept` files every
event in one transaction, and the page links the reports and incidents made. A refused
form shows the page again naming the field and the value, with nothing written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from ceasefire.api.deps import DbDep, Principal, StaffDep
from ceasefire.api.problems import status_of
from ceasefire.api.schemas.extractions import ExtractionIn
from ceasefire.errors import CeasefireError
from ceasefire.extraction import MAX_TEXT_CHARS, Extraction, Field, Span, extract
from ceasefire.extraction import sentences as text_sentences
from ceasefire.extraction.output import field_rows
from ceasefire.extraction.proposals import missing_fields
from ceasefire.services.agreements import list_parties
from ceasefire.services.database import Database
from ceasefire.services.extraction import AcceptedEvent, accept_extraction, speaker_of_source
from ceasefire.services.sources import list_sources
from ceasefire.web.complaint_forms import FormProblem, problem_of
from ceasefire.web.csrf import SameOrigin
from ceasefire.web.incident_actions import checked
from ceasefire.web.pages import renderer_of

__all__ = ["EventView", "FieldRow", "Quote", "event_views", "router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

FILE_NAME = "extracted-text.txt"
"""The name the text gets as an evidence file on each report (as in the API)."""
Short = Annotated[str, Form(max_length=200)]


@dataclass(frozen=True, slots=True)
class Quote:
    """The sentence a field came from, split around the words it came from."""

    before: str
    words: str
    after: str


@dataclass(frozen=True, slots=True)
class FieldRow:
    """One proposed field as the page shows it."""

    name: str
    value: str
    confidence: float
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class EventView:
    """One proposed event: its fields, and what it lacks to become a report."""

    number: int
    rows: tuple[FieldRow, ...]
    missing: tuple[str, ...]


def event_views(extraction: Extraction) -> list[EventView]:
    """The proposed events of a text, each field with the sentences its words are in."""
    spans = list(text_sentences(extraction.text))
    return [
        EventView(
            number=number,
            rows=tuple(
                FieldRow(name, value, found.confidence, _quotes(found, spans))
                for name, value, found in field_rows(event)
            ),
            missing=tuple(missing_fields(event)),
        )
        for number, event in enumerate(extraction.events, 1)
    ]


def _quotes(found: Field[Any], spans: list[Span]) -> tuple[Quote, ...]:
    quotes = []
    for span in found.spans:
        sentence = next((s for s in spans if s.start <= span.start < s.end), None)
        if sentence is None or span.end > sentence.end:
            quotes.append(Quote("", span.text, ""))
            continue
        start, end = span.start - sentence.start, span.end - sentence.start
        quotes.append(Quote(sentence.text[:start], sentence.text[start:end], sentence.text[end:]))
    return tuple(quotes)


@router.get("/extract")
def extract_form(request: Request, principal: StaffDep, db: DbDep) -> HTMLResponse:
    """An empty form: the text, where it comes from and when it was published."""
    values = {"published": datetime.now(UTC).date().isoformat()}
    return _page(request, principal, db, values=values)


@router.post("/extract")
def propose_page(
    request: Request,
    principal: StaffDep,
    db: DbDep,
    _same_origin: SameOrigin,
    text: Annotated[str, Form()] = "",
    published: Short = "",
    source: Short = "",
    speaker: Short = "",
) -> HTMLResponse:
    """The events the text proposes (as `POST /api/v1/extractions`); nothing is stored."""
    values = {"text": text, "published": published, "source": source, "speaker": speaker}
    try:
        extraction = _extract(db, values)
    except CeasefireError as exc:
        return _refused(request, principal, db, values, exc)
    return _page(request, principal, db, values=values, events=event_views(extraction))


@router.post("/extract/accept")
def accept_page(
    request: Request,
    principal: StaffDep,
    db: DbDep,
    _same_origin: SameOrigin,
    text: Annotated[str, Form()] = "",
    published: Short = "",
    source: Short = "",
    speaker: Short = "",
) -> HTMLResponse:
    """File every proposed event as a report, all in one transaction (as
    `POST /api/v1/extractions/accept`), and link the reports and incidents made."""
    values = {"text": text, "published": published, "source": source, "speaker": speaker}
    extraction: Extraction | None = None
    try:
        extraction = _extract(db, values)
        accepted = accept_extraction(
            db=db, settings=request.app.state.settings, extraction=extraction, source=source,
            actor=principal.actor, file_name=FILE_NAME, viewer=principal.viewer,
        )  # fmt: skip
    except CeasefireError as exc:
        events = event_views(extraction) if extraction is not None else []
        return _refused(request, principal, db, values, exc, events=events)
    created = any(not item.filed.duplicate for item in accepted)
    return _page(
        request, principal, db, values=values, accepted=accepted, status=201 if created else 200
    )


def _extract(db: Database, values: dict[str, str]) -> Extraction:
    """The form read by the API's own model (the same limits and `no_markup` check), then
    extracted as the API does: the speaker chosen, else the source's party."""
    body = checked(ExtractionIn, {k: v or None for k, v in values.items()})
    speaker = body.speaker or speaker_of_source(db=db, source=body.source)
    return extract(body.text, published=body.published, speaker=speaker)


def _refused(
    request: Request,
    principal: Principal,
    db: Database,
    values: dict[str, str],
    exc: CeasefireError,
    *,
    events: list[EventView] | None = None,
) -> HTMLResponse:
    problem = problem_of(exc, status_of(exc), form="extract", values=values)
    return _page(
        request, principal, db, values=values, problem=problem, events=events or [],
        status=problem.status,
    )  # fmt: skip


def _page(
    request: Request,
    principal: Principal,
    db: Database,
    *,
    values: dict[str, str],
    events: list[EventView] | None = None,
    accepted: list[AcceptedEvent] | None = None,
    problem: FormProblem | None = None,
    status: int = 200,
) -> HTMLResponse:
    sources = [(s.id, s.name) for s in list_sources(db=db, viewer=principal.viewer)]
    parties = [(p.id, p.name) for p in list_parties(db=db)]
    return renderer_of(request).page(
        request, principal, "extract.html", status=status,
        values=values, sources=sources, parties=parties, events=events or [],
        accepted=accepted or [], problem=problem, max_chars=MAX_TEXT_CHARS,
        complete=bool(events) and all(not e.missing for e in events or []),
    )  # fmt: skip
