"""A row of the permission matrix: one route, who may use it, and how to call it on the
seeded objects (tests/api/test_permission_matrix.py seeds them and runs every caller)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

STAFF = frozenset({"analyst", "head", "admin"})
MONITORS = frozenset({"monitor.ru", "monitor.tr"})
LIAISONS = frozenset({"liaison.am", "liaison.az"})
SIGNED_IN = STAFF | MONITORS | LIAISONS
EVERYONE = SIGNED_IN | {"public"}
ADMIN = frozenset({"admin"})
HEAD = frozenset({"head", "admin"})


@dataclass(frozen=True)
class Seed:
    """The objects every matrix run starts with (ids), made through the services.

    Party-keyed maps hold one object of each party (`AM`, `AZ`)."""

    report_id: str
    """A report filed by monitor.ru (not published)."""
    incident_id: str
    """The unpublished incident of `report_id`."""
    published_incident_id: str
    """An incident with a published finding."""
    draft_finding_id: str
    published_finding_id: str
    complaint_ids: Mapping[str, str]
    """party -> a complaint that party's liaison filed (status received)."""
    request_ids: Mapping[str, str]
    """party -> an open request for information sent to that party."""
    complaint_evidence: Mapping[str, str]
    """party -> the SHA-256 of an evidence file on that party's complaint."""
    report_evidence: str
    """The SHA-256 of an evidence file on `report_id`."""
    alert_id: str
    agreement_id: str
    provision_id: str
    zone_id: str
    source_id: str
    """A source (an observation post of the mission)."""
    spare_token_id: str
    """An API token of `analyst` that no test request uses (to revoke)."""


def no_params(_seed: Seed, _party: str) -> dict[str, str]:
    """For paths without parameters."""
    return {}


@dataclass(frozen=True)
class Row:
    """One route of the app and who may use it.

    - `path` is the route template exactly as the app declares it (`/api/v1/complaints/{key}`).
    - `allowed`: the callers (names of WHO) that may use it. Anyone else gets 401 (public) or
      403/404, never a 2xx. Allowed callers get neither 401 nor 403, and never a 5xx. A GET
      must answer an allowed caller 2xx (choose params every allowed caller may read, e.g. the
      published finding for a route the public may use); a write may answer 404, 409 or 422
      from the state earlier callers left the seeded object in (rows run in order, callers in
      WHO order).
    - `params(seed, party)`: the path parameters; `party` is the caller's own party for a
      liaison and "AM" for everyone else. With `party_scoped`, the path names one party's
      object and each liaison is also sent to the other party's object: that must be a 404.
    - `query(seed)`, `json(seed)`, `files(seed)`, `form(seed)`: the query string, JSON body,
      multipart files and form fields of a valid request; `headers` are sent with it (the
      dashboard's forms need an `Origin` of the site).
    - Redirects are not followed: a form post answers 303 to the page it leads to.
    """

    method: str
    path: str
    allowed: frozenset[str]
    params: Callable[[Seed, str], dict[str, str]] = no_params
    party_scoped: bool = False
    query: Callable[[Seed], dict[str, Any]] | None = None
    json: Callable[[Seed], Any] | None = None
    files: Callable[[Seed], dict[str, Any]] | None = None
    form: Callable[[Seed], dict[str, Any]] | None = None
    headers: Mapping[str, str] = field(default_factory=dict, compare=False)
    fresh_credential: bool = False
    """The request ends the credential it presents (logout): send it with a new token."""
    note: str = field(default="", compare=False)
