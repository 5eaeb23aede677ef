"""The schema's rules over a typed table of profiles: which rule a row breaks first, and (for
the few rows that break one) the message naming the column and the fix. The rules are those of
the `Profile` model; `tests/test_population.py` checks that both agree row by row."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from emigre import occupations
from emigre.codes import countries, currencies
from emigre.population.schema import (
    ADMISSION_KINDS,
    DEGREES,
    LEVELS,
    LICENCE_STATUSES,
    NEW_COLUMNS,
    OFFER_KINDS,
    RECORDS,
    Column,
    Layout,
    polars_type,
)
from emigre.profile_values import HIDDEN_CHARACTERS, MAX_MONEY, MAX_TEXT

if TYPE_CHECKING:
    import polars as pl


def expected_value(col: Column) -> str:
    return {
        "country": "an ISO 3166-1 alpha-2 country code such as RU",
        "currency": "an ISO 4217 currency code such as RUB",
        "isco": "an ISCO-08 group of 1 to 4 digits, as text, such as 2512",
        "date": "a date YYYY-MM-DD",
        "number": "a number that is not negative",
        "year": "a year such as 2019",
        "text": "text",
        "bool": "true or false",
        "level": "a CEFR level A1…C2 or native",
        "choice": "one of " + ", ".join(col.choices),
        "id": "anything",
    }[col.kind]


@cache
def _country_list() -> list[str]:
    return sorted(countries())


def rules(layout: Layout, absent: Collection[str] = ()) -> list[tuple[pl.Expr, pl.Expr]]:
    """The schema's rules over the typed columns, in order: (breaks the rule, message).

    The columns named in `absent` (not in the table, so empty in every row) are read as empty
    literals instead, which the query optimiser folds away with the rules that need a value
    there (most of them: a table has about half of the schema's columns)."""
    import polars as pl

    checks: list[tuple[pl.Expr, pl.Expr]] = []

    def err(msg: str, *args: pl.Expr) -> pl.Expr:
        return pl.format(msg, *args) if args else pl.lit(msg)

    t = {
        c.name: pl.lit(None, dtype=polars_type(c)) if c.name in absent else pl.col(c.name)
        for c in layout.columns()
    }
    countries = _country_list()
    currency_list = sorted(currencies())
    isco_list = sorted(occupations.groups())

    def bad_code(name: str) -> None:
        checks.append(
            (
                t[name].is_not_null() & ~t[name].is_in(countries),
                err(f"{name}: '{{}}' is not an ISO 3166-1 alpha-2 country code", t[name]),
            )
        )

    def bad_currency(name: str) -> None:
        checks.append(
            (
                t[name].is_not_null() & ~t[name].is_in(currency_list),
                err(f"{name}: '{{}}' is not an ISO 4217 currency code such as RUB", t[name]),
            )
        )

    def bad_isco(name: str) -> None:
        text = t[name].cast(pl.String)
        checks.append(
            (
                t[name].is_not_null() & ~text.str.contains(r"^[0-9]{1,4}$"),
                err(f"{name}: '{{}}' is not an ISCO-08 code of 1 to 4 digits", t[name]),
            )
        )
        checks.append(
            (
                t[name].is_not_null() & ~text.is_in(isco_list),
                err(
                    f"{name}: '{{}}' is not an ISCO-08 occupation group; write a group of the "
                    "ILO's list, such as 2512 (`emigre data occupations` lists them)",
                    t[name],
                ),
            )
        )

    def bad_money(name: str, le: float | None = None) -> None:
        x = t[name]
        top = MAX_MONEY if le is None else le
        bad = x.is_not_null() & (x.is_nan() | x.is_infinite() | (x < 0) | (x > top))
        what = f"a number from 0 to {top:g}"
        checks.append((bad, err(f"{name}: {{}} is not {what}", x.cast(pl.String))))

    def required(name: str, when: pl.Expr | None, why: str) -> None:
        cond = t[name].is_null() if when is None else (when & t[name].is_null())
        checks.append((cond, err(f"{name}: required{why}")))

    from emigre.dates import add_years
    from emigre.profile_values import FIRST_YEAR, LAST_YEAR, MAX_AGE_YEARS, MIN_WORK_AGE

    today = date.today()
    oldest = add_years(today, -MAX_AGE_YEARS)

    def bad_date(name: str) -> None:
        x = t[name]
        checks.append(
            (
                (x.dt.year() < FIRST_YEAR) | (x.dt.year() > LAST_YEAR),
                err(
                    f"{name}: {{}} is not between {FIRST_YEAR} and {LAST_YEAR}",
                    x.cast(pl.String),
                ),
            )
        )

    required("citizenship", None, "")
    bad_code("citizenship")
    bad_code("citizenship_2")
    required("birth_date", None, "")
    bad_date("birth_date")
    born = t["birth_date"]
    checks.append((born > today, err("birth_date: {} is in the future", born.cast(pl.String))))
    checks.append(
        (
            born < oldest,
            err(f"birth_date: {{}} is more than {MAX_AGE_YEARS} years ago", born.cast(pl.String)),
        )
    )
    born14 = born.dt.offset_by(f"{MIN_WORK_AGE}y")
    for name in ("residence", "school_certificate"):
        bad_code(name)
    for name, choices in (("political_record", RECORDS), ("highest_degree", DEGREES)):
        checks.append(
            (
                t[name].is_not_null() & ~t[name].is_in(list(choices)),
                err(f"{name}: '{{}}' is not one of {', '.join(choices)}", t[name]),
            )
        )
    bad_money("university_years", 15)
    for p in layout.jobs:
        occ, start, end = t[f"{p}_occupation"], t[f"{p}_start"], t[f"{p}_end"]
        exists = occ.is_not_null() | start.is_not_null()
        required(f"{p}_occupation", exists, f" when {p}_start is given")
        required(f"{p}_start", exists, f" when {p}_occupation is given")
        stray = (
            end.is_not_null()
            | t[f"{p}_employer_country"].is_not_null()
            | t[f"{p}_gross_monthly_salary"].is_not_null()
            | t[f"{p}_currency"].is_not_null()
            | t[f"{p}_remote"].fill_null(False)
        )
        checks.append(
            (~exists & stray, err(f"{p}_…: given, but {p}_occupation and {p}_start are empty"))
        )
        bad_isco(f"{p}_occupation")
        bad_date(f"{p}_start")
        bad_date(f"{p}_end")
        checks.append(
            (
                start < born14,
                err(
                    f"{p}_start: {{}} is before the age of {MIN_WORK_AGE}",
                    start.cast(pl.String),
                ),
            )
        )
        checks.append(
            (
                end < start,
                err(
                    f"{p}_end: {{}} is before {p}_start ({{}}); a job must end after it starts",
                    end.cast(pl.String),
                    start.cast(pl.String),
                ),
            )
        )
        bad_code(f"{p}_employer_country")
        bad_money(f"{p}_gross_monthly_salary")
        required(
            f"{p}_currency",
            t[f"{p}_gross_monthly_salary"].is_not_null(),
            f" with {p}_gross_monthly_salary",
        )
        bad_currency(f"{p}_currency")
    for code in layout.languages:
        name = f"lang_{code}"
        checks.append(
            (
                t[name].is_not_null() & ~t[name].is_in(list(LEVELS)),
                err(f"{name}: '{{}}' is not a CEFR level A1…C2 or native", t[name]),
            )
        )
    money_given = pl.any_horizontal(
        [t[n].is_not_null() for n in ("savings", "monthly_savings", "monthly_income")]
    )
    required("money_currency", money_given, " with savings, monthly_savings or monthly_income")
    bad_currency("money_currency")
    for name in ("savings", "monthly_savings", "monthly_income"):
        bad_money(name)
    offer = t["offer_country"].is_not_null() | t["offer_salary"].is_not_null()
    required("offer_country", offer, " with offer_salary")
    required("offer_salary", offer, " with offer_country")
    checks.append(
        (
            ~offer
            & pl.any_horizontal(
                [t[n].is_not_null() for n in ("offer_currency", "offer_occupation", "offer_kind")]
            ),
            err("offer_…: given, but offer_country and offer_salary are empty"),
        )
    )
    bad_code("offer_country")
    bad_money("offer_salary")
    bad_currency("offer_currency")
    bad_isco("offer_occupation")
    checks.append(
        (
            t["offer_kind"].is_not_null() & ~t["offer_kind"].is_in(list(OFFER_KINDS)),
            err(f"offer_kind: '{{}}' is not one of {', '.join(OFFER_KINDS)}", t["offer_kind"]),
        )
    )
    bad_code("admission_country")
    checks.append(
        (
            t["admission_country"].is_null() & t["admission_kind"].is_not_null(),
            err("admission_kind: given, but admission_country is empty"),
        )
    )
    checks.append(
        (
            t["admission_kind"].is_not_null() & ~t["admission_kind"].is_in(list(ADMISSION_KINDS)),
            err(
                f"admission_kind: '{{}}' is not one of {', '.join(ADMISSION_KINDS)}",
                t["admission_kind"],
            ),
        )
    )
    licence = t["licence_country"].is_not_null()
    bad_code("licence_country")
    required("licence_occupation", licence, " with licence_country")
    required("licence_status", licence, " with licence_country")
    checks.append(
        (
            ~licence & (t["licence_occupation"].is_not_null() | t["licence_status"].is_not_null()),
            err("licence_…: given, but licence_country is empty"),
        )
    )
    bad_isco("licence_occupation")
    checks.append(
        (
            t["licence_status"].is_not_null() & ~t["licence_status"].is_in(list(LICENCE_STATUSES)),
            err(
                f"licence_status: '{{}}' is not one of {', '.join(LICENCE_STATUSES)}",
                t["licence_status"],
            ),
        )
    )
    for col in NEW_COLUMNS:
        if col.kind == "country":
            bad_code(col.name)
        elif col.kind == "date":
            bad_date(col.name)
        elif col.kind == "number":
            bad_money(col.name)
        elif col.kind == "choice":
            checks.append(
                (
                    t[col.name].is_not_null() & ~t[col.name].is_in(list(col.choices)),
                    err(f"{col.name}: '{{}}' is not one of {', '.join(col.choices)}", t[col.name]),
                )
            )
        elif col.kind == "year":
            y = t[col.name]
            checks.append(
                (
                    y.is_not_null()
                    & (y.is_nan() | (y != y.floor()) | (y < FIRST_YEAR) | (y > LAST_YEAR)),
                    err(
                        f"{col.name}: {{}} is not a year from {FIRST_YEAR} to {LAST_YEAR}",
                        y.cast(pl.String),
                    ),
                )
            )
        elif col.kind == "text":
            checks.append(
                (
                    t[col.name].str.len_chars() > MAX_TEXT,
                    err(f"{col.name}: longer than {MAX_TEXT} characters"),
                )
            )
            checks.append(
                (
                    t[col.name].str.contains(HIDDEN_CHARACTERS),
                    err(
                        f"{col.name}: a control or direction character is not text; "
                        "write plain text"
                    ),
                )
            )
    required("money_currency", t["max_cost"].is_not_null(), " with max_cost")

    return checks


def with_messages(frame: pl.DataFrame, layout: Layout) -> pl.DataFrame:
    """`frame` (normalised) with `_error`: the first problem of each row in words, or null.
    Cheap on the few rows that break a rule; every rule is spelt out only for them."""
    import polars as pl

    cols = layout.columns()
    names = pl.Series([c.name for c in cols], dtype=pl.String)
    expected = pl.Series([expected_value(c) for c in cols], dtype=pl.String)
    idx = pl.col("_parse_col")
    parse_msg = pl.format(
        "{}: '{}' is not {}",
        pl.lit(names).gather(idx),
        pl.col("_parse_raw"),
        pl.lit(expected).gather(idx),
    )
    messages = [pl.when(idx.is_not_null()).then(parse_msg)] + [
        pl.when(cond.fill_null(False)).then(msg) for cond, msg in rules(layout)
    ]
    return frame.with_columns(pl.coalesce(messages).alias("_error"))
