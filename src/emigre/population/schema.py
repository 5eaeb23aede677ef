"""The flat table of profiles: one row per person, one column per fact.

Parquet or CSV. Column names are a contract, like the TOML profile's field names; every column
but `citizenship` and `birth_date` may be left out, and an empty cell means "not given" (which
makes a condition that needs the fact *unknown*, never a guessed "met").

| column | type | profile field | notes |
|---|---|---|---|
| `person_id` | any | — | optional; carried to the results |
| `citizenship` | ISO 3166-1 alpha-2 | `person.citizenship[1]` | **required** |
| `citizenship_2` | ISO 3166-1 alpha-2 | `person.citizenship[2]` | a second nationality |
| `birth_date` | date | `person.birth_date` | **required**; after 1900 |
| `residence` | ISO 3166-1 alpha-2 | `person.residence` | |
| `political_record` | none, administrative, criminal | `person.political_record` | |
| `school_certificate` | ISO 3166-1 alpha-2 | `education.school_certificate` | |
| `highest_degree` | none, vocational, bachelor, master, doctorate | `education.highest_degree` | |
| `university_years` | number 0–15 | `education.university_years` | empty = 0 |
| `work_occupation` | ISCO-08, 1–4 digits, as text | `work[1].occupation` | the main job |
| `work_start` | date | `work[1].start` | needed with an occupation |
| `work_end` | date | `work[1].end` | empty = ongoing |
| `work_remote` | true/false | `work[1].remote` | empty = false |
| `work_employer_country` | ISO 3166-1 alpha-2 | `work[1].employer_country` | |
| `work_gross_monthly_salary` | number ≥ 0 | `work[1].gross_monthly_salary` | needs `work_currency` |
| `work_currency` | ISO 4217 | `work[1].currency` | |
| `work2_…` … `work5_…` | as `work_…` | `work[2]` … `work[5]` | earlier jobs, same seven columns |
| `lang_<code>` | A1…C2 or native | `languages.<code>` | one column per ISO 639-1 language |
| `money_currency` | ISO 4217 | `money.currency` | needed with any money column |
| `savings` | number ≥ 0 | `money.savings` | empty = 0 when a currency is given |
| `monthly_savings` | number ≥ 0 | `money.monthly_savings` | empty = 0 |
| `monthly_income` | number ≥ 0 | `money.monthly_income` | |
| `offer_country` | ISO 3166-1 alpha-2 | `offers[1].country` | a job offer, real or what-if |
| `offer_salary` | number ≥ 0 | `offers[1].gross_annual_salary` | gross a year |
| `offer_currency` | ISO 4217 | `offers[1].currency` | empty = EUR |
| `offer_occupation` | ISCO-08 | `offers[1].occupation` | |
| `military_service` | none, liable, reserve, exempt | `person.military_service` | |
| `passport_expires` | date | `person.passport_expires` | |
| `institution` | text | `education.institution` | university or college of the highest degree |
| `degree_country` | ISO 3166-1 alpha-2 | `education.degree_country` | where the degree was awarded |
| `graduation_year` | year 1900–2100 | `education.graduation_year` | |
| `goal` | settle_eu, study, work, leave_soon | `preferences.goal` | empty = settle_eu |
| `max_cost` | number ≥ 0 | `preferences.max_cost` | in `money_currency` |
| `self_study` | true/false | `preferences.self_study` | empty = false |

Why job *slots* with dates rather than "months of experience per ISCO group": the knowledge base
counts experience within a window before the evaluation date ("3 of the last 7 years") and in
several groups at once, and remote income needs the job that is current *at that date*. Dates keep
the table faithful to the profile, so a table row and the same person's TOML file get the same
verdicts at any date. Five slots hold a realistic career; put the current job in `work_…`.

Dates are `YYYY-MM-DD` (or a Parquet date). Text is trimmed; codes are read case-insensitively.
Columns not listed here are an error (a misspelt column would otherwise be silently ignored);
columns whose names start with `x_` are ignored, for your own bookkeeping.

A row that breaks a rule (an unknown code, a job ending before it starts, negative money, …) is
reported with its row number (1 = the first data row; in a CSV that is line 2) and the column,
and skipped: it never reaches the results silently.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from emigre.codes import countries, currencies
from emigre.errors import InputError
from emigre.profile import MAX_MONEY, MAX_TEXT

if TYPE_CHECKING:
    import polars as pl

    from emigre.profile import Profile

Kind = Literal[
    "id", "country", "currency", "isco", "date", "number", "bool", "level", "choice", "text", "year"
]

MAX_JOBS = 5
JOB_PREFIXES: tuple[str, ...] = ("work", *(f"work{i}" for i in range(2, MAX_JOBS + 1)))
JOB_FIELDS: tuple[str, ...] = (
    "occupation",
    "start",
    "end",
    "remote",
    "employer_country",
    "gross_monthly_salary",
    "currency",
)
LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
DEGREES: tuple[str, ...] = ("none", "vocational", "bachelor", "master", "doctorate")
RECORDS: tuple[str, ...] = ("none", "administrative", "criminal")
MILITARY: tuple[str, ...] = ("none", "liable", "reserve", "exempt")
GOALS: tuple[str, ...] = ("settle_eu", "study", "work", "leave_soon")


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    maps_to: str
    choices: tuple[str, ...] = ()


NEW_COLUMNS: tuple[Column, ...] = (
    Column("military_service", "choice", "person.military_service", MILITARY),
    Column("passport_expires", "date", "person.passport_expires"),
    Column("institution", "text", "education.institution"),
    Column("degree_country", "country", "education.degree_country"),
    Column("graduation_year", "year", "education.graduation_year"),
    Column("goal", "choice", "preferences.goal", GOALS),
    Column("max_cost", "number", "preferences.max_cost"),
    Column("self_study", "bool", "preferences.self_study"),
)
"""Facts with one column each that map one to one to a profile field (`section.field`)."""
BASE_COLUMNS: tuple[Column, ...] = (
    Column("citizenship", "country", "person.citizenship[1]"),
    Column("citizenship_2", "country", "person.citizenship[2]"),
    Column("birth_date", "date", "person.birth_date"),
    Column("residence", "country", "person.residence"),
    Column("political_record", "choice", "person.political_record", RECORDS),
    Column("school_certificate", "country", "education.school_certificate"),
    Column("highest_degree", "choice", "education.highest_degree", DEGREES),
    Column("university_years", "number", "education.university_years"),
    Column("money_currency", "currency", "money.currency"),
    Column("savings", "number", "money.savings"),
    Column("monthly_savings", "number", "money.monthly_savings"),
    Column("monthly_income", "number", "money.monthly_income"),
    Column("offer_country", "country", "offers[1].country"),
    Column("offer_salary", "number", "offers[1].gross_annual_salary"),
    Column("offer_currency", "currency", "offers[1].currency"),
    Column("offer_occupation", "isco", "offers[1].occupation"),
    *NEW_COLUMNS,
)
_JOB_KINDS: dict[str, Kind] = {
    "occupation": "isco",
    "start": "date",
    "end": "date",
    "remote": "bool",
    "employer_country": "country",
    "gross_monthly_salary": "number",
    "currency": "currency",
}
REQUIRED = ("citizenship", "birth_date")


def job_column(prefix: str, fld: str) -> Column:
    n = JOB_PREFIXES.index(prefix) + 1
    return Column(f"{prefix}_{fld}", _JOB_KINDS[fld], f"work[{n}].{fld}")


def lang_column(code: str) -> Column:
    return Column(f"lang_{code}", "level", f"languages.{code}", LEVELS)


@dataclass(frozen=True)
class Layout:
    """Which optional groups of columns a table has: job slots, languages, an id."""

    jobs: tuple[str, ...]
    languages: tuple[str, ...]
    has_id: bool = False
    ignored: tuple[str, ...] = ()
    renames: tuple[tuple[str, str], ...] = ()
    """Column names as written in the file → as in the schema (lang_DE → lang_de)."""

    def columns(self) -> list[Column]:
        cols = list(BASE_COLUMNS)
        cols += [job_column(p, f) for p in self.jobs for f in JOB_FIELDS]
        cols += [lang_column(c) for c in self.languages]
        return cols

    def names(self) -> list[str]:
        return [c.name for c in self.columns()]


def layout_of(names: Iterable[str]) -> Layout:
    """Check a table's header: required columns present, no unknown ones (each named)."""
    from emigre.codes import languages

    names = list(names)
    base = {c.name for c in BASE_COLUMNS}
    jobs: set[str] = set()
    langs: list[str] = []
    unknown: list[str] = []
    ignored: list[str] = []
    renames: list[tuple[str, str]] = []
    for name in names:
        if name in base or name == "person_id":
            continue
        if name.startswith("x_"):
            ignored.append(name)
            continue
        prefix, _, fld = name.partition("_")
        if prefix in JOB_PREFIXES and fld in JOB_FIELDS:
            jobs.add(prefix)
        elif prefix.lower() == "lang" and fld.lower() in languages():
            langs.append(fld.lower())
            if name != f"lang_{fld.lower()}":
                renames.append((name, f"lang_{fld.lower()}"))
        else:
            unknown.append(name)
    if unknown:
        hint = (
            "; a language column is lang_<ISO 639-1 code>, e.g. lang_de"
            if any(u.startswith("lang_") for u in unknown)
            else ""
        )
        raise InputError(
            f"unknown column(s) {', '.join(repr(u) for u in unknown)}: the flat profile schema "
            f"has {', '.join(c.name for c in BASE_COLUMNS)}, work_<field> (fields "
            f"{', '.join(JOB_FIELDS)}; work2_ … work{MAX_JOBS}_ for more jobs), lang_<code>, "
            f"person_id; prefix your own columns with x_{hint}"
        )
    missing = [r for r in REQUIRED if r not in names]
    if missing:
        raise InputError(f"the table needs the column(s) {', '.join(missing)}")
    if len(set(langs)) != len(langs):
        raise InputError("a lang_<code> column appears twice (codes are case-insensitive)")
    return Layout(
        jobs=tuple(p for p in JOB_PREFIXES if p in jobs),
        languages=tuple(sorted(langs)),
        has_id="person_id" in names,
        ignored=tuple(ignored),
        renames=tuple(renames),
    )


