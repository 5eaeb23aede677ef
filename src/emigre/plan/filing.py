"""Where and when the application is filed, and when the person arrives.

Three shapes, from the route's data: a consulate application before travel (after any wait for an
appointment at the consulate serving the person's country of residence); a university admission
first for a study route with intakes (admission -> visa -> travel, with the university application
filed before the savings are complete, because funds are shown only for the visa); and an
application filed in the country after a visa-free entry (travel first, then the application within
the allowed stay, then the permit decided while the person is there).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from emigre.codes import (
    CountryList,
    country_in_sentence,
    country_name,
    country_names,
    country_names_of,
)
from emigre.figure import Figure
from emigre.i18n import Lazy, Msg, Said, pick
from emigre.plan.costs import lives_in
from emigre.plan.entry import EnterToApply
from emigre.plan.gapsteps import fact_num
from emigre.plan.steps import Step
from emigre.rules.conditions import Admission, walk

if TYPE_CHECKING:
    from emigre.knowledge.route import Intake, Route
    from emigre.plan.schedule import PlanInputs

#: Study: arrive this long before the semester starts (to find a room, enrol).
ARRIVE_BEFORE_START = timedelta(days=14)
#: Study: intakes looked at, in years from the day the person is ready.
INTAKE_YEARS = 6


@dataclass(frozen=True)
class FilingInputs:
    """What the filing is planned from: the steps in `prereq` are done on `ready`, the money is
    there on `funds_date` (the end of the `savings` step if any), `fee` is the application fee,
    `way` the conditions the plan takes (a study intake tied to another alternative is skipped)
    and `appt` the wait for a consulate appointment, once it is known."""

    route: Route
    inp: PlanInputs
    ready: date
    funds_date: date
    prereq: list[str]
    savings: str | None
    fee: Figure
    way: set[str] | None = None
    appt: Step | None = None

    def after_appointment(self, day: date) -> date:
        """The first day the visa can be applied for from `day` on: with the money, after the
        consulate appointment."""
        return max(day, self.funds_date, self.appt.end if self.appt else self.funds_date)

    def ready_to_travel(self) -> list[str]:
        """What a visa-free entry waits for: the steps before filing and the savings."""
        return _after([*self.prereq, self.savings])

    def for_visa(self, first: str | None) -> list[str]:
        """What the visa application waits for: `first`, the savings and the appointment."""
        return _after([first, self.savings, self.appt.id if self.appt else None])


@dataclass
class Filing:
    arrival: date | None
    steps: list[Step] = field(default_factory=list)
    notes: list[Said] = field(default_factory=list)
    undated: Said | None = None
    """Why there is no arrival date although every step before it is planned (a study route
    whose intakes are not in the data: one arrives for an intake, not when the visa comes)."""


def applies_from(inp: PlanInputs) -> str | None:
    """The country whose consulate the person applies at: where they live, else their first
    citizenship (a legal resident of a third country may apply there)."""
    return lives_in(inp)


def _names_in_order(codes: tuple[str, ...]) -> CountryList:
    """Countries' names in the language of the moment, in alphabetical order (a translation may
    decline them: "для жителей Грузии и России")."""
    return country_names(sorted(codes, key=country_name))


def _appointment(route: Route, inp: PlanInputs) -> tuple[Step | None, list[Said]]:
    """The wait for an appointment at the consulate: joined today, it runs beside the other
    steps; the application is filed when both it and the papers are ready. Where the route's
    consulates give appointments from a waiting list but the data has no figure for the one
    serving the person's country, the wait is a step of unknown length (never none)."""
    notes: list[Said] = []
    person = inp.profile.person
    home = applies_from(inp)
    if person.residence and person.residence not in person.citizenship:
        notes.append(
            Msg(
                "you live in {country}: you apply at the consulate there as a legal resident "
                "(check that your residence status there is accepted)",
                country=Lazy(country_in_sentence, person.residence),
            )
        )
    waits = route.timeline.consulate_wait_weeks
    if not waits:
        return None, notes
    title = (
        Msg(
            "Register for a visa appointment at the consulate serving {country} and wait",
            country=Lazy(country_in_sentence, home),
        )
        if home
        else Msg("Register for a visa appointment at the consulate and wait")
    )
    fact = waits.get(home) if home else None
    if fact is None:
        if home:
            why = Msg(
                "the wait for an appointment at the consulate serving {country} is not in the data",
                country=Lazy(country_in_sentence, home),
            )
            others: Said | None = Msg(
                "the data has the wait for {known} only", known=Lazy(_names_in_order, tuple(waits))
            )
        else:
            why = Msg(
                "your country of residence is not given: the consulate and its wait are unknown"
            )
            others = None
        step = Step.named("appointment", title, inp.on, known=False, why=why, note=others)
        return step, notes
    weeks = fact_num(fact)
    # The consulate's own advice (register at once, what it accepts) is the step's note.
    note: Said | None = Lazy(pick, fact.note) if fact.note else None
    step = Step.named(
        "appointment",
        title,
        inp.on,
        inp.on + timedelta(weeks=weeks or 0),
        end_high=inp.on + timedelta(weeks=fact.high) if weeks and fact.high else None,
        known=weeks is not None,
        why=None
        if weeks is not None
        else Msg("how long the wait for a visa appointment lasts is not in the data"),
        note=note,
        sources=list(fact.sources),
    )
    return step, notes


