"""Answers already computed, kept in memory: the same profile asked about again (a reload, a
filter on the results page, a script repeating a request) is answered without planning again.

Keyed by everything the answer depends on: the profile's full JSON, the evaluation date, the
language, the options, and the knowledge base object itself (a reloaded knowledge base is a new
object, so nothing computed from an older one is served). Small and per process: at most
`size` answers (a plan document is about 0.7 MB of JSON).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class Answers:
    """A thread-safe least-recently-used cache of computed answers."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The answer for `key`, computed by `make` (outside the lock) when not kept."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]  # type: ignore[return-value]
            self.misses += 1
        value = make()
        if self.size > 0:
            with self._lock:
                self._items[key] = value
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return value
