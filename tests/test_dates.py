"""Ages and birthdays: nobody is a year older before their birthday, 29 February included, and
the day a too-young person's route opens is the day the age condition is met."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import TypeAdapter

from emigre.dates import add_months, age_on, birthday
from emigre.knowledge.parameters import ParameterStore
from emigre.money import FxTable
from emigre.profile import Profile
from emigre.rules.conditions import Condition, Context
from emigre.rules.evaluate import evaluate_node
from emigre.rules.gaps import AgeGap
from tests.conftest import base_profile


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2001, 5, 31), date(2019, 5, 28), 17),  # three days before the 18th birthday
        (date(2001, 5, 31), date(2019, 5, 30), 17),
        (date(2001, 5, 31), date(2019, 5, 31), 18),
        (date(2001, 5, 31), date(2019, 6, 1), 18),
        (date(2000, 2, 29), date(2019, 2, 28), 18),  # common year: a year older on 1 March
        (date(2000, 2, 29), date(2019, 3, 1), 19),
        (date(2000, 2, 29), date(2020, 2, 28), 19),
        (date(2000, 2, 29), date(2020, 2, 29), 20),  # leap year: on the day itself
        (date(2001, 12, 31), date(2019, 1, 1), 17),
    ],
)
def test_nobody_is_a_year_older_before_their_birthday(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age
    profile = Profile.model_validate(base_profile(person={"birth_date": born}))
    assert profile.age_on(on) == age


@pytest.mark.parametrize(
    "born", [date(2001, 5, 31), date(2000, 2, 29), date(2003, 1, 1), date(1999, 8, 30)]
)
def test_birthday_is_the_first_day_of_the_new_age(born: date) -> None:
    for age in range(1, 40):
        day = birthday(born, age)
        assert age_on(born, day) == age
        assert age_on(born, day - timedelta(days=1)) == age - 1


def _age_check(born: date, on: date, minimum: int) -> tuple[str, object]:
    node = TypeAdapter(Condition).validate_python({"id": "c", "type": "age", "min": minimum})
    profile = Profile.model_validate(base_profile(person={"birth_date": born}, work=[]))
    ctx = Context(profile, on, "XX", ParameterStore({}), FxTable([]))
    res = evaluate_node(node, ctx)
    return res.state, res.outcome.gap


@pytest.mark.parametrize(
    ("born", "opens"),
    [
        (date(2008, 5, 31), date(2026, 5, 31)),  # not 28 May: the person is still 17 then
        (date(2008, 2, 29), date(2026, 3, 1)),
        (date(2008, 7, 4), date(2026, 7, 4)),
    ],
)
def test_a_too_young_person_waits_until_the_day_the_age_is_met(born: date, opens: date) -> None:
    state, gap = _age_check(born, date(2026, 1, 10), 18)
    assert state == "closable" and isinstance(gap, AgeGap)
    assert gap.until == opens
    assert _age_check(born, opens - timedelta(days=1), 18)[0] == "closable"
    assert _age_check(born, opens, 18)[0] == "met"


def test_month_arithmetic_keeps_the_day_or_takes_the_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 5, 31), 12) == date(2027, 5, 31)
    assert add_months(date(2026, 11, 25), 0.5) == date(2026, 12, 10)