def visa_step(
    route: Route, title: Said, start: date, end: date, depends_on: list[str], kind: str = "visa"
) -> Step:
    """The visa/permit decision; flagged when the route has no sourced processing time."""
    pw = route.timeline.processing_weeks
    return Step.named(
        "visa" if kind == "visa" else "permit",
        title,
        start,
        end,
        depends_on=depends_on,
        known=pw is not None,
        sources=list(pw.sources) if pw else [],
        why=None if pw else Msg("the processing time is not in the data"),
    )


def _after(ids: list[str | None]) -> list[str]:
    return [i for i in ids if i]


def plan_filing(f: FilingInputs) -> Filing:
    """The application, the visa or permit and the travel, once the steps in `f.prereq` are done
    and the money is there."""
    route = f.route
    earliest = f.inp.profile.preferences.earliest_start
    if route.family == "visa_free":
        arrival = max(f.funds_date, earliest or f.funds_date)
        return Filing(arrival, [_travel(arrival, f.ready_to_travel())])
    if route.family == "free_movement":
        return _register(f, max(f.funds_date, earliest or f.funds_date))
    if route.timeline.filed == "in_country":
        return _in_country(f, max(f.funds_date, earliest or f.funds_date))
    inside = EnterToApply.of(route, f.inp)
    if inside is not None:
        return _in_country(f, max(f.funds_date, earliest or f.funds_date), inside)
    appt, notes = _appointment(route, f.inp)
    f = replace(f, appt=appt)
    out = _study(f) if route.family == "study" else _consulate(f)
    out.steps[:0] = [appt] if appt else []
    out.notes[:0] = notes
    if route.timeline.processing_weeks is None:
        out.notes.append(
            Msg("visa processing time is not in the knowledge base: the arrival date ignores it")
        )
    if out.arrival is not None:
        if earliest and out.arrival < earliest:
            out.arrival = earliest
        out.steps.append(_travel(out.arrival, ["visa"]))
    return out


def _travel(arrival: date, depends_on: list[str]) -> Step:
    return Step.named(
        "travel",
        Msg("Travel and arrive"),
        arrival,
        depends_on=depends_on,
    )


def _weeks(route: Route) -> float:
    return fact_num(route.timeline.processing_weeks) or 0.0


def _consulate(f: FilingInputs) -> Filing:
    file = f.after_appointment(f.funds_date)
    app = Step.named(
        "application",
        Msg("Apply for the permit / visa"),
        file,
        depends_on=[*f.prereq, *f.for_visa(None)],
        cost=f.fee,
    )
    end = file + timedelta(weeks=_weeks(f.route))
    visa = visa_step(f.route, Msg("Visa and permit processing"), file, end, ["application"])
    return Filing(end, [app, visa])


def _register(f: FilingInputs, arrival: date) -> Filing:
    """Free movement: no visa, no permit to wait for. The person travels, and registers their
    residence where the country asks for it (for a stay over three months; the certificate is
    issued at once), which lets no one bar them from working meanwhile."""
    country = Lazy(country_in_sentence, f.route.country)
    travel = _travel(arrival, f.ready_to_travel())
    register = Step.named(
        "application",
        Msg("Register your residence {country:in} if you stay over three months", country=country),
        arrival,
        depends_on=["travel"],
        sources=list(f.route.sources),
    )
    notes: list[Said] = [
        Msg("free movement: no visa and no permit; you travel on your passport or identity card")
    ]
    return Filing(arrival, [travel, register], notes)


