"""What linking compares besides time and place, computed from stored or read reports:
the gazetteer place a name stands for, the actor a source can be trusted to name, and the
death toll. Shared by the linking service and bench/linking.py."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import numpy.typing as npt

from ceasefire.gazetteer import Gazetteer
from ceasefire.place_names import fold_name

__all__ = ["actor_codes", "place_codes"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@cache
def _regional() -> tuple[Gazetteer, dict[int, int]]:
    gazetteer = Gazetteer.load(world=False)
    return gazetteer, {id(place): k for k, place in enumerate(gazetteer)}


def place_codes(names: Sequence[str], lat: FloatArray, lon: FloatArray) -> IntArray:
    """The gazetteer place each name stands for (of several, the one nearest the report's
    point) as its index in the regional gazetteer, so Stepanakert and Khankendi meet; a
    name the gazetteer lacks gets a code of its folded spelling past those indexes; a blank
    name -1 (it meets every place nearby).

    >>> import numpy as np
    >>> codes = place_codes(["Stepanakert", "Khankendi", ""], np.full(3, 39.8), np.full(3, 46.7))
    >>> bool(codes[0] == codes[1]), int(codes[2])
    (True, -1)
    """
    gazetteer, index = _regional()
    out = np.full(len(names), -1, dtype=np.int64)
    rows_of: dict[str, list[int]] = {}
    for k, name in enumerate(names):
        rows_of.setdefault(name, []).append(k)
    folded: dict[str, int] = {}
    for name, found in rows_of.items():
        if not name.strip():
            continue
        rows = np.array(found, dtype=np.int64)
        places = gazetteer.lookup(name)
        if not places:
            fold = fold_name(name)
            out[rows] = len(gazetteer) + folded.setdefault(fold, len(folded))
            continue
        plat = np.array([p.lat for p in places])
        plon = np.array([p.lon for p in places])
        east = (lon[rows, None] - plon) * np.cos(np.radians(plat))
        far = (lat[rows, None] - plat) ** 2 + east**2
        out[rows] = np.array([index[id(p)] for p in places])[np.argmin(far, axis=1)]
    return out


def actor_codes(
    actors: Sequence[str], actor_parties: Sequence[str | None], origin_parties: Sequence[str | None]
) -> IntArray:
    """A code of the initiating actor where the source can be trusted to name it: a neutral
    origin, or a party naming its own side's forces; -1 where not (a party blaming the
    other side, an unidentified group, no actor), so such reports neither gain nor lose
    by their actor.

    >>> actor_codes(["Military Forces of Armenia (2018-)"] * 3, ["AM"] * 3, [None, "AM", "AZ"])
    array([ 0,  0, -1])
    """
    table: dict[str, int] = {}
    out = np.full(len(actors), -1, dtype=np.int64)
    for k, (name, party, origin) in enumerate(
        zip(actors, actor_parties, origin_parties, strict=True)
    ):
        if not name or name.startswith("Unidentified"):
            continue
        if origin is None or party == origin:
            out[k] = table.setdefault(name, len(table))
    return out
