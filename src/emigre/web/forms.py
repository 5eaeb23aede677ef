"""The questionnaire: form fields <-> the profile (the TOML structure), and pydantic's errors as
messages under the fields they concern.

Field names are the profile's paths with row numbers: `person.birth_date`, `work.0.start`,
`languages.1.code`. Empty fields are left out, so that the profile's own defaults apply.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from emigre.codes import joined
from emigre.errors import error_line, error_path, written_hint
from emigre.i18n import N_, _
from emigre.profile import Profile
from emigre.profile_values import Problem

WORK_ROWS = 3
LANGUAGE_ROWS = 6
CITIZENSHIP_ROWS = 2

#: Questionnaire pages: their titles and the field-name prefixes each holds (for showing errors
#: on the right one).
STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("You"), ("person.",)),
    (N_("Education and work"), ("education.", "work.")),
    (N_("Languages"), ("languages",)),
    (
        N_("Money and goals"),
        ("money.", "preferences.", "offers.", "admissions.", "licences.", "name"),
    ),
)

#: Multi-valued fields (checkbox groups).
MULTI = ("preferences.countries", "preferences.families")

DEFAULTS: dict[str, str] = {
    "person.citizenship.0": "RU",
    "person.residence": "RU",
    "education.school_certificate": "RU",
    "education.highest_degree": "none",
    "education.university_years": "0",
    "languages.0.code": "ru",
    "languages.0.level": "native",
    "languages.1.code": "en",
    "money.currency": "RUB",
    "preferences.study_hours_per_week": "10",
    "preferences.goal": "settle_eu",
    "offers.0.currency": "EUR",
}


@dataclass
class FormState:
    """What the questionnaire shows: values by field name, and error messages by field name."""

    values: dict[str, str] = field(default_factory=dict)
    multi: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def checked(self, name: str, value: str) -> bool:
        return value in self.multi.get(name, [])

    def step_of_first_error(self) -> int:
        for i, (_step, prefixes) in enumerate(STEPS):
            if any(k.startswith(prefixes) for k in self.errors):
                return i
        return 0


def unshown(profile: Profile) -> dict[str, int]:
    """How many entries of each list the questionnaire has no row for (a profile imported from
    a file may hold more jobs, offers or licences than the form shows); saving the form keeps
    them (`keep_unshown`)."""
    counts = {
        "person.citizenship": len(profile.person.citizenship) - CITIZENSHIP_ROWS,
        "work": len(profile.work) - WORK_ROWS,
        "languages": len(profile.languages) - LANGUAGE_ROWS,
        "offers": len(profile.offers) - 1,
        "admissions": len(profile.admissions) - 1,
        "licences": len(profile.licences) - 1,
    }
    return {k: n for k, n in counts.items() if n > 0}


_UNSHOWN = {
    "person.citizenship": N_("%(n)s more citizenship(s)"),
    "work": N_("%(n)s more job(s)"),
    "languages": N_("%(n)s more language(s)"),
    "offers": N_("%(n)s more job offer(s)"),
    "admissions": N_("%(n)s more admission letter(s)"),
    "licences": N_("%(n)s more licence(s)"),
}


def unshown_text(counts: Mapping[str, int]) -> str:
    """ "2 more job offer(s), 1 more licence(s)" in the page's language."""
    return ", ".join(_(_UNSHOWN[k]) % {"n": n} for k, n in counts.items())


def keep_unshown(parsed: Parsed, stored: Profile) -> None:
    """Adds to the form's data the entries of the saved profile the form had no row for, so
    that saving an edit never drops them without a word."""
    data = parsed.data
    old = stored.model_dump()
    more = old["person"]["citizenship"][CITIZENSHIP_ROWS:]
    person = data.setdefault("person", {})
    have = person.get("citizenship") or []
    person["citizenship"] = [*have, *(c for c in more if c not in have)]
    for name, shown in (("work", WORK_ROWS), ("offers", 1), ("admissions", 1), ("licences", 1)):
        if old[name][shown:]:
            data[name] = [*data.get(name, []), *old[name][shown:]]
    langs = list(old["languages"].items())[LANGUAGE_ROWS:]
    if langs:
        mine = data.setdefault("languages", {})
        for code, level in langs:
            if isinstance(mine, dict) and code not in {str(c).lower() for c in mine}:
                mine[code] = level


