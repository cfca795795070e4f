"""Analytics over the stored record: escalation, corridor traffic and the other alert rules."""

from ceasefire.analytics.corridor import BlockedEpisode, CorridorParams, blocked_episodes
from ceasefire.analytics.escalation import (
    Alarm,
    ChartParams,
    Episode,
    detect_escalation,
    episodes,
    nb_upper_tail,
)

__all__ = [
    "Alarm",
    "BlockedEpisode",
    "ChartParams",
    "CorridorParams",
    "Episode",
    "blocked_episodes",
    "detect_escalation",
    "episodes",
    "nb_upper_tail",
]
