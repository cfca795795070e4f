"""One exception hierarchy for ceasefire; interfaces map these to exit codes and HTTP status."""

from __future__ import annotations

from typing import Any

__all__ = [
    "AccessDeniedError",
    "AuditChainError",
    "AuthenticationError",
    "BodyTooLargeError",
    "CeasefireError",
    "ConflictError",
    "InputFileError",
    "NotFoundError",
    "ScenarioError",
    "StorageError",
    "ValidationError",
]


class CeasefireError(Exception):
    """Base of every error ceasefire raises on purpose."""

    exit_code = 1


class ValidationError(CeasefireError):
    """Input that breaks a rule; names the field and the offending value."""

    exit_code = 2

    def __init__(self, field: str, value: Any, message: str) -> None:
        self.field = field
        self.value = value
        self.message = message
        super().__init__(f"{field}: {message} (got {value!r})")


class AccessDeniedError(ValidationError):
    """The viewer's role may not read or do this (the API answers 403); names the role."""

    exit_code = 7


class AuthenticationError(AccessDeniedError):
    """A login or token that does not authenticate. The message never says why (so nobody
    learns which usernames exist); `reason` says it, for the audit and the server log. The
    API answers 401."""

    exit_code = 8

    def __init__(self, field: str, message: str, reason: str) -> None:
        super().__init__(field, None, message)
        self.reason = reason
        self.args = (f"{field}: {message}",)


class NotFoundError(CeasefireError):
    """A record asked for by id does not exist."""

    exit_code = 3

    def __init__(self, kind: str, key: object) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"{kind} {key!r} not found")


class BodyTooLargeError(CeasefireError):
    """A request body over the limit of its route (the API answers 413)."""

    exit_code = 2

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"the request body is larger than {limit:,} bytes, the limit here")


class ConflictError(CeasefireError):
    """The request contradicts data already stored."""

    exit_code = 4


class ScenarioError(CeasefireError):
    """A scenario file is malformed or inconsistent; names the file and the place in it."""

    exit_code = 2

    def __init__(self, path: str, where: str, message: str) -> None:
        self.path = path
        self.where = where
        self.message = message
        location = f"{path}: {where}" if where else path
        super().__init__(f"{location}: {message}")


class StorageError(CeasefireError):
    """The database cannot be reached or is not in the expected shape."""

    exit_code = 5


class AuditChainError(CeasefireError):
    """The audit log's hash chain is broken."""

    exit_code = 6


class InputFileError(CeasefireError):
    """A file being imported is malformed; names the file, line, column, value and why."""

    exit_code = 2

    def __init__(
        self, file: str, line: int | None, column: str | None, value: Any, reason: str
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.reason = reason
        where = file if line is None else f"{file}, line {line}"
        if column is not None:
            where += f", column {column}"
        shown = "" if value is None else f" (got {value!r})"
        super().__init__(f"{where}: {reason}{shown}")
