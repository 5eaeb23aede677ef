"""Figures that may change before the application is filed.

A route is judged with the figures in force on the plan date, but the application is filed
later: a salary threshold, a minimum wage or a fee set for one year (`until` in the data) may
no longer be the one in force on the filing day. The plan says so for each such figure it used,
with the newer value where the data already holds it and "not published yet" where it does
not -- never silently applying this year's figure to next year's application.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from emigre.i18n import Grouped, Lazy, Msg, Said, join
from emigre.knowledge.model import money_unit
from emigre.plan.costs import PERIODS

if TYPE_CHECKING:
    from emigre.knowledge.model import ParamValue
    from emigre.knowledge.parameters import ParameterStore, Resolved
    from emigre.knowledge.route import Route
    from emigre.rules.evaluate import RouteResult


@dataclass(frozen=True)
class Changing:
    """A figure of the plan whose known validity ends before the filing day."""

    name: str
    until: date
    note: Msg
    """What the plan says of it (until when it holds, the next value or "not published yet")."""
    ended: bool = False
    """The figure had already ended on the plan date: it is the latest known one, not current."""

    @property
    def changes_on(self) -> date:
        """The first day a new figure may apply."""
        return self.until + timedelta(days=1)


def _written(value: float, cur: str) -> str:
    """An amount with the reader's digit grouping ("50,700 EUR", "50 700 EUR"), when shown."""
    return f"{Grouped(value):,.0f} {cur}".rstrip()


def _amount(value: object, unit: str) -> Said | None:
    """A scalar figure as the reader sees it ("3,680 EUR a month"); None for a list, a flag."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    mu = money_unit(unit)
    if mu is None:
        return Lazy(_written, float(value), "") if unit == "number" else None
    cur, per = mu
    return join(" ", [Lazy(_written, float(value), cur), Msg(PERIODS[per]) if per else None])


def _used(
    result: RouteResult, route: Route, costs: set[str], params: ParameterStore, on: date
) -> list[Resolved]:
    """The parameters the verdict and the plan's costs read, each once, in the route's order."""
    seen: dict[str, Resolved] = {}
    for leaf in result.active_leaves():
        for res in leaf.outcome.used:
            seen.setdefault(res.name, res)
    for cost in route.costs:
        if cost.amount and cost.id in costs and cost.amount in params:
            seen.setdefault(cost.amount, params.resolve(cost.amount, on))
    return list(seen.values())


def _next(params: ParameterStore, res: Resolved, filed: date) -> ParamValue | None:
    """The newest value the data holds that is in force on the filing day, if newer than the
    one used."""
    later = [
        v
        for v in params.parameters[res.name].values
        if res.entry is not None and res.entry.from_ < v.from_ <= filed
    ]
    return later[-1] if later else None


def changing_figures(
    result: RouteResult, costs: set[str], params: ParameterStore, on: date, filed: date | None
) -> list[Changing]:
    """Each figure of the plan whose known validity (`until`) ends before the filing day
    (`filed`), or had ended by the plan date (`on`: the latest known value, no newer one in the
    data), with a note saying until when it holds and what the data knows of the next one."""
    found: list[Changing] = []
    for res in _used(result, result.route, costs, params, on):
        entry = res.entry
        if entry is None or entry.until is None:
            continue
        old = _amount(res.value, res.unit)
        if old is None:
            continue
        nxt_day = (entry.until + timedelta(days=1)).isoformat()
        if entry.until < on:
            note = Msg(
                "{old} is the latest known figure: it held until {until}, and the one from "
                "{next} is not in the data; it may have changed",
                old=old,
                until=entry.until.isoformat(),
                next=nxt_day,
            )
            found.append(Changing(res.name, entry.until, note, ended=True))
            continue
        if filed is None or filed <= entry.until:
            continue
        nxt = _next(params, res, filed)
        new = _amount(nxt.value, res.unit) if nxt is not None else None
        if nxt is not None and new is not None:
            note = Msg(
                "{old} is the figure in force until {until}; from {since} it is {new}, and you "
                "apply on {filed}: count on the new one",
                old=old,
                until=entry.until.isoformat(),
                since=nxt.from_.isoformat(),
                new=new,
                filed=filed.isoformat(),
            )
        else:
            note = Msg(
                "{old} is the figure in force until {until}; you apply on {filed}, and the "
                "figure from {next} is not published yet: it may change",
                old=old,
                until=entry.until.isoformat(),
                next=nxt_day,
                filed=filed.isoformat(),
            )
        found.append(Changing(res.name, entry.until, note))
    return found