def _in_country(f: FilingInputs, arrival: date, inside: EnterToApply | None = None) -> Filing:
    """Travel first (visa-free), file within the allowed stay, wait for the permit there; on a
    passport that allows it (`inside`), instead of applying at a consulate."""
    route = f.route
    tl = route.timeline
    within = inside.days if inside is not None else fact_num(tl.file_within_days)
    filing_sources = (
        inside.sources
        if inside is not None
        else list(tl.file_within_days.sources)
        if tl.file_within_days
        else []
    )
    travel = _travel(arrival, f.ready_to_travel())
    if within is not None:
        title = Msg(
            "File the residence application in {country} within {n:g} days of entry (by {d})",
            country=Lazy(country_in_sentence, route.country),
            n=within,
            d=arrival + timedelta(days=within),
        )
    else:
        title = Msg(
            "File the residence application in {country} after entry",
            country=Lazy(country_in_sentence, route.country),
        )
    app = Step.named(
        "application",
        title,
        arrival,
        depends_on=["travel"],
        cost=f.fee,
        sources=filing_sources,
        note=None
        if within is not None
        else Msg("the deadline for filing after entry is not in the data: file at once"),
    )
    end = arrival + timedelta(weeks=_weeks(route))
    permit = visa_step(
        route,
        Msg("Residence permit processing (you stay in the country meanwhile)"),
        arrival,
        end,
        ["application"],
        kind="permit",
    )
    notes: list[Said] = [Msg("filed in the country after a visa-free entry: you travel first")]
    if inside is not None:
        notes = [
            Msg(
                "as a citizen of {names} you may come without a visa and apply for the permit "
                "{country:in}, with no consulate appointment: you travel first",
                names=Lazy(country_names_of, inside.citizenships),
                country=Lazy(country_in_sentence, route.country),
            )
        ]
    return Filing(arrival, [travel, app, permit], notes)


def _on(year: int, month_day: str) -> date:
    return date(year, int(month_day[:2]), int(month_day[3:]))


def _before(month_day: str | None, limit: date) -> date | None:
    """The last date on `month_day` not after `limit`."""
    if month_day is None:
        return None
    day = _on(limit.year, month_day)
    return day if day <= limit else _on(limit.year - 1, month_day)


def _window(intake: Intake, year: int) -> tuple[date, date, date | None, date | None]:
    """The semester start in `year`, the deadline before it, the day applications open and the
    day results are published (where the data gives them)."""
    start = _on(year, intake.start)
    apply_by = _before(intake.apply_by, start) or start
    opens = _before(intake.opens, apply_by)
    results = _before(intake.results_by, start)
    return start, apply_by, opens, results if results and results >= apply_by else None


def holds_admission(route: Route, inp: PlanInputs) -> bool:
    """Whether the person already holds every admission the route asks for (its `admission`
    conditions; a route without one asks for none the profile records)."""
    needed = [c for c in walk(route.requires) if isinstance(c, Admission)]
    return bool(needed) and all(c.held_by(inp.profile, route.country) for c in needed)


def _admitted(f: FilingInputs) -> Filing:
    """The person holds the admission letter: no application, straight to the student visa
    (with the money and after any consulate appointment), then travel for the first semester
    start the visa reaches (where the data gives intakes; else on the visa)."""
    start = f.after_appointment(f.ready)
    end = start + timedelta(weeks=_weeks(f.route))
    visa = visa_step(f.route, Msg("Student visa"), start, end, [*f.prereq, *f.for_visa(None)])
    way = f.way
    intakes = [
        i
        for i in f.route.timeline.intakes
        if i.only_with is None or way is None or i.only_with in way
    ]
    starts = [_on(y, i.start) for y in range(end.year, end.year + 2) for i in intakes]
    semester = min((d for d in starts if d >= end), default=None)
    arrival = max(end, semester - ARRIVE_BEFORE_START) if semester else end
    note = Msg(
        "you already hold the admission letter: the plan goes straight to the visa "
        "(arrive in time for the start your letter gives)"
    )
    return Filing(arrival, [visa], [note])