# --- Reading -------------------------------------------------------------------------------------


def scan_people(source: str | Path) -> pl.LazyFrame:
    """A lazy scan of a Parquet or CSV file (or a glob of them); nothing is read yet."""
    import polars as pl

    text = str(source)
    suffix = Path(text).suffix.lower()
    has_glob = any(ch in text for ch in "*?[")
    if not has_glob and not Path(text).is_file():
        raise InputError(f"{text}: no such file; give a Parquet or CSV table of profiles")
    if has_glob:
        import glob

        if not glob.glob(text):
            raise InputError(f"{text}: no file matches")
    if suffix in (".parquet", ".pq"):
        return pl.scan_parquet(text)
    if suffix == ".csv":
        return pl.scan_csv(text, infer_schema=False, raise_if_empty=False)
    raise InputError(f"{text}: expected a .parquet or .csv file")


def _raw_kind(dtype: pl.DataType) -> str:
    import polars as pl

    if dtype == pl.Null:
        return "null"
    if dtype == pl.String:
        return "string"
    if dtype == pl.Date:
        return "date"
    if isinstance(dtype, pl.Datetime):
        return "datetime"
    if dtype == pl.Boolean:
        return "bool"
    if dtype.is_integer():
        return "int"
    if dtype.is_float():
        return "float"
    if isinstance(dtype, pl.Categorical | pl.Enum):
        return "cat"
    return "other"


