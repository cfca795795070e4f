"""Analysts' merges and splits, replayed in order into the constraints linking must keep.

A merge says "these reports are one incident"; a split says "these reports are not the same
incident as those". Later decisions win over earlier ones they contradict: a split cuts the
earlier merges that held both of its sides, and a merge lifts the earlier splits that kept
its members apart. So merging two incidents and then splitting them along the same line
leaves exactly the split, and linking rebuilds the two incidents it had.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ceasefire.domain.linking import Decisions
from ceasefire.errors import ValidationError

__all__ = ["DecisionKind", "LinkDecision", "compile_decisions"]


class DecisionKind(StrEnum):
    """What an analyst decided about a set of reports."""

    MERGE = "merge"
    SPLIT = "split"


@dataclass(frozen=True, slots=True)
class LinkDecision:
    """One decision: a merge has one group of report ids, a split two."""

    kind: DecisionKind
    groups: tuple[tuple[str, ...], ...]
    reason: str

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValidationError("reason", self.reason, "an analyst's decision needs a reason")
        expected = 1 if self.kind is DecisionKind.MERGE else 2
        if len(self.groups) != expected or any(not g for g in self.groups):
            raise ValidationError(
                "groups",
                [list(g) for g in self.groups],
                f"a {self.kind.value} needs {expected} non-empty group(s) of report ids",
            )
        if self.kind is DecisionKind.MERGE and len(set(self.groups[0])) < 2:
            raise ValidationError("groups", list(self.groups[0]), "a merge needs two reports")
        if self.kind is DecisionKind.SPLIT and set(self.groups[0]) & set(self.groups[1]):
            raise ValidationError(
                "groups",
                sorted(set(self.groups[0]) & set(self.groups[1])),
                "a report cannot be on both sides of a split",
            )


def compile_decisions(history: Iterable[LinkDecision]) -> Decisions:
    """The constraints left after replaying `history` (oldest first).

    >>> m = LinkDecision(DecisionKind.MERGE, (("a", "b"),), "same crater")
    >>> s = LinkDecision(DecisionKind.SPLIT, (("a",), ("b",)), "two craters")
    >>> compile_decisions([m, s])
    Decisions(together=(), apart=((('a',), ('b',)),))
    >>> compile_decisions([s, m])
    Decisions(together=(('a', 'b'),), apart=())
    """
    together: list[frozenset[str]] = []
    apart: list[tuple[frozenset[str], frozenset[str]]] = []
    for decision in history:
        if decision.kind is DecisionKind.MERGE:
            members = frozenset(decision.groups[0])
            apart = [(a, b) for a, b in apart if not (members & a and members & b)]
            together.append(members)
        else:
            left, right = frozenset(decision.groups[0]), frozenset(decision.groups[1])
            together = _cut(together, left, right)
            apart.append((left, right))
    return Decisions(
        together=tuple(tuple(sorted(g)) for g in together if len(g) > 1),
        apart=tuple((tuple(sorted(a)), tuple(sorted(b))) for a, b in apart),
    )


def _cut(
    groups: Sequence[frozenset[str]], left: frozenset[str], right: frozenset[str]
) -> list[frozenset[str]]:
    """Each merge group that holds both sides of a split, cut into its left part and the
    rest."""
    kept: list[frozenset[str]] = []
    for group in groups:
        if group & left and group & right:
            kept.extend(part for part in (group & left, group - left) if part)
        else:
            kept.append(group)
    return kept
