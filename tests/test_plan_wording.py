"""What `emigre plan` and `emigre explain` say, read the way the person reads it: a number of
months or days in the form the number asks for ("1 month", never "1 months"; "3 месяца",
"5 месяцев"); a route an EU citizen does not need says so in the plan itself, not only in
`explain`; routes closed by a regulated profession are summed up under that name, not under
"other conditions"; a missing passport date is asked for by a name that reads as a question."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import tomli_w

from emigre.i18n import Plural, set_language
from emigre.knowledge.loader import KnowledgeBase
from emigre.report.terminal import outcome_sentence
from tests.conftest import Cli, base_profile, import_profile, web_client

ON = "2026-12-07"


def _write(tmp_path: Path, name: str, **over: object) -> str:
    path = tmp_path / f"{name}.toml"
    path.write_text(tomli_w.dumps(base_profile(**over)))
    return str(path)


def test_a_one_month_permit_reads_in_the_singular_in_english_and_russian(
    kb: KnowledgeBase, cli: Cli, tmp_path: Path
) -> None:
    one_month = [
        r
        for r in kb.routes
        if r.outcomes.permit_months is not None and r.outcomes.permit_months.value == 1
    ]
    assert one_month, "no route with a one-month permit to read"
    route = one_month[0]
    prof = _write(tmp_path, "ru")
    code, out, err = cli("explain", route.id, prof, "--on", ON)
    assert code == 0, err
    # a visa-free entry is a stay, not a permit
    stay = route.family == "visa_free"
    assert ("You may stay 1 month." if stay else "The permit is issued for 1 month.") in out
    assert "1 months" not in out
    code, out, err = cli("explain", route.id, prof, "--on", ON, "--lang", "ru")
    assert code == 0, err
    assert (
        "Можно находиться в стране 1 месяц." if stay else "Разрешение выдаётся на 1 месяц."
    ) in out


def test_outcome_sentences_take_the_russian_form_of_the_number(kb: KnowledgeBase) -> None:
    fact = next(r.outcomes.permit_months for r in kb.routes if r.outcomes.permit_months is not None)
    set_language("ru")
    said = {
        n: outcome_sentence("permit_months", fact.model_copy(update={"value": n, "low": None}))
        for n in (1, 3, 12, 21)
    }
    assert said == {
        1: "Разрешение выдаётся на 1 месяц.",
        3: "Разрешение выдаётся на 3 месяца.",
        12: "Разрешение выдаётся на 12 месяцев.",
        21: "Разрешение выдаётся на 21 месяц.",
    }
    stay = outcome_sentence("stay_days", fact.model_copy(update={"value": 90, "low": None}))
    assert stay == "Можно находиться в стране 90 дней."
    months = {
        n: outcome_sentence("stay_months", fact.model_copy(update={"value": n, "low": None}))
        for n in (1, 2, 6)
    }
    assert months == {
        1: "Можно находиться в стране 1 месяц.",
        2: "Можно находиться в стране 2 месяца.",
        6: "Можно находиться в стране 6 месяцев.",
    }


def test_why_here_months_agree_with_the_number() -> None:
    # the ranking's "why here" line: the forms the plan shows, a span in the form of many
    one = Plural("you can arrive in at least {n} month", "you can arrive in at least {n} months", 1)
    span = Plural(
        "you can arrive in {span} month", "you can arrive in {span} months", 9, span="7–9"
    )
    assert (str(one), str(span)) == (
        "you can arrive in at least 1 month",
        "you can arrive in 7–9 months",
    )
    set_language("ru")
    assert str(one) == "приезд не раньше чем через 1 месяц"
    assert str(span) == "приезд через 7–9 месяцев"
    three = Plural(
        "permanent residence in {span} month", "permanent residence in {span} months", 3, span=3
    )
    assert str(three) == "ПМЖ через 3 месяца"


def test_no_plan_says_one_months(cli: Cli, tmp_path: Path) -> None:
    # an activist who must leave soon: short routes, arrival counted in single months
    prof = _write(
        tmp_path,
        "soon",
        person={"political_record": "administrative"},
        preferences={"goal": "leave_soon"},
    )
    for lang, wrong in (("en", r"\b1 months\b|\b1 days\b"), ("ru", r"\b1 месяцев\b|\b1 дней\b")):
        code, out, err = cli("plan", prof, "--on", ON, "--lang", lang, "--all")
        assert code == 0, err
        assert not re.search(wrong, out), re.search(wrong, out)


def test_the_plan_tells_an_eu_citizen_under_each_route_that_the_permit_is_not_needed(
    cli: Cli, tmp_path: Path
) -> None:
    prof = _write(tmp_path, "de-ru", person={"citizenship": ["RU", "DE"], "residence": "RU"})
    code, out, err = cli("plan", prof, "--on", ON)
    assert code == 0, err
    assert "You may not need this route: as a citizen of Germany" in " ".join(out.split())
    code, out, err = cli("plan", prof, "--on", ON, "--lang", "ru")
    assert code == 0, err
    assert "Возможно, этот маршрут вам не нужен: как гражданин Германии" in " ".join(out.split())
    # a Russian citizen alone is not told so
    alone = _write(tmp_path, "ru-only")
    code, out, err = cli("plan", alone, "--on", ON)
    assert code == 0, err
    assert "You may not need this route" not in " ".join(out.split())


def test_routes_closed_by_a_regulated_profession_are_summed_up_by_that_name(
    cli: Cli, tmp_path: Path
) -> None:
    # a Belarusian teacher looking at Portugal, where foreign teaching qualifications lead to the
    # licence only for EU/EEA and Brazilian citizens
    prof = _write(
        tmp_path,
        "teacher",
        person={"citizenship": ["BY"], "residence": "BY"},
        education={"school_certificate": "BY", "highest_degree": "bachelor", "university_years": 5},
        work=[{"occupation": "2330", "start": date(2016, 9, 1)}],
        preferences={"countries": ["PT"]},
    )
    code, out, err = cli("plan", prof, "--on", ON)
    assert code == 0, err
    flat = " ".join(out.split())
    assert "✘ the licence to practise your regulated profession (" in flat
    assert "pt.blue_card" in flat
    assert "other conditions" not in flat
    code, out, err = cli("plan", prof, "--on", ON, "--lang", "ru")
    assert "✘ разрешение на вашу регулируемую профессию (" in " ".join(out.split())


def test_the_passport_question_names_the_date_it_asks_for(cli: Cli, tmp_path: Path) -> None:
    prof = _write(tmp_path, "ru")
    code, out, err = cli("plan", prof, "--on", ON)
    assert code == 0, err
    assert "answer: passport expiry date" in " ".join(out.split())
    code, out, err = cli("plan", prof, "--on", ON, "--lang", "ru")
    assert "ответьте: срок действия паспорта" in " ".join(out.split())


def test_montenegro_s_visas_for_russians_are_not_a_risk_shown_to_a_kazakh(
    cli: Cli, tmp_path: Path
) -> None:
    said = "visas for Russian citizens will be introduced"
    kazakh = _write(
        tmp_path,
        "kz",
        person={"citizenship": ["KZ"], "residence": "KZ"},
        education={"school_certificate": "KZ", "highest_degree": "none"},
    )
    for route in ("me.visa_free", "me.digital_nomad"):
        code, out, err = cli("explain", route, kazakh, "--on", ON)
        assert code == 0, err
        assert said not in " ".join(out.split())
        assert "Russian applicant needs a D visa" not in " ".join(out.split())
    code, out, err = cli("plan", kazakh, "--on", ON, "--country", "ME")
    assert code == 0, err
    assert said not in " ".join(out.split())
    russian = _write(tmp_path, "ru")
    code, out, err = cli("plan", russian, "--on", ON, "--country", "ME")
    assert code == 0, err
    assert said in " ".join(out.split())


def test_the_web_results_mark_each_route_an_eu_citizen_does_not_need(tmp_path: Path) -> None:
    client = web_client(tmp_path, lang="ru")
    prof = base_profile(person={"citizenship": ["RU", "DE"], "residence": "RU"})
    base = import_profile(client, tomli_w.dumps(prof))
    page = client.get(f"{base}/results").text
    row = page[page.index('data-route="fr.blue_card"') :]
    row = " ".join(row[: row.index("</tr>")].split())
    assert "Возможно, этот маршрут вам не нужен: как гражданин Германии" in row
    # in the country of their own citizenship no permit is needed at all
    row = page[page.index('data-route="de.opportunity_card"') :]
    row = " ".join(row[: row.index("</tr>")].split())
    assert "Этот маршрут вам не нужен: как гражданин Германии" in row
    # a route outside the EU is not marked
    row = page[page.index('data-route="rs.visa_free"') :]
    assert "этот маршрут вам не нужен" not in row[: row.index("</tr>")]
    # nor is any route for a Russian citizen alone
    (tmp_path / "ru").mkdir()
    other = web_client(tmp_path / "ru", lang="ru")
    base = import_profile(other, tomli_w.dumps(base_profile()))
    assert "этот маршрут вам не нужен" not in other.get(f"{base}/results").text


def test_money_in_a_currency_without_a_rate_is_not_told_it_never_suffices(
    cli: Cli, tmp_path: Path
) -> None:
    # the Israeli shekel is an ISO currency the bundled rates do not carry (the ECB's do)
    prof = _write(
        tmp_path,
        "ils",
        person={"citizenship": ["RU", "IL"], "residence": "IL"},
        money={"currency": "ILS", "savings": 150000, "monthly_savings": 8000},
    )
    code, out, err = cli("plan", prof, "--on", ON)
    assert code == 0, err
    flat = " ".join(out.split())
    assert "No exchange rate for ILS" in flat and "`emigre rates update`" in flat
    assert "at ? per EUR" not in flat
    code, out, err = cli("plan", prof, "--on", ON, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    undated = [r for r in doc["routes"] if r.get("no_arrival")]
    assert undated
    for r in undated:
        assert "savings" not in r["no_arrival"] or "no exchange rate for ILS" in r["no_arrival"]
    assert not any("not reached with the current savings" in r["no_arrival"] for r in undated)
    code, out, err = cli("plan", prof, "--on", ON, "--lang", "ru")
    assert "Нет курса для ILS" in " ".join(out.split())


def test_a_school_leaver_is_not_asked_when_they_graduated(cli: Cli, tmp_path: Path) -> None:
    # routes for recent graduates are closed to a person without a degree: the group says what
    # is missing (a recent degree), not "when you graduated" or "other conditions"
    prof = _write(
        tmp_path,
        "school",
        person={"citizenship": ["UZ"], "residence": "UZ", "birth_date": date(2008, 5, 1)},
        education={"school_certificate": "UZ", "highest_degree": "none", "university_years": 0},
        work=[],
    )
    code, out, err = cli("plan", prof, "--on", ON, "--lang", "ru")
    assert code == 0, err
    line = next(li for li in out.splitlines() if "nl.orientation_year" in li or "недавний" in li)
    assert line.startswith("✘ недавний диплом, какого требует маршрут (")
    assert "другие условия" not in out and "когда вы получили диплом" not in out
