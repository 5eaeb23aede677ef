"""Savings and monthly savings left out are not given (unknown), never a known 0: the same person
with and without the line never reads as holding 0, never gets an eligible or ranked plan that
hangs on the money, and the questionnaire keeps an empty answer empty. 0 stays a real answer."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, Cli, import_profile, web_client
from tests.test_input_surfaces import _form_of

ON = "2026-12-07"
PEOPLE = sorted(p.stem for p in EXAMPLES.glob("*.toml"))


def _without(text: str, *keys: str) -> str:
    """The profile with the `keys` lines of [money] left out (the answer skipped)."""
    out = [ln for ln in text.splitlines() if ln.split("=")[0].strip() not in keys]
    assert len(out) == len(text.splitlines()) - len(keys), keys
    return "\n".join(out) + "\n"


def _set(text: str, key: str, value: str) -> str:
    new, n = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
    assert n == 1, key
    return new


def _plan(cli: Cli, tmp_path: Path, text: str, *more: str) -> dict[str, Any]:
    path = tmp_path / "p.toml"
    path.write_text(text, "utf-8")
    code, out, err = cli("plan", str(path), "--on", ON, "--all", "--format", "json", *more)
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    return doc


def _funds(route: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in route["conditions"] if c["type"] == "funds"]


def _saves(route: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in route.get("steps", []) if s["kind"] == "savings"]


@pytest.mark.parametrize("who", PEOPLE)
def test_no_savings_line_is_unknown_never_zero(cli: Cli, tmp_path: Path, who: str) -> None:
    text = (EXAMPLES / f"{who}.toml").read_text("utf-8")
    given = _plan(cli, tmp_path, text, "--cashflow")
    skipped = _plan(cli, tmp_path, _without(text, "savings"), "--cashflow")
    # with the line, the savings are compared somewhere (so the test below can fail)
    assert any(c["status"] != "unknown" for r in given["routes"] for c in _funds(r))
    for r in skipped["routes"]:
        for c in _funds(r):
            assert c["status"] in ("unknown", "not_applicable", "skipped"), (r["id"], c)
        if any(c["status"] == "unknown" for c in _funds(r)):
            assert r["verdict"] != "eligible" and "money.savings" in r["missing"], r["id"]
        for s in _saves(r):
            # no date, no "never reached within N years": not given, with the fix
            assert s["end"] is None and "not_within_years" not in s, (r["id"], s)
            assert "savings are not given" in s["end_reason"] and "savings =" in s["end_reason"]
        if _saves(r):
            assert r.get("rank") is None and r.get("arrival") is None, r["id"]
        if "after_arrival" in r:
            assert r["savings_unknown"] and r["cashflow"] == [], r["id"]
            assert r["after_arrival"]["runway_months"] is None, r["id"]


@pytest.mark.parametrize("who", PEOPLE)
def test_no_monthly_savings_line_leaves_a_saving_time_unknown(
    cli: Cli, tmp_path: Path, who: str
) -> None:
    # savings of 0 said outright: a real answer, so whatever must be paid is to be saved
    text = _set((EXAMPLES / f"{who}.toml").read_text("utf-8"), "savings", "0")
    given = _plan(cli, tmp_path, text)
    skipped = _plan(cli, tmp_path, _without(text, "monthly_savings"))
    # 0 said is compared, never "not given"
    assert any(c["status"] == "unmet" for r in given["routes"] for c in _funds(r)) or any(
        s["end"] is not None for r in given["routes"] for s in _saves(r)
    )
    assert not any(r.get("savings_unknown") for r in given["routes"])
    assert any(_saves(r) for r in skipped["routes"])
    for r in skipped["routes"]:
        for s in _saves(r):
            assert s["end"] is None and "not_within_years" not in s, (r["id"], s)
            assert "monthly savings are not given" in s["end_reason"], (r["id"], s)
            assert r.get("rank") is None and r.get("arrival") is None, r["id"]


def test_the_terminal_says_not_given_in_both_languages(cli: Cli, tmp_path: Path) -> None:
    text = _without((EXAMPLES / "dima.toml").read_text("utf-8"), "savings", "monthly_savings")
    path = tmp_path / "p.toml"
    path.write_text(text, "utf-8")
    for lang, said in (("en", "savings are not given"), ("ru", "сбережения не указаны")):
        code, out, err = cli("plan", str(path), "--on", ON, "--all", "--lang", lang)
        assert code == 0, err
        flat = " ".join(out.split())
        assert said in flat, lang
        assert not re.search(r"your savings (are|of) 0\b", flat), lang


def test_the_questionnaire_keeps_an_empty_answer_empty(tmp_path: Path) -> None:
    client = web_client(tmp_path, date(2026, 11, 25), "en")
    blank = _form_of(client.get("/profile/new").text)
    assert blank["money.savings"] == "" and blank["money.monthly_savings"] == ""
    text = _without((EXAMPLES / "dima.toml").read_text("utf-8"), "savings", "monthly_savings")
    base = import_profile(client, text)
    form = _form_of(client.get(f"{base}/edit").text)
    assert form["money.savings"] == "" and form["money.monthly_savings"] == ""
    resp = client.post("/profile", data=form, follow_redirects=False)
    assert resp.status_code == 303, resp.text
    money = tomllib.loads(
        client.get(f"{resp.headers['location'].removesuffix('/results')}/export.toml").text
    )["money"]
    assert "savings" not in money and "monthly_savings" not in money, money
    # 0 typed in stays 0
    form |= {"money.savings": "0", "money.monthly_savings": "0"}
    resp = client.post("/profile", data=form, follow_redirects=False)
    assert resp.status_code == 303, resp.text
    money = tomllib.loads(
        client.get(f"{resp.headers['location'].removesuffix('/results')}/export.toml").text
    )["money"]
    assert money["savings"] == 0 and money["monthly_savings"] == 0, money


def test_a_route_page_says_the_money_month_by_month_is_not_known(tmp_path: Path) -> None:
    client = web_client(tmp_path, date(2026, 12, 7), "ru")
    text = _without((EXAMPLES / "anya.toml").read_text("utf-8"), "monthly_savings")
    base = import_profile(client, text)
    page = client.get(f"{base}/route/de.opportunity_card").text
    assert "Деньги по месяцам: неизвестно (сбережения в месяц не указаны)" in page
    whatif = re.search(r'<input [^>]*name="monthly_savings"[^>]*>', page)
    assert whatif and 'value=""' in whatif.group(0) and "disabled" not in whatif.group(0)


def test_a_population_row_without_savings_is_unknown_not_zero() -> None:
    """An empty savings cell is read as a profile without the line reads: the funds conditions
    are unknown on the table face too (a 0 would make them closable), no route hangs on it."""
    from emigre.knowledge.loader import knowledge_base
    from emigre.population.compile import STATE_CODE, compile_plan
    from emigre.population.reading import normalise, polars_frame
    from emigre.population.rows import profile_to_row
    from emigre.population.schema import layout_of
    from emigre.profile_reading import load_profile
    from emigre.rules.evaluate import assess

    kb, on = knowledge_base(), date.fromisoformat(ON)
    people = []
    for path in sorted(EXAMPLES.glob("*.toml")):
        p = load_profile(path)
        assert p.money is not None
        people.append(p.model_copy(update={"money": p.money.model_copy(update={"savings": None})}))
    rows = [profile_to_row(p) for p in people]
    assert all("savings" in r and r["savings"] is None for r in rows)
    layout = layout_of(sorted({k for r in rows for k in r}))
    plan = compile_plan(kb.routes, on, kb.params, kb.fx, layout)
    frame = normalise(polars_frame(rows, layout).lazy().with_row_index("row", offset=1), layout)
    verdicts = plan.verdict_frame(frame).collect()
    leaves = plan.leaf_frame(frame).select(sorted(set(plan.leaf_of.values()))).collect()
    funds_seen = 0
    for i, p in enumerate(people):
        for res in assess(p, on, kb.routes, kb.params, kb.fx, respect_preferences=False):
            assert verdicts[res.route.id][i] == res.verdict, res.route.id
            for node in res.root.walk():
                column = plan.leaf_of.get((res.route.id, node.condition.id))
                if node.condition.type == "funds" and column is not None:
                    funds_seen += 1
                    assert node.state == "unknown", (res.route.id, node.state)
                    assert leaves[column][i] == STATE_CODE["unknown"], res.route.id
                    assert res.verdict != "eligible", res.route.id
    assert funds_seen
