"""A work route whose pay the data does not know: the money table after arrival says '?' for the
income (the balance counts none of it), never a plain 0; and papers ready on the filing day are
listed before the filing."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Cli, import_profile, web_client

NURSE = """
[person]
citizenship = ["BY"]
birth_date = 1993-04-11
residence = "BY"
[education]
school_certificate = "BY"
highest_degree = "vocational"
[[work]]
occupation = "3221"
start = 2013-09-01
employer_country = "BY"
gross_monthly_salary = 1400
currency = "BYN"
[languages]
ru = "native"
[money]
currency = "BYN"
savings = 8000
monthly_savings = 300
"""
ROUTE = "hu.guest_worker.national_card"


@pytest.fixture
def nurse(tmp_path: Path) -> Path:
    path = tmp_path / "nurse.toml"
    path.write_text(NURSE, encoding="utf-8")
    return path


def test_the_money_table_shows_unknown_pay_as_a_question_mark(cli: Cli, nurse: Path) -> None:
    code, out, _err = cli("explain", ROUTE, str(nurse), "--lang", "en", "--on", "2026-12-06")
    assert code == 0
    assert "its salary is not known" in out
    table = out[out.index("Money month by month") :]
    rows = [r for r in table.splitlines() if re.match(r"│\s*\d\d\.\d{4}|│\s*\d{4}-\d\d", r)]
    incomes = [r.rstrip(" │").rsplit("│", 1)[-1].strip() for r in rows]
    assert "?" in incomes, incomes
    assert "the balance after arrival counts none" in " ".join(table.split())


def test_papers_come_before_the_application_they_are_filed_with(cli: Cli, nurse: Path) -> None:
    import json

    code, out, _err = cli("explain", ROUTE, str(nurse), "--format", "json", "--on", "2026-12-06")
    assert code == 0
    doc = json.loads(out)
    route = doc.get("route", doc)
    ids = [s["id"] for s in route["steps"]]
    assert "papers" in ids and "application" in ids
    assert ids.index("papers") < ids.index("application"), ids


def test_the_web_table_shows_unknown_pay_as_a_question_mark(tmp_path: Path) -> None:
    client = web_client(tmp_path, date(2026, 12, 6), lang="en")
    base = import_profile(client, NURSE, "nurse.toml")
    page = client.get(f"{base}/route/{ROUTE}").text
    table = page[page.index('id="cashflow-table"') :]
    table = table[: table.index("</details>")]
    assert '<td class="num">?</td>' in table
    assert "the balance after arrival counts none" in table
