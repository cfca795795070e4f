"""Field types shared by the API's bodies: plain text without markup, identifiers, and
the cursor of paged lists."""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from ceasefire.errors import ValidationError

__all__ = [
    "Identifier",
    "Page",
    "PlainText",
    "ShortText",
    "decode_cursor",
    "encode_cursor",
    "no_markup",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MARKUP = re.compile(r"<\s*[/!?]?\s*[A-Za-z]|&#?[A-Za-z0-9]+;|javascript\s*:", re.IGNORECASE)


def no_markup(value: str) -> str:
    """Refuse HTML or script markup in free text: records are plain text, and text that
    carries markup is an attack or a paste from a web page that needs cleaning by a person.
    A lone `<` (as in "fewer than 5 < 10") is fine.

    >>> no_markup("shelling from 22:10 to 22:40, <5 rounds")
    'shelling from 22:10 to 22:40, <5 rounds'
    """
    if _MARKUP.search(value):
        raise ValueError("must be plain text; HTML or script markup is not accepted")
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters other than tab and line breaks")
    return value


PlainText = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(no_markup)]
"""Free text (a narrative, an allegation, a reason): plain text up to 20,000 characters."""

ShortText = Annotated[
    str, StringConstraints(min_length=1, max_length=500), AfterValidator(no_markup)
]
"""A title or a name: 1-500 characters of plain text."""

Identifier = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$"),
]
"""An id or reference: letters, digits and `.`, `_`, `:`, `-`."""


def encode_cursor(*parts: Any) -> str:
    """An opaque cursor for the position after a row (its sort key)."""
    return base64.urlsafe_b64encode(json.dumps(parts, default=str).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, size: int, field: str = "cursor") -> list[Any]:
    """The sort key in a cursor made by `encode_cursor`; ValidationError naming `field`."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        parts = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        parts = None
    if not isinstance(parts, list) or len(parts) != size:
        raise ValidationError(field, cursor, "is not a cursor this list gave out")
    return parts


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list, and the cursor of the next (None on the last page)."""

    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` to get the next page; None on the last"
    )
