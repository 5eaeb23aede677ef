"""What a missing answer is asked for: on an eligible route it cannot change the verdict (it
concerns another alternative), so the page does not say 'fill in to decide'."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli

DOCTOR = """
[person]
citizenship = ["BY"]
birth_date = 1988-01-15
residence = "BY"
[education]
school_certificate = "BY"
highest_degree = "master"
university_years = 6
[[work]]
occupation = "2211"
start = 2012-08-01
[languages]
ru = "native"
de = "B2"
[money]
currency = "EUR"
savings = 15000
monthly_savings = 300
[[offers]]
country = "DE"
gross_annual_salary = 70000
currency = "EUR"
occupation = "2211"
[[licences]]
country = "DE"
occupation = "2211"
status = "promised"
"""


def test_an_eligible_route_asks_for_a_fuller_answer_not_a_decision(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "doctor.toml"
    path.write_text(DOCTOR, encoding="utf-8")
    code, out, _err = cli("explain", "de.blue_card", str(path), "--lang", "en")
    assert code == 0
    flat = " ".join(out.split())
    assert "Verdict on" in flat and "eligible" in flat
    assert "Fill in for a fuller answer (the verdict stands): year of graduation" in flat
    assert "Fill in to decide" not in flat
    # a route the missing answer does decide still says so
    code, out, _err = cli("explain", "de.skilled_worker", str(path), "--lang", "en")
    assert code == 0
    flat = " ".join(out.split())
    if "unknown" in flat.split("Verdict on", 1)[1][:40]:
        assert "Fill in to decide" in flat


def test_the_route_page_says_the_same(tmp_path: Path) -> None:
    import re
    from datetime import date

    from tests.conftest import import_profile, web_client

    client = web_client(tmp_path, date(2026, 12, 6), lang="ru")
    base = import_profile(client, DOCTOR, "doctor.toml")
    page = re.sub(r"<[^>]+>", "", client.get(f"{base}/route/de.blue_card").text)
    assert "Для более полного ответа заполните (вывод не изменится):" in page
    assert "Чтобы решить, заполните" not in page
