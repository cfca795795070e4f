"""Table definitions (SQLAlchemy Core); migrations create them, repositories use them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from ceasefire.storage.types import JSON_DOCUMENT, UTCDateTime

__all__ = [
    "agreements",
    "alerts",
    "amendments",
    "api_tokens",
    "audit_log",
    "checkpoints",
    "complaint_evidence",
    "complaint_links",
    "complaint_summaries",
    "complaints",
    "crossings",
    "detained_persons",
    "displaced_returns",
    "evidence_files",
    "evidence_links",
    "exchanges",
    "finding_signoffs",
    "findings",
    "idempotency_keys",
    "imports",
    "incident_overrides",
    "incident_reports",
    "incidents",
    "information_requests",
    "link_decisions",
    "login_attempts",
    "metadata",
    "parties",
    "provisions",
    "reports",
    "scenarios",
    "signing_keys",
    "sources",
    "spot_reports",
    "timeline_events",
    "users",
    "zones",
]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

scenarios = Table(
    "scenarios",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("monitoring_nations", JSON_DOCUMENT, nullable=False),
    Column("sources", JSON_DOCUMENT, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("loaded_at", UTCDateTime, nullable=False),
)

parties = Table(
    "parties",
    metadata,
    Column("id", String(50), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(50), nullable=False),
    Column("aliases", JSON_DOCUMENT, nullable=False),
    Column("scenario_id", String(100), ForeignKey("scenarios.id"), nullable=True),
)

agreements = Table(
    "agreements",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("scenario_id", String(100), ForeignKey("scenarios.id"), nullable=True),
    Column("title", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("signed_on", Date, nullable=True),
    Column("in_force_at", UTCDateTime, nullable=True),
    Column("utc_offset_hours", Float, nullable=False),
    Column("parties", JSON_DOCUMENT, nullable=False),
    Column("sources", JSON_DOCUMENT, nullable=False),
    Column("summary", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("complaint_deadlines", JSON_DOCUMENT, nullable=True),
)

provisions = Table(
    "provisions",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("agreement_id", String(100), ForeignKey("agreements.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("number", String(20), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("obligated", JSON_DOCUMENT, nullable=False),
    Column("zone_ids", JSON_DOCUMENT, nullable=False),
    Column("deadline", Date, nullable=True),
    Column("starts_at", UTCDateTime, nullable=True),
    Column("ends_on", Date, nullable=True),
    Column("ends_reason", Text, nullable=False),
    Column("quantities", JSON_DOCUMENT, nullable=False),
    Column("term_months", Integer, nullable=True),
    Column("renewal_months", Integer, nullable=True),
    Column("notice_months", Integer, nullable=True),
    Column("sources", JSON_DOCUMENT, nullable=False),
)

amendments = Table(
    "amendments",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("provision_id", String(100), ForeignKey("provisions.id"), nullable=False, index=True),
    Column("agreed_on", Date, nullable=False),
    Column("new_deadline", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("source", Text, nullable=False),
)

zones = Table(
    "zones",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("scenario_id", String(100), ForeignKey("scenarios.id"), nullable=True),
    Column("name", Text, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("geometry", JSON_DOCUMENT, nullable=False),
    Column("approximate", Boolean, nullable=False),
    Column("note", Text, nullable=False),
    Column("source", Text, nullable=False),
)

timeline_events = Table(
    "timeline_events",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("scenario_id", String(100), ForeignKey("scenarios.id"), nullable=True),
    Column("title", Text, nullable=False),
    Column("start", Date, nullable=False, index=True),
    Column("end", Date, nullable=True),
    Column("precision", String(10), nullable=False),
    Column("sources", JSON_DOCUMENT, nullable=False),
    Column("figures", JSON_DOCUMENT, nullable=False),
    Column("effects", JSON_DOCUMENT, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("affiliation", String(20), nullable=False),
    Column("party_id", String(50), nullable=True),
    Column("reliability", String(1), nullable=False),
    CheckConstraint("reliability IN ('A','B','C','D','E','F')", name="reliability"),
)


def _located_columns() -> list[Column[Any]]:
    """Time, place, event type and casualties: the columns reports and incidents share."""
    return [
        Column("occurred_start", UTCDateTime, nullable=False),
        Column("occurred_end", UTCDateTime, nullable=True),
        Column("time_precision", String(10), nullable=False),
        Column("latitude", Float, nullable=False),
        Column("longitude", Float, nullable=False),
        Column("geo_precision", String(12), nullable=False),
        Column("place_name", Text, nullable=False),
        Column("event_type", String(40), nullable=False),
        Column("sub_event_type", String(60), nullable=True),
        Column("casualties", JSON_DOCUMENT, nullable=False),
    ]


imports = Table(
    "imports",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("dataset", String(20), nullable=False),
    Column("file", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("source_id", String(100), ForeignKey("sources.id"), nullable=False),
    Column("actor", Text, nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("rows_read", Integer, nullable=False),
    Column("rows_added", Integer, nullable=False),
    Column("rows_skipped", Integer, nullable=False),
)

reports = Table(
    "reports",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("source_id", String(100), ForeignKey("sources.id"), nullable=False, index=True),
    Column("received_at", UTCDateTime, nullable=False),
    *_located_columns(),
    Column("actors", JSON_DOCUMENT, nullable=False),
    Column("weapons", JSON_DOCUMENT, nullable=False),
    Column("explosions", Integer, nullable=True),
    Column("projectiles", Integer, nullable=True),
    Column("bursts", Integer, nullable=True),
    Column("shots", Integer, nullable=True),
    Column("how_observed", String(20), nullable=False),
    Column("credibility", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("external_id", String(200), nullable=True, unique=True),
    Column("import_id", String(36), ForeignKey("imports.id"), nullable=True, index=True),
    Column("import_row", Integer, nullable=True),
    Column("original_id", String(200), nullable=True),
    Column("extra", JSON_DOCUMENT, nullable=True),
    Column("zone_ids", JSON_DOCUMENT, nullable=False, server_default=text("'[]'")),
    Column("district", Text, nullable=True),
    Column("distance_to_loc_m", Float, nullable=True),
    Column("cell", Integer, nullable=False, server_default=text("0")),
    Column("origin", Text, nullable=True),
    Column("filed_by", Text, nullable=True, index=True),
    CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude"),
    CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude"),
    CheckConstraint("credibility BETWEEN 1 AND 6", name="credibility"),
)
Index(
    "ix_reports_occurred_start_listing",
    reports.c.occurred_start,
    reports.c.id,
    reports.c.event_type,
    reports.c.latitude,
    reports.c.longitude,
)
"""Time windows in (occurred_start, id) order, the order of every list of reports; the
event type and the position are in it so a listing's filters are checked before a row of
the table is read."""
Index(
    "ix_reports_event_type_listing",
    reports.c.event_type,
    reports.c.occurred_start,
    reports.c.id,
    reports.c.latitude,
    reports.c.longitude,
)
"""The same order within one event type, for listings filtered by type: they walk only
that type's reports."""
Index(
    "ix_reports_link_window",
    reports.c.time_precision,
    reports.c.occurred_start,
    reports.c.latitude,
    reports.c.longitude,
    reports.c.geo_precision,
)
"""Linking's reads of the reports near a new one: each band of time precision reads its own
window, the place checked in the index."""

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(36), primary_key=True),
    *_located_columns(),
    Column("status", String(20), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("attributed_party_id", String(50), nullable=True),
    Column("provision_ids", JSON_DOCUMENT, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("attribution_confidence", Float, nullable=False, server_default=text("0")),
    Column("report_count", Integer, nullable=False, server_default=text("1")),
    Column("zone_ids", JSON_DOCUMENT, nullable=False, server_default=text("'[]'")),
    Column("assessment", JSON_DOCUMENT, nullable=True),
)
Index("ix_incidents_occurred_start", incidents.c.occurred_start)

incident_reports = Table(
    "incident_reports",
    metadata,
    Column("report_id", String(36), ForeignKey("reports.id"), primary_key=True),
    Column("incident_id", String(36), ForeignKey("incidents.id"), nullable=False, index=True),
)

link_decisions = Table(
    "link_decisions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("groups", JSON_DOCUMENT, nullable=False),
    Column("reason", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    CheckConstraint("kind IN ('merge','split')", name="kind"),
)
"""Analysts' merges (groups: one list of report ids) and splits (groups: two lists)."""

incident_overrides = Table(
    "incident_overrides",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("incident_id", String(36), nullable=False, index=True),
    Column("status", String(20), nullable=True),
    Column("sets_attribution", Boolean, nullable=False),
    Column("attributed_party_id", String(50), nullable=True),
    Column("reason", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("at", UTCDateTime, nullable=False),
)
"""Analysts' verdicts on an incident (status, attribution), the latest of each kind wins;
they follow an incident's id when linking renames it."""

signing_keys = Table(
    "signing_keys",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("holder", Text, nullable=False),
    Column("nation", String(50), nullable=False),
    Column("public_key", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime, nullable=True),
)
"""Monitors' Ed25519 public keys (hex), by monitoring nation."""

findings = Table(
    "findings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("incident_id", String(36), nullable=True, index=True),
    Column("complaint_id", String(36), nullable=True),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("version", Integer, nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("published_at", UTCDateTime, nullable=True),
    CheckConstraint("status IN ('draft','signed_off','published')", name="status"),
)

finding_signoffs = Table(
    "finding_signoffs",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("finding_id", String(36), ForeignKey("findings.id"), nullable=False, index=True),
    Column("key_id", String(100), ForeignKey("signing_keys.id"), nullable=False),
    Column("nation", String(50), nullable=False),
    Column("version", Integer, nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("signature", String(128), nullable=False),
    Column("signed_at", UTCDateTime, nullable=False),
    Column("voided_at", UTCDateTime, nullable=True),
)
"""Ed25519 signatures (hex) over a finding's canonical content at one version; an edit
voids them (voided_at) but keeps them for the record."""

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(60), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("before", JSON_DOCUMENT, nullable=True),
    Column("after", JSON_DOCUMENT, nullable=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# --- Complaints and requests for information (issue 5; migration 0004) ---

complaints = Table(
    "complaints",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("reference", String(40), nullable=False, unique=True),
    Column("party_id", String(50), nullable=False, index=True),
    Column("agreement_id", String(100), nullable=False),
    Column("allegation", Text, nullable=False),
    Column("confidential", Boolean, nullable=False, server_default=text("false")),
    Column("occurred_start", UTCDateTime, nullable=False),
    Column("occurred_end", UTCDateTime, nullable=True),
    Column("latitude", Float, nullable=True),
    Column("longitude", Float, nullable=True),
    Column("place_name", Text, nullable=False),
    Column("zone_ids", JSON_DOCUMENT, nullable=False, server_default=text("'[]'")),
    Column("status", String(30), nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("acknowledge_by", UTCDateTime, nullable=False),
    Column("finding_by", UTCDateTime, nullable=False),
    Column("acknowledged_at", UTCDateTime, nullable=True),
    Column("investigation_at", UTCDateTime, nullable=True),
    Column("finding_issued_at", UTCDateTime, nullable=True),
    Column("closed_at", UTCDateTime, nullable=True),
    Column("finding_id", String(36), nullable=True),
    Column("filed_by", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    CheckConstraint(
        "status IN ('received','acknowledged','under_investigation','finding_issued',"
        "'closed','withdrawn')",
        name="status",
    ),
)
"""A party's formal allegation. The text and evidence are the filing party's: liaisons of
the other party never read them (the repository's queries filter by viewer)."""

complaint_links = Table(
    "complaint_links",
    metadata,
    Column("complaint_id", String(36), ForeignKey("complaints.id"), primary_key=True),
    Column("kind", String(10), primary_key=True),
    Column("target_id", String(200), primary_key=True),
    CheckConstraint("kind IN ('report','incident')", name="kind"),
)

complaint_evidence = Table(
    "complaint_evidence",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("complaint_id", String(36), ForeignKey("complaints.id"), nullable=False, index=True),
    Column("description", Text, nullable=False),
    Column("file_name", Text, nullable=True),
    Column("sha256", String(64), nullable=True),
    Column("added_by", Text, nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
)

information_requests = Table(
    "information_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("complaint_id", String(36), ForeignKey("complaints.id"), nullable=True, index=True),
    Column("party_id", String(50), nullable=False, index=True),
    Column("question", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("sent_by", Text, nullable=False),
    Column("sent_at", UTCDateTime, nullable=False),
    Column("answer_by", UTCDateTime, nullable=True),
    Column("answer", Text, nullable=True),
    Column("answered_by", Text, nullable=True),
    Column("answered_at", UTCDateTime, nullable=True),
    CheckConstraint("status IN ('sent','answered','withdrawn')", name="status"),
)
"""The mission's requests for information to one party, and the party's answer."""

complaint_summaries = Table(
    "complaint_summaries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("complaint_id", String(36), ForeignKey("complaints.id"), nullable=False, index=True),
    Column("party_id", String(50), nullable=False, index=True),
    Column("finding_id", String(36), nullable=True),
    Column("text", Text, nullable=False),
    Column("rules", JSON_DOCUMENT, nullable=False),
    Column("redactions", JSON_DOCUMENT, nullable=False),
    Column("sent_by", Text, nullable=False),
    Column("sent_at", UTCDateTime, nullable=False),
)
"""What each party received at the end: the finding's summary after the redaction rules the
analyst previewed (which rules, and how many passages each removed)."""

# --- Corridor traffic, exchanges and returns (issue 5; migration 0005) ---

checkpoints = Table(
    "checkpoints",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("name", Text, nullable=False),
    Column("provision_id", String(100), nullable=True),
    Column("zone_id", String(100), nullable=True),
    Column("latitude", Float, nullable=True),
    Column("longitude", Float, nullable=True),
    Column("directions", JSON_DOCUMENT, nullable=False),
    Column("note", Text, nullable=False, server_default=text("''")),
)
"""Crossing points whose daily logs measure a passage guarantee (the Lachin corridor)."""

crossings = Table(
    "crossings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("checkpoint_id", String(100), ForeignKey("checkpoints.id"), nullable=False),
    Column("day", Date, nullable=False, index=True),
    Column("direction", String(40), nullable=False),
    Column("people", Integer, nullable=False),
    Column("vehicles", Integer, nullable=False),
    Column("goods_tonnes", Float, nullable=False),
    Column("import_id", String(36), nullable=True),
    Column("line", Integer, nullable=True),
    UniqueConstraint("checkpoint_id", "day", "direction"),
    CheckConstraint("people >= 0 AND vehicles >= 0 AND goods_tonnes >= 0", name="counts"),
)

exchanges = Table(
    "exchanges",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("day", Date, nullable=False, index=True),
    Column("category", String(20), nullable=False),
    Column("from_party_id", String(50), nullable=False),
    Column("to_party_id", String(50), nullable=False),
    Column("count", Integer, nullable=False),
    Column("provision_id", String(100), nullable=True),
    Column("note", Text, nullable=False, server_default=text("''")),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    CheckConstraint("count >= 0", name="count"),
)
"""Handovers of detainees or bodies: counts only (anyone with access may read them)."""

detained_persons = Table(
    "detained_persons",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", Text, nullable=False),
    Column("category", String(20), nullable=False),
    Column("held_by_party_id", String(50), nullable=False),
    Column("of_party_id", String(50), nullable=False),
    Column("recorded_on", Date, nullable=False),
    Column("exchange_id", String(36), ForeignKey("exchanges.id"), nullable=True, index=True),
    Column("note", Text, nullable=False, server_default=text("''")),
)
"""Person-level records: read by analysts and above only (the repository checks the viewer)."""

displaced_returns = Table(
    "displaced_returns",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("district", String(100), nullable=False),
    Column("month", Date, nullable=False),
    Column("people", Integer, nullable=False),
    Column("source", Text, nullable=False),
    Column("import_id", String(36), nullable=True),
    UniqueConstraint("district", "month", "source"),
    CheckConstraint("people >= 0", name="people"),
)

# --- Alerts (issue 5; migration 0006) ---

alerts = Table(
    "alerts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("kind", String(30), nullable=False, index=True),
    Column("severity", String(10), nullable=False),
    Column("title", Text, nullable=False),
    Column("raised_at", UTCDateTime, nullable=False),
    Column("window_start", Date, nullable=True),
    Column("window_end", Date, nullable=True),
    Column("zone_id", String(100), nullable=True),
    Column("evidence", JSON_DOCUMENT, nullable=False),
    Column("status", String(20), nullable=False),
    Column("acknowledged_by", Text, nullable=True),
    Column("acknowledged_at", UTCDateTime, nullable=True),
    Column("note", Text, nullable=True),
    CheckConstraint("severity IN ('info','warning','critical')", name="severity"),
    CheckConstraint("status IN ('open','acknowledged')", name="status"),
)
"""Something a person must look at now; `key` makes raising the same alert twice a no-op."""

# --- Accounts, API tokens and login attempts (issue 6; migration 0007) ---

users = Table(
    "users",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("display_name", Text, nullable=False),
    Column("role", String(20), nullable=False),
    Column("party_id", String(50), nullable=True),
    Column("nation", String(50), nullable=True),
    Column("password_hash", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("disabled_at", UTCDateTime, nullable=True),
    Column("failed_logins", Integer, nullable=False, server_default=text("0")),
    Column("locked_until", UTCDateTime, nullable=True),
    CheckConstraint(
        "role IN ('monitor','analyst','party_liaison','head_of_mission','public','admin')",
        name="role",
    ),
)
"""People who use the web and the API: a role, the party of a liaison, the monitoring
nation of a monitor; a password hash (scrypt) for the web."""

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("prefix", String(16), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime, nullable=True),
    Column("last_used_at", UTCDateTime, nullable=True),
)
"""Tokens for scripts: the secret is shown once; only its SHA-256 is kept."""

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(100), nullable=False, index=True),
    Column("remote", String(100), nullable=False, index=True),
    Column("at", UTCDateTime, nullable=False),
    Column("succeeded", Boolean, nullable=False),
    Column("outcome", String(20), nullable=False),
)
"""Every password login attempt and how it ended (ok, wrong_password, unknown_user, locked,
disabled), for rate limiting and lockout."""

# --- Evidence files (issue 6; migration 0007) ---

evidence_files = Table(
    "evidence_files",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("stored_at", UTCDateTime, nullable=False),
)
"""Content-addressed evidence: the bytes live in the evidence directory under their hash."""

evidence_links = Table(
    "evidence_links",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("sha256", String(64), ForeignKey("evidence_files.sha256"), nullable=False, index=True),
    Column("entity", String(20), nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("description", Text, nullable=False, server_default=text("''")),
    Column("added_by", Text, nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
    UniqueConstraint("sha256", "entity", "entity_id"),
    CheckConstraint("entity IN ('report','complaint')", name="entity"),
)
Index("ix_evidence_links_entity", evidence_links.c.entity, evidence_links.c.entity_id)
"""Which report or complaint an evidence file belongs to; reading it needs the right to
read that record."""


idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("principal", String(64), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("method", String(10), nullable=False),
    Column("path", Text, nullable=False),
    Column("request_sha256", String(64), nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("response", JSON_DOCUMENT, nullable=True),
    Column("created_at", UTCDateTime, nullable=False, index=True),
    Column("completed_at", UTCDateTime, nullable=True),
)


# --- Spot reports (issue 8; migration 0011) ---

spot_reports = Table(
    "spot_reports",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("alert_id", String(36), ForeignKey("alerts.id"), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("status", String(10), nullable=False),
    Column("incident_ids", JSON_DOCUMENT, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("edited_by", Text, nullable=True),
    Column("sent_by", Text, nullable=True),
    Column("sent_at", UTCDateTime, nullable=True),
    Column("sent_to", Text, nullable=True),
    CheckConstraint("status IN ('draft','sent')", name="status"),
)
"""A short report drafted when an alert fires, edited by an analyst (each edit audited),
then marked sent once."""
