"""Calendar arithmetic in one place: ages, birthdays and months, with `dateutil.relativedelta`
so that month ends and 29 February are handled by a well-kept library, not by hand.

Ages follow one convention everywhere (explain and population faces alike): a person is a year
older on the day whose month and day reach their birth date's, so someone born on 29 February is
a year older on 1 March in a common year, never a day early.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

MONTH_DAYS = 30.44
"""Days in an average Gregorian month (365.25 / 12), for fractions of a month."""


def age_on(born: date, on: date) -> int:
    """Whole years of age on `on`.

    >>> age_on(date(2001, 5, 31), date(2019, 5, 28))
    17
    >>> age_on(date(2001, 5, 31), date(2019, 5, 31))
    18
    >>> age_on(date(2000, 2, 29), date(2019, 2, 28)), age_on(date(2000, 2, 29), date(2019, 3, 1))
    (18, 19)
    """
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def birthday(born: date, age: int) -> date:
    """The first day on which someone born on `born` is `age` years old (`age_on` agrees).

    >>> birthday(date(2001, 5, 31), 18)
    datetime.date(2019, 5, 31)
    >>> birthday(date(2000, 2, 29), 19), birthday(date(2000, 2, 29), 20)
    (datetime.date(2019, 3, 1), datetime.date(2020, 2, 29))
    """
    day = born + relativedelta(years=age)
    return day if day.day == born.day else day + timedelta(days=1)


def add_years(day: date, years: int) -> date:
    """`day` moved by whole years; 29 February becomes 28 February in common years.

    >>> add_years(date(2004, 2, 29), 14), add_years(date(2026, 11, 25), -120)
    (datetime.date(2018, 2, 28), datetime.date(1906, 11, 25))
    """
    return day + relativedelta(years=years)


@lru_cache(maxsize=4096)  # plans ask for the same months again and again (cash flow by month)
def add_months(d: date, months: float) -> date:
    """`d` plus a (fractional) number of months: whole calendar months (the day kept, or the
    month's last day), then the fraction as days of an average month.

    >>> add_months(date(2026, 1, 31), 1)
    datetime.date(2026, 2, 28)
    >>> add_months(date(2026, 11, 15), 2.5)
    datetime.date(2027, 1, 30)
    >>> add_months(date(2026, 3, 31), -1)
    datetime.date(2026, 2, 28)
    """
    whole = int(months)
    return d + relativedelta(months=whole) + timedelta(days=round((months - whole) * MONTH_DAYS))


def months_between(a: date, b: date) -> float:
    """Months from `a` to `b` as days over an average month (negative when `b` is earlier).

    >>> round(months_between(date(2026, 1, 1), date(2027, 1, 1)), 2)
    11.99
    """
    return (b - a).days / MONTH_DAYS
