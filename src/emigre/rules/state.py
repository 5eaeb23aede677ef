"""The one state algebra of the rules: met < closable < unknown < blocked.

A condition tree is judged in four states, ordered from best to worst so that the tree logic is
an order: `all` is the worst of its children (one definite "no" outweighs missing facts, missing
facts outweigh gaps a step can close), `any` the best alternative, `not` flips met and unmet. The
explain face combines `State` values; the vectorise face uses the same integer codes in UInt8
columns (`pl.max_horizontal` is `all`, `pl.min_horizontal` is `any`). Verdict names and the
three-valued leaf status are derived here once.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import Literal

Status = Literal["met", "unmet", "unknown"]
StateName = Literal["met", "closable", "unknown", "blocked"]
Verdict = Literal["eligible", "reachable", "unknown", "blocked"]


class State(IntEnum):
    """A node's state; the integer is its rank (lower is better) and its column code.

    >>> State.all_of([State.MET, State.CLOSABLE, State.UNKNOWN]).name
    'UNKNOWN'
    >>> State.any_of([State.BLOCKED, State.CLOSABLE]).verdict
    'reachable'
    >>> State.MET.negate(), State.CLOSABLE.negate(), State.UNKNOWN.negate()
    (<State.BLOCKED: 3>, <State.MET: 0>, <State.UNKNOWN: 2>)
    """

    MET = 0
    CLOSABLE = 1
    UNKNOWN = 2
    BLOCKED = 3

    @property
    def label(self) -> StateName:
        """The state's lower-case name ("met", "closable", ...)."""
        return _NAMES[self]

    @property
    def verdict(self) -> Verdict:
        """The verdict a route whose root is in this state gets."""
        return VERDICTS[self]

    @property
    def status(self) -> Status:
        """The three-valued answer of a leaf: closable and blocked are both "unmet"."""
        return _STATUS[self]

    @classmethod
    def of(cls, name: str) -> State:
        """The state called `name` ("met", "closable", "unknown" or "blocked")."""
        return cls[name.upper()]

    @staticmethod
    def all_of(states: Iterable[State]) -> State:
        """`all`: the worst state (met when there is none)."""
        return State(max(states, default=State.MET))

    @staticmethod
    def any_of(states: Iterable[State]) -> State:
        """`any`: the best state (blocked when there is none)."""
        return State(min(states, default=State.BLOCKED))

    def negate(self) -> State:
        """`not`: met blocks, unknown stays unknown, unmet (closable or blocked) meets."""
        if self is State.MET:
            return State.BLOCKED
        return State.UNKNOWN if self is State.UNKNOWN else State.MET

    def close_off(self) -> State:
        """A gap nobody can close (`closable: false` in the data) blocks."""
        return State.BLOCKED if self is State.CLOSABLE else self


_NAMES: dict[State, StateName] = {
    State.MET: "met",
    State.CLOSABLE: "closable",
    State.UNKNOWN: "unknown",
    State.BLOCKED: "blocked",
}
_STATUS: dict[State, Status] = {
    State.MET: "met",
    State.CLOSABLE: "unmet",
    State.UNKNOWN: "unknown",
    State.BLOCKED: "unmet",
}
VERDICTS: tuple[Verdict, ...] = ("eligible", "reachable", "unknown", "blocked")
"""Verdict names by state code (met → eligible, closable → reachable, …)."""
VERDICT_OF: dict[str, Verdict] = {s.label: s.verdict for s in State}
VERDICT_ORDER: dict[str, int] = {s.verdict: int(s) for s in State}
STATUS_OF: dict[str, Status] = {s.label: s.status for s in State}
STATE_CODE: dict[str, int] = {s.label: int(s) for s in State}
