"""The complaints pages' forms read into what the services take: the text a browser sends
(empty fields mean "not given", times in the agreement's local time), checked by the API's
own request models, so a form accepts exactly what the API accepts. A wrong value is a
ValidationError naming the field and the value, which the page shows beside the form."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlencode

import pydantic

from ceasefire.api.schemas.common import PlainText
from ceasefire.api.schemas.complaints import AnswerIn, ComplaintIn, RequestIn
from ceasefire.domain.access import Viewer
from ceasefire.domain.agreements import Agreement, PartyRole
from ceasefire.domain.complaints import ComplaintStatus
from ceasefire.domain.validation import parse_enum
from ceasefire.errors import NotFoundError, ValidationError
from ceasefire.services.complaints import DEFAULT_AGREEMENT, ComplaintInput

__all__ = [
    "FILING_FIELDS",
    "FormProblem",
    "QueueQuery",
    "complaint_input",
    "filing_agreements",
    "local_time",
    "offset_text",
    "problem_of",
    "read_answer",
    "read_description",
    "read_queue",
    "read_request",
]

FILING_FIELDS = (
    "party", "agreement", "allegation", "occurred_start", "occurred_end", "place_name",
    "latitude", "longitude", "incident_ids", "confidential",
)  # fmt: skip
"""The fields of the filing form, as the page names its inputs."""
_FIELD_OF = {"place": "place_name", "latitude/longitude": "latitude", "incident": "incident_ids"}
_IDS = re.compile(r"[\s,;]+")
_LOCAL = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")


@dataclass(frozen=True, slots=True)
class FormProblem:
    """Why a form was refused: the message, the input it concerns, the status to answer."""

    message: str
    field: str = ""
    status: int = 422
    form: str = ""
    """Which form on the page (e.g. `request`, `answer:<id>`), to show the message by it."""
    values: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """What was typed, to fill the form in again."""


def problem_of(
    exc: Exception, status: int, *, form: str = "", values: Mapping[str, str] | None = None
) -> FormProblem:
    """The problem to show for an error of the services (or of the form's reading): the
    field, what is wrong and the value given (shortened)."""
    if isinstance(exc, NotFoundError):
        given = f"you gave {exc.key!r}" if exc.key else "none was chosen"
        message = f"{exc.kind}: not found ({given})"
        return FormProblem(message, f"{exc.kind}_id", status, form, values or {})
    if not isinstance(exc, ValidationError):
        return FormProblem(str(exc), "", status, form, values or {})
    name = _FIELD_OF.get(exc.field, exc.field.split(".")[0])
    given = "" if exc.value is None else f" (you gave {_shortened(exc.value)!r})"
    return FormProblem(f"{exc.field}: {exc.message}{given}", name, status, form, values or {})


def _shortened(value: object, limit: int = 80) -> object:
    """`value`, or the start of it when it is a long text.

    >>> _shortened("x" * 100)
    'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'
    """
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    return value


def offset_text(tz: timezone) -> str:
    """A fixed time zone as people write it.

    >>> from datetime import timedelta
    >>> offset_text(timezone(timedelta(hours=4)))
    'UTC+04:00'
    """
    minutes = int(tz.utcoffset(None).total_seconds()) // 60
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'-' if minutes < 0 else '+'}{hours:02d}:{rest:02d}"


def local_time(text: str, name: str, tz: timezone) -> datetime | None:
    """A date and time typed in local time `tz` (as a datetime-local field sends it), or
    None when empty.

    >>> from datetime import timedelta
    >>> local_time("2020-11-19T05:30", "occurred_start", timezone(timedelta(hours=4))).isoformat()
    '2020-11-19T05:30:00+04:00'
    """
    text = text.strip()
    if not text:
        return None
    for pattern in _LOCAL:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=tz)
        except ValueError:
            continue
    raise ValidationError(name, text, "must be a date and time, YYYY-MM-DDTHH:MM")


def _number(text: str, name: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise ValidationError(name, text, "must be a number in decimal degrees") from None


def _checked(
    model: type[pydantic.BaseModel], data: dict[str, Any], typed: Mapping[str, str]
) -> Any:
    """`data` as the API's request model takes it, or a ValidationError naming the first
    field it refuses and the value typed in it."""
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        loc = first.get("loc", ()) or ("form",)
        top = str(loc[0])
        value = typed[top] if top in typed else data.get(top)
        name = ".".join(str(p) for p in loc)
        raise ValidationError(name, value, first.get("msg", "is not valid")) from None


def filing_agreements(agreements: Sequence[Agreement], viewer: Viewer) -> list[Agreement]:
    """The agreements a complaint may be filed under by `viewer`: those that set complaint
    deadlines, and for a liaison those their party is a party to."""
    return [
        a
        for a in agreements
        if a.complaint_deadlines is not None
        and (viewer.party_id is None or viewer.party_id in a.parties_with_role(PartyRole.PARTY))
    ]


def complaint_input(
    values: Mapping[str, str], viewer: Viewer, agreements: Sequence[Agreement]
) -> ComplaintInput:
    """The filing form read: a liaison files for their own party, staff name one; times are
    in the chosen agreement's local time."""
    chosen = values.get("agreement", "").strip() or DEFAULT_AGREEMENT
    agreement = next((a for a in agreements if a.id == chosen), None)
    if agreement is None:
        listed = ", ".join(a.id for a in agreements) or "none"
        raise ValidationError("agreement", chosen, f"must be one of: {listed}")
    tz = agreement.tz
    party = viewer.party_id or values.get("party", "").strip() or None
    body: ComplaintIn = _checked(
        ComplaintIn,
        {
            "party": party,
            "allegation": values.get("allegation", ""),
            "occurred_start": local_time(values.get("occurred_start", ""), "occurred_start", tz),
            "occurred_end": local_time(values.get("occurred_end", ""), "occurred_end", tz),
            "agreement": agreement.id,
            "place_name": values.get("place_name", "").strip() or None,
            "latitude": _number(values.get("latitude", ""), "latitude"),
            "longitude": _number(values.get("longitude", ""), "longitude"),
            "confidential": values.get("confidential", "") == "yes",
            "incident_ids": [i for i in _IDS.split(values.get("incident_ids", "")) if i],
        },
        values,
    )
    if body.party is None:
        raise ValidationError("party", None, "name the party the complaint is filed for")
    return body.to_input(body.party)


def read_request(values: Mapping[str, str], complaint: str, tz: timezone) -> RequestIn:
    """The request-for-information form read (answer-by in the agreement's local time)."""
    body: RequestIn = _checked(
        RequestIn,
        {
            "party": values.get("party", "").strip(),
            "question": values.get("question", ""),
            "complaint": complaint,
            "answer_by": local_time(values.get("answer_by", ""), "answer_by", tz),
        },
        values,
    )
    return body


def read_answer(answer: str) -> str:
    """The answer form read."""
    body: AnswerIn = _checked(AnswerIn, {"answer": answer}, {"answer": answer})
    return body.answer


class _EvidenceIn(pydantic.BaseModel):
    """The text sent beside an evidence file: plain text, as the API's upload takes it."""

    description: PlainText = ""


def read_description(description: str) -> str:
    """The description of an evidence file read (the API's `description` field rules)."""
    typed = {"description": description}
    body: _EvidenceIn = _checked(_EvidenceIn, typed, typed)
    return body.description


@dataclass(frozen=True, slots=True)
class QueueQuery:
    """What the complaints list shows: a status, a party, only overdue ones, and where the
    page of the others starts (the `cursor` the previous page links to)."""

    status: ComplaintStatus | None = None
    party: str | None = None
    overdue_only: bool = False
    cursor: str | None = None

    def next_page(self, cursor: str) -> str:
        """The query string of the page after this one's last complaint."""
        pairs = {
            "status": self.status.value if self.status else "",
            "party": self.party or "",
            "overdue": "1" if self.overdue_only else "",
            "cursor": cursor,
        }
        return urlencode({k: v for k, v in pairs.items() if v})


def read_queue(params: Mapping[str, str]) -> QueueQuery:
    """The list's query string; ValidationError naming the first wrong field."""
    status_text = params.get("status", "").strip()
    party = params.get("party", "").strip() or None
    if party is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,199}", party):
        raise ValidationError("party", party, "must be a party's id, e.g. AM")
    overdue = params.get("overdue", "").strip()
    if overdue not in ("", "1"):
        raise ValidationError("overdue", overdue, "must be 1 or left out")
    cursor = params.get("cursor", "").strip() or None
    if cursor is not None and len(cursor) > 500:
        raise ValidationError("cursor", f"{len(cursor)} characters", "is not a cursor of this list")
    return QueueQuery(
        status=parse_enum(ComplaintStatus, status_text, "status") if status_text else None,
        party=party,
        overdue_only=overdue == "1",
        cursor=cursor,
    )
