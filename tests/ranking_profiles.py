"""Realistic people who are not the bundled examples, for reading the top of the ranking as a
consultant would (`scripts/ranking_review.py`) and for the scenario tests
(`tests/test_ranking_scenarios.py`). Each is a profile as a dict, with one line about them."""

from __future__ import annotations

from datetime import date
from typing import Any

ON = date(2026, 12, 7)


def _job(
    occupation: str,
    start: date,
    country: str,
    salary: float,
    currency: str,
    remote: bool = False,
    end: date | None = None,
) -> dict[str, Any]:
    job: dict[str, Any] = {
        "occupation": occupation,
        "start": start,
        "employer_country": country,
        "gross_monthly_salary": salary,
        "currency": currency,
        "remote": remote,
    }
    if end is not None:
        job["end"] = end
    return job


def _person(
    citizenship: str, born: date, record: str | None = None, **extra: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "citizenship": [citizenship],
        "birth_date": born,
        "residence": citizenship,
    }
    if record:
        out["political_record"] = record
    return {**out, **extra}


def _money(currency: str, savings: float, monthly: float) -> dict[str, Any]:
    return {"currency": currency, "savings": savings, "monthly_savings": monthly}


PROFILES: dict[str, tuple[str, dict[str, Any]]] = {
    "school_leaver_ru": (
        "18, Russian, school certificate, no work, parents give 3,000 EUR",
        {
            "person": _person("RU", date(2008, 5, 2), military_service="liable"),
            "education": {"school_certificate": "RU", "highest_degree": "none"},
            "languages": {"ru": "native", "en": "B1"},
            "money": _money("EUR", 3000, 100),
        },
    ),
    "school_leaver_by_study": (
        "17, Belarusian, finishing school, wants to study, 8,000 EUR from the family",
        {
            "person": _person("BY", date(2009, 2, 11)),
            "education": {"school_certificate": "BY", "highest_degree": "none"},
            "languages": {"ru": "native", "be": "B2", "en": "B2"},
            "money": _money("EUR", 8000, 200),
            "preferences": {"goal": "study"},
        },
    ),
    "graduate_no_job_ru": (
        "23, Russian, bachelor's in economics 2025, no job yet, English B2",
        {
            "person": _person("RU", date(2003, 7, 19)),
            "education": {
                "school_certificate": "RU",
                "highest_degree": "bachelor",
                "university_years": 4,
                "field": "economics",
                "degree_country": "RU",
                "graduation_year": 2025,
            },
            "languages": {"ru": "native", "en": "B2"},
            "money": _money("RUB", 250000, 15000),
        },
    ),
    "nurse_kz": (
        "32, Kazakh, nursing college, 10 years a nurse, German A2",
        {
            "person": _person("KZ", date(1994, 9, 3)),
            "education": {
                "school_certificate": "KZ",
                "highest_degree": "vocational",
                "field": "nursing",
            },
            "work": [_job("2221", date(2015, 9, 1), "KZ", 350000, "KZT")],
            "languages": {"ru": "native", "kk": "C1", "de": "A2", "en": "A2"},
            "money": _money("KZT", 2500000, 80000),
        },
    ),
    "physician_ru": (
        "41, Russian, medical degree (master's level), 15 years a physician, English B2",
        {
            "person": _person("RU", date(1985, 4, 14)),
            "education": {
                "school_certificate": "RU",
                "highest_degree": "master",
                "university_years": 6,
                "field": "medicine",
                "degree_country": "RU",
                "graduation_year": 2009,
            },
            "work": [_job("2211", date(2011, 9, 1), "RU", 150000, "RUB")],
            "languages": {"ru": "native", "en": "B2", "de": "A1"},
            "money": _money("EUR", 25000, 700),
        },
    ),
    "physician_kz_work": (
        "36, Kazakh, physician with a master's, German B2, wants to work",
        {
            "person": _person("KZ", date(1990, 1, 30)),
            "education": {
                "school_certificate": "KZ",
                "highest_degree": "master",
                "university_years": 6,
                "field": "medicine",
            },
            "work": [_job("2211", date(2014, 9, 1), "KZ", 600000, "KZT")],
            "languages": {"ru": "native", "kk": "B2", "de": "B2", "en": "B1"},
            "money": _money("KZT", 6000000, 150000),
            "preferences": {"goal": "work"},
        },
    ),
    "lawyer_ru": (
        "35, Russian, law master's, 11 years a lawyer, English B2, 15,000 EUR",
        {
            "person": _person("RU", date(1991, 6, 8)),
            "education": {
                "school_certificate": "RU",
                "highest_degree": "master",
                "university_years": 6,
                "field": "law",
            },
            "work": [_job("2611", date(2015, 8, 1), "RU", 180000, "RUB")],
            "languages": {"ru": "native", "en": "B2"},
            "money": _money("EUR", 15000, 600),
        },
    ),
    "teacher_by": (
        "44, Belarusian, teacher with a bachelor's, 20 years in a school, English B1",
        {
            "person": _person("BY", date(1982, 11, 23)),
            "education": {
                "school_certificate": "BY",
                "highest_degree": "bachelor",
                "university_years": 5,
                "field": "education",
            },
            "work": [_job("2330", date(2005, 9, 1), "BY", 1500, "BYN")],
            "languages": {"ru": "native", "be": "C1", "en": "B1"},
            "money": _money("USD", 6000, 150),
        },
    ),
    "it_no_degree_offer": (
        "27, Russian, developer without a degree, 7 years, a German offer of 52,000 EUR",
        {
            "person": _person("RU", date(1999, 3, 1)),
            "education": {"school_certificate": "RU", "highest_degree": "none"},
            "work": [_job("2512", date(2019, 6, 1), "RU", 250000, "RUB")],
            "languages": {"ru": "native", "en": "B2"},
            "money": _money("RUB", 800000, 60000),
            "offers": [{"country": "DE", "gross_annual_salary": 52000, "occupation": "2512"}],
        },
    ),
    "it_no_degree_local": (
        "26, Kazakh, developer without a degree, 5 years in an Almaty office, no offer",
        {
            "person": _person("KZ", date(2000, 10, 10)),
            "education": {"school_certificate": "KZ", "highest_degree": "none"},
            "work": [_job("2512", date(2021, 9, 1), "KZ", 900000, "KZT")],
            "languages": {"ru": "native", "kk": "B2", "en": "B2"},
            "money": _money("KZT", 4000000, 200000),
        },
    ),
    "it_remote_ru": (
        "30, Russian, developer with a bachelor's, remote for a Cypriot company at 4,000 EUR",
        {
            "person": _person("RU", date(1996, 2, 2)),
            "education": {
                "school_certificate": "RU",
                "highest_degree": "bachelor",
                "university_years": 4,
            },
            "work": [_job("2512", date(2019, 1, 1), "CY", 4000, "EUR", remote=True)],
            "languages": {"ru": "native", "en": "C1"},
            "money": _money("EUR", 30000, 1500),
        },
    ),
    "engineer_ir": (
        "29, Iranian, master's in mechanical engineering, 5 years, English C1",
        {
            "person": _person("IR", date(1997, 8, 21)),
            "education": {
                "school_certificate": "IR",
                "highest_degree": "master",
                "university_years": 6,
                "field": "engineering",
            },
            "work": [_job("2144", date(2021, 3, 1), "IR", 400000000, "IRR")],
            "languages": {"fa": "native", "en": "C1"},
            "money": _money("EUR", 12000, 300),
        },
    ),
    "activist_criminal_ru": (
        "31, Russian journalist with a criminal case, bachelor's, English B2",
        {
            "person": _person("RU", date(1995, 12, 12), "criminal"),
            "education": {
                "school_certificate": "RU",
                "highest_degree": "bachelor",
                "university_years": 4,
                "field": "journalism",
            },
            "work": [_job("2642", date(2017, 9, 1), "RU", 90000, "RUB")],
            "languages": {"ru": "native", "en": "B2"},
            "money": _money("EUR", 4000, 200),
            "preferences": {"goal": "leave_soon"},
        },
    ),
    "activist_by_settle": (
        "28, Belarusian with an administrative record, bachelor's in economics, no savings",
        {
            "person": _person("BY", date(1998, 5, 5), "administrative"),
            "education": {
                "school_certificate": "BY",
                "highest_degree": "bachelor",
                "university_years": 4,
                "field": "economics",
            },
            "work": [_job("2631", date(2020, 9, 1), "BY", 2000, "BYN")],
            "languages": {"ru": "native", "be": "C1", "en": "B1", "pl": "A2"},
            "money": _money("USD", 0, 100),
        },
    ),
    "cook_kz": (
        "39, Kazakh cook, vocational diploma, 15 years, no foreign language",
        {
            "person": _person("KZ", date(1987, 7, 7)),
            "education": {
                "school_certificate": "KZ",
                "highest_degree": "vocational",
                "field": "cooking",
            },
            "work": [_job("5120", date(2010, 4, 1), "KZ", 300000, "KZT")],
            "languages": {"ru": "native", "kk": "C1"},
            "money": _money("KZT", 1500000, 50000),
        },
    ),
    "accountant_rich_ru": (
        "46, Russian accountant with 90,000 EUR saved, bachelor's, English B1",
        {
            "person": _person("RU", date(1980, 3, 3)),
            "education": {
                "school_certificate": "RU",
                "highest_degree": "bachelor",
                "university_years": 5,
                "field": "accounting",
            },
            "work": [_job("2411", date(2003, 9, 1), "RU", 200000, "RUB")],
            "languages": {"ru": "native", "en": "B1"},
            "money": _money("EUR", 90000, 1500),
        },
    ),
    "driver_poor_by": (
        "33, Belarusian truck driver, school only, no savings",
        {
            "person": _person("BY", date(1993, 1, 15)),
            "education": {"school_certificate": "BY", "highest_degree": "none"},
            "work": [_job("8332", date(2012, 5, 1), "BY", 1800, "BYN")],
            "languages": {"ru": "native", "pl": "A1"},
            "money": _money("USD", 0, 150),
        },
    ),
    "engineer_graduate_work_kz": (
        "25, Kazakh civil engineer, bachelor's 2023, 2 years, wants to work, English B2",
        {
            "person": _person("KZ", date(2001, 4, 4)),
            "education": {
                "school_certificate": "KZ",
                "highest_degree": "bachelor",
                "university_years": 4,
                "field": "engineering",
                "graduation_year": 2023,
            },
            "work": [_job("2142", date(2023, 9, 1), "KZ", 500000, "KZT")],
            "languages": {"ru": "native", "kk": "B2", "en": "B2"},
            "money": _money("KZT", 3000000, 150000),
            "preferences": {"goal": "work"},
        },
    ),
    "dropout_study_ru": (
        "20, Russian, left university after 2 years, no work, wants to study, German B1",
        {
            "person": _person("RU", date(2006, 9, 9), military_service="liable"),
            "education": {
                "school_certificate": "RU",
                "highest_degree": "none",
                "university_years": 2,
            },
            "languages": {"ru": "native", "en": "B2", "de": "B1"},
            "money": _money("EUR", 12000, 300),
            "preferences": {"goal": "study"},
        },
    ),
    "researcher_phd_ru": (
        "34, Russian, PhD in chemistry, 6 years at an institute, English C1",
        {
            "person": _person("RU", date(1992, 12, 1)),
            "education": {
                "school_certificate": "RU",
                "highest_degree": "doctorate",
                "university_years": 9,
                "field": "chemistry",
            },
            "work": [_job("2113", date(2018, 10, 1), "RU", 120000, "RUB")],
            "languages": {"ru": "native", "en": "C1"},
            "money": _money("EUR", 10000, 500),
        },
    ),
    "no_work_no_money_ru": (
        "24, Russian, vocational diploma, no work at all, no savings",
        {
            "person": _person("RU", date(2002, 8, 8)),
            "education": {"school_certificate": "RU", "highest_degree": "vocational"},
            "languages": {"ru": "native", "en": "A2"},
            "money": _money("RUB", 0, 5000),
        },
    ),
    "marketer_ge": (
        "29, Georgian in Tbilisi, bachelor's in marketing, English B2 (visa-free in Schengen)",
        {
            "person": _person("GE", date(1997, 7, 7)),
            "education": {
                "school_certificate": "GE",
                "highest_degree": "bachelor",
                "university_years": 4,
            },
            "work": [_job("2431", date(2019, 9, 1), "GE", 3000, "GEL")],
            "languages": {"ka": "native", "ru": "B2", "en": "B2"},
            "money": _money("EUR", 7000, 200),
        },
    ),
    "analyst_am": (
        "27, Armenian in Yerevan, data analyst with a bachelor's, English C1",
        {
            "person": _person("AM", date(1999, 12, 12)),
            "education": {
                "school_certificate": "AM",
                "highest_degree": "bachelor",
                "university_years": 4,
            },
            "work": [_job("2521", date(2021, 1, 1), "AM", 900000, "AMD")],
            "languages": {"hy": "native", "ru": "C1", "en": "C1"},
            "money": _money("USD", 10000, 500),
        },
    ),
    "logistics_ua_in_ru": (
        "30, Ukrainian living and working in Russia since 2019, bachelor's, English B1",
        {
            "person": {**_person("UA", date(1996, 4, 10)), "residence": "RU"},
            "education": {
                "school_certificate": "UA",
                "highest_degree": "bachelor",
                "university_years": 4,
            },
            "work": [_job("4323", date(2019, 3, 1), "RU", 90000, "RUB")],
            "languages": {"uk": "native", "ru": "native", "en": "B1"},
            "money": _money("RUB", 300000, 20000),
        },
    ),
    "student_ua": (
        "19, Ukrainian in Lviv, school certificate, English B2, wants to study",
        {
            "person": _person("UA", date(2007, 3, 3)),
            "education": {"school_certificate": "UA", "highest_degree": "none"},
            "languages": {"uk": "native", "en": "B2", "pl": "A2"},
            "money": _money("EUR", 4000, 150),
            "preferences": {"goal": "study"},
        },
    ),
    "developer_ir": (
        "31, Iranian software engineer with a master's (2019), 7 years, English C1",
        {
            "person": _person("IR", date(1995, 6, 1)),
            "education": {
                "school_certificate": "IR",
                "highest_degree": "master",
                "university_years": 6,
                "field": "computer_science",
                "degree_country": "IR",
                "graduation_year": 2019,
            },
            "work": [_job("2512", date(2019, 9, 1), "IR", 500000000, "IRR")],
            "languages": {"fa": "native", "en": "C1"},
            "money": _money("EUR", 15000, 400),
        },
    ),
    "builder_uz": (
        "28, Uzbek bricklayer, school only, 9 years on Russian building sites",
        {
            "person": _person("UZ", date(1998, 1, 20)),
            "education": {"school_certificate": "UZ", "highest_degree": "none"},
            "work": [_job("7112", date(2017, 4, 1), "RU", 80000, "RUB")],
            "languages": {"uz": "native", "ru": "B2"},
            "money": _money("USD", 2000, 200),
        },
    ),
    "postdoc_ru_nl_offer": (
        "32, Russian physicist with a PhD (2022), a Dutch university's offer at 56,000 EUR",
        {
            "person": _person("RU", date(1994, 5, 5)),
            "education": {
                "school_certificate": "RU",
                "highest_degree": "doctorate",
                "university_years": 10,
                "field": "physics",
                "degree_country": "RU",
                "graduation_year": 2022,
            },
            "work": [_job("2111", date(2018, 9, 1), "RU", 110000, "RUB")],
            "languages": {"ru": "native", "en": "C1"},
            "money": _money("EUR", 8000, 300),
            "offers": [{"country": "NL", "gross_annual_salary": 56000, "occupation": "2111"}],
        },
    ),
    "developer_ru_il": (
        "35, Russian-Israeli dual citizen in Moscow, developer with a bachelor's",
        {
            "person": {**_person("RU", date(1991, 11, 11)), "citizenship": ["RU", "IL"]},
            "education": {
                "school_certificate": "RU",
                "highest_degree": "bachelor",
                "university_years": 4,
            },
            "work": [_job("2512", date(2014, 9, 1), "RU", 300000, "RUB")],
            "languages": {"ru": "native", "en": "B2", "he": "A2"},
            "money": _money("RUB", 2000000, 80000),
        },
    ),
    "pensioner_ru": (
        "64, Russian pensioner, rent income of 1,800 EUR a month, 60,000 EUR saved, no work",
        {
            "person": _person("RU", date(1962, 4, 4)),
            "education": {
                "school_certificate": "RU",
                "highest_degree": "master",
                "university_years": 5,
            },
            "languages": {"ru": "native", "en": "A2"},
            "money": {
                **_money("EUR", 60000, 500),
                "passive_income": 1800,
                "passive_income_kind": "rental",
            },
        },
    ),
    "pensioner_pension_ru": (
        "67, Russian retired engineer, pension and deposit interest of 260,000 RUB a month,"
        " 900,000 RUB saved, no work",
        {
            "person": _person("RU", date(1959, 6, 6)),
            "education": {"school_certificate": "RU", "highest_degree": "master"},
            "languages": {"ru": "native"},
            "money": {
                **_money("RUB", 900000, 20000),
                "passive_income": 260000,
                "passive_income_kind": "pension",
            },
        },
    ),
    "developer_ru_de_offer_48k": (
        "29, Russian backend developer with a bachelor's, a German offer of 48,000 EUR",
        {
            "person": _person("RU", date(1997, 2, 2)),
            "education": {
                "school_certificate": "RU",
                "highest_degree": "bachelor",
                "university_years": 4,
                "field": "computer_science",
            },
            "work": [_job("2512", date(2019, 7, 1), "RU", 250000, "RUB")],
            "languages": {"ru": "native", "en": "B2", "de": "A1"},
            "money": _money("RUB", 900000, 70000),
            "offers": [{"country": "DE", "gross_annual_salary": 48000, "occupation": "2512"}],
        },
    ),
    "designer_ru_in_am": (
        "33, Russian living in Yerevan, freelance designer paid 3,500 USD by US clients",
        {
            "person": {**_person("RU", date(1993, 10, 5)), "residence": "AM"},
            "education": {
                "school_certificate": "RU",
                "highest_degree": "bachelor",
                "university_years": 4,
            },
            "work": [_job("2166", date(2018, 1, 1), "US", 3500, "USD", remote=True)],
            "languages": {"ru": "native", "en": "B2"},
            "money": _money("USD", 25000, 1000),
        },
    ),
}
