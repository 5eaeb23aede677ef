"""Known, estimated and unknown amounts: an unknown is never counted as zero, a total with an
unknown part is "at least" its known parts, and living costs come from sourced data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import TypeAdapter

from emigre.figure import ZERO, Figure, total
from emigre.knowledge.model import Parameter
from emigre.knowledge.parameters import ParameterStore
from emigre.money import FxTable, Rate
from emigre.plan.costs import living_costs
from emigre.report import fmt

ON = date(2026, 11, 25)
SRC = [{"url": "https://example.org/law", "checked": ON}]
FX = FxTable([Rate(date(2026, 7, 1), "CZK", 25.0, "ecb")])


def _p(unit: str, value: Any) -> dict[str, Any]:
    return {
        "description": "t",
        "unit": unit,
        "values": [{"from": date(2020, 1, 1), "value": value, "legal_basis": "t", "sources": SRC}],
    }


def store(**params: dict[str, Any]) -> ParameterStore:
    return ParameterStore(TypeAdapter(dict[str, Parameter]).validate_python(params))


BENCH = {
    "de.study.funds_monthly": _p("EUR/month", 1000),
    "de.language_course.funds_monthly": _p("EUR/month", 1200),
    "de.price_level": _p("number", 100),
}


def test_a_total_with_an_unknown_part_is_at_least_the_rest() -> None:
    fee, fare = Figure.known(100), Figure.unknown("fare not in the data")
    course = Figure.estimated(500, 300, 800, "hours times a range of prices")
    assert (fee + course).kind == "estimated"
    assert ((fee + course).low, (fee + course).value, (fee + course).high) == (400, 600, 900)
    t = total([fee, course, fare])
    assert t.kind == "unknown" and t.value is None and t.high is None
    assert t.low == 400 and t.partial and "fare not in the data" in (t.reason() or "")
    assert total([]) == ZERO and not ZERO and Figure.unknown("x")


def test_unknown_is_shown_as_no_data_or_at_least_never_as_zero() -> None:
    assert fmt.figure(Figure.unknown("x")) == "no data"
    assert fmt.figure(Figure.known(100) + Figure.unknown("x")) == "at least 100\u00a0EUR"
    assert fmt.figure(Figure.estimated(500, 300, 800, "r")).startswith("≈")
    assert fmt.figure(Figure.known(1234.4)) == "1,234\u00a0EUR"


def test_living_costs_prefer_the_countrys_own_figure_in_its_currency() -> None:
    params = store(**BENCH, **{"cz.living_costs.worker": _p("CZK/month", 25000)})
    fig = living_costs("CZ", "worker", params, FX, ON)
    assert fig.kind == "known" and fig.value == pytest.approx(1000)
    assert fig.sources and fig.sources[0].url == "https://example.org/law"


def test_living_costs_elsewhere_are_estimated_from_the_price_level() -> None:
    params = store(**BENCH, **{"pl.price_level": _p("number", 60)})
    worker = living_costs("PL", "worker", params, FX, ON)
    student = living_costs("PL", "student", params, FX, ON)
    assert worker.kind == student.kind == "estimated"
    assert worker.value == pytest.approx(720) and student.value == pytest.approx(600)
    assert (worker.low, worker.high) == pytest.approx((600, 720))
    assert "price level" in (worker.reason() or "")


def test_living_costs_without_data_are_unknown_with_the_reason() -> None:
    fig = living_costs("GE", "worker", store(**BENCH), FX, ON)
    assert fig.kind == "unknown" and fig.value is None and fig.low == 0
    assert "Georgia" in (fig.reason() or "")