def _study(f: FilingInputs) -> Filing:
    """Admission, then the visa (needing the admission letter and the funds), then travel on
    the first intake whose deadline can be met and whose visa comes in time. The university
    application does not wait for the savings: funds are shown only for the visa. Intakes of
    another alternative than the one taken (`only_with` not in `way`) are not looked at. A
    person who already holds the admission goes straight to the visa."""
    if holds_admission(f.route, f.inp):
        return _admitted(f)
    tl = f.route.timeline
    ready, way = f.ready, f.way
    weeks = _weeks(f.route)
    adm_weeks = fact_num(tl.admission_weeks)
    intakes = [i for i in tl.intakes if i.only_with is None or way is None or i.only_with in way]
    if not intakes:
        app = Step.named(
            "application",
            Msg("Apply to universities"),
            ready,
            depends_on=f.prereq,
            known=False,
            why=Msg("intake dates and deadlines are not in the data"),
            note=Msg("check them with the universities you apply to"),
        )
        admission = _admission(
            f.route, ready, ready + timedelta(weeks=adm_weeks or 0), adm_weeks is not None
        )
        visa_start = f.after_appointment(admission.end)
        end = visa_start + timedelta(weeks=weeks)
        # Studies start on an intake: without the intakes there is no arrival date to give,
        # not even "the earliest" (the visa's end says nothing about when teaching starts).
        why = Msg(
            "the intake dates are not in the data: studies start on an intake, so there is no arrival date"
        )
        return Filing(None, [app, admission, _student_visa(f, visa_start, end)], [], why)
    candidates: list[tuple[date, date, date, date, date]] = []
    # From the year the papers are ready to some years after the money is: an intake whose
    # visa cannot come in time (the savings are not there yet) is never the one to apply for.
    last = f.after_appointment(ready).year + INTAKE_YEARS
    for year in range(ready.year, last):
        for intake in sorted(intakes, key=lambda i: i.start):
            start, apply_by, opens, results = _window(intake, year)
            # Where the opening day is not known, the season for an intake is taken to start
            # after the previous year's deadline (never years ahead of the intake).
            season = opens or apply_by.replace(year=apply_by.year - 1) + timedelta(days=1)
            app_start = max(ready, season)
            if app_start > apply_by:
                continue
            if results is not None:
                letter = results
            elif adm_weeks is not None:
                letter = app_start + timedelta(weeks=adm_weeks)
            else:
                letter = apply_by
            visa_start = f.after_appointment(letter)
            visa_end = visa_start + timedelta(weeks=weeks)
            candidates.append((start, apply_by, app_start, letter, visa_start))
            if visa_end <= start:
                known = results is not None or adm_weeks is not None
                return _study_steps(f, candidates[-1], weeks, known)
    if not candidates:
        return Filing(None, [], [Msg("no intake in the data can be reached")])
    late = min(candidates)
    known = adm_weeks is not None or all(i.results_by for i in intakes)
    out = _study_steps(f, late, weeks, known)
    out.notes.append(
        Msg(
            "in no year does the visa come before the semester starts: "
            "the plan takes the first intake and you may start late (ask the university)"
        )
    )
    return out


def _admission(route: Route, start: date, end: date, known: bool) -> Step:
    tl = route.timeline
    return Step.named(
        "admission",
        Msg("Admission letter from the university"),
        start,
        end,
        depends_on=["application"],
        known=known,
        sources=list(tl.admission_weeks.sources) if tl.admission_weeks else [],
        why=None if known else Msg("how long the admission takes is not in the data"),
    )


def _student_visa(f: FilingInputs, start: date, end: date) -> Step:
    return visa_step(f.route, Msg("Student visa"), start, end, f.for_visa("admission"))


def _study_steps(
    f: FilingInputs, dates: tuple[date, date, date, date, date], weeks: float, adm_known: bool
) -> Filing:
    start, apply_by, app_start, letter, visa_start = dates
    visa_end = visa_start + timedelta(weeks=weeks)
    app = Step.named(
        "application",
        Msg("Apply to universities for the intake of {d} (deadline {by})", d=start, by=apply_by),
        app_start,
        deadline=apply_by,
        depends_on=f.prereq,
        sources=list(f.route.timeline.intake_sources),
    )
    admission = _admission(f.route, app_start, letter, adm_known)
    arrival = max(visa_end, start - ARRIVE_BEFORE_START)
    return Filing(arrival, [app, admission, _student_visa(f, visa_start, visa_end)])
