"""What the complaints pages show, prepared from the services' answers: the queue's rows
with their deadlines (how long is left, which are missed), and one complaint with the
actions its reader may take on it. Templates only lay these out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ceasefire.api.schemas.complaints import (
    ComplaintDetail,
    ComplaintOut,
    EvidenceItemOut,
    RequestOut,
    SummaryOut,
)
from ceasefire.domain.access import Viewer
from ceasefire.domain.agreements import Agreement, PartyRole
from ceasefire.domain.complaints import OPEN_STATUSES, Complaint, ComplaintStatus, ComplaintSummary
from ceasefire.domain.evidence import EvidenceLink
from ceasefire.domain.findings import Finding
from ceasefire.domain.information_requests import InformationRequest, RequestStatus
from ceasefire.services.complaints import ComplaintView
from ceasefire.web.complaint_forms import offset_text
from ceasefire.web.filters import size_text

__all__ = [
    "ComplaintPage",
    "Deadline",
    "EvidenceRow",
    "QueueRow",
    "RequestRow",
    "SummaryRow",
    "complaint_page",
    "deadlines_of",
    "evidence_rows",
    "queue_rows",
    "relative",
    "request_rows",
    "summary_rows",
]


@dataclass(frozen=True, slots=True)
class Deadline:
    """One deadline of a complaint: by when, when it was met, and how it stands now."""

    label: str
    due: datetime
    done: datetime | None
    late: bool
    left: str
    """"in 5 hours", "2 days overdue"; empty once met or when the case has ended."""


@dataclass(frozen=True, slots=True)
class QueueRow:
    """A complaint in the list."""

    complaint: ComplaintOut
    deadlines: tuple[Deadline, ...]
    late: bool


@dataclass(frozen=True, slots=True)
class RequestRow:
    """A request for information, and whether its reader answers it here."""

    request: RequestOut
    answerable: bool
    complaint_link: str | None
    """The complaint page it is about, when the reader may open it."""


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """An evidence item of a complaint and, when its file is stored, the file's size and
    where the reader downloads it."""

    item: EvidenceItemOut
    size: str
    """"48.2 kB (48,211 bytes)"; empty without a stored file."""
    media_type: str
    download: str | None
    """The API's download route; None without a stored file or when withheld."""


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """A redacted summary sent to a party, and the complaint page it is about when the
    reader may open it (a summary to one party may be of the other party's complaint)."""

    summary: SummaryOut
    removed: int
    """How many passages the redaction rules removed."""
    complaint_link: str | None


@dataclass(frozen=True, slots=True)
class ComplaintPage:
    """One complaint as its page shows it, and what its reader may do."""

    complaint: ComplaintDetail
    deadlines: tuple[Deadline, ...]
    requests: tuple[RequestRow, ...]
    steps: tuple[tuple[str, datetime | None], ...]
    """The lifecycle: (step, when it happened or None)."""
    actions: frozenset[str]
    """acknowledge, investigate, finding, close, withdraw, request."""
    parties: tuple[str, ...]
    """Parties to the complaint's agreement (a request goes to one of them)."""
    findings: tuple[Finding, ...]
    """Findings that may answer the complaint (staff, while under investigation)."""
    local: str
    """The agreement's time zone, e.g. UTC+04:00 (forms take local times)."""
    evidence: tuple[EvidenceRow, ...] = ()
    can_add_evidence: bool = False
    """The reader may attach a file (the filing party's liaison or staff, while open)."""


