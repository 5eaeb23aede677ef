"""Population mode: the vectorised face agrees with the explain face, row checks agree with the
profile model, and the commands work end to end on small tables."""

# ruff: noqa: E402  (the imports below need polars: the module is skipped without it)
from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any

import pytest

pl = pytest.importorskip("polars")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emigre.dates import add_years
from emigre.errors import InputError
from emigre.knowledge.loader import KnowledgeBase, knowledge_base
from emigre.population.checks import with_messages
from emigre.population.compile import STATE_CODE, Plan, compile_plan
from emigre.population.reading import normalise, polars_frame
from emigre.population.rows import profile_to_row, row_to_profile
from emigre.population.schema import ADMISSION_KINDS, Layout, layout_of
from emigre.profile_values import MIN_WORK_AGE
from emigre.rules import conditions as cd
from emigre.rules.conditions import (
    Context,
    money_eur,
)
from emigre.rules.conditions import walk as walk_conditions
from emigre.rules.evaluate import assess, evaluate_node
from tests.conftest import EXAMPLES

DATES = [date(2021, 6, 1), date(2023, 3, 15), date(2026, 11, 25), date(2029, 2, 28)]
INSTITUTIONS = [
    "California Institute of Technology",
    "caltech",
    "The University of Tokyo",
    "ETH Zürich",
    "Duke University",
    "Zhejiang University",
    "Fudan University",
    "Lomonosov Moscow State University",
    "Universiteit van Amsterdam",
]
"""Names on the UK list in various spellings, and names that are not on it."""
LANGS = ["en", "de", "cs", "fr", "it", "pl", "sr", "fi", "es", "et"]
LAYOUT = Layout(jobs=("work", "work2", "work3"), languages=tuple(LANGS), has_id=False)
COUNTRIES = [
    "RU",
    "BY",
    "KZ",
    "IR",
    "UA",
    "DE",
    "US",
    "IL",
    "GE",
    "AM",
    "RS",
    "IN",
    "NL",
    "CZ",
    "MX",
]
CURRENCIES = ["RUB", "EUR", "KZT", "USD", "BYN", "CZK", "PLN", "GBP", "IRR", "MNT"]
OFFER_COUNTRIES = ["DE", "NL", "BE", "GB", "AT", "CZ", "PL", "FI", "RS", "ES", "PT", "IE", "LU"]
OFFER_COUNTRIES += ["DE", "NL", "BE", "GB"]  # where salary thresholds change with age
OCCUPATIONS = ["2512", "2511", "1330", "133", "25", "5120", "2166", "0110", "21", "7", "2221"]
OCCUPATIONS += ["2211", "3221"]  # regulated everywhere: the licence to practise
LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2", "native"]


@cache
def kb_() -> KnowledgeBase:
    return knowledge_base()


@cache
def plan_for(on: date, layout: Layout = LAYOUT) -> Plan:
    kb = kb_()
    return compile_plan(kb.routes, on, kb.params, kb.fx, layout)


@cache
def thresholds(on: date, kind: str, country: str = "") -> tuple[float, ...]:
    """The money thresholds in EUR at `on` of one kind of condition ("funds", "offer" in one
    country, "remote"), to aim amounts exactly at boundaries."""
    kb = kb_()
    out: set[float] = set()
    for route in kb.routes:
        for node in walk_conditions(route.requires):
            names: list[str] = []
            per = "total"
            if isinstance(node, cd.JobOffer) and kind == "offer" and route.country == country:
                names = [n for n in [node.min_salary, *(b.min_salary for b in node.by_age)] if n]
                per = "year"
            elif isinstance(node, cd.Funds) and kind == "funds":
                names = [node.min_amount]
            elif isinstance(node, (cd.RemoteIncome, cd.NetRemoteIncome)) and kind == "remote":
                names = [node.min_monthly]
                per = "month"
            for name in names:
                res = kb.params.resolve(name, on)
                v = money_eur(kb.fx, on, res, per) if res.known else None  # type: ignore[arg-type]
                if v is not None:
                    if isinstance(node, cd.Funds) and res.unit.endswith("/month"):
                        v *= node.months
                    out.add(v)
                    if isinstance(node, cd.NetRemoteIncome):  # gross at the net band's edges
                        for share in ("low", "high"):
                            s = kb.params.resolve(f"ru.net_of_gross.{share}", on)
                            if s.known:
                                out.add(v / float(s.value))
    return tuple(sorted(out)) or (1000.0,)