_POLARS_TYPE = {
    "date": "Date",
    "number": "Float64",
    "year": "Float64",
    "bool": "Boolean",
}


def _typed(col: Column, raw: pl.DataType | None) -> tuple[pl.Expr, pl.Expr]:
    """The column in its schema type, and where the raw value could not be read as that type."""
    import polars as pl

    target = getattr(pl, _POLARS_TYPE.get(col.kind, "String"))
    if raw is None:
        return pl.lit(None, dtype=target), pl.lit(False)
    x = pl.col(col.name)
    rk = _raw_kind(raw)
    if rk == "null":
        return pl.lit(None, dtype=target), pl.lit(False)
    nonnull = x.is_not_null()
    if col.kind == "date":
        if rk == "date":
            return x, pl.lit(False)
        if rk == "datetime":
            return x.dt.date(), pl.lit(False)
        if rk in ("string", "cat"):
            s = x.cast(pl.String).str.strip_chars()
            parsed = s.str.to_date("%Y-%m-%d", strict=False)
            return parsed, nonnull & (s != "") & parsed.is_null()
        return pl.lit(None, dtype=pl.Date), nonnull
    if col.kind in ("number", "year"):
        if rk in ("int", "float"):
            return x.cast(pl.Float64), pl.lit(False)
        if rk in ("string", "cat"):
            s = x.cast(pl.String).str.strip_chars()
            parsed = s.cast(pl.Float64, strict=False)
            return parsed, nonnull & (s != "") & parsed.is_null()
        return pl.lit(None, dtype=pl.Float64), nonnull
    if col.kind == "bool":
        if rk == "bool":
            return x, pl.lit(False)
        if rk in ("string", "cat", "int"):
            s = x.cast(pl.String).str.strip_chars().str.to_lowercase()
            parsed = (
                pl.when(s.is_in(["true", "1", "yes"]))
                .then(True)
                .when(s.is_in(["false", "0", "no"]))
                .then(False)
            )
            return parsed, nonnull & (s != "") & parsed.is_null()
        return pl.lit(None, dtype=pl.Boolean), nonnull
    # Text kinds: codes, levels, choices. Cleaned value by distinct value (a column holds few),
    # and not at all when every value is clean already.
    if rk in ("string", "cat", "int"):
        clean = _text_cleaner(col.kind)
        return x.cast(pl.String).map_batches(
            clean, return_dtype=pl.String, is_elementwise=True
        ), pl.lit(False)
    return pl.lit(None, dtype=pl.String), nonnull


