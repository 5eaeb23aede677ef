"""A SYNTHETIC population drawn from a distribution spec (YAML) whose every figure is data with a
source and a confidence (official / secondary / unverified), like the knowledge base's figures.

The spec gives marginal distributions (age, degree, occupation, English level, salary, savings …)
from published surveys; this module draws each person independently from them, with a few
structural links that are code, not data: a career starts at the drawn starting age and cannot
start before 16; savings are months of the drawn net salary; people living abroad more often work
remotely and for employers outside Russia. Surveys differ in sample and year, and the joint
distribution is not known, so the result is a plausible population, not a census: every file it
writes says so in its metadata, and every command that reads it repeats it.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator, model_validator

from emigre.errors import InputError, describe_validation_error
from emigre.knowledge.model import Confidence, Strict


class SourceRef(Strict):
    url: str
    title: str
    checked: date
    note: str | None = None


class Figure(Strict):
    source: str | list[str] | None = None
    confidence: Confidence = "unverified"
    note: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> Figure:
        if self.source is None and self.confidence != "unverified":
            raise ValueError("a figure without a source must be marked confidence: unverified")
        return self

    def source_keys(self) -> list[str]:
        if self.source is None:
            return []
        return [self.source] if isinstance(self.source, str) else list(self.source)


class Share(Figure):
    share: float = Field(ge=0, le=1)


class Shares(Figure):
    shares: dict[str, float]

    @model_validator(mode="after")
    def _sum_to_one(self) -> Shares:
        total = sum(self.shares.values())
        if any(v < 0 for v in self.shares.values()) or not math.isclose(total, 1, abs_tol=1e-6):
            raise ValueError(f"shares must be ≥ 0 and sum to 1 (they sum to {total:g})")
        return self


class Buckets(Figure):
    buckets: list[tuple[float, float, float]]
    """[low, high, share]: a value uniform in [low, high) with that share."""

    @model_validator(mode="after")
    def _valid(self) -> Buckets:
        total = sum(b[2] for b in self.buckets)
        if not math.isclose(total, 1, abs_tol=1e-6):
            raise ValueError(f"bucket shares must sum to 1 (they sum to {total:g})")
        if any(lo > hi for lo, hi, _ in self.buckets):
            raise ValueError("a bucket's low end is above its high end")
        return self


class LogNormal(Figure):
    median: float = Field(gt=0)
    sigma: float = Field(ge=0)
    currency: str


class Ranges(Figure):
    ranges: dict[str, tuple[float, float]]
    """Per category, a value uniform in [low, high]."""


class Spec(Strict):
    title: str
    notice: str
    reference_date: date
    sources: dict[str, SourceRef]
    citizenship: Shares
    age: Buckets
    second_citizenship: Share
    citizenship_2: Shares
    residence: Shares
    political_record: Shares
    school_certificate: Shares
    highest_degree: Shares
    university_years: Ranges
    occupation: Shares
    career_start_age: Buckets
    tenure_years: Buckets
    remote_in_russia: Share
    remote_abroad: Share
    employer_abroad: Shares
    net_to_gross: Figure
    net_to_gross_factor: float = Field(gt=0, le=1)
    salary_russia: LogNormal
    salary_foreign: LogNormal
    english: Shares
    german: Shares
    savings_months: Buckets
    monthly_savings_share: Buckets
    offer: Share
    offer_country: Shares
    offer_salary: LogNormal

    @field_validator("occupation")
    @classmethod
    def _isco_groups(cls, occupation: Shares) -> Shares:
        from emigre import occupations

        for code in occupation.shares:
            if not occupations.exists(code):
                hint = (
                    occupations.unknown_hint(code)
                    if occupations.well_formed(code)
                    else 'ISCO-08 codes are 1 to 4 digits, in quotes, e.g. "2512"'
                )
                raise ValueError(f"shares: '{code}' is not an ISCO-08 group; {hint}")
        return occupation

    @model_validator(mode="after")
    def _sources_exist(self) -> Spec:
        for name, fig in self.figures().items():
            for key in fig.source_keys():
                if key not in self.sources:
                    raise ValueError(f"{name}.source: no source '{key}' under sources")
        return self

    def figures(self) -> dict[str, Figure]:
        return {k: v for k, v in self if isinstance(v, Figure)}

    def unverified(self) -> list[str]:
        return [k for k, f in self.figures().items() if f.confidence == "unverified"]


def load_spec(path: Path) -> Spec:
    from emigre.knowledge.yaml_file import read_yaml

    raw: Any = read_yaml(path, f"{path} (spec file)")
    try:
        return Spec.model_validate(raw)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, str(path))) from None


# --- Drawing --------------------------------------------------------------------------------------

_EPOCH = date(1970, 1, 1).toordinal()


def _choice(rng: Any, fig: Shares, n: int) -> Any:
    import numpy as np

    keys = list(fig.shares)
    p = np.array([fig.shares[k] for k in keys], dtype=float)
    idx = rng.choice(len(keys), size=n, p=p / p.sum())
    return np.array(keys, dtype=object)[idx]


def _buckets(rng: Any, fig: Buckets, n: int) -> Any:
    import numpy as np

    lo = np.array([b[0] for b in fig.buckets])
    hi = np.array([b[1] for b in fig.buckets])
    p = np.array([b[2] for b in fig.buckets])
    idx = rng.choice(len(p), size=n, p=p / p.sum())
    return lo[idx] + rng.random(n) * (hi[idx] - lo[idx])


def _lognormal(rng: Any, fig: LogNormal, n: int) -> Any:
    import numpy as np

    return np.round(fig.median * np.exp(rng.normal(0.0, fig.sigma, n)), -2)


def _none_if(values: Any, missing: str = "unknown") -> list[Any]:
    return [None if v == missing else v for v in values.tolist()]


def _rate(src: str, dst: str, on: date) -> float:
    """Units of `dst` per unit of `src` at `on`, from the bundled dated rates."""
    from emigre.money import load_fx

    conv = load_fx().convert(1.0, src, dst, on)
    if conv is None:
        raise InputError(f"no exchange rate known from {src} to {dst}")
    return conv.amount


def draw(spec: Spec, n: int, *, seed: int = 1, on: date | None = None) -> Any:
    """`n` synthetic people as a polars DataFrame in the flat profile schema."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(seed)
    on = on or spec.reference_date
    on_ord = on.toordinal()
    age = _buckets(rng, spec.age, n)
    birth = on_ord - np.floor(age * 365.25).astype(np.int64)
    second = rng.random(n) < spec.second_citizenship.share
    cit2 = np.where(second, _choice(rng, spec.citizenship_2, n), None)
    residence = _choice(rng, spec.residence, n)
    abroad = residence != "RU"
    degree = _choice(rng, spec.highest_degree, n)
    years = np.zeros(n)
    for deg, (lo, hi) in spec.university_years.ranges.items():
        mask = degree == deg
        years[mask] = np.round(lo + rng.random(mask.sum()) * (hi - lo))
    occupation = _choice(rng, spec.occupation, n)
    start_age = _buckets(rng, spec.career_start_age, n)
    career_days = np.floor(np.maximum(age - np.maximum(start_age, 16.0), 0.0) * 365.25)
    career_start = on_ord - career_days.astype(np.int64)
    tenure_days = np.floor(_buckets(rng, spec.tenure_years, n) * 365.25).astype(np.int64)
    job_start = np.maximum(on_ord - tenure_days, career_start)
    has_earlier = job_start - career_start > 30
    remote = np.where(
        abroad,
        rng.random(n) < spec.remote_abroad.share,
        rng.random(n) < spec.remote_in_russia.share,
    )
    employer = np.where(abroad, _choice(rng, spec.employer_abroad, n), "RU")
    employer = np.where(employer == "residence", residence, employer)
    foreign_employer = employer != "RU"
    gross = np.where(
        foreign_employer,
        _lognormal(rng, spec.salary_foreign, n),
        _lognormal(rng, spec.salary_russia, n),
    )
    currency = np.where(foreign_employer, spec.salary_foreign.currency, spec.salary_russia.currency)
    net = gross * spec.net_to_gross_factor
    # Savings in roubles: months of take-home pay, converted at the date's rate.
    to_rub = np.where(foreign_employer, _rate(spec.salary_foreign.currency, "RUB", on), 1.0)
    savings = np.round(_buckets(rng, spec.savings_months, n) * net * to_rub, -3)
    monthly = np.round(_buckets(rng, spec.monthly_savings_share, n) * net * to_rub, -2)
    english = _choice(rng, spec.english, n)
    german = _choice(rng, spec.german, n)
    has_offer = rng.random(n) < spec.offer.share
    offer_country = np.where(has_offer, _choice(rng, spec.offer_country, n), None)
    offer_salary = np.where(has_offer, _lognormal(rng, spec.offer_salary, n), np.nan)

    def dates(ordinals: Any, mask: Any = None) -> pl.Series:
        days = pl.Series(np.asarray(ordinals, dtype=np.int64) - _EPOCH).cast(pl.Int32)
        if mask is not None:
            days = pl.select(pl.when(pl.Series(mask)).then(days)).to_series()
        return days.cast(pl.Date)

    def text(values: Any) -> pl.Series:
        return pl.Series(values.tolist() if hasattr(values, "tolist") else values, dtype=pl.String)

    frame = pl.DataFrame(
        {
            "person_id": np.arange(1, n + 1, dtype=np.int64),
            "citizenship": text(_choice(rng, spec.citizenship, n)),
            "citizenship_2": text(cit2),
            "birth_date": dates(birth),
            "residence": text(residence),
            "political_record": text(_none_if(_choice(rng, spec.political_record, n))),
            "school_certificate": text(_none_if(_choice(rng, spec.school_certificate, n))),
            "highest_degree": text(degree),
            "university_years": years,
            "work_occupation": text(occupation),
            "work_start": dates(job_start),
            "work_remote": remote,
            "work_employer_country": text(employer),
            "work_gross_monthly_salary": gross,
            "work_currency": text(currency),
            "work2_occupation": text(np.where(has_earlier, occupation, None)),
            "work2_start": dates(career_start, has_earlier),
            "work2_end": dates(job_start - 1, has_earlier),
            "lang_ru": pl.repeat("native", n, dtype=pl.String, eager=True),
            "lang_en": text(_none_if(english, "none")),
            "lang_de": text(_none_if(german, "none")),
            "money_currency": pl.repeat("RUB", n, dtype=pl.String, eager=True),
            "savings": savings,
            "monthly_savings": monthly,
            "offer_country": text(offer_country),
            "offer_salary": pl.Series(offer_salary).fill_nan(None),
            "offer_currency": text(
                [spec.offer_salary.currency if h else None for h in has_offer.tolist()]
            ),
        }
    )
    return frame


