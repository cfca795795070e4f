"""Weapons named in a text and the class monitors record them under."""

from __future__ import annotations

import re

from ceasefire.domain.reports import WeaponClass
from ceasefire.extraction.model import Field, Span

__all__ = ["find_weapons"]

# Longer names come first in each alternation, and classes that contain another's words
# ("large-calibre machine gun" holds "machine gun", "anti-tank mine" holds "tank") first.
_CLASSES: tuple[tuple[WeaponClass, str], ...] = (
    (
        WeaponClass.MINE,
        r"(?:anti-?(?:tank|personnel)\s+)?(?:land)?mines?|minefields?|IEDs?"
        r"|improvised\s+explosive\s+devices?|explosive\s+devices?",
    ),
    (
        WeaponClass.HEAVY_MACHINE_GUN,
        r"(?:large|heavy)[- ]cal(?:ib(?:re|er)|iber)\s+"
        r"(?:machine[- ]guns?|weapons?|firearms?|arms)|heavy[- ]machine[- ]guns?|DShK|NSV",
    ),
    (WeaponClass.SNIPER, r"snipers?(?:\s+rifles?)?"),
    (
        WeaponClass.GRENADE_LAUNCHER,
        r"(?:under-barrel\s+|automatic\s+)?grenade[- ]launchers?"
        r"|rocket-propelled\s+grenades?|RPG(?:-\d+)?s?|AGS-17",
    ),
    (WeaponClass.ANTI_TANK, r"anti-?tank\s+(?:missiles?|guided\s+missiles?|weapons?)|ATGMs?"),
    (WeaponClass.MORTAR, r"(?:\d{2,3}\s?mm\s+)?mortars?"),
    (
        WeaponClass.MLRS,
        r"multiple[- ]rocket[- ]launch(?:ers?|\s+systems?)|MLRS|rocket\s+launchers?"
        r"|Smerch|Grad|Uragan|Polonez|BM-\d+|rockets?",
    ),
    (
        WeaponClass.ARTILLERY,
        r"(?:\d{2,3}\s?mm\s+)?(?:heavy\s+)?artillery|howitzers?|D-30|cannons?"
        r"|(?:ballistic\s+)?missiles?|cluster\s+munitions?",
    ),
    (WeaponClass.TANK, r"tanks?"),
    (
        WeaponClass.DRONE,
        r"(?:kamikaze\s+)?drones?|UAVs?|unmanned\s+aerial\s+vehicles?|Bayraktars?"
        r"|loitering\s+munitions?|Harop",
    ),
    (
        WeaponClass.AIRCRAFT,
        r"aircraft|warplanes?|fighter\s+jets?|F-16s?|Su-25s?|SU-25|helicopters?"
        r"|air\s+power|airstrikes?",
    ),
    (
        WeaponClass.SMALL_ARMS,
        r"small[- ]arms?|automatic\s+(?:weapons?|rifles?|fire)"
        r"|automatic-rifle|machine[- ]guns?|assault\s+rifles?|rifles?|gunfire|firearms?",
    ),
)
_PATTERN = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<{c.name}>{p})" for c, p in _CLASSES) + r")(?![\w])",
    re.IGNORECASE,
)
_CONFIDENCE = {WeaponClass.SMALL_ARMS: 0.8, WeaponClass.MLRS: 0.8, WeaponClass.ARTILLERY: 0.85}


def find_weapons(sentence: str, offset: int) -> list[Field[WeaponClass]]:
    """Weapon mentions of one sentence (at `offset` in its text), one field per mention.

    >>> [f.value.value for f in find_weapons("using large-caliber machine guns and mortars", 0)]
    ['heavy_machine_gun', 'mortar']
    """
    found = []
    for match in _PATTERN.finditer(sentence):
        name = match.lastgroup
        assert name is not None
        weapon = WeaponClass[name]
        span = Span(match.start() + offset, match.end() + offset, match.group())
        found.append(Field(weapon, (span,), _CONFIDENCE.get(weapon, 0.9)))
    return found
