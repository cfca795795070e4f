"""Requests for information: the mission asks one party a question and records the answer."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from ceasefire.domain.validation import check_aware, check_non_empty
from ceasefire.errors import ValidationError

__all__ = ["InformationRequest", "RequestStatus"]

MAX_TEXT = 20_000


class RequestStatus(StrEnum):
    """sent -> answered, or sent -> withdrawn."""

    SENT = "sent"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"


def _text(value: str, field: str) -> str:
    text = check_non_empty(value, field)
    if len(text) > MAX_TEXT:
        raise ValidationError(field, f"{len(text)} characters", f"must be at most {MAX_TEXT}")
    return text


@dataclass(frozen=True, slots=True)
class InformationRequest:
    """A question to one party, optionally about a complaint, with an optional deadline."""

    id: str
    party_id: str
    complaint_id: str | None
    question: str
    status: RequestStatus
    sent_by: str
    sent_at: datetime
    answer_by: datetime | None = None
    answer: str | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None

    @classmethod
    def send(
        cls,
        *,
        request_id: str,
        party_id: str,
        question: str,
        sent_by: str,
        now: datetime,
        complaint_id: str | None = None,
        answer_by: datetime | None = None,
    ) -> InformationRequest:
        """A new request, sent `now`; an answer-by deadline must lie after `now`."""
        check_aware(now, "now")
        if answer_by is not None:
            check_aware(answer_by, "answer_by")
            if answer_by <= now:
                raise ValidationError(
                    "answer_by", answer_by.isoformat(), "must be after the time the request is sent"
                )
        return cls(
            id=request_id,
            party_id=check_non_empty(party_id, "party"),
            complaint_id=complaint_id,
            question=_text(question, "question"),
            status=RequestStatus.SENT,
            sent_by=check_non_empty(sent_by, "actor"),
            sent_at=now,
            answer_by=answer_by,
        )

    def answered(self, *, answer: str, by: str, at: datetime) -> InformationRequest:
        """The request with the party's answer; only a sent request can be answered."""
        self._require_sent("answer")
        check_aware(at, "now")
        return replace(
            self,
            status=RequestStatus.ANSWERED,
            answer=_text(answer, "answer"),
            answered_by=check_non_empty(by, "actor"),
            answered_at=at,
        )

    def withdrawn(self) -> InformationRequest:
        """The request withdrawn by the mission; only a sent request can be withdrawn."""
        self._require_sent("withdraw")
        return replace(self, status=RequestStatus.WITHDRAWN)

    def overdue(self, now: datetime) -> bool:
        """True when the request is unanswered after its answer-by deadline."""
        return (
            self.status is RequestStatus.SENT
            and self.answer_by is not None
            and now > self.answer_by
        )

    def _require_sent(self, verb: str) -> None:
        if self.status is not RequestStatus.SENT:
            raise ValidationError(
                "request.status",
                self.status.value,
                f"cannot {verb} request {self.id}: it is already {self.status.value}",
            )