def relative(due: datetime, now: datetime) -> str:
    """How far a deadline is from `now`, in the largest whole unit.

    >>> from datetime import UTC, timedelta
    >>> t = datetime(2020, 11, 19, 12, 0, tzinfo=UTC)
    >>> relative(t + timedelta(hours=30), t), relative(t - timedelta(days=3, hours=2), t)
    ('in 30 hours', '3 days overdue')
    >>> relative(t + timedelta(minutes=1), t), relative(t + timedelta(days=2), t)
    ('in 1 minute', 'in 2 days')
    """
    seconds = int((due - now).total_seconds())
    span = abs(seconds)
    if span >= 2 * 86_400:
        count, unit = span // 86_400, "day"
    elif span >= 3_600:
        count, unit = span // 3_600, "hour"
    else:
        count, unit = max(span // 60, 1), "minute"
    words = f"{count} {unit}{'' if count == 1 else 's'}"
    return f"in {words}" if seconds >= 0 else f"{words} overdue"


def deadlines_of(c: ComplaintOut, now: datetime) -> tuple[Deadline, ...]:
    """The acknowledgement and the finding deadlines of a complaint at `now`."""
    ended = c.status in (ComplaintStatus.CLOSED, ComplaintStatus.WITHDRAWN)
    out = []
    for label, due, done, missed in (
        ("Acknowledge by", c.acknowledge_by, c.acknowledged_at, "acknowledgement"),
        ("Finding due", c.finding_by, c.finding_issued_at, "finding"),
    ):
        late = missed in c.overdue
        left = "" if done is not None or ended else relative(due, now)
        out.append(Deadline(label, due, done, late, left))
    return tuple(out)


def queue_rows(found: Sequence[Complaint], now: datetime) -> list[QueueRow]:
    """Rows of the list, in the order given."""
    rows = []
    for c in found:
        body = ComplaintOut.of(c)
        rows.append(QueueRow(body, deadlines_of(body, now), bool(body.overdue)))
    return rows


def request_rows(
    found: Sequence[InformationRequest], viewer: Viewer, readable: frozenset[str]
) -> list[RequestRow]:
    """Rows of requests; `readable` are the ids of complaints the reader may open (a
    request to one party may be about the other party's complaint: no link then)."""
    return [
        RequestRow(
            RequestOut.of(r),
            answerable=r.status is RequestStatus.SENT and viewer.speaks_for(r.party_id),
            complaint_link=f"/complaints/{r.complaint_id}"
            if r.complaint_id is not None and r.complaint_id in readable
            else None,
        )
        for r in found
    ]


def evidence_rows(
    items: Sequence[EvidenceItemOut], files: Sequence[EvidenceLink], download_base: str
) -> tuple[EvidenceRow, ...]:
    """The complaint's evidence items with their stored files (an uploaded file's item has
    the id of its link), oldest first; `download_base` is the API's path of the
    complaint's evidence. A withheld item shows neither its file nor a link."""
    by_id = {f.id: f for f in files}
    rows = []
    for item in items:
        link = by_id.get(item.id)
        if link is None or item.withheld or link.withheld:
            rows.append(EvidenceRow(item, "", "", None))
            continue
        download = f"{download_base}/{link.file.sha256}"
        rows.append(EvidenceRow(item, size_text(link.file.size), link.file.media_type, download))
    return tuple(rows)


def summary_rows(found: Sequence[ComplaintSummary], readable: frozenset[str]) -> list[SummaryRow]:
    """Rows of summaries, newest first; `readable` are the ids of complaints the reader may
    open (no link, and no id, to any other)."""
    return [
        SummaryRow(
            SummaryOut.of(s),
            removed=sum(s.redactions.values()),
            complaint_link=f"/complaints/{s.complaint_id}" if s.complaint_id in readable else None,
        )
        for s in sorted(found, key=lambda s: s.sent_at, reverse=True)
    ]


def complaint_page(
    view: ComplaintView,
    viewer: Viewer,
    agreement: Agreement,
    findings: Sequence[Finding],
    now: datetime,
    *,
    files: Sequence[EvidenceLink] = (),
    download_base: str = "",
) -> ComplaintPage:
    """The page of a complaint its reader may see; `files` are the files attached to it
    that the evidence service lists to the reader, downloaded under `download_base`."""
    c = view.complaint
    detail = ComplaintDetail.of_view(view)
    return ComplaintPage(
        complaint=detail,
        deadlines=deadlines_of(detail, now),
        requests=tuple(request_rows(view.requests, viewer, frozenset())),
        steps=(
            ("Received", c.received_at),
            ("Acknowledged", c.acknowledged_at),
            ("Investigation opened", c.investigation_at),
            ("Finding issued", c.finding_issued_at),
            ("Withdrawn" if c.status is ComplaintStatus.WITHDRAWN else "Closed", c.closed_at),
        ),
        actions=_actions(c, viewer),
        parties=tuple(agreement.parties_with_role(PartyRole.PARTY)),
        findings=tuple(findings),
        local=offset_text(agreement.tz),
        evidence=evidence_rows(detail.evidence, files, download_base),
        can_add_evidence=c.status not in (ComplaintStatus.CLOSED, ComplaintStatus.WITHDRAWN)
        and (viewer.is_staff or viewer.speaks_for(c.party_id)),
    )


def _actions(c: Complaint, viewer: Viewer) -> frozenset[str]:
    """What the reader may do to the complaint now (the services decide again)."""
    staff = {
        "acknowledge": c.can_move_to(ComplaintStatus.ACKNOWLEDGED),
        "investigate": c.can_move_to(ComplaintStatus.UNDER_INVESTIGATION),
        "finding": c.can_move_to(ComplaintStatus.FINDING_ISSUED),
        "close": c.can_move_to(ComplaintStatus.CLOSED),
        "request": c.status in OPEN_STATUSES,
    }
    allowed = {name for name, possible in staff.items() if possible and viewer.is_staff}
    if c.can_move_to(ComplaintStatus.WITHDRAWN) and (
        viewer.is_staff or viewer.speaks_for(c.party_id)
    ):
        allowed.add("withdraw")
    return frozenset(allowed)
