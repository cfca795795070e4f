"""The fixed vocabulary of synthetic intake: sources, actors, event classes and place names.

Tables are plain tuples so the generator can turn them into numpy lookup arrays once and
index them with whole columns of random draws.
"""

from __future__ import annotations

from dataclasses import dataclass

from ceasefire.domain.event_types import check_event_type
from ceasefire.importers.formats import ACLED_ACTOR_TYPES

__all__ = [
    "ACTORS",
    "AM",
    "AZ",
    "EVENT_CLASSES",
    "INTER_TEXT",
    "NEUTRAL",
    "PARTY_NAMES",
    "SOURCE_KINDS",
    "SOURCE_OPTIONS",
    "Actor",
    "EventClass",
    "SourceKind",
    "SourceOption",
]

AZ, AM, NEUTRAL = 0, 1, 2
"""Sides: the two parties and everyone else (monitors, peacekeepers, foreign media)."""

INTER_TEXT: dict[int, str] = {0: "", **ACLED_ACTOR_TYPES}
"""ACLED's actor types as current exports spell them; 0 stands for "no second actor"."""


@dataclass(frozen=True, slots=True)
class Actor:
    """An ACLED actor with its type code and the words the notes use for it."""

    name: str
    inter: int
    noun: str
    positions: str


ACTORS: tuple[Actor, ...] = (
    Actor("Military Forces of Azerbaijan (2003-)", 1, "Azerbaijani forces",
          "Azerbaijani positions"),
    Actor("Military Forces of Armenia (2018-)", 1, "Armenian forces", "Armenian positions"),
    Actor("Military Forces of Russia (2000-) Peacekeeping", 8, "Russian peacekeepers",
          "a Russian peacekeeping post"),
    Actor("Civilians (Azerbaijan)", 7, "Azerbaijani civilians", "Azerbaijani civilians"),
    Actor("Civilians (Armenia)", 7, "Armenian civilians", "Armenian civilians"),
    Actor("Unidentified Armed Group (Azerbaijan)", 3, "unidentified gunmen", "unidentified gunmen"),
    Actor("Protesters (Azerbaijan)", 6, "Azerbaijani activists", "Azerbaijani activists"),
    Actor("", 0, "", ""),
)  # fmt: skip
"""Index 0/1: forces of a side, 2: peacekeepers, 3/4: civilians of a side, 5: unattributed,
6: protesters, 7: no actor."""


@dataclass(frozen=True, slots=True)
class EventClass:
    """One kind of incident: its ACLED coding, how reports phrase it, and how often it occurs.

    `claim` is a format string over {a} (actor1 noun), {t} (actor2 noun) and {tp} (actor2
    positions). Contested classes are the ones the parties blame on each other or deny.
    """

    event_type: str
    sub_event_type: str
    disorder_type: str
    claim: str
    actor1: str
    actor2: str
    contested: bool
    line_weight: float
    corridor_weight: float
    fatality_mean: float

    def __post_init__(self) -> None:
        check_event_type(self.event_type, self.sub_event_type)


_PV, _SD, _DM = "Political violence", "Strategic developments", "Demonstrations"
_EXPLOSIONS = "Explosions/Remote violence"

