"""Freshness judged by the date a source states (`published`), not by when it was read."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import TypeAdapter, ValidationError

from emigre.knowledge.catalogue import Figure, coverage_markdown, ending, figures, stale
from emigre.knowledge.model import Parameter, Source
from emigre.knowledge.parameters import ParameterStore


def test_published_accepts_the_precision_a_page_gives() -> None:
    full = Source.model_validate(
        {"url": "https://a.example/x", "checked": "2026-12-05", "published": "2025-11-21"}
    )
    month = Source.model_validate(
        {"url": "https://a.example/x", "checked": "2026-12-05", "published": "2025-11"}
    )
    year = Source.model_validate(
        {"url": "https://a.example/x", "checked": "2026-12-05", "published": 2013}
    )
    assert (full.as_of, month.as_of, year.as_of) == (
        date(2025, 11, 21),
        date(2025, 11, 1),
        date(2013, 1, 1),
    )
    undated = Source.model_validate({"url": "https://a.example/x", "checked": "2026-12-05"})
    assert undated.as_of == date(2026, 12, 5)
    with pytest.raises(ValidationError):
        Source.model_validate(
            {"url": "https://a.example/x", "checked": "2026-12-05", "published": "Nov 2025"}
        )


def test_stale_uses_the_newest_source_of_each_figure() -> None:
    items = [
        Figure("DE", "old", date(2024, 1, 1), True),
        Figure("DE", "fresh", date(2026, 10, 1), True),
    ]
    assert [f.what for f in stale(items, date(2026, 12, 5), 365)] == ["old"]


def test_a_figure_whose_sources_all_state_old_dates_is_stale_although_read_recently(kb) -> None:  # type: ignore[no-untyped-def]
    items = {f.what: f for f in figures(kb.routes, kb.params)}
    tr = items["tr.visa_free_30.nationalities (from 2014-06-01)"]
    assert tr.by_published and tr.newest == date(2025, 7, 21)
    old = {f.what for f in stale(list(items.values()), date(2026, 12, 5), 365)}
    assert "tr.visa_free_30.nationalities (from 2014-06-01)" in old


def test_data_check_lists_stale_figures_by_stated_date(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("data", "check", "--max-age-days", "365", "--on", "2026-12-05")
    assert code == 0
    line = next(ln for ln in out.splitlines() if "tr.visa_free_30.nationalities" in ln)
    assert "published 2025-07-21" in line
    code, out, _ = cli("data", "check", "--max-age-days", "100000", "--on", "2026-12-05")
    assert "stale:" not in out


def test_coverage_shows_freshness_per_country(kb) -> None:  # type: ignore[no-untyped-def]
    text = coverage_markdown(kb.routes, kb.params)
    assert "## Freshness" in text
    fresh = text[text.index("## Freshness") :]
    row = next(ln for ln in fresh.splitlines() if "(TR) |" in ln)
    assert int(row.split("|")[3]) >= 1  # figures with a stated date
    assert row.rstrip(" |").endswith("2013-10-23")  # the oldest newest-source among them


def test_a_refreshed_figure_is_not_stale_for_its_superseded_value(kb) -> None:  # type: ignore[no-untyped-def]
    """Adding a newer dated value (history kept) takes the figure off the stale list."""
    on = date(2026, 12, 7)
    every = {f.what for f in figures(kb.routes, kb.params)}
    in_force = {f.what for f in figures(kb.routes, kb.params, on)}
    assert "dk.work_permit.fee (from 2021-01-01)" in every
    assert "dk.work_permit.fee (from 2021-01-01)" not in in_force
    assert "dk.work_permit.fee (from 2026-01-01)" in in_force
    old = {f.what for f in stale(figures(kb.routes, kb.params, on), on, 365)}
    assert not any(what.startswith("dk.work_permit.fee") for what in old)


def _store(*values: dict[str, object]) -> ParameterStore:
    src = [{"url": "https://example.org/law", "checked": date(2026, 12, 7)}]
    return ParameterStore(
        TypeAdapter(dict[str, Parameter]).validate_python(
            {
                "xx.threshold": {
                    "description": "t",
                    "unit": "EUR/year",
                    "values": [{**v, "legal_basis": "t", "sources": src} for v in values],
                }
            }
        )
    )


def test_a_figure_set_for_this_year_is_on_the_rollover_list_until_next_year_s_is_added() -> None:
    """In December the 2026 threshold ends within the month: it is listed with the day it ends;
    once the 2027 value is in the data it is not; without `until` nothing says it ends."""
    dec = date(2026, 12, 7)
    only = _store({"from": date(2026, 1, 1), "until": date(2026, 12, 31), "value": 50700})
    [e] = ending(only, dec, 31)
    assert (e.name, e.until, e.ended) == ("xx.threshold", date(2026, 12, 31), False)
    assert ending(only, date(2026, 11, 1), 31) == []  # not yet within the window
    assert ending(only, date(2027, 2, 1), 0)[0].ended  # past it: shown as the latest known
    refreshed = _store(
        {"from": date(2026, 1, 1), "until": date(2026, 12, 31), "value": 50700},
        {"from": date(2027, 1, 1), "value": 52300},
    )
    assert ending(refreshed, dec, 31) == []
    assert ending(_store({"from": date(2026, 1, 1), "value": 50700}), dec, 31) == []


def test_data_check_lists_the_figures_to_roll_over(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("data", "check", "--ending-days", "31", "--on", "2026-12-07")
    assert code == 0
    line = next(ln for ln in out.splitlines() if "de.blue_card.salary_min.standard" in ln)
    assert line.startswith("ending:") and "until 2026-12-31" in line and "2027-01-01" in line
    assert "figures end within 31 days of 2026-12-07" in out
    code, out, _ = cli("data", "check", "--on", "2026-12-07")
    assert "ending:" not in out  # only when asked
