"""Findings: the mission's conclusion on an incident or complaint, signed off then published."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from ceasefire.domain.validation import check_non_empty
from ceasefire.errors import ValidationError

__all__ = ["Finding", "FindingStatus"]


class FindingStatus(StrEnum):
    """draft -> signed_off -> published (or kept internal once signed off)."""

    DRAFT = "draft"
    SIGNED_OFF = "signed_off"
    PUBLISHED = "published"


@dataclass(frozen=True, slots=True)
class Finding:
    """A conclusion with the sign-offs it has collected, by monitoring nation."""

    id: str
    text: str
    incident_id: str | None = None
    complaint_id: str | None = None
    status: FindingStatus = FindingStatus.DRAFT
    signoffs: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        check_non_empty(self.text, "finding.text")
        if self.incident_id is None and self.complaint_id is None:
            raise ValidationError("finding", None, "must concern an incident or a complaint")

    def sign(self, user: str, nation: str, quorum: frozenset[str]) -> Finding:
        """Add a sign-off; signed off once every nation in `quorum` has signed."""
        if self.status is not FindingStatus.DRAFT:
            raise ValidationError("finding.status", self.status.value, "only drafts can be signed")
        signoffs = (*self.signoffs, (user, nation))
        nations = {n for _, n in signoffs}
        status = FindingStatus.SIGNED_OFF if quorum <= nations else FindingStatus.DRAFT
        return replace(self, signoffs=signoffs, status=status)
