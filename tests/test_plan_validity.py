"""A plan made in December for an application filed next year says that this year's threshold
may change on 1 January, and names next year's where the data already holds it: a yearly figure
is never silently applied to an application it no longer governs."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from emigre.i18n import current_language, set_language
from emigre.knowledge.model import Parameter
from emigre.knowledge.parameters import ParameterStore
from emigre.knowledge.route import Route
from emigre.plan.schedule import PlanInputs, build_plan
from emigre.profile import Profile
from emigre.rules.conditions import Context
from emigre.rules.evaluate import evaluate_route
from tests.conftest import EXAMPLES, base_profile, web_client
from tests.test_plan import FX, RICH, WORK

DECEMBER = date(2026, 12, 7)
SRC = [{"url": "https://example.org/law", "checked": DECEMBER}]


def _value(start: date, value: float, until: date | None = None) -> dict[str, Any]:
    v: dict[str, Any] = {"from": start, "value": value, "legal_basis": "t", "sources": SRC}
    if until is not None:
        v["until"] = until
    return v


def _store(*salary: dict[str, Any]) -> ParameterStore:
    fee = {"description": "t", "unit": "EUR", "values": [_value(date(2026, 1, 1), 75)]}
    fee["values"][0]["until"] = date(2026, 12, 31)
    return ParameterStore(
        TypeAdapter(dict[str, Parameter]).validate_python(
            {
                "xx.salary": {"description": "t", "unit": "EUR/year", "values": list(salary)},
                "xx.fee": fee,
                "eu.net_of_gross.low": {
                    "description": "t",
                    "unit": "number",
                    "values": [_value(date(2020, 1, 1), 0.6)],
                },
                "eu.net_of_gross.high": {
                    "description": "t",
                    "unit": "number",
                    "values": [_value(date(2020, 1, 1), 0.7)],
                },
            }
        )
    )


ONLY_2026 = _store(_value(date(2026, 1, 1), 50700, date(2026, 12, 31)))
WITH_2027 = _store(
    _value(date(2026, 1, 1), 50700, date(2026, 12, 31)), _value(date(2027, 1, 1), 52300)
)
ROUTE = copy.deepcopy(WORK)
ROUTE["requires"] = {"id": "offer", "type": "job_offer", "min_salary": "xx.salary"}
ROUTE["costs"] = [{"id": "fee", "kind": "one_off", "amount": "xx.fee", "stage": "application"}]


def _plan(params: ParameterStore, on: date = DECEMBER, **profile: Any):  # type: ignore[no-untyped-def]
    prof = Profile.model_validate(base_profile(money=RICH, **profile))
    res = evaluate_route(Route.model_validate(ROUTE), Context(prof, on, "", params, FX))
    return build_plan(res, PlanInputs(prof, on, params, FX, 5))


def _notes(plan: Any) -> list[str]:
    return [str(n) for n in plan.notes if "in force until" in str(n) or "latest known" in str(n)]


@pytest.fixture
def english() -> Any:
    before = current_language()
    set_language("en")
    yield
    set_language(before)


def test_a_threshold_of_this_year_is_flagged_when_the_application_falls_next_year(
    english: None,
) -> None:
    plan = _plan(ONLY_2026)
    filed = next(s.start for s in plan.steps if s.id == "visa")
    assert filed.year == 2027
    assert {c.name for c in plan.may_change} == {"xx.salary", "xx.fee"}
    salary = next(n for n in _notes(plan) if "50,700 EUR a year" in n)
    assert "until 2026-12-31" in salary and "from 2027-01-01 is not published yet" in salary
    assert f"you apply on {filed.isoformat()}" in salary
    # a fee set for the year is a figure of the plan too
    assert any(n.startswith("75 EUR is the figure") for n in _notes(plan))


def test_next_years_figure_in_the_data_is_named(english: None) -> None:
    salary = next(n for n in _notes(_plan(WITH_2027)) if "50,700 EUR a year" in n)
    assert "from 2027-01-01 it is 52,300 EUR a year" in salary
    assert "not published" not in salary


def test_no_note_when_the_application_is_filed_while_the_figure_holds(english: None) -> None:
    offer = [{"country": "DE", "gross_annual_salary": 60000}]
    plan = _plan(ONLY_2026, on=date(2026, 3, 2), offers=offer)
    assert next(s.start for s in plan.steps if s.id == "visa").year == 2026
    assert _notes(plan) == [] and plan.may_change == []


def test_a_plan_dated_past_the_figure_says_it_is_the_latest_known(english: None) -> None:
    """Planned in February 2027 with only the 2026 figure in the data: the plan says the figure
    ended and that no newer one is in the data, not that it is current."""
    plan = _plan(ONLY_2026, on=date(2027, 2, 1))
    assert {c.name for c in plan.may_change if c.ended} == {"xx.salary", "xx.fee"}
    note = next(str(n) for n in plan.notes if str(n).startswith("50,700 EUR a year"))
    assert "latest known figure" in note and "held until 2026-12-31" in note
    assert "from 2027-01-01 is not in the data" in note
    # once the 2027 value is in the data, it is the one in force: nothing to say
    assert not any(c.name == "xx.salary" for c in _plan(WITH_2027, on=date(2027, 2, 1)).may_change)


def test_the_note_reads_in_russian() -> None:
    before = current_language()
    try:
        plan = _plan(ONLY_2026)
        set_language("ru")
        note = next(str(n) for n in plan.notes if str(n).startswith("50"))
        assert "2026" in note and "EUR в год" in note
        assert "действующая до" in note and "ещё не опубликована" in note
    finally:
        set_language(before)


# --- what a person sees: the plan list, its JSON, the web page ------------------------------------


def test_the_plan_list_flags_a_route_whose_threshold_ends_before_the_application(
    cli: Any,
) -> None:
    """Planned in December, the German Blue Card is filed next year: its row says that a figure
    used holds only until 31 December, and the JSON names it with its end."""
    code, out, _err = cli("plan", str(EXAMPLES / "dima.toml"), "--on", "2026-12-07", "--lang", "en")
    assert code == 0
    row = out[out.index("de.blue_card.it_specialist") :]
    row = row[: row.index("first:")]
    assert "⏳" in row and "may change on 2027-01-01, before you apply" in row
    code, out, _err = cli(
        "plan", str(EXAMPLES / "dima.toml"), "--on", "2026-12-07", "-f", "json", "--lang", "en"
    )
    doc = json.loads(out)
    route = next(r for r in doc["routes"] if r["id"] == "de.blue_card.it_specialist")
    flagged = route["figures_may_change"]
    assert flagged and all(f["until"] == "2026-12-31" for f in flagged)
    assert all(f["changes_on"] == "2027-01-01" for f in flagged)
    assert any(f["parameter"].startswith("de.blue_card.salary_min") for f in flagged)
    assert all(
        "not published yet" in f["note"] or "count on the new one" in f["note"] for f in flagged
    )


def test_the_web_results_page_flags_it_too(tmp_path: Path) -> None:
    client = web_client(tmp_path, today=DECEMBER, lang="ru")
    resp = client.post(
        "/profile/import",
        files={"file": ("dima.toml", (EXAMPLES / "dima.toml").read_bytes(), "application/toml")},
        follow_redirects=False,
    )
    page = client.get(resp.headers["location"]).text
    row = page[page.index('data-route="de.blue_card.it_specialist"') :]
    row = row[: row.index("</tr>")]
    assert 'class="may-change small"' in row and "до подачи заявления" in row
    flag = row[row.index("may-change") :]
    assert "2027" in flag[: flag.index("</p>")]


def test_the_plan_list_says_a_figure_has_ended_for_a_plan_dated_after_it(cli: Any) -> None:
    code, out, _err = cli("plan", str(EXAMPLES / "dima.toml"), "--on", "2027-02-01", "--lang", "en")
    assert code == 0
    row = out[out.index("de.blue_card.it_specialist") :]
    row = row[: row.index("first:")]
    assert "⏳ 1 figure ended on 2026-12-31; no newer one in the data" in row
    assert "may change on" not in row
