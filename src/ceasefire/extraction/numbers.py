"""Numbers written as digits or English words ("12", "1,200", "twenty-two", "a dozen"),
shared by the rules that count casualties and observations."""

from __future__ import annotations

import re

__all__ = ["WORD_NUMBER", "number_value"]

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
WORD_NUMBER = (
    r"(?:(?:"
    + "|".join(_TENS)
    + r")(?:[- ](?:"
    + "|".join(k for k in _UNITS if _UNITS[k] < 10)
    + r"))?|"
    + "|".join(sorted(_UNITS, key=len, reverse=True))
    + r")(?:\s+hundred)?"
)
"""A number in words, from "one" to "ninety-nine hundred"."""


def number_value(text: str) -> int | None:
    """The value of digits ("1,200"), "a dozen" or a number in words; None for other words.

    >>> number_value("twenty-two"), number_value("1,200"), number_value("a dozen")
    (22, 1200, 12)
    """
    key = " ".join(text.lower().split())
    if key == "a dozen":
        return 12
    if key[:1].isdigit():
        digits = key.replace(",", "")
        return int(digits) if digits.isdigit() else None
    hundred = key.endswith(" hundred")
    key = key.removesuffix(" hundred")
    total = 0
    for part in re.split(r"[- ]", key):
        if part in _UNITS:
            total += _UNITS[part]
        elif part in _TENS:
            total += _TENS[part]
        else:
            return None
    return total * 100 if hundred else total
