"""Answers worked out once from objects that never change (a parameter store, an exchange-rate
table, a route's cost) and shared by every plan that asks again: each plan of each person asks
for the same living costs, fees and prices at the same date.

An answer is kept by the identities of the objects it was worked out from, with the objects
themselves beside it, so an identity is never reused while its answer is here (and a store built
for a reform gets answers of its own). What is kept must never be changed in place by whoever
reads it (figures are frozen; messages render the same in every plan).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Kept(Generic[V]):
    """Answers by key: the identities of the objects an answer was worked out from (`id(x)`),
    then any plain values (a date, a country), at most `limit` of them (a long-lived server
    that reloads its data or plans at many dates starts afresh when full)."""

    def __init__(self, limit: int = 20_000) -> None:
        self.limit = limit
        self._answers: dict[tuple[Hashable, ...], tuple[tuple[object, ...], V]] = {}

    def get(self, key: tuple[Hashable, ...]) -> V | None:
        hit = self._answers.get(key)
        return None if hit is None else hit[1]

    def put(self, key: tuple[Hashable, ...], objects: tuple[object, ...], answer: V) -> V:
        """Keep `answer` under `key`, with the `objects` whose identities the key holds."""
        if len(self._answers) >= self.limit:
            self._answers.clear()
        self._answers[key] = (objects, answer)
        return answer