@cache
def ages_and_years() -> tuple[tuple[int, ...], tuple[float, ...]]:
    """Ages and years of experience the knowledge base tests, to aim dates at boundaries."""
    ages: set[int] = set()
    years: set[float] = set()
    for route in kb_().routes:
        for node in walk_conditions(route.requires):
            if isinstance(node, cd.Age):
                ages.update(a for a in (node.min, node.max) if a is not None)
                ages.update(a + 1 for a in (node.min, node.max) if a is not None)
            elif isinstance(node, cd.JobOffer):
                ages.update(b.below_age for b in node.by_age if b.below_age)
            elif isinstance(node, cd.Experience):
                years.add(node.years)
    return tuple(sorted(ages)), tuple(sorted(years))


def _amount(draw: st.DrawFn, on: date, currency: str, kind: str, country: str = "") -> float:
    """Money exactly on a threshold, just below or above it, or anywhere."""
    kb = kb_()
    if draw(st.integers(0, 3)) == 0:
        return draw(st.floats(0, 5e6, allow_nan=False, allow_infinity=False))
    eur = draw(st.sampled_from(thresholds(on, kind, country)))
    eur *= draw(st.sampled_from([1.0, 1.0, 1.0, 0.999, 1.001, 0.5]))
    rate = kb.fx.rate(currency, on)
    return eur if currency == "EUR" or rate is None else eur * rate.per_eur


def _birth(draw: st.DrawFn, on: date) -> date:
    """A birthday on, just before or just after an age boundary, or any date."""
    if draw(st.integers(0, 3)) == 0:
        return draw(st.dates(date(1950, 1, 1), date(2015, 12, 31)))
    age = draw(st.sampled_from(ages_and_years()[0]))
    day = min(on.day, 28)
    return date(on.year - age, on.month, day) + timedelta(days=draw(st.integers(-1, 1)))


def _near(draw: st.DrawFn, on: date) -> date:
    """A start some years of experience (± a day) before `on`, `on` itself, or any date."""
    pick = draw(st.integers(0, 5))
    if pick == 0:
        return draw(st.dates(date(1960, 1, 1), date(2030, 12, 31)))
    if pick == 1:
        return on
    y = draw(st.sampled_from(ages_and_years()[1] + (4.0, 8.0)))
    return on - timedelta(days=round(y * 365.25) + draw(st.sampled_from([-1, 0, 0, 1])))


@cache
def age_bands(country: str) -> tuple[int, ...]:
    """The ages at which a country's salary thresholds change."""
    return tuple(
        b.below_age
        for r in kb_().routes
        if r.country == country
        for n in walk_conditions(r.requires)
        if isinstance(n, cd.JobOffer)
        for b in n.by_age
        if b.below_age
    )