def blank() -> FormState:
    return FormState(values=dict(DEFAULTS), multi={k: [] for k in MULTI})


def number_text(value: float) -> str:
    """1500000.0 -> "1500000", 2.5 -> "2.5" (never the exponent notation of `:g`)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


_num = number_text


def from_profile(profile: Profile) -> FormState:
    """The questionnaire filled in with a saved profile."""
    v: dict[str, str] = {}
    p = profile.person
    for i, c in enumerate(p.citizenship[:CITIZENSHIP_ROWS]):
        v[f"person.citizenship.{i}"] = c
    v["person.birth_date"] = p.birth_date.isoformat()
    v["person.residence"] = p.residence or ""
    v["person.political_record"] = p.political_record or ""
    v["person.military_service"] = p.military_service or ""
    v["person.passport_expires"] = p.passport_expires.isoformat() if p.passport_expires else ""
    e = profile.education
    v["education.school_certificate"] = e.school_certificate or ""
    v["education.highest_degree"] = e.highest_degree or ""
    v["education.university_years"] = _num(e.university_years)
    v["education.field"] = e.field or ""
    v["education.institution"] = e.institution or ""
    v["education.degree_country"] = e.degree_country or ""
    v["education.graduation_year"] = str(e.graduation_year or "")
    for i, job in enumerate(profile.work[:WORK_ROWS]):
        v[f"work.{i}.occupation"] = job.occupation
        v[f"work.{i}.start"] = job.start.isoformat()
        v[f"work.{i}.end"] = job.end.isoformat() if job.end else ""
        v[f"work.{i}.remote"] = "true" if job.remote else ""
        v[f"work.{i}.employer_country"] = job.employer_country or ""
        if job.gross_monthly_salary is not None:
            v[f"work.{i}.gross_monthly_salary"] = _num(job.gross_monthly_salary)
        v[f"work.{i}.currency"] = job.currency or ""
    for i, (code, level) in enumerate(list(profile.languages.items())[:LANGUAGE_ROWS]):
        v[f"languages.{i}.code"] = code
        v[f"languages.{i}.level"] = level
    if profile.money:
        m = profile.money
        v["money.currency"] = m.currency
        if m.savings is not None:
            v["money.savings"] = _num(m.savings)
        if m.monthly_savings is not None:
            v["money.monthly_savings"] = _num(m.monthly_savings)
        if m.monthly_income is not None:
            v["money.monthly_income"] = _num(m.monthly_income)
        if m.passive_income is not None:
            v["money.passive_income"] = _num(m.passive_income)
        v["money.passive_income_currency"] = m.passive_income_currency or ""
        v["money.passive_income_kind"] = m.passive_income_kind or ""
    pr = profile.preferences
    v["preferences.study_hours_per_week"] = _num(pr.study_hours_per_week)
    v["preferences.earliest_start"] = pr.earliest_start.isoformat() if pr.earliest_start else ""
    v["preferences.goal"] = pr.goal
    v["preferences.max_cost"] = _num(pr.max_cost) if pr.max_cost is not None else ""
    v["preferences.self_study"] = "true" if pr.self_study else ""
    if profile.offers:
        o = profile.offers[0]
        v["offers.0.country"] = o.country
        v["offers.0.gross_annual_salary"] = _num(o.gross_annual_salary)
        v["offers.0.currency"] = o.currency
        v["offers.0.occupation"] = o.occupation or ""
        v["offers.0.kind"] = o.kind
    else:
        v["offers.0.currency"] = "EUR"
    if profile.admissions:
        a = profile.admissions[0]
        v["admissions.0.country"] = a.country
        v["admissions.0.kind"] = a.kind
    if profile.licences:
        lic = profile.licences[0]
        v["licences.0.country"] = lic.country
        v["licences.0.occupation"] = lic.occupation
        v["licences.0.status"] = lic.status
    multi: dict[str, list[str]] = {
        "preferences.countries": list(pr.countries),
        "preferences.families": list(pr.families),
    }
    return FormState(values=v, multi=multi)


@dataclass
class Parsed:
    data: dict[str, Any]
    rows: dict[tuple[str, int], int]
    """(list name, index in the profile) -> row number in the form, for placing errors."""


def _clean(form: Mapping[str, str], name: str) -> str:
    return (form.get(name) or "").strip()


def to_data(form: Mapping[str, str], multi: Mapping[str, Sequence[str]]) -> Parsed:
    """The profile (TOML structure) a filled-in form describes; empty fields are left out."""
    rows: dict[tuple[str, int], int] = {}

    def section(prefix: str, names: Sequence[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for n in names:
            value = _clean(form, f"{prefix}.{n}")
            if value:
                out[n] = value
        return out

    person = section(
        "person",
        ("birth_date", "residence", "political_record", "military_service", "passport_expires"),
    )
    citizenship: list[str] = []
    for i in range(CITIZENSHIP_ROWS):
        value = _clean(form, f"person.citizenship.{i}")
        if value:
            rows[("person.citizenship", len(citizenship))] = i
            citizenship.append(value)
    person["citizenship"] = citizenship
    data: dict[str, Any] = {"person": person}

    education = section(
        "education",
        (
            "school_certificate",
            "highest_degree",
            "university_years",
            "field",
            "institution",
            "degree_country",
            "graduation_year",
        ),
    )
    if education:
        data["education"] = education

    work: list[dict[str, Any]] = []
    for i in range(WORK_ROWS):
        job = section(
            f"work.{i}",
            ("occupation", "start", "end", "employer_country", "gross_monthly_salary", "currency"),
        )
        if not job:
            continue
        job["remote"] = _clean(form, f"work.{i}.remote") in ("true", "on", "1")
        rows[("work", len(work))] = i
        work.append(job)
    data["work"] = work

    languages: dict[str, str] = {}
    for i in range(LANGUAGE_ROWS):
        code, level = _clean(form, f"languages.{i}.code"), _clean(form, f"languages.{i}.level")
        if code and level:
            languages[code] = level
            rows[("languages", len(languages) - 1)] = i
    data["languages"] = languages

    money = section(
        "money",
        (
            "currency",
            "savings",
            "monthly_savings",
            "monthly_income",
            "passive_income",
            "passive_income_currency",
            "passive_income_kind",
        ),
    )
    if money:
        data["money"] = money

    prefs = section("preferences", ("study_hours_per_week", "earliest_start", "goal", "max_cost"))
    prefs["self_study"] = _clean(form, "preferences.self_study") in ("true", "on", "1")
    for name in MULTI:
        values = [v for v in multi.get(name, []) if v]
        if values:
            prefs[name.split(".")[1]] = values
    data["preferences"] = prefs

    offer = section("offers.0", ("country", "gross_annual_salary", "occupation"))
    if offer:
        offer["currency"] = _clean(form, "offers.0.currency") or "EUR"
        offer["kind"] = _clean(form, "offers.0.kind") or "job"
        data["offers"] = [offer]
    admission = section("admissions.0", ("country",))
    if admission:
        admission["kind"] = _clean(form, "admissions.0.kind") or "university"
        data["admissions"] = [admission]
    licence = section("licences.0", ("country", "occupation"))
    if licence:
        licence["status"] = _clean(form, "licences.0.status") or "granted"
        data["licences"] = [licence]
    return Parsed(data, rows)


_BY_TYPE: dict[str, str] = {
    Problem.COUNTRY: N_("Not a country code (e.g. RU, KZ, DE)"),
    Problem.CURRENCY: N_("Not a currency code (e.g. RUB, EUR)"),
    Problem.ISCO: N_("An ISCO-08 code has 1 to 4 digits, e.g. 2512"),
    Problem.LANGUAGE: N_("Not a language code (e.g. ru, en, de)"),
    Problem.LANGUAGE_TWICE: N_("The same language is given twice"),
    Problem.DATE: N_("Enter a date, e.g. 2001-03-15"),
    Problem.DATE_RANGE: N_("Enter a date between 1900 and 2100"),
    Problem.BORN_IN_FUTURE: N_("The birth date is in the future"),
    Problem.BORN_TOO_LONG_AGO: N_("The birth date is more than 120 years ago"),
    Problem.JOB_TOO_EARLY: N_("The job starts before the age of 14"),
    Problem.SALARY_CURRENCY: N_("Choose the currency of the salary"),
    Problem.COST_CURRENCY: N_("Choose your currency"),
    Problem.NUMBER: N_("Enter a number"),
    Problem.WHOLE_NUMBER: N_("Enter a whole number"),
    Problem.TEXT: N_("Write plain text, without control characters"),
    "finite_number": N_("Enter a number"),
    "too_long": N_("Too many entries"),
    "string_too_long": N_("Too long"),
    "missing": N_("Please fill this in"),
    "too_short": N_("Choose at least one"),
    "literal_error": N_("Choose one of the options"),
    "enum": N_("Choose one of the options"),
    "list_type": N_('Give a list, e.g. ["RU"]'),
    "dict_type": N_("Give a section (a table)"),
    "model_type": N_("Give a section (a table)"),
    "string_type": N_("Give a text in quotes"),
    "bool_type": N_("Give true or false"),
    "bool_parsing": N_("Give true or false"),
    "extra_forbidden": N_("Not a field of the profile: check its spelling"),
    "date_from_datetime_parsing": N_("Enter a date, e.g. 2001-03-15"),
}


def _message(err: Mapping[str, Any]) -> str:
    """The message under a field, chosen by the error's type (never by its English text), with
    what the person probably meant where the error names it (a code, a field's spelling)."""
    near = (err.get("ctx") or {}).get("near")
    text = _message_alone(err) + written_hint(str(err["type"]), err.get("input"))
    if not near:
        return text
    meant = joined(str(near).split(", "), "or")
    return _("%(message)s. Did you mean %(options)s?") % {"message": text, "options": meant}


def _message_alone(err: Mapping[str, Any]) -> str:
    kind = str(err["type"])
    ctx = err.get("ctx") or {}
    if kind == Problem.JOB_ENDS_FIRST:
        return _("The job ends (%(end)s) before it starts (%(start)s)") % {
            "end": ctx.get("end"),
            "start": ctx.get("start"),
        }
    if kind == Problem.ISCO_UNKNOWN:
        if ctx.get("parent"):
            return _(
                "%(code)s is not an ISCO-08 occupation; the codes under %(parent)s are %(options)s"
            ) % {
                "code": ctx.get("code"),
                "parent": ctx.get("parent"),
                "options": ctx.get("options"),
            }
        return _("%(code)s is not an ISCO-08 occupation; the major groups are %(options)s") % {
            "code": ctx.get("code"),
            "options": ctx.get("options"),
        }
    if kind in ("literal_error", "enum") and ctx.get("expected"):
        # a file or an API call (the questionnaire offers a list): name what may be written
        # pydantic words the list in English ("'a', 'b' or 'c'"): the options alone, by commas
        options = str(ctx["expected"]).replace(" or ", ", ")
        return _("Write one of: %(options)s") % {"options": options}
    if kind in _BY_TYPE:
        return _(_BY_TYPE[kind])
    if kind.startswith("date"):
        return _("Enter a date, e.g. 2001-03-15")
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        return _("Enter a number")
    if kind == "greater_than_equal":
        return _("Must not be negative") if ctx.get("ge") == 0 else _("Too small")
    if kind == "greater_than":
        return _("Must be more than %(n)s") % {"n": ctx.get("gt")}
    if kind == "less_than_equal":
        return _("Must be at most %(n)s") % {"n": ctx.get("le")}
    return str(err["msg"])


def _field_name(loc: tuple[int | str, ...], rows: dict[tuple[str, int], int]) -> str:
    parts = [str(p) for p in loc]
    if parts[:2] == ["person", "citizenship"]:
        if len(parts) > 2:
            return f"person.citizenship.{rows.get(('person.citizenship', int(parts[2])), 0)}"
        return "person.citizenship.0"
    if parts and parts[0] == "person" and len(parts) == 1:
        return "person.birth_date"
    if (
        parts
        and parts[0] in ("work", "offers", "admissions", "licences")
        and len(parts) >= 2
        and parts[1].isdigit()
    ):
        row = rows.get(("work", int(parts[1])), int(parts[1])) if parts[0] == "work" else 0
        rest = parts[2:] or ["start" if parts[0] == "work" else "country"]
        return f"{parts[0]}.{row}.{'.'.join(rest)}"
    if parts and parts[0] == "languages":
        return "languages"
    if parts and parts[0] == "money" and len(parts) == 1:
        return "money.currency"
    return ".".join(parts)


def _form_checks(parsed: Parsed, today: date) -> dict[str, str]:
    """Checks of the form that the profile's own validation would only reach after others pass,
    or not make at all: so that a page shows all its errors at once."""
    errors: dict[str, str] = {}
    person = parsed.data.get("person")
    born = person.get("birth_date") if isinstance(person, dict) else None
    if isinstance(born, str):
        try:
            when = date.fromisoformat(born)
        except ValueError:
            when = None
        if when is not None and when > today:
            errors["person.birth_date"] = _("The date of birth is in the future.")
    work = parsed.data.get("work")
    for i, job in enumerate(work if isinstance(work, list) else []):
        if not isinstance(job, dict):
            continue
        start, end = job.get("start"), job.get("end")
        if isinstance(start, str) and isinstance(end, str) and end < start:
            row = parsed.rows.get(("work", i), i)
            errors[f"work.{row}.end"] = _("The job cannot end before it starts.")
    return errors


def check(parsed: Parsed, today: date | None = None) -> tuple[Profile | None, dict[str, str]]:
    """The profile, or error messages keyed by form field name (every error of every page)."""
    extra = _form_checks(parsed, today or date.today())
    try:
        person = Profile.model_validate(parsed.data)
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors(include_url=False):
            name = _field_name(error_path(err), parsed.rows)
            errors.setdefault(name, _message(err))
        for k, v in extra.items():
            errors.setdefault(k, v)
        return None, errors
    if extra:
        return None, extra
    return person, {}


def api_errors(exc: ValidationError, origin: str = "profile") -> list[dict[str, str]]:
    """Errors for the JSON API: the field in the profile's own terms and a one-line message."""
    from emigre.profile_reading import with_suggestions

    out = []
    for err in with_suggestions([dict(e) for e in exc.errors(include_url=False)]):
        where, expected = error_line(err)
        out.append(
            {"field": where, "type": str(err["type"]), "message": f"{origin}: {where}: {expected}"}
        )
    return out


def import_errors(problems: Sequence[Mapping[str, Any]], filename: str) -> str:
    """The errors of an imported file in the page's language, one a line: the file, the
    question (or the field, for one the questionnaire does not ask) and what to write."""
    from emigre.report.labels import field_label

    lines = []
    for err in problems:
        path = ".".join(str(p) for p in error_path(err))
        where = field_label(path) if path else _("the file")
        lines.append(
            f"{filename}: {where} ({path}): {_message(err)}"
            if path
            else f"{filename}: {_message(err)}"
        )
    return "\n".join(dict.fromkeys(lines))
