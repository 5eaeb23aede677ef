"""Resolving a parameter at the evaluation date, as openfisca does with dated parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from emigre.i18n import _
from emigre.knowledge.model import Parameter, ParamValue, Source


class UnknownParameter(KeyError):
    """A route names a parameter the knowledge base does not define (a data error)."""


@dataclass(frozen=True)
class Resolved:
    name: str
    unit: str
    value: Any
    entry: ParamValue | None
    """None when no value is known at the date (the date is before the first value)."""
    latest_known: bool = False
    """True when the date lies past the value's known validity: we use it but say so."""

    @property
    def known(self) -> bool:
        return self.entry is not None

    @property
    def sources(self) -> list[Source]:
        return list(self.entry.sources) if self.entry else []

    @property
    def since(self) -> date | None:
        return self.entry.from_ if self.entry else None

    def caveat(self) -> str | None:
        if self.entry is None:
            return None
        if self.latest_known:
            return _("latest known value, from {since}; it may have changed").format(
                since=self.entry.from_.isoformat()
            )
        if self.entry.confidence == "unverified":
            return _("unverified figure")
        return None


class ParameterStore:
    def __init__(self, parameters: dict[str, Parameter]) -> None:
        self.parameters = parameters
        self._resolved: dict[tuple[str, date], Resolved] = {}
        """Answers so far: a plan asks for the same few parameters at the same date hundreds
        of times (the store never changes once built; a reform builds a new one)."""
        self._named: dict[tuple[str, str], tuple[str, ...]] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.parameters

    def named(self, prefix: str, suffix: str) -> tuple[str, ...]:
        """The names that begin with `prefix` and end with `suffix`, in the store's order
        (looked up once: a plan asks for the same family of parameters for every route)."""
        key = (prefix, suffix)
        found = self._named.get(key)
        if found is None:
            found = self._named[key] = tuple(
                n for n in self.parameters if n.startswith(prefix) and n.endswith(suffix)
            )
        return found

    def member_since(self, name: str, item: str, on: date) -> date | None:
        """Since when `item` has been on a list parameter without a break, as of `on` (a ban
        that added a nationality later is dated from that later day)."""
        since: date | None = None
        for value in self.parameters[name].values:
            if value.from_ > on:
                break
            listed = isinstance(value.value, list) and item in value.value
            since = (since or value.from_) if listed else None
        return since

    def resolve(self, name: str, on: date) -> Resolved:
        key = (name, on)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self._resolve(name, on)
        return found

    def _resolve(self, name: str, on: date) -> Resolved:
        try:
            param = self.parameters[name]
        except KeyError:
            raise UnknownParameter(name) from None
        chosen: ParamValue | None = None
        for value in param.values:
            if value.from_ <= on:
                chosen = value
            else:
                break
        if chosen is None:
            return Resolved(name, param.unit, None, None)
        is_last = chosen is param.values[-1]
        newest_check = max(s.checked for s in chosen.sources)
        past_validity = chosen.until is not None and on > chosen.until
        latest = past_validity or (is_last and chosen.until is None and on > newest_check)
        return Resolved(name, param.unit, chosen.value, chosen, latest_known=latest)