@st.composite
def flat_row(draw: st.DrawFn, on: date, bad: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {
        "citizenship": draw(st.sampled_from(COUNTRIES)),
        "birth_date": _birth(draw, on),
    }
    if draw(st.integers(0, 4)) == 0:
        row["citizenship_2"] = draw(st.sampled_from(COUNTRIES))
    for key, pool in (
        ("residence", COUNTRIES),
        ("political_record", ["none", "administrative", "criminal"]),
        ("school_certificate", COUNTRIES),
        ("highest_degree", ["none", "vocational", "bachelor", "master", "doctorate"]),
    ):
        if draw(st.integers(0, 3)):
            row[key] = draw(st.sampled_from(pool))
    if draw(st.booleans()):
        row["university_years"] = float(draw(st.integers(0, 6)))
    if draw(st.integers(0, 2)):  # the degree's origin, for the university-list conditions
        row["degree_country"] = draw(st.sampled_from(COUNTRIES + ["NL", "GB", "US", "CN", "HK"]))
    if draw(st.integers(0, 2)):
        row["graduation_year"] = on.year - draw(st.integers(-1, 7))
    if draw(st.integers(0, 2)):
        row["institution"] = draw(st.sampled_from(INSTITUTIONS))
    for prefix in draw(st.sampled_from([(), ("work",), ("work", "work2"), LAYOUT.jobs])):
        start = _near(draw, on)
        row[f"{prefix}_occupation"] = draw(st.sampled_from(OCCUPATIONS))
        row[f"{prefix}_start"] = start
        if draw(st.booleans()):
            gap = draw(st.one_of(st.integers(0, 5000), st.sampled_from([0, 1, 365, 1461])))
            end = draw(st.sampled_from([start + timedelta(days=gap), on, on - timedelta(days=1)]))
            row[f"{prefix}_end"] = max(end, start)
        row[f"{prefix}_remote"] = draw(st.booleans())
        if draw(st.integers(0, 3)):
            row[f"{prefix}_employer_country"] = draw(st.sampled_from(COUNTRIES + ["PT", "ES"]))
        if draw(st.integers(0, 3)):
            cur = draw(st.sampled_from(CURRENCIES))
            row[f"{prefix}_currency"] = cur
            row[f"{prefix}_gross_monthly_salary"] = _amount(draw, on, cur, "remote")
    for lang in draw(st.lists(st.sampled_from(LANGS), max_size=4, unique=True)):
        row[f"lang_{lang}"] = draw(st.sampled_from(LEVELS))
    if draw(st.integers(0, 3)):
        cur = draw(st.sampled_from(CURRENCIES))
        row["money_currency"] = cur
        if draw(st.integers(0, 4)):
            row["savings"] = _amount(draw, on, cur, "funds")
        if draw(st.booleans()):
            row["monthly_savings"] = draw(st.floats(0, 1e6, allow_nan=False))
    if draw(st.booleans()):
        cur = draw(st.sampled_from(["EUR", "EUR", "RUB", "PLN", "CZK", "GBP", "MNT"]))
        country = draw(st.sampled_from(OFFER_COUNTRIES))
        row["offer_country"] = country
        row["offer_salary"] = _amount(draw, on, cur, "offer", country)
        if age_bands(country) and draw(st.booleans()):
            age = draw(st.sampled_from(age_bands(country)))
            row["birth_date"] = date(on.year - age, on.month, min(on.day, 28)) + timedelta(
                days=draw(st.integers(-1, 1))
            )
        if cur != "EUR" or draw(st.booleans()):
            row["offer_currency"] = cur
        if draw(st.booleans()):
            row["offer_occupation"] = draw(st.sampled_from(OCCUPATIONS))
        if draw(st.booleans()):
            row["offer_kind"] = draw(st.sampled_from(["job", "training"]))
    if draw(st.integers(0, 3)) == 0:  # an admission letter held (study, language course, measure)
        row["admission_country"] = draw(st.sampled_from(OFFER_COUNTRIES + ["LT", "SE", "SK"]))
        if draw(st.booleans()):
            row["admission_kind"] = draw(st.sampled_from(list(ADMISSION_KINDS)))
    if draw(st.integers(0, 3)) == 0:  # a licence to practise, granted or promised
        row["licence_country"] = draw(st.sampled_from(["DE", "HU", "FR", "NL", "AT"]))
        row["licence_occupation"] = draw(st.sampled_from(["2211", "221", "2221", "3221", "2"]))
        row["licence_status"] = draw(st.sampled_from(["granted", "promised"]))
    born14 = add_years(row["birth_date"], MIN_WORK_AGE)
    for prefix in LAYOUT.jobs:  # a job starts at 14 or later (the profile's rule)
        if row.get(f"{prefix}_start") is not None and row[f"{prefix}_start"] < born14:
            row[f"{prefix}_start"] = born14
            if row.get(f"{prefix}_end") is not None:
                row[f"{prefix}_end"] = max(row[f"{prefix}_end"], born14)
    if bad:
        _spoil(draw, row)
    return row


def _spoil(draw: st.DrawFn, row: dict[str, Any]) -> None:
    """Break one rule of the schema (or none) so that checks meet every kind of bad input."""
    kind = draw(st.integers(0, 16))
    if kind == 0:
        row["citizenship"] = draw(st.sampled_from(["XX", "R", None]))
    elif kind == 1:
        row["birth_date"] = draw(st.sampled_from([date(1899, 12, 31), None]))
    elif kind == 2:
        row["residence"] = "ZZ"
    elif kind == 3:
        row["highest_degree"] = "phd"
    elif kind == 4:
        row["university_years"] = draw(st.sampled_from([-1.0, 16.0, float("nan")]))
    elif kind == 5:
        row["work_occupation"] = draw(st.sampled_from(["25a", "12345", None, "²"]))
        row.setdefault("work_start", date(2020, 1, 1))
    elif kind == 6:
        row["work_occupation"], row["work_start"] = "2512", date(2020, 1, 1)
        row["work_end"] = date(2019, 1, 1)
    elif kind == 7:
        row["work_gross_monthly_salary"] = 1000.0
        row.pop("work_currency", None)
        row.setdefault("work_occupation", "2512")
        row.setdefault("work_start", date(2020, 1, 1))
    elif kind == 8:
        row["lang_de"] = "B3"
    elif kind == 9:
        row["savings"] = draw(st.sampled_from([-5.0, float("inf")]))
        row.setdefault("money_currency", "EUR")
    elif kind == 10:
        row["savings"] = 5.0
        row.pop("money_currency", None)
    elif kind == 11:
        row["offer_country"] = "DE"
        row.pop("offer_salary", None)
    elif kind == 12:
        row["work2_end"] = date(2020, 1, 1)
        row.pop("work2_occupation", None)
        row.pop("work2_start", None)
    elif kind == 13:
        row["money_currency"] = draw(st.sampled_from(["EURO", "ÄÖÜ", "E1R"]))
    elif kind == 14:
        row["admission_kind"] = draw(st.sampled_from(["college", "university"]))
        if row["admission_kind"] == "university":
            row.pop("admission_country", None)
    elif kind == 15:
        row["licence_country"] = "DE"
        row["licence_occupation"] = draw(st.sampled_from(["22a", None]))
        row["licence_status"] = draw(st.sampled_from(["held", None, "granted"]))


def _normalised(rows: list[dict[str, Any]], layout: Layout = LAYOUT) -> Any:
    frame = polars_frame(rows, layout).lazy().with_row_index("row", offset=1)
    return normalise(frame, layout)


def _typed(lf: Any, layout: Layout = LAYOUT) -> Any:
    """The normalised rows with their problems in words (`_error`)."""
    return with_messages(lf.collect(), layout)


def _agree(rows: list[dict[str, Any]], on: date) -> int:
    """Compare the faces on every valid row and every route; return how many rows were valid."""
    kb = kb_()
    plan = plan_for(on)
    lf = _normalised(rows)
    typed = _typed(lf)
    verdicts = plan.verdict_frame(lf, keep=["row", "_check"]).collect()
    leaves = plan.leaf_frame(lf).select(sorted(set(plan.leaf_of.values()))).collect()
    valid = 0
    for i, rec in enumerate(typed.iter_rows(named=True)):
        assert (rec["_check"] is None) == (rec["_error"] is None)
        try:
            profile = row_to_profile(rec, LAYOUT)
        except InputError as exc:
            assert rec["_error"] is not None, f"row {i + 1}: the model rejects it ({exc})"
            continue
        assert rec["_error"] is None, f"row {i + 1}: flagged ({rec['_error']}) but valid"
        valid += 1
        got = verdicts.row(i, named=True)
        states = leaves.row(i, named=True)
        for res in assess(profile, on, kb.routes, kb.params, kb.fx, respect_preferences=False):
            rid = res.route.id
            # Every condition's state first (a route's verdict can hide a wrong one) ...
            ctx = Context(profile, on, res.route.country, kb.params, kb.fx)
            for node in res.root.walk():
                cond = node.condition
                # A points test's items are leaves of their own (not children in the tree).
                found = [node]
                if isinstance(cond, cd.Points):
                    found += [evaluate_node(item.when, ctx) for item in cond.items]
                for n in found:
                    column = plan.leaf_of.get((rid, n.condition.id))
                    if column is not None:
                        assert states[column] == STATE_CODE[n.state], (
                            f"{rid}: condition {n.condition.id} on {on}: explain says "
                            f"{n.state}, vectorised says {states[column]}\nrow: {rows[i]}"
                        )
            # ... then the verdict.
            assert got[rid] == res.verdict, (
                f"{rid} on {on}: explain says {res.verdict}, vectorised says "
                f"{got[rid]}\nrow: {rows[i]}"
            )
    return valid


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_vectorised_face_agrees_with_explain_face(data: st.DataObject) -> None:
    on = data.draw(st.sampled_from(DATES))
    rows = data.draw(st.lists(flat_row(on), min_size=1, max_size=20))
    assert _agree(rows, on) == len(rows)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_row_checks_agree_with_the_profile_model(data: st.DataObject) -> None:
    on = data.draw(st.sampled_from(DATES))
    rows = data.draw(st.lists(flat_row(on, bad=True), min_size=1, max_size=8))
    _agree(rows, on)


def test_examples_agree_through_the_flat_table() -> None:
    from emigre.profile_reading import load_profile

    profiles = [load_profile(p) for p in sorted(EXAMPLES.glob("*.toml"))]
    rows = [profile_to_row(p) for p in profiles]
    layout = layout_of(sorted({k for r in rows for k in r}))
    kb = kb_()
    for on in DATES:
        plan = compile_plan(kb.routes, on, kb.params, kb.fx, layout)
        assert plan.fallbacks == []
        out = plan.verdict_frame(_normalised(rows, layout)).collect()
        for i, p in enumerate(profiles):
            for res in assess(p, on, kb.routes, kb.params, kb.fx, respect_preferences=False):
                assert out[res.route.id][i] == res.verdict, (res.route.id, on)


def test_a_table_without_jobs_or_languages_agrees_too() -> None:
    """Absent column groups are absent facts on both faces (no job, no language)."""
    layout = Layout(jobs=(), languages=())
    rows = [
        {"citizenship": c, "birth_date": date(1990, 5, 17), "highest_degree": "master"}
        for c in ("RU", "BY", "DE", "IR")
    ] + [{"citizenship": "RU", "birth_date": date(2000, 1, 1), "money_currency": "RUB"}]
    kb = kb_()
    for on in DATES:
        plan = compile_plan(kb.routes, on, kb.params, kb.fx, layout)
        out = plan.verdict_frame(_normalised(rows, layout)).collect()
        for i, rec in enumerate(_typed(_normalised(rows, layout), layout).iter_rows(named=True)):
            profile = row_to_profile(rec, layout)
            for res in assess(profile, on, kb.routes, kb.params, kb.fx, respect_preferences=False):
                assert out[res.route.id][i] == res.verdict, (res.route.id, on, i)


def test_a_condition_without_compiler_falls_back_to_the_explain_face(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from emigre.population import compile as comp

    monkeypatch.delitem(comp.COMPILERS, "experience")
    monkeypatch.delitem(comp.COMPILERS, "funds")
    kb = kb_()
    on = DATES[2]
    plan = compile_plan(kb.routes, on, kb.params, kb.fx, LAYOUT)
    assert {f.type for f in plan.fallbacks} == {"experience", "funds"}
    assert all("no compiler" in f.reason for f in plan.fallbacks)
    rows = [profile_to_row(p) for p in _sample_profiles()]
    out = plan.verdict_frame(_normalised(rows)).collect()
    for i, p in enumerate(_sample_profiles()):
        for res in assess(p, on, kb.routes, kb.params, kb.fx, respect_preferences=False):
            assert out[res.route.id][i] == res.verdict


def _sample_profiles() -> list[Any]:
    from emigre.profile_reading import load_profile

    return [load_profile(p) for p in sorted(EXAMPLES.glob("*.toml"))]


def test_layout_names_unknown_and_missing_columns() -> None:
    with pytest.raises(InputError, match="work_ocupation"):
        layout_of(["citizenship", "birth_date", "work_ocupation"])
    with pytest.raises(InputError, match="birth_date"):
        layout_of(["citizenship"])
    with pytest.raises(InputError, match="lang_xx"):
        layout_of(["citizenship", "birth_date", "lang_xx"])
    lay = layout_of(["citizenship", "birth_date", "work2_start", "LANG_DE", "x_note", "person_id"])
    assert lay.jobs == ("work2",) and lay.has_id and lay.ignored == ("x_note",)


def test_csv_cells_that_cannot_be_read_are_reported_by_row(tmp_path: Any) -> None:
    from emigre.population.reading import scan_people

    path = tmp_path / "people.csv"
    path.write_text(
        "citizenship,birth_date,savings,money_currency,work_remote,lang_DE\n"
        "ru,2001-03-15,1000,rub,no,b1\n"
        "RU,15.03.2001,,,,\n"
        "RU,2001-03-15,lots,EUR,,\n"
        "RU,2001-03-15,,,maybe,\n"
        ",2001-03-15,,,,\n",
        encoding="utf-8",
    )
    lf = scan_people(path)
    layout = layout_of(lf.collect_schema().names())
    out = with_messages(normalise(lf.with_row_index("row", offset=1), layout).collect(), layout)
    errors = dict(zip(out["row"].to_list(), out["_error"].to_list(), strict=True))
    assert errors[1] is None
    assert out["money_currency"][0] == "RUB" and out["lang_de"][0] == "B1"
    assert "birth_date: '15.03.2001' is not a date" in errors[2]
    assert "savings: 'lots' is not a number" in errors[3]
    assert "work_remote: 'maybe'" in errors[4]
    assert errors[5] == "citizenship: required"


# --- Commands, end to end ---------------------------------------------------------------------

SPEC = EXAMPLES / "population" / "ru_it.yaml"
REFORM = EXAMPLES / "reforms" / "de_threshold.yaml"


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A small synthetic population, written once for the command tests."""
    from emigre.population.synth import load_spec, write_population

    path = tmp_path_factory.mktemp("population") / "people.parquet"
    write_population(load_spec(SPEC), 3000, path, seed=7)
    return path


def test_synth_says_the_population_is_synthetic(cli: Any, tmp_path: Any) -> None:
    out = tmp_path / "p.parquet"
    code, stdout, stderr = cli(
        "population", "synth", "--size", "500", "--spec", str(SPEC), "-o", str(out), "--seed", "3"
    )
    assert code == 0, stderr
    assert "SYNTHETIC" in stderr and "not real people" in stdout
    assert "unverified" in stderr
    frame = pl.read_parquet(out)
    assert frame.height == 500 and frame["person_id"].to_list() == list(range(1, 501))
    from emigre.population.results import read_meta

    meta = read_meta(out)
    assert meta["synthetic"] is True and meta["seed"] == 3
    # Same seed, same people.
    again = tmp_path / "q.parquet"
    cli(
        "population", "synth", "--size", "500", "--spec", str(SPEC), "-o", str(again), "--seed", "3"
    )
    assert pl.read_parquet(again).equals(frame)


def test_every_figure_of_the_spec_is_sourced_or_marked_unverified() -> None:
    from emigre.population.synth import load_spec

    spec = load_spec(SPEC)
    for name, fig in spec.figures().items():
        assert fig.source_keys() or fig.confidence == "unverified", name
        for key in fig.source_keys():
            assert spec.sources[key].url.startswith("http"), key


def test_run_then_summary(cli: Any, people: Any, tmp_path: Any) -> None:
    results = tmp_path / "results.parquet"
    code, out, err = cli("population", "run", str(people), "--on", "2026-11-25", "-o", str(results))
    assert code == 0, err
    assert "SYNTHETIC POPULATION" in err
    assert "3,000 people × " in err
    frame = pl.read_parquet(results)
    kb = kb_()
    assert frame.height == 3000
    assert set(frame.columns) == {"row", "person_id", *(r.id for r in kb.routes)}
    assert frame["de.blue_card.it_specialist"].dtype == pl.Enum(
        ["eligible", "reachable", "unknown", "blocked"]
    )
    code, out, err = cli("population", "summary", str(results), "--format", "json")
    assert code == 0, err
    import json

    doc = json.loads(out)
    assert doc["people"] == 3000 and doc["synthetic"] is True and doc["on"] == "2026-11-25"
    assert {r["id"] for r in doc["routes"]} == {r.id for r in kb.routes}
    for item in doc["countries"] + doc["families"] + doc["routes"]:
        assert sum(item[v] for v in ("eligible", "reachable", "unknown", "blocked")) == 3000
    # The summary's route counts are the file's.
    ru = next(r for r in doc["routes"] if r["id"] == "de.blue_card.it_specialist")
    assert ru["eligible"] == (frame["de.blue_card.it_specialist"] == "eligible").sum()
    code, out, err = cli("population", "summary", str(results), "--top", "5")
    assert code == 0 and "SYNTHETIC POPULATION" in out and "By country" in out


def test_bad_rows_are_reported_by_number_and_skipped(cli: Any, tmp_path: Any) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "citizenship,birth_date,work_occupation,work_start,work_end,lang_en\n"
        "RU,2001-03-15,2512,2019-09-01,,C1\n"
        "RU,2001-03-15,2512,2019-09-01,2018-01-01,C1\n"
        "XX,1990-01-01,,,,\n"
        "KZ,1995-06-30,1330,2020-01-01,,B3\n"
        "BY,1988-02-29,2511,2012-05-01,2020-01-01,B2\n",
        encoding="utf-8",
    )
    results = tmp_path / "results.parquet"
    code, out, err = cli("population", "run", str(path), "--on", "2026-11-25", "-o", str(results))
    assert code == 0, err
    assert "3 row(s) skipped" in err
    assert "row 2: work_end: 2018-01-01 is before work_start" in err
    assert "row 3: citizenship: 'XX'" in err
    assert "row 4: lang_en: 'B3'" in err
    assert pl.read_parquet(results)["row"].to_list() == [1, 5]
    errors = (tmp_path / "results.parquet.errors.csv").read_text().splitlines()
    assert errors[0] == "row,problem" and len(errors) == 4


def test_bad_tables_and_options_get_one_line(cli: Any, tmp_path: Any, people: Any) -> None:
    path = tmp_path / "people.csv"
    path.write_text("citizenship,birth_date,salary\nRU,2001-03-15,1\n", encoding="utf-8")
    code, _, err = cli("population", "run", str(path), "--on", "2026-11-25")
    assert code == 2 and "unknown column(s) 'salary'" in err
    code, _, err = cli("population", "run", str(tmp_path / "none.parquet"))
    assert code == 2 and "no such file" in err
    code, _, err = cli("population", "run", str(people), "--engine", "spark")
    assert code == 2 and "--engine" in err
    code, _, err = cli("population", "run", str(people), "--on", "25.11.2026")
    assert code == 2 and "not a date" in err
    code, _, err = cli("population", "summary", str(people))
    assert code == 2 and "not a results file" in err


def test_a_results_file_that_cannot_be_written_or_read_gets_one_line(
    cli: Any, people: Any, tmp_path: Any
) -> None:
    into_nothing = tmp_path / "missing" / "results.parquet"
    code, _, err = cli(
        "population", "run", str(people), "--on", "2026-11-25", "-o", str(into_nothing)
    )
    assert code == 2 and "cannot be written" in err and "Traceback" not in err
    assert not (tmp_path / "missing").exists()
    junk = tmp_path / "junk.parquet"
    junk.write_text("not a Parquet file", encoding="utf-8")
    code, _, err = cli("population", "summary", str(junk))
    assert code == 2 and "not a readable Parquet file" in err and "Traceback" not in err


def test_a_missing_extra_gets_a_clear_message(
    cli: Any, people: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "polars", None)
    code, _, err = cli("population", "run", str(people))
    assert code == 2 and "pip install 'emigre[population]'" in err


def test_reform_prints_gains_and_losses(cli: Any, tmp_path: Any) -> None:
    # Three people with German offers between the reformed and the current thresholds.
    path = tmp_path / "people.csv"
    path.write_text(
        "citizenship,birth_date,highest_degree,work_occupation,work_start,"
        "offer_country,offer_salary,offer_currency\n"
        "RU,1995-01-01,master,2512,2015-01-01,DE,42000,EUR\n"
        "RU,1995-01-01,none,2512,2015-01-01,DE,38000,EUR\n"
        "RU,1995-01-01,master,2512,2015-01-01,DE,30000,EUR\n",
        encoding="utf-8",
    )
    code, out, err = cli(
        "population", "run", str(path), "--on", "2026-11-25", "--reform", str(REFORM)
    )
    assert code == 0, err
    cells = {
        parts[1]: parts[2:]
        for line in out.splitlines()
        if "│" in line
        for parts in [[c.strip() for c in line.split("│")]]
    }
    # Blue Card (degree needed): the master at 42,000 gains; the IT-specialist card (no degree,
    # reduced threshold) also takes the 38,000 offer; nobody loses.
    assert cells["de.blue_card"][:4] == ["0", "1", "+1", "−0"]
    assert cells["de.blue_card.it_specialist"][:4] == ["0", "2", "+2", "−0"]
    assert "de.study" not in cells  # a route the reform does not touch


def test_reform_agrees_with_the_explain_face_on_the_reformed_parameters() -> None:
    from emigre.population.reform import load_reform, touched_routes

    kb = kb_()
    reform = load_reform(REFORM)
    on = date(2026, 11, 25)
    params = reform.apply(kb.params)
    assert params.resolve("de.blue_card.salary_min.standard", on).value == 40000
    assert kb.params.resolve("de.blue_card.salary_min.standard", on).value == 50700
    routes = touched_routes(kb.routes, reform.parameters())
    assert {r.id for r in routes} >= {"de.blue_card", "de.blue_card.it_specialist"}
    rows = [
        {
            "citizenship": "RU",
            "birth_date": date(1995, 1, 1),
            "highest_degree": deg,
            "work_occupation": "2512",
            "work_start": date(2015, 1, 1),
            "offer_country": "DE",
            "offer_salary": salary,
            "offer_currency": "EUR",
        }
        for deg in ("master", "none")
        for salary in (35999.0, 36000.0, 39999.0, 40000.0, 46000.0, 51000.0)
    ]
    plan = compile_plan(routes, on, params, kb.fx, LAYOUT)
    out = plan.verdict_frame(_normalised(rows)).collect()
    for i, rec in enumerate(_typed(_normalised(rows)).iter_rows(named=True)):
        profile = row_to_profile(rec, LAYOUT)
        for res in assess(profile, on, routes, params, kb.fx, respect_preferences=False):
            assert out[res.route.id][i] == res.verdict


def test_a_reform_naming_an_unknown_parameter_is_an_error(
    cli: Any, tmp_path: Any, people: Any
) -> None:
    bad = tmp_path / "reform.yaml"
    bad.write_text(
        "title: x\noverrides:\n  - parameter: de.no_such.thing\n    from: 2026-01-01\n    value: 1\n",
        encoding="utf-8",
    )
    code, _, err = cli("population", "run", str(people), "--reform", str(bad))
    assert code == 2 and "no parameter 'de.no_such.thing'" in err
    bad.write_text(
        "title: x\noverrides:\n  - parameter: de.blue_card.salary_min.standard\n"
        "    from: 2026-01-01\n    value: [RU]\n",
        encoding="utf-8",
    )
    code, _, err = cli("population", "run", str(people), "--reform", str(bad))
    assert code == 2 and "expected a number" in err


def test_progress_is_reported_batch_by_batch_and_globs_are_read(people: Any, tmp_path: Any) -> None:
    import shutil

    from emigre.population import engine

    for i in range(2):
        shutil.copy(people, tmp_path / f"part{i}.parquet")
    seen: list[int] = []

    def start(total: int) -> Any:
        seen.append(total)
        return seen.append

    res = engine.run(
        str(tmp_path / "part*.parquet"), date(2026, 11, 25), kb_(), batch_rows=1000, progress=start
    )
    assert seen == [6000, 1000, 1000, 1000, 1000, 1000, 1000]
    assert res.people == 6000 and res.frame is not None
    assert res.frame["row"].to_list() == list(range(1, 6001))


def test_run_without_output_prints_the_summary(cli: Any, people: Any) -> None:
    code, out, err = cli("population", "run", str(people), "--on", "2026-11-25")
    assert code == 0, err
    assert "By country" in out and "By route" in out and "3,000 people" in out


@pytest.mark.dask
def test_dask_engine_gives_the_same_verdicts_on_a_local_cluster(
    cli: Any, people: Any, tmp_path: Any
) -> None:
    """Two worker processes, three partitions: the same verdicts, in the same order."""
    pytest.importorskip("distributed")
    single = tmp_path / "single.parquet"
    spread = tmp_path / "dask.parquet"
    code, _, err = cli("population", "run", str(people), "--on", "2026-11-25", "-o", str(single))
    assert code == 0, err
    code, _, err = cli(
        "population",
        "run",
        str(people),
        "--on",
        "2026-11-25",
        "-o",
        str(spread),
        "--engine",
        "dask",
        "--workers",
        "2",
        "--batch-rows",
        "1000",
    )
    assert code == 0, err
    assert pl.read_parquet(spread).equals(pl.read_parquet(single))


@pytest.mark.dask
def test_dask_engine_with_a_scheduler_address_and_a_reform(people: Any, tmp_path: Any) -> None:
    """A cluster started elsewhere (here: in the test), reached by its address; the reform's
    gains and losses add up across partitions to the single-machine figures."""
    distributed = pytest.importorskip("distributed")
    from emigre.population import engine
    from emigre.population.cluster import run_dask
    from emigre.population.reform import load_reform

    kb, on, reform = kb_(), date(2026, 11, 25), load_reform(REFORM)
    single = engine.run(str(people), on, kb, reform=reform)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        spread = run_dask(
            str(people), on, kb, scheduler=cluster.scheduler_address, reform=reform, batch_rows=700
        )
    assert spread.frame is not None and single.frame is not None
    assert spread.frame.equals(single.frame)
    assert spread.comparison == single.comparison
    assert spread.comparison is not None and spread.comparison.routes


def test_the_documented_schema_is_the_code_s() -> None:
    from emigre.population import schema

    table = schema.columns_markdown()
    assert table in (EXAMPLES.parent / "docs" / "population.md").read_text(encoding="utf-8"), (
        "docs/population.md is out of date: replace its table with columns_markdown()"
    )
    for col in schema.BASE_COLUMNS:
        assert f"`{col.name}`" in table, col.name
    for fld in schema.JOB_FIELDS:
        assert f"`work_{fld}`" in table, fld