def metadata(spec: Spec, n: int, seed: int, on: date) -> dict[str, Any]:
    return {
        "synthetic": True,
        "notice": spec.notice,
        "title": spec.title,
        "size": n,
        "seed": seed,
        "reference_date": on.isoformat(),
        "unverified": spec.unverified(),
        "sources": {k: v.url for k, v in spec.sources.items()},
    }


def write_population(
    spec: Spec, n: int, output: Path, *, seed: int = 1, on: date | None = None, chunk: int = 500_000
) -> int:
    """Draw and write `n` people to Parquet in chunks (memory stays bounded)."""
    import pyarrow.parquet as pq

    on = on or spec.reference_date
    from emigre.files import output_path

    writer: Any = None
    written = 0
    with output_path(output) as tmp:
        try:
            for i, start in enumerate(range(0, n, chunk)):
                size = min(chunk, n - start)
                frame = draw(spec, size, seed=seed * 1_000_003 + i, on=on)
                frame = frame.with_columns(frame["person_id"] + start)
                table = frame.to_arrow()
                if writer is None:
                    writer = pq.ParquetWriter(tmp, table.schema, compression="zstd")
                writer.write_table(table)
                written += size
            if writer is not None:
                writer.add_key_value_metadata({"emigre": json.dumps(metadata(spec, n, seed, on))})
        finally:
            if writer is not None:
                writer.close()
    return written
