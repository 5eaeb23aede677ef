"""Income not from work (`money.passive_income`: a pension, rent, investments): a field of its
own, never read as remote-work income, refused when described without its amount, and kept by
the questionnaire."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from emigre.errors import InputError
from emigre.profile_reading import parse_profile
from emigre.report.labels import field_label
from tests.test_input_surfaces import DIMA, _form_of


def _profile(**money: Any) -> dict[str, Any]:
    return {
        "person": {"citizenship": ["RU"], "birth_date": date(1958, 1, 1)},
        "money": {"currency": "RUB", **money},
    }


def test_passive_income_is_read_in_its_own_currency_and_kind() -> None:
    p = parse_profile(
        _profile(passive_income=1100, passive_income_currency="eur", passive_income_kind="pension")
    )
    assert p.money is not None
    assert (p.money.passive_income, p.money.passive_currency) == (1100, "EUR")
    assert p.money.passive_income_kind == "pension"
    same = parse_profile(_profile(passive_income=90000)).money
    assert same is not None and same.passive_currency == "RUB"


@pytest.mark.parametrize(
    ("money", "expected"),
    [
        ({"passive_income_kind": "pension"}, "money.passive_income: passive_income_kind"),
        ({"passive_income_currency": "EUR"}, "money.passive_income: passive_income_currency"),
        ({"passive_income": -5}, "money.passive_income"),
        ({"passive_income": 100, "passive_income_kind": "salary"}, "pension"),
        ({"passive_income": 100, "passive_income_currency": "EURO"}, "ISO 4217"),
    ],
)
def test_a_wrong_passive_income_names_the_field_and_the_fix(
    money: dict[str, Any], expected: str
) -> None:
    with pytest.raises(InputError) as err:
        parse_profile(_profile(**money))
    assert expected in str(err.value)
    if "passive_income_kind" in money and "passive_income" not in money:
        assert "add passive_income, the amount a month" in str(err.value)


def test_a_missing_passive_income_is_asked_for_in_words() -> None:
    assert field_label("money.passive_income") == "passive income (a pension, rent, investments)"


def test_the_questionnaire_keeps_the_passive_income(tmp_path: Path) -> None:
    from tests.conftest import import_profile, web_client

    client = web_client(tmp_path, date(2026, 11, 25), "en")
    text = DIMA.read_text().replace(
        "monthly_savings = 80000",
        'monthly_savings = 80000\npassive_income = 700\npassive_income_currency = "EUR"\n'
        'passive_income_kind = "rental"',
    )
    base = import_profile(client, text)
    edit = client.get(f"{base}/edit").text
    assert "Monthly income not from work" in edit
    form = _form_of(edit)
    assert form["money.passive_income"] == "700"
    assert form["money.passive_income_kind"] == "rental"
    resp = client.post("/profile", data=form, follow_redirects=False)
    assert resp.status_code == 303, resp.text
    after = tomllib.loads(client.get(f"{base}/export.toml").text)["money"]
    assert after["passive_income"] == 700
    assert (after["passive_income_currency"], after["passive_income_kind"]) == ("EUR", "rental")
