"""Precision of times and places, with their ACLED and UCDP GED codes."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

__all__ = ["GeoPrecision", "TimePrecision"]


class TimePrecision(StrEnum):
    """How exactly the time of an event is known."""

    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"

    @property
    def acled(self) -> int:
        """ACLED time_precision: 1 day known, 2 week known, 3 month or worse."""
        return {"week": 2, "month": 3, "year": 3}.get(self.value, 1)

    @property
    def ucdp(self) -> int:
        """UCDP GED date_prec: 1 exact day ... 5 more than a month."""
        return {"week": 3, "month": 4, "year": 5}.get(self.value, 1)

    @property
    def window(self) -> timedelta:
        """Half-width of the uncertainty around a reported time."""
        return {
            "minute": timedelta(minutes=5),
            "hour": timedelta(hours=1),
            "day": timedelta(days=1),
            "week": timedelta(days=7),
            "month": timedelta(days=31),
            "year": timedelta(days=366),
        }[self.value]

    @classmethod
    def from_acled(cls, code: int) -> TimePrecision:
        """Inverse of `acled`, taking the coarsest member for each code."""
        return {1: cls.DAY, 2: cls.WEEK, 3: cls.MONTH}[code]

    @classmethod
    def from_ucdp(cls, code: int) -> TimePrecision:
        """Inverse of `ucdp`; date_prec 2 (2-6 days) is read as a week."""
        return {1: cls.DAY, 2: cls.WEEK, 3: cls.WEEK, 4: cls.MONTH, 5: cls.YEAR}[code]


class GeoPrecision(StrEnum):
    """How exactly the place of an event is known."""

    EXACT = "exact"
    SETTLEMENT = "settlement"
    NEAR = "near"
    DISTRICT = "district"
    REGION = "region"
    COUNTRY = "country"

    @property
    def acled(self) -> int:
        """ACLED geo_precision: 1 exact place, 2 near it, 3 a larger area."""
        return {"exact": 1, "settlement": 1, "near": 2}.get(self.value, 3)

    @property
    def ucdp(self) -> int:
        """UCDP GED where_prec: 1 exact ... 6 country."""
        return {
            "exact": 1,
            "settlement": 1,
            "near": 2,
            "district": 3,
            "region": 4,
            "country": 6,
        }[self.value]

    @property
    def radius_m(self) -> float:
        """Radius in metres within which the event is assumed to lie."""
        return {
            "exact": 250.0,
            "settlement": 2_000.0,
            "near": 25_000.0,
            "district": 40_000.0,
            "region": 100_000.0,
            "country": 400_000.0,
        }[self.value]

    @classmethod
    def from_acled(cls, code: int) -> GeoPrecision:
        """Inverse of `acled`."""
        return {1: cls.SETTLEMENT, 2: cls.NEAR, 3: cls.DISTRICT}[code]

    @classmethod
    def from_ucdp(cls, code: int) -> GeoPrecision:
        """Inverse of `ucdp`; 5 (a linear feature) and 7 (international space) read as region."""
        return {
            1: cls.EXACT,
            2: cls.NEAR,
            3: cls.DISTRICT,
            4: cls.REGION,
            5: cls.REGION,
            6: cls.COUNTRY,
            7: cls.COUNTRY,
        }[code]