def clean_text(value: str, kind: Kind) -> str | None:
    """Trimmed; empty is missing; codes in capitals, choices in small letters."""
    v = value.strip()
    if not v:
        return None
    if kind in ("country", "currency"):
        return v.upper()
    if kind == "level":
        return "native" if v.lower() == "native" else v.upper()
    if kind == "choice":
        return v.lower()
    return v


def _text_cleaner(kind: Kind) -> Any:
    import polars as pl

    def clean(s: pl.Series) -> pl.Series:
        before = s.drop_nulls().unique().to_list()
        after = [clean_text(v, kind) for v in before]
        if after == before:
            return s
        return s.replace_strict(before, after, default=None, return_dtype=pl.String)

    return clean


def _expected(col: Column) -> str:
    return {
        "country": "an ISO 3166-1 alpha-2 country code such as RU",
        "currency": "an ISO 4217 currency code such as RUB",
        "isco": "an ISCO-08 code of 1 to 4 digits, as text, such as 2512",
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


def _checks(layout: Layout) -> list[tuple[pl.Expr, pl.Expr]]:
    """The schema's rules over the typed columns, in order: (breaks the rule, message)."""
    import polars as pl

    checks: list[tuple[pl.Expr, pl.Expr]] = []

    def err(msg: str, *args: pl.Expr) -> pl.Expr:
        return pl.format(msg, *args) if args else pl.lit(msg)

    t = {c.name: pl.col(c.name) for c in layout.columns()}
    countries = _country_list()
    currency_list = sorted(currencies())

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
        checks.append(
            (
                t[name].is_not_null() & ~t[name].str.contains(r"^[0-9]{1,4}$"),
                err(f"{name}: '{{}}' is not an ISCO-08 code of 1 to 4 digits", t[name]),
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

    from emigre.profile import FIRST_YEAR, LAST_YEAR, MAX_AGE_YEARS, MIN_WORK_AGE, add_years

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
            ~offer & (t["offer_currency"].is_not_null() | t["offer_occupation"].is_not_null()),
            err("offer_…: given, but offer_country and offer_salary are empty"),
        )
    )
    bad_code("offer_country")
    bad_money("offer_salary")
    bad_currency("offer_currency")
    bad_isco("offer_occupation")
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
    required("money_currency", t["max_cost"].is_not_null(), " with max_cost")

    return checks


def normalise(lf: pl.LazyFrame, layout: Layout) -> pl.LazyFrame:
    """Every schema column in its type (absent ones as empty columns), defaults filled in as the
    profile model fills them, and `_check`: the number of the first rule the row breaks, or
    null (`with_messages` turns it into words, for the few rows that need them).

    Expects a `row` column (the 1-based row number) to be present already."""
    import polars as pl

    if layout.renames:
        lf = lf.rename(dict(layout.renames))
    schema = lf.collect_schema()
    cols = layout.columns()
    typed: dict[str, pl.Expr] = {}
    failed_at: list[pl.Expr] = []
    failed_raw: list[pl.Expr] = []
    for i, col in enumerate(cols):
        expr, failed = _typed(col, schema.get(col.name))
        typed[col.name] = expr
        if col.name in schema and not failed.meta.eq(pl.lit(False)):
            failed_at.append(pl.when(failed).then(pl.lit(i, dtype=pl.UInt16)))
            failed_raw.append(pl.when(failed).then(pl.col(col.name).cast(pl.String)))
    none16, none_s = pl.lit(None, dtype=pl.UInt16), pl.lit(None, dtype=pl.String)
    parse_col = pl.coalesce(failed_at) if failed_at else none16
    parse_raw = pl.coalesce(failed_raw) if failed_raw else none_s
    t = {name: pl.col(name) for name in typed}
    offer = t["offer_country"].is_not_null() | t["offer_salary"].is_not_null()
    code = pl.coalesce(
        pl.when(pl.col("_parse_col").is_not_null()).then(pl.lit(0, dtype=pl.UInt16)),
        *(
            pl.when(cond.fill_null(False)).then(pl.lit(i + 1, dtype=pl.UInt16))
            for i, (cond, _) in enumerate(_checks(layout))
        ),
    )
    # Defaults, as the profile model fills them.
    money = t["money_currency"].is_not_null()
    defaults = {
        "university_years": t["university_years"].fill_null(0.0),
        "savings": pl.when(money).then(t["savings"].fill_null(0.0)).otherwise(t["savings"]),
        "monthly_savings": pl.when(money)
        .then(t["monthly_savings"].fill_null(0.0))
        .otherwise(t["monthly_savings"]),
        "offer_currency": pl.when(offer)
        .then(t["offer_currency"].fill_null(pl.lit("EUR")))
        .otherwise(t["offer_currency"]),
        **{f"{p}_remote": t[f"{p}_remote"].fill_null(False) for p in layout.jobs},
        "goal": t["goal"].fill_null(pl.lit("settle_eu")),
        "self_study": t["self_study"].fill_null(False),
    }
    keep = ["row", *(["person_id"] if layout.has_id else [])]
    return lf.select(
        *keep,
        *(e.alias(n) for n, e in typed.items()),
        parse_col.alias("_parse_col"),
        parse_raw.alias("_parse_raw"),
    ).with_columns(code.alias("_check"), *(e.alias(n) for n, e in defaults.items()))


def with_messages(frame: pl.DataFrame, layout: Layout) -> pl.DataFrame:
    """`frame` (normalised) with `_error`: the first problem of each row in words, or null.
    Cheap on the few rows that break a rule; every rule is spelt out only for them."""
    import polars as pl

    cols = layout.columns()
    names = pl.Series([c.name for c in cols], dtype=pl.String)
    expected = pl.Series([_expected(c) for c in cols], dtype=pl.String)
    idx = pl.col("_parse_col")
    parse_msg = pl.format(
        "{}: '{}' is not {}",
        pl.lit(names).gather(idx),
        pl.col("_parse_raw"),
        pl.lit(expected).gather(idx),
    )
    messages = [pl.when(idx.is_not_null()).then(parse_msg)] + [
        pl.when(cond.fill_null(False)).then(msg) for cond, msg in _checks(layout)
    ]
    return frame.with_columns(pl.coalesce(messages).alias("_error"))


# --- One row to one Profile -----------------------------------------------------------------------


def _finite(row: Mapping[str, Any], name: str) -> None:
    v = row.get(name)
    if v is not None and not math.isfinite(v):
        raise InputError(f"{name}: {v} is not a number that is not negative")


_ASCII_ISCO = re.compile(r"[0-9]{1,4}")
_ASCII_CUR = re.compile(r"[A-Z]{3}")


def row_to_profile(row: Mapping[str, Any], layout: Layout) -> Profile:
    """The profile a (normalised) row stands for; InputError naming the column if it is invalid.

    This is the mapping both faces share: the explain face evaluates the profile it returns, and
    the vectorised face reads the same columns."""
    from emigre.profile import parse_profile

    def given(*names: str) -> bool:
        return any(row.get(n) is not None for n in names)

    for name in ("citizenship", "birth_date"):
        if row.get(name) is None:
            raise InputError(f"{name}: required")
    person: dict[str, Any] = {
        "citizenship": [c for c in (row["citizenship"], row.get("citizenship_2")) if c],
        "birth_date": row["birth_date"],
    }
    for key in ("residence", "political_record"):
        if row.get(key) is not None:
            person[key] = row[key]
    education: dict[str, Any] = {"university_years": row.get("university_years") or 0.0}
    _finite(row, "university_years")
    for key in ("school_certificate", "highest_degree"):
        if row.get(key) is not None:
            education[key] = row[key]
    work: list[dict[str, Any]] = []
    for p in layout.jobs:
        occ, start = row.get(f"{p}_occupation"), row.get(f"{p}_start")
        if occ is None and start is None:
            if given(
                f"{p}_end", f"{p}_employer_country", f"{p}_gross_monthly_salary", f"{p}_currency"
            ) or row.get(f"{p}_remote"):
                raise InputError(f"{p}_…: given, but {p}_occupation and {p}_start are empty")
            continue
        if occ is None or start is None:
            raise InputError(f"{p}_occupation and {p}_start: both are required for a job")
        if not _ASCII_ISCO.fullmatch(occ):
            raise InputError(f"{p}_occupation: '{occ}' is not an ISCO-08 code")
        cur = row.get(f"{p}_currency")
        if cur is not None and not _ASCII_CUR.fullmatch(cur):
            raise InputError(f"{p}_currency: '{cur}' is not an ISO 4217 code")
        _finite(row, f"{p}_gross_monthly_salary")
        job: dict[str, Any] = {
            "occupation": occ,
            "start": start,
            "remote": bool(row.get(f"{p}_remote")),
        }
        for fld in ("end", "employer_country", "gross_monthly_salary", "currency"):
            if row.get(f"{p}_{fld}") is not None:
                job[fld] = row[f"{p}_{fld}"]
        work.append(job)
    langs = {c: row[f"lang_{c}"] for c in layout.languages if row.get(f"lang_{c}") is not None}
    data: dict[str, Any] = {
        "person": person,
        "education": education,
        "work": work,
        "languages": langs,
        "preferences": {},
    }
    for col in NEW_COLUMNS:
        value = row.get(col.name)
        if value is not None:
            if col.kind == "number":
                _finite(row, col.name)
            if col.kind == "year":
                if not (math.isfinite(value) and float(value).is_integer()):
                    raise InputError(f"{col.name}: {value} is not a year")
                value = int(value)
            section, _, fld = col.maps_to.partition(".")
            data[section][fld] = value
    if given("money_currency", "savings", "monthly_savings", "monthly_income"):
        cur = row.get("money_currency")
        if cur is None:
            raise InputError("money_currency: required with savings, monthly_savings")
        if not _ASCII_CUR.fullmatch(cur):
            raise InputError(f"money_currency: '{cur}' is not an ISO 4217 code")
        money: dict[str, Any] = {"currency": cur}
        for key in ("savings", "monthly_savings", "monthly_income"):
            _finite(row, key)
            if row.get(key) is not None:
                money[key] = row[key]
        data["money"] = money
    if given("offer_country", "offer_salary"):
        if row.get("offer_country") is None or row.get("offer_salary") is None:
            raise InputError("offer_country and offer_salary: both are required for an offer")
        _finite(row, "offer_salary")
        offer: dict[str, Any] = {
            "country": row["offer_country"],
            "gross_annual_salary": row["offer_salary"],
        }
        cur = row.get("offer_currency")
        if cur is not None:
            if not _ASCII_CUR.fullmatch(cur):
                raise InputError(f"offer_currency: '{cur}' is not an ISO 4217 code")
            offer["currency"] = cur
        occ = row.get("offer_occupation")
        if occ is not None:
            if not _ASCII_ISCO.fullmatch(occ):
                raise InputError(f"offer_occupation: '{occ}' is not an ISCO-08 code")
            offer["occupation"] = occ
        data["offers"] = [offer]
    elif given("offer_currency", "offer_occupation"):
        raise InputError("offer_…: given, but offer_country and offer_salary are empty")
    return parse_profile(data, "row")


def profile_to_row(profile: Profile) -> dict[str, Any]:
    """The flat row of a profile (up to five jobs, the first offer); for tests and examples."""
    p = profile
    row: dict[str, Any] = {
        "citizenship": p.person.citizenship[0],
        "citizenship_2": p.person.citizenship[1] if len(p.person.citizenship) > 1 else None,
        "birth_date": p.person.birth_date,
        "residence": p.person.residence,
        "political_record": p.person.political_record,
        "school_certificate": p.education.school_certificate,
        "highest_degree": p.education.highest_degree,
        "university_years": p.education.university_years,
    }
    for prefix, job in zip(JOB_PREFIXES, p.work, strict=False):
        row.update(
            {
                f"{prefix}_occupation": job.occupation,
                f"{prefix}_start": job.start,
                f"{prefix}_end": job.end,
                f"{prefix}_remote": job.remote,
                f"{prefix}_employer_country": job.employer_country,
                f"{prefix}_gross_monthly_salary": job.gross_monthly_salary,
                f"{prefix}_currency": job.currency,
            }
        )
    for code, level in p.languages.items():
        row[f"lang_{code}"] = level
    if p.money is not None:
        row.update(
            money_currency=p.money.currency,
            savings=p.money.savings,
            monthly_savings=p.money.monthly_savings,
            monthly_income=p.money.monthly_income,
        )
    for col in NEW_COLUMNS:
        section, _, fld = col.maps_to.partition(".")
        row[col.name] = getattr(getattr(p, section), fld)
    if p.offers:
        o = p.offers[0]
        row.update(
            offer_country=o.country,
            offer_salary=o.gross_annual_salary,
            offer_currency=o.currency,
            offer_occupation=o.occupation,
        )
    return row


@dataclass
class BadRow:
    row: int
    message: str


@dataclass
class BadRows:
    """Rows skipped because they break the schema, each with its number and the reason."""

    rows: list[BadRow] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, df: pl.DataFrame) -> None:
        for r, m in zip(df["row"].to_list(), df["_error"].to_list(), strict=True):
            self.rows.append(BadRow(int(r), str(m)))

    def write_csv(self, path: Path) -> None:
        import csv

        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["row", "problem"])
            for b in self.rows:
                w.writerow([b.row, b.message])


def polars_frame(rows: list[dict[str, Any]], layout: Layout) -> pl.DataFrame:
    """A typed frame of flat rows (missing keys are empty cells), in the schema's types."""
    import polars as pl

    types: dict[Kind, Any] = {
        "date": pl.Date,
        "number": pl.Float64,
        "year": pl.Float64,
        "bool": pl.Boolean,
    }
    schema = {c.name: types.get(c.kind, pl.String) for c in layout.columns()}
    data = {name: [r.get(name) for r in rows] for name in schema}
    return pl.DataFrame(data, schema=schema)
