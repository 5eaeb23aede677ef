"""Dated parameters resolve at the evaluation date and say when they are past what we know."""

from __future__ import annotations

from datetime import date

from emigre.knowledge.parameters import ParameterStore
from tests.test_conditions import PARAMS


def test_value_in_force_at_the_date() -> None:
    store = ParameterStore(PARAMS)
    assert store.resolve("xx.ban", date(2022, 2, 23)).value == []
    assert store.resolve("xx.ban", date(2022, 2, 24)).value == ["RU", "BY"]


def test_before_the_first_value_is_unknown() -> None:
    res = ParameterStore(PARAMS).resolve("xx.open", date(2020, 1, 1))
    assert not res.known and res.caveat() is None


def test_past_the_last_check_is_labelled_latest_known() -> None:
    store = ParameterStore(PARAMS)
    today = store.resolve("xx.salary", date(2026, 11, 25))
    assert not today.latest_known and today.caveat() is None
    later = store.resolve("xx.salary", date(2027, 6, 1))
    assert later.latest_known and later.value == 45934.20
    assert later.caveat() == "latest known value, from 2026-01-01; it may have changed"


def test_real_thresholds_follow_the_calendar(kb) -> None:  # type: ignore[no-untyped-def]
    p = kb.params
    assert p.resolve("de.blue_card.salary_min.reduced", date(2025, 6, 1)).value == 43759.80
    assert p.resolve("de.blue_card.salary_min.reduced", date(2026, 6, 1)).value == 45934.20
    past_until = p.resolve("de.blue_card.salary_min.standard", date(2027, 2, 1))
    assert past_until.value == 50700 and past_until.latest_known


def test_a_ban_is_dated_from_when_the_nationality_was_added(kb) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    p = kb.params
    assert p.member_since("cz.residence_ban.nationalities", "RU", date(2026, 11, 25)) == date(
        2022, 2, 24
    )
    assert p.member_since("cz.residence_ban.nationalities", "BY", date(2026, 11, 25)) == date(
        2022, 3, 2
    )
    assert p.member_since("cz.residence_ban.nationalities", "KZ", date(2026, 11, 25)) is None


def test_yaml_is_read_as_yaml_1_2_so_norway_stays_norway(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from emigre.knowledge.yaml_file import data_yaml

    doc = data_yaml(_write(tmp_path, "value: [CZ, NO, ON, y]\n"), "t.yaml")
    assert doc["value"] == ["CZ", "NO", "ON", "y"]


def _write(tmp_path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "t.yaml"
    path.write_text(text)
    return path
