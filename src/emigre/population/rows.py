"""One row of the table ↔ one `Profile`: the mapping both faces share (the explain fallback and
the tests build profiles from rows), and the list of rows skipped for breaking the schema."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from emigre import occupations
from emigre.errors import InputError
from emigre.population.schema import JOB_PREFIXES, NEW_COLUMNS, Layout

if TYPE_CHECKING:
    import polars as pl

    from emigre.profile import Profile


def _finite(row: Mapping[str, Any], name: str) -> None:
    v = row.get(name)
    if v is not None and not math.isfinite(v):
        raise InputError(f"{name}: {v} is not a number that is not negative")


_ASCII_ISCO = re.compile(r"[0-9]{1,4}")
_ASCII_CUR = re.compile(r"[A-Z]{3}")


def _isco(name: str, code: str) -> None:
    """The same rule as the vectorised checks: a group of ISCO-08, else the column and the fix."""
    if not _ASCII_ISCO.fullmatch(code):
        raise InputError(f"{name}: '{code}' is not an ISCO-08 code of 1 to 4 digits")
    if not occupations.exists(code):
        raise InputError(
            f"{name}: '{code}' is not an ISCO-08 occupation group; {occupations.unknown_hint(code)}"
        )


def row_to_profile(row: Mapping[str, Any], layout: Layout) -> Profile:
    """The profile a (normalised) row stands for; InputError naming the column if it is invalid.

    This is the mapping both faces share: the explain face evaluates the profile it returns, and
    the vectorised face reads the same columns."""
    from emigre.profile_reading import parse_profile

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
        _isco(f"{p}_occupation", occ)
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
            _isco("offer_occupation", occ)
            offer["occupation"] = occ
        if row.get("offer_kind") is not None:
            offer["kind"] = row["offer_kind"]
        data["offers"] = [offer]
    elif given("offer_currency", "offer_occupation", "offer_kind"):
        raise InputError("offer_…: given, but offer_country and offer_salary are empty")
    if row.get("admission_country") is not None:
        admission: dict[str, Any] = {"country": row["admission_country"]}
        if row.get("admission_kind") is not None:
            admission["kind"] = row["admission_kind"]
        data["admissions"] = [admission]
    elif row.get("admission_kind") is not None:
        raise InputError("admission_kind: given, but admission_country is empty")
    if row.get("licence_country") is not None:
        for key in ("licence_occupation", "licence_status"):
            if row.get(key) is None:
                raise InputError(f"{key}: required with licence_country")
        occ = row["licence_occupation"]
        _isco("licence_occupation", occ)
        data["licences"] = [
            {
                "country": row["licence_country"],
                "occupation": occ,
                "status": row["licence_status"],
            }
        ]
    elif given("licence_occupation", "licence_status"):
        raise InputError("licence_…: given, but licence_country is empty")
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
            offer_kind=o.kind,
        )
    if p.admissions:
        row.update(admission_country=p.admissions[0].country, admission_kind=p.admissions[0].kind)
    if p.licences:
        lic = p.licences[0]
        row.update(
            licence_country=lic.country,
            licence_occupation=lic.occupation,
            licence_status=lic.status,
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

        from emigre.files import output_path

        with output_path(path) as tmp, tmp.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["row", "problem"])
            for b in self.rows:
                w.writerow([b.row, b.message])
