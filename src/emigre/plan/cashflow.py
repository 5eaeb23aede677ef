"""The month-by-month cash flow of a plan: savings grow until the visa, payments fall due, funds
stay locked for the authorities, living costs and income run after arrival.

Most runs never show it, so a plan holds it as a callable (`Plan.flow`) and only the pages and
options that draw it compute it.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from emigre.figure import Figure
from emigre.plan.steps import Step, add_months, months_between

#: Months after arrival that the cash flow and the first-year cost cover.
FIRST_YEAR = 12


@dataclass
class Month:
    month: date
    balance_eur: float
    locked_eur: float
    paid_eur: float
    income_eur: float = 0.0
    """Net income counted this month after arrival (the pessimistic end of an estimate)."""


def payments(step: Step) -> list[tuple[date, float]]:
    """When a step's cost is paid: a course month by month while it runs, anything else at once."""
    amount = step.cost.planning
    months = math.ceil(months_between(step.start, step.end) - 1e-9)
    if step.kind != "language" or months <= 1:
        return [(step.start, amount)]
    return [(add_months(step.start, i), amount / months) for i in range(months)]


def runway(
    walk: Callable[..., Iterator[Walked]], arrival: date | None, monthly_after: Figure
) -> float | None:
    """Months the balance right after arrival (arrival costs paid) lasts at the monthly costs,
    with no income; at the costs' pessimistic end when they are a range. `walk` is the plan's
    `balances` (the cash flow's months without the rest of each row), walked only up to the
    arrival month."""
    cost = monthly_after.high if monthly_after.kind == "estimated" else monthly_after.value
    if arrival is None or cost is None or cost <= 0:
        return None
    balance = next((b for d, end, b, _p, _i in walk(stop=arrival) if d <= arrival < end), None)
    if balance is None:
        return None
    # The arrival month already paid its first month of costs: count it, then what is left
    # (from the balance as the cash flow shows it, to the cent).
    return round(max(0.0, round(balance, 2) + cost) / cost, 1)


Walked = tuple[date, date, float, float, float]
"""One month of the cash flow as `balances` walks it: its first day, the next month's first day,
the balance at its end, what was paid in it and the income counted in it."""


def balances(
    on: date,
    arrival: date | None,
    savings: float,
    monthly: float,
    paid_before: list[tuple[date, float]],
    upfront: float,
    after: tuple[float, float, float],
    funds_date: date | None,
    stop: date | None = None,
) -> Iterator[Walked]:
    """The months of `month_by_month` with their balance, payments and income (not rounded, and
    without the locked funds): before arrival savings grow by the monthly savings and fall by
    what is paid; from the arrival month on, `after` = (paid on arrival, paid each month, net
    income each month from the month after arrival). With `stop`, only up to the month that
    holds that day (the runway needs no more)."""
    on_arrival, monthly_after, earned = after
    horizon = add_months(arrival, FIRST_YEAR) if arrival else add_months(on, 24)
    # Payments sorted by date, so each month finds its own by bisection: linear in the months,
    # not months x payments (a decades-long language course at a few minutes a week made one
    # plan take seconds). Within a month they are summed in their original order, as before.
    order = sorted(range(len(paid_before)), key=lambda j: paid_before[j][0])
    when_sorted = [paid_before[j][0] for j in order]

    def paid_in(start: date, end: date) -> float:
        lo, hi = bisect_left(when_sorted, start), bisect_left(when_sorted, end)
        return sum(paid_before[j][1] for j in sorted(order[lo:hi]))

    balance = savings
    d = on
    i = 0
    while d <= horizon:
        month_end = add_months(d, 1)
        paid = paid_in(d, month_end)
        income = 0.0
        if arrival is None or d < arrival:
            if i > 0:
                balance += monthly
            if funds_date and d <= funds_date < month_end:
                paid += upfront
        if arrival and d <= arrival < month_end:
            paid += on_arrival + monthly_after
        elif arrival and d > arrival:
            paid += monthly_after
            income = earned
        balance += income - paid
        yield d, month_end, balance, paid, income
        if stop is not None and stop < month_end:
            break
        d = add_months(on, i + 1)
        i += 1


def month_by_month(
    on: date,
    arrival: date | None,
    savings: float,
    monthly: float,
    paid_before: list[tuple[date, float]],
    upfront: float,
    shown: float,
    after: tuple[float, float, float],
    funds_date: date | None,
) -> list[Month]:
    """Month by month from today to a year after arrival (or two years if there is none), as
    `balances` walks it, with the funds locked to show the authorities (from the funds date to
    the arrival, then falling over the first year; never more than the balance)."""
    out: list[Month] = []
    walk = balances(on, arrival, savings, monthly, paid_before, upfront, after, funds_date)
    for d, _end, balance, paid, income in walk:
        locked = shown if funds_date and arrival and funds_date <= d < arrival else 0.0
        if arrival and d >= arrival and shown:
            months_in = months_between(arrival, d)
            locked = max(0.0, shown * (1 - months_in / FIRST_YEAR))
        # Part of the balance: spending faster than the shown funds allow leaves less locked.
        locked = min(locked, max(balance, 0.0))
        out.append(Month(d, round(balance, 2), round(locked, 2), round(paid, 2), round(income, 2)))
    return out
