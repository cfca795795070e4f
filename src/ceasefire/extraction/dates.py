"""Dates and times of events: absolute, relative to the publication date, and ranges.

Read per sentence: every date mention ("13 May 2021", "May 13", "2-5 April 2016", "the
night of 13 to 14 September", "April 2016", "yesterday", "last night", "on Tuesday"),
joined into a range where a connector stands between two ("from the evening of 2 June
to the night of 3 June"), and the clock times of the sentence ("at 23:40", "from 18:40
to 19:15", "at around 23:00") laid on the first of them. A date without a year takes the
publication's year, or the year before when that would put it after publication; a
weekday is the last such day on or before publication. Times are local (UTC+4, the time
of both Armenia and Azerbaijan) unless the caller says otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from ceasefire.domain.precision import TimePrecision
from ceasefire.extraction.model import DateValue, Field, Span

__all__ = ["LOCAL_TIME", "find_date"]

LOCAL_TIME = timezone(timedelta(hours=4))

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19[89]\d|20\d\d)"
_TO = r"\s*(?:-|–|—|to|till|until|and)\s*"

_DATE = re.compile(
    rf"""
    (?<![\w-])(?:
        (?P<d1>{_DAY})(?:{_TO}(?P<d2>{_DAY}))?\s+(?:of\s+)?(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}))?
      | (?P<m2>{_MONTH})\s+(?P<d3>{_DAY})(?:{_TO}(?P<d4>{_DAY}))?(?![\d:])(?:,?\s+(?P<y2>{_YEAR}))?
      | (?P<m3>{_MONTH})\s+(?P<y3>{_YEAR})
      | (?P<of>(?:of|in|since|during)\s+(?:early\s+|late\s+|mid-)?)(?P<m4>{_MONTH})(?!\s+\d)
      | (?P<rel>today|this\s+(?:morning|afternoon|evening)|tonight|yesterday|last\s+night
          |overnight|the\s+previous\s+night|(?:over|during)\s+the\s+(?:past|last)\s+(?:day|24\s+hours))
      | (?P<wd>(?:on\s+)?(?:early\s+|late\s+|last\s+)?)(?P<day>{"|".join(_WEEKDAYS)})
    )(?![\w])
    """,
    re.IGNORECASE | re.VERBOSE,
)
# A date that names an agreement ("the 9 November 2020 statement") is not the event's.
_NOT_EVENT = re.compile(
    r"[\s,]*(?:\d{4}\s+)?(?:trilateral\s+)?(?:statement|deal|agreement|truce|declaration|"
    r"ceasefire\s+(?:agreement|statement)|memorandum)",
    re.IGNORECASE,
)
_RANGE_GAP = re.compile(
    rf"^\s*(?:{_TO.strip()})\s+(?:the\s+)?(?:(?:early\s+|late\s+)?(?:morning|afternoon|evening|night)"
    r"\s+of\s+)?(?:\d{1,2}:\d{2}\s+(?:on\s+)?)?$",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?P<approx>(?:at\s+)?(?:around|about|approximately|roughly|circa)\s+)?"
    r"(?<![\d:.])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?![\d:])"
    r"|(?<!\w)(?P<noon>noon|midnight)(?!\w)",
    re.IGNORECASE,
)
_TIME_TO = re.compile(r"^\s*(?:-|–|to|till|until|and)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Mention:
    start_day: date
    end_day: date | None
    precision: TimePrecision
    confidence: float
    span: Span


@dataclass(frozen=True, slots=True)
class _Clock:
    at: time
    approximate: bool
    span: Span


def find_date(
    sentence: str, offset: int, published: date, *, tz: tzinfo = LOCAL_TIME
) -> Field[DateValue] | None:
    """The event date of one sentence (at `offset` in its text), or None if it names none.

    >>> found = find_date("On May 13, from 23:40 till 00:15, units fired", 0, date(2021, 5, 14))
    >>> found.value.start.isoformat(), found.value.end.isoformat(), found.value.precision.value
    ('2021-05-13T23:40:00+04:00', '2021-05-14T00:15:00+04:00', 'minute')
    """
    mentions = _mentions(sentence, offset, published)
    if not mentions:
        return None
    first = mentions[0]
    clocks = _clocks(sentence, offset)
    start = datetime.combine(first.start_day, time(0), tz)
    end = datetime.combine(first.end_day, time(0), tz) if first.end_day else None
    spans = [first.span]
    precision = first.precision
    if clocks and precision is TimePrecision.DAY:
        start = datetime.combine(first.start_day, clocks[0].at, tz)
        spans.append(clocks[0].span)
        precision = TimePrecision.HOUR if clocks[0].approximate else TimePrecision.MINUTE
        if len(clocks) > 1 and _is_time_range(sentence, offset, clocks[0], clocks[1], mentions):
            end_day = first.end_day or first.start_day
            end = datetime.combine(end_day, clocks[1].at, tz)
            if end < start:
                end += timedelta(days=1)
            spans.append(clocks[1].span)
        elif end is not None:
            end = None if first.end_day == first.start_day else end
    spans.sort(key=lambda s: s.start)
    return Field(DateValue(start, end, precision), tuple(spans), first.confidence)


def _is_time_range(
    sentence: str, offset: int, a: _Clock, b: _Clock, mentions: list[_Mention]
) -> bool:
    """Whether two clock times read as "from A to B" (possibly "A on D1 to B on D2")."""
    gap = sentence[a.span.end - offset : b.span.start - offset]
    if _TIME_TO.match(gap):
        return True
    return (
        len(mentions) > 0
        and re.match(r"^\s*on\s+.{3,20}?\s+(?:to|till|until)\s*$", gap) is not None
    )


def _mentions(sentence: str, offset: int, published: date) -> list[_Mention]:
    """Date mentions in order, with ranges ("from D1 to D2") joined into one."""
    found: list[_Mention] = []
    for match in _DATE.finditer(sentence):
        if _NOT_EVENT.match(sentence, match.end()):
            continue
        mention = _mention(match, sentence, offset, published)
        if mention is None:
            continue
        if found and _joins(sentence, offset, found[-1], mention):
            previous = found.pop()
            span = Span(previous.span.start, mention.span.end, "")
            mention = _Mention(
                previous.start_day,
                mention.start_day,
                previous.precision,
                min(previous.confidence, mention.confidence),
                Span(span.start, span.end, sentence[span.start - offset : span.end - offset]),
            )
        found.append(mention)
    return found


def _joins(sentence: str, offset: int, a: _Mention, b: _Mention) -> bool:
    gap = sentence[a.span.end - offset : b.span.start - offset]
    return a.end_day is None and b.start_day >= a.start_day and _RANGE_GAP.match(gap) is not None


def _mention(match: re.Match[str], sentence: str, offset: int, published: date) -> _Mention | None:
    span = Span(match.start() + offset, match.end() + offset, match.group())
    groups = match.groupdict()
    if groups["rel"]:
        return _relative(groups["rel"].lower(), span, published)
    if groups["day"]:
        target = _WEEKDAYS.index(groups["day"].lower())
        back = (published.weekday() - target) % 7
        return _Mention(published - timedelta(days=back), None, TimePrecision.DAY, 0.75, span)
    month = _MONTHS[
        (groups["m1"] or groups["m2"] or groups["m3"] or groups["m4"]).lower().rstrip(".")
    ]
    year_text = groups["y1"] or groups["y2"] or groups["y3"]
    first_day = groups["d1"] or groups["d3"]
    if first_day is None:
        year = int(year_text) if year_text else _year_for(month, 1, published)
        confidence = 0.8 if year_text else 0.6
        return _Mention(date(year, month, 1), None, TimePrecision.MONTH, confidence, span)
    day = int(re.sub(r"\D", "", first_day))
    year = int(year_text) if year_text else _year_for(month, day, published)
    try:
        start = date(year, month, day)
        last = groups["d2"] or groups["d4"]
        end = date(year, month, int(re.sub(r"\D", "", last))) if last else None
    except ValueError:
        return None
    if end is not None and end < start:
        return None
    return _Mention(start, end, TimePrecision.DAY, 0.95 if year_text else 0.85, span)


def _relative(word: str, span: Span, published: date) -> _Mention:
    day = timedelta(days=1)
    word = " ".join(word.split())
    if word == "yesterday":
        return _Mention(published - day, None, TimePrecision.DAY, 0.85, span)
    if word in ("today", "tonight") or word.startswith("this "):
        return _Mention(published, None, TimePrecision.DAY, 0.85, span)
    return _Mention(published - day, published, TimePrecision.DAY, 0.75, span)


def _year_for(month: int, day: int, published: date) -> int:
    """The year that puts month/day on or before publication (a day's grace for time zones)."""
    try:
        candidate = date(published.year, month, day)
    except ValueError:
        return published.year
    return published.year - 1 if candidate > published + timedelta(days=1) else published.year


def _clocks(sentence: str, offset: int) -> list[_Clock]:
    clocks = []
    for match in _TIME.finditer(sentence):
        if match.group("noon"):
            at = time(12) if match.group("noon").lower() == "noon" else time(0)
            approximate = True
        else:
            at = time(int(match.group("h")), int(match.group("m")))
            approximate = match.group("approx") is not None
        start = match.start("h") if match.group("h") else match.start()
        if approximate and match.group("approx"):
            start = match.start()
        clocks.append(
            _Clock(
                at,
                approximate,
                Span(start + offset, match.end() + offset, sentence[start : match.end()]),
            )
        )
    return clocks