EVENT_CLASSES: tuple[EventClass, ...] = (
    EventClass(_EXPLOSIONS, "Shelling/artillery/missile attack", _PV,
               "{a} fired mortars at {tp}", "forces", "forces", True, 0.40, 0.04, 0.12),
    EventClass("Battles", "Armed clash", _PV,
               "{a} opened small-arms fire on {tp}", "forces", "forces", True, 0.30, 0.10, 0.25),
    EventClass(_EXPLOSIONS, "Air/drone strike", _PV,
               "{a} struck {tp} with a drone", "forces", "forces", True, 0.06, 0.02, 0.5),
    EventClass(_EXPLOSIONS, "Remote explosive/landmine/IED", _PV,
               "{t} were hit by a landmine laid by {a}", "forces", "civilians", True,
               0.06, 0.04, 0.6),
    EventClass("Violence against civilians", "Attack", _PV,
               "{a} fired at {t} working in the fields", "forces", "civilians", True,
               0.05, 0.10, 0.3),
    EventClass(_SD, "Disrupted weapons use", _SD,
               "{a} shot down a reconnaissance drone", "forces", "none", False, 0.06, 0.03, 0.0),
    EventClass(_SD, "Other", _SD,
               "{a} stopped vehicles and turned them back at {tp}", "forces", "peacekeepers",
               False, 0.04, 0.30, 0.0),
    EventClass(_SD, "Headquarters or base established", _SD,
               "{a} set up a new checkpoint on the road", "forces", "none", False,
               0.03, 0.12, 0.0),
    EventClass("Protests", "Peaceful protest", _DM,
               "{a} blocked the road in a protest", "protesters", "none", False, 0.0, 0.25, 0.0),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SourceKind:
    """A kind of source and the precision of what it reports.

    Probabilities are over ACLED precision codes 1, 2 and 3; `radius_m` is the jitter radius
    for each geo_precision code.
    """

    name: str
    weight: float
    time_precision: tuple[float, float, float]
    geo_precision: tuple[float, float, float]
    radius_m: tuple[float, float, float]
    party: bool = False


SOURCE_KINDS: tuple[SourceKind, ...] = (
    SourceKind("patrol", 0.12, (1.0, 0.0, 0.0), (1.0, 0.0, 0.0), (300, 300, 300)),
    SourceKind("observation post", 0.14, (1.0, 0.0, 0.0), (1.0, 0.0, 0.0), (100, 100, 100)),
    SourceKind("uav", 0.10, (1.0, 0.0, 0.0), (1.0, 0.0, 0.0), (100, 100, 100)),
    SourceKind("party statement (AZ)", 0.20, (0.93, 0.07, 0.0), (0.1, 0.8, 0.1),
               (1000, 3000, 6000), party=True),
    SourceKind("party statement (AM)", 0.20, (0.93, 0.07, 0.0), (0.1, 0.8, 0.1),
               (1000, 3000, 6000), party=True),
    SourceKind("peacekeepers", 0.09, (1.0, 0.0, 0.0), (0.6, 0.4, 0.0), (500, 1500, 1500)),
    SourceKind("media", 0.15, (0.78, 0.17, 0.05), (0.1, 0.6, 0.3), (1500, 5000, 8000)),
)  # fmt: skip
"""Indexes 0-6; the jitter radius stays under 10 km so reports stay near their incident."""


@dataclass(frozen=True, slots=True)
class SourceOption:
    """One way the source column of a report of a given kind can read."""

    kind: int
    source: str
    scale: str
    side: int
    weight: float
    lead: str


_MOD_AZ, _MOD_AM = "Ministry of Defence of Azerbaijan", "Ministry of Defence of Armenia"
_RPC = "Russian Peacekeeping Contingent"

SOURCE_OPTIONS: tuple[SourceOption, ...] = (
    SourceOption(0, "JMC patrol", "Other", NEUTRAL, 1.0, "a JMC patrol reported that"),
    SourceOption(1, "JMC observation post", "Other", NEUTRAL, 1.0,
                 "a JMC observation post reported that"),
    SourceOption(2, "JMC UAV", "Other", NEUTRAL, 1.0, "JMC UAV imagery showed that"),
    SourceOption(3, _MOD_AZ, "Other", AZ, 0.7, f"the {_MOD_AZ} said that"),
    SourceOption(3, f"{_MOD_AZ}; APA", "Other-National", AZ, 0.15, f"the {_MOD_AZ} said that"),
    SourceOption(3, f"{_MOD_AZ}; Trend", "Other-National", AZ, 0.15, f"the {_MOD_AZ} said that"),
    SourceOption(4, _MOD_AM, "Other", AM, 0.7, f"the {_MOD_AM} said that"),
    SourceOption(4, f"{_MOD_AM}; Armenpress", "Other-National", AM, 0.15,
                 f"the {_MOD_AM} said that"),
    SourceOption(4, f"{_MOD_AM}; news.am", "Other-National", AM, 0.15, f"the {_MOD_AM} said that"),
    SourceOption(5, _RPC, "Other", NEUTRAL, 0.8, f"the {_RPC} reported that"),
    SourceOption(5, f"{_RPC}; TASS", "Other-International", NEUTRAL, 0.2,
                 f"the {_RPC} reported that"),
    SourceOption(6, "APA", "National", AZ, 0.14, "APA reported that"),
    SourceOption(6, "Trend", "National", AZ, 0.12, "Trend reported that"),
    SourceOption(6, "Report.az", "National", AZ, 0.06, "Report.az reported that"),
    SourceOption(6, "APA; Trend", "National", AZ, 0.06, "APA reported that"),
    SourceOption(6, "Armenpress", "National", AM, 0.14, "Armenpress reported that"),
    SourceOption(6, "news.am", "National", AM, 0.12, "news.am reported that"),
    SourceOption(6, "Armenpress; news.am", "National", AM, 0.06, "Armenpress reported that"),
    SourceOption(6, "Interfax", "International", NEUTRAL, 0.08, "Interfax reported that"),
    SourceOption(6, "Caucasian Knot", "Regional", NEUTRAL, 0.08, "Caucasian Knot reported that"),
    SourceOption(6, "JAMnews; Caucasian Knot", "Regional", NEUTRAL, 0.06,
                 "JAMnews reported that"),
    SourceOption(6, "Telegram", "New media", NEUTRAL, 0.04, "a Telegram channel reported that"),
    SourceOption(6, "Interfax; APA; Armenpress", "National-International", NEUTRAL, 0.04,
                 "Interfax reported that"),
)  # fmt: skip

_DOTLESS_I = "\N{LATIN SMALL LETTER DOTLESS I}"

PARTY_NAMES: dict[tuple[str, str], tuple[str, str]] = {
    ("Khankendi", "Khankendi"): ("Khankendi", "Stepanakert"),
    ("Shusha", "Shusha District"): ("Shusha", "Shushi"),
    (f"La\N{LATIN SMALL LETTER C WITH CEDILLA}{_DOTLESS_I}n", "Lachin"): ("Lachin", "Berdzor"),
    ("Kalbajar", "Kalbajar"): ("Kalbajar", "Karvachar"),
    ("Martakert", "Tartar"): ("Aghdara", "Martakert"),
    ("Khojavend", "Khojavend"): ("Khojavend", "Martuni"),
    ("Khojaly", "Khojaly"): ("Khojaly", "Ivanyan"),
    ("Askyaran", "Khojaly"): ("Asgaran", "Askeran"),
    ("Aghdam", "Aghdam"): ("Aghdam", "Akna"),
    ("Fuzuli", "Fuzuli"): ("Fuzuli", "Varanda"),
    ("Jabrayil", "Jabrayil"): ("Jabrayil", "Jrakan"),
    (f"Qubadl{_DOTLESS_I}", "Qubadli"): ("Qubadli", "Kashunik"),
    ("Zangilan", "Zangilan"): ("Zangilan", "Kovsakan"),
    ("Lalatapa", "Jabrayil"): ("Lalatapa", "Varazatumb"),
    ("Hadrut", "Khojavend"): ("Hadrut", "Hadrut"),
}
"""(gazetteer name, admin1) -> (the name Azerbaijani sources use, the name Armenian ones use)."""
