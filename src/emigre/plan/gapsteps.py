"""From a route's gaps to the steps that close them: one builder per kind of gap.

The evaluator says *that* a leaf is closable and with which kind of step; `closing` decides
*which* gaps to close (the fastest alternative of an `any`, the quickest items of a points test);
this module turns each into dated steps. A gap of a kind no builder knows, or one whose figures are
missing, becomes an honest step flagged "not in the data" -- never an invented duration and never
a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from emigre.codes import country_in_sentence, language_name
from emigre.figure import Figure
from emigre.i18n import Lazy, Msg, Said, join, pick
from emigre.knowledge.model import Fact
from emigre.language import at_least
from emigre.plan.costs import to_eur
from emigre.plan.job_search import search_time
from emigre.plan.learning import language_steps
from emigre.plan.licence import procedure
from emigre.plan.steps import Step, add_months
from emigre.rules.conditions import JobOffer, Language
from emigre.rules.gaps import (
    AdmissionGap,
    ExperienceGap,
    Gap,
    LanguageGap,
    LicenceGap,
    OfferGap,
    RecognitionGap,
    RemoteIncomeGap,
    StepKind,
    WaitGap,
)

if TYPE_CHECKING:
    from emigre.knowledge.route import Route
    from emigre.plan.schedule import PlanInputs
    from emigre.rules.evaluate import NodeResult

#: Stand-in for "never" when comparing alternatives whose end is not known.
FAR = date(9999, 12, 31)


@dataclass
class Choice:
    """Which alternative of an `any` the plan takes (the one whose steps end first) and when
    each closable alternative would be done (None: a duration is not in the data). `names`
    says each alternative in words (what it still takes), for the reader: ids stay in JSON."""

    condition: str
    chosen: str
    options: list[tuple[str, date | None]]
    names: dict[str, Said] = field(default_factory=dict)

    def _name(self, cid: str) -> Said:
        return self.names.get(cid) or Msg("another way")

    @property
    def text(self) -> Msg:
        others = join(
            "; ",
            [
                Msg("{what} (ready {when})", what=self._name(cid), when=end or "?")
                for cid, end in self.options
                if cid != self.chosen
            ],
        )
        ready = next((end for cid, end in self.options if cid == self.chosen), None)
        return Msg(
            "Of {n} ways the plan takes the fastest: {best} (ready {when}); instead of: {others}",
            n=len(self.options),
            best=self._name(self.chosen),
            when=ready or "?",
            others=others,
        )


@dataclass
class Closing:
    """The steps that close a set of gaps, notes for the reader, and which alternatives were
    chosen (so the plan can say so)."""

    steps: list[Step] = field(default_factory=list)
    notes: list[Said] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)

    def extend(self, other: Closing) -> None:
        self.steps.extend(other.steps)
        self.notes.extend(other.notes)
        self.choices.extend(other.choices)

    @property
    def finish(self) -> date:
        """When the last step ends; an unknown duration counts as never (it cannot win a race)."""
        if any(not s.known and s.end <= s.start for s in self.steps):
            return FAR
        return max((s.end for s in self.steps), default=date.min)


def fact_num(f: Fact | None) -> float | None:
    return (
        float(f.value)
        if f is not None and isinstance(f.value, int | float) and not isinstance(f.value, bool)
        else None
    )


Builder = Callable[["NodeResult", "PlanInputs", "Route"], Closing]


def unknown_step(gap: NodeResult, inp: PlanInputs, why: Said | None = None) -> Step:
    """A gap the planner cannot date: shown, flagged, and it makes the arrival uncertain."""
    kind = gap.outcome.step or "wait"
    return Step(
        id=f"{kind}_{gap.condition.id}",
        kind=kind,
        title=gap.outcome.message,
        start=inp.on,
        end=inp.on,
        known=False,
        why=why or Msg("how long “{step}” takes is not in the data", step=gap.outcome.message),
    )


def _language(gap: NodeResult, inp: PlanInputs, route: Route) -> Closing:
    g = gap.outcome.gap
    lang, level = (g.language, g.need) if isinstance(g, LanguageGap) else (None, None)
    if isinstance(gap.condition, Language):
        lang, level = gap.condition.language, gap.condition.level
    if lang is None or level is None:
        return Closing([unknown_step(gap, inp, Msg("which language and level is not known"))])
    if isinstance(gap.condition, Language) and gap.condition.in_country_course:
        return _course_in_country(gap.condition, inp, route)
    exams = gap.condition.exams if isinstance(gap.condition, Language) else []
    return Closing(language_steps(lang, level, exams, inp, inp.on))


def _course_in_country(cond: Language, inp: PlanInputs, route: Route) -> Closing:
    """A preparatory language course in the country: a preparatory step (the plan moves before
    it), as long as the route's `preparatory_months` says, else a year flagged as assumed."""
    title = Msg(
        "Preparatory {lang} course in {country}, to {level}",
        lang=Lazy(language_name, cond.language),
        country=Lazy(country_in_sentence, route.country),
        level=cond.level,
    )
    return _preparatory_step(
        cond.id, title, inp, route, language=cond.language, to_level=cond.level
    )


def _fact_step(
    sid: str,
    kind: StepKind,
    title: Said,
    on: date,
    fact: Fact | None,
    end: Callable[[float | None], date],
    unknown: Msg,
    language: str | None = None,
    to_level: str | None = None,
) -> Step:
    """A step from today that lasts as long as one of the route's timeline figures says:
    `end(value)` dates it (`value` None when the figure is not in the data, and then the step
    is flagged, with `unknown` as its `why`)."""
    value = fact_num(fact)
    return Step(
        id=sid,
        kind=kind,
        title=title,
        start=on,
        end=end(value),
        known=value is not None,
        why=None if value is not None else unknown,
        sources=list(fact.sources) if fact else [],
        language=language,
        to_level=to_level,
    )


def _preparatory_step(
    cid: str,
    title: Said,
    inp: PlanInputs,
    route: Route,
    language: str | None = None,
    to_level: str | None = None,
) -> Closing:
    """A preparatory year or course, dated from today for as long as the route's
    `preparatory_months` says, else a year flagged as assumed."""
    on = inp.on
    return Closing(
        [
            _fact_step(
                f"preparatory_{cid}",
                "preparatory_year",
                title,
                on,
                route.timeline.preparatory_months,
                lambda months: add_months(on, months or 12),
                Msg("length not in the data: a year is assumed, and the date is uncertain"),
                language=language,
                to_level=to_level,
            )
        ]
    )


def _job_search(gap: NodeResult, inp: PlanInputs, route: Route) -> Closing:
    on, g = inp.on, gap.outcome.gap
    found = search_time(g, inp.profile, route, inp.params, on)
    months, high = found.months, found.high
    country = Lazy(country_in_sentence, route.country)
    floor = 0.0
    if isinstance(gap.condition, JobOffer) and gap.condition.kind == "training":
        what = Msg("Find a training place in {country} (a training contract)", country=country)
    elif isinstance(gap.condition, JobOffer):
        floor = g.min_salary_eur if isinstance(g, OfferGap) else 0.0
        what = (
            Msg(
                "Find a job offer in {country} paying at least {eur:,.0f} EUR a year",
                country=country,
                eur=floor,
            )
            if floor
            else Msg("Find a job offer in {country}", country=country)
        )
    else:
        what = Msg(
            "Find remote work paying at least {eur:,.0f} EUR a month",
            eur=g.min_monthly_eur if isinstance(g, RemoteIncomeGap) else 0.0,
        )
    step = Step(
        id=f"job_search_{gap.condition.id}",
        kind="job_search",
        title=what,
        start=on,
        end=add_months(on, months or 0),
        end_high=add_months(on, high) if months is not None and high else None,
        known=months is not None,  # an estimate is in the data: a range (end_high), not "?"
        # Unknown: why its length is not known; an estimate: what the figure is.
        why=found.why if months is None else None,
        note=found.why if months is not None else None,
        sources=found.sources,
        min_salary_eur=floor or None,
        unbounded=months is None and not found.bounded,
        worst=add_months(on, high) if months is None and found.bounded and high else None,
        first_remote_job=isinstance(g, RemoteIncomeGap)
        and not any(j.remote for j in inp.profile.work),
    )
    return Closing([step])


def _experience(gap: NodeResult, inp: PlanInputs, route: Route) -> Closing:
    on, g, cid = inp.on, gap.outcome.gap, gap.condition.id
    end = _gap_date(g)
    if end:
        title = Msg("Keep working until {d}: {why}", d=end, why=gap.outcome.message)
        return _until(gap, "experience", title, inp, end)
    if not isinstance(g, ExperienceGap):
        return Closing([unknown_step(gap, inp)])
    more = max(0.0, float(g.years) - float(g.have))
    return Closing(
        [
            Step(
                id=f"experience_{cid}",
                kind="experience",
                title=Msg("Work in the field for {y:.1f} more years", y=more),
                start=on,
                end=add_months(on, more * 12),
                known=False,
                why=Msg(
                    "you list no current job in this occupation; the date assumes you start now"
                ),
            )
        ]
    )


def _recognition(gap: NodeResult, inp: PlanInputs, route: Route) -> Closing:
    tl, on = route.timeline, inp.on
    weeks = fact_num(tl.recognition_weeks)
    rec = gap.outcome.gap
    if isinstance(rec, RecognitionGap) and rec.professional:
        title = (
            Msg(
                "Get your qualification recognised as equivalent by {who}", who=Lazy(pick, rec.what)
            )
            if rec.what
            else Msg("Get your qualification recognised as equivalent by the competent authority")
        )
    else:
        title = Msg("Get your school certificate recognised (nostrification)")
    fee = Figure.unknown(Msg("the fee of the recognition procedure is not in the data"))
    if tl.recognition_fee is not None and tl.recognition_fee in inp.params:
        fee = to_eur(inp.params.resolve(tl.recognition_fee, on), inp.fx, on)[0]
    elif any("recognition" in c.id or "nostrification" in c.id for c in route.costs):
        fee = Figure.known(0.0)  # the route lists the fee among its own costs
    return Closing(
        [
            Step(
                id=f"recognition_{gap.condition.id}",
                kind="recognition",
                title=title,
                start=on,
                end=on + timedelta(weeks=weeks or 0),
                cost=fee,
                known=weeks is not None,
                why=None
                if weeks is not None
                else Msg("how long the recognition takes is not in the data"),
                sources=list(tl.recognition_weeks.sources) if tl.recognition_weeks else [],
            )
        ]
    )


def _preparatory(gap: NodeResult, inp: PlanInputs, route: Route) -> Closing:
    """Dated from today; `close_gaps` moves it after any language steps it must follow."""
    title = Msg("Preparatory (foundation) year and its final exam")
    return _preparatory_step(gap.condition.id, title, inp, route)


def _wait(gap: NodeResult, inp: PlanInputs, route: Route) -> Closing:
    end = _gap_date(gap.outcome.gap)
    if end:
        return _until(gap, "wait", gap.outcome.message, inp, end)
    return Closing([unknown_step(gap, inp, Msg("the date this changes is not known"))])


def _gap_date(g: Gap | None) -> date | None:
    """The date in a gap's record (when a wait or the experience needed is over), if any."""
    return g.until if isinstance(g, WaitGap | ExperienceGap) else None


def _until(gap: NodeResult, kind: StepKind, title: Said, inp: PlanInputs, end: date) -> Closing:
    """One step from today to a known date."""
    return Closing(
        [Step(id=f"{kind}_{gap.condition.id}", kind=kind, title=title, start=inp.on, end=end)]
    )


def files_admission(route: Route) -> bool:
    """Whether the filing plans the university application and the admission letter itself (a
    study route applied for at a consulate): then an admission gap adds no step of its own."""
    return route.family == "study" and route.timeline.filed != "in_country"


def _admission(gap: NodeResult, inp: PlanInputs, route: Route) -> Closing:
    """A study route's filing plans the application and the letter (no second step here);
    elsewhere (a language school, a qualification measure) getting the letter or the place is a
    step of its own, as long as the route's `admission_weeks` says, else of unknown length."""
    if files_admission(route):
        return Closing()
    g = gap.outcome.gap
    kind = g.kind if isinstance(g, AdmissionGap) else "university"
    country = Lazy(country_in_sentence, route.country)
    if kind == "language_course":
        title = Msg(
            "Enrol in a language course in {country} and get the confirmation", country=country
        )
    elif kind == "qualification_measure":
        title = Msg("Find a place in a qualification measure in {country}", country=country)
    else:
        title = Msg("Apply to a university in {country} and get admitted", country=country)
    on = inp.on
    return Closing(
        [
            _fact_step(
                f"admission_{gap.condition.id}",
                "admission",
                title,
                on,
                route.timeline.admission_weeks,
                lambda weeks: on + timedelta(weeks=weeks or 0),
                Msg("how long the admission takes is not in the data"),
            )
        ]
    )


def _licence(gap: NodeResult, inp: PlanInputs, route: Route) -> Closing:
    """The licence to practise in the route's country: the language level the licence asks for
    first (where the data gives one and the person is below it), then the procedure, as long as
    the law gives the authority to decide, with its fee; unknown (with the reason) where the
    data has no procedure for the occupation."""
    on, g = inp.on, gap.outcome.gap
    occupations = g.occupations if isinstance(g, LicenceGap) else ()
    country = Lazy(country_in_sentence, route.country)
    proc = procedure(route.country, occupations[0], inp.params, on) if occupations else None
    steps: list[Step] = []
    if proc is not None:
        for lang, level in sorted(proc.languages.items()):
            if not at_least(inp.profile.languages.get(lang), level):
                steps += language_steps(lang, level, [], inp, on)
    start = max([s.end for s in steps], default=on)
    months = float(proc.months.value) if proc is not None and proc.months else None
    if proc is not None and proc.fee is not None:
        fee = to_eur(proc.fee, inp.fx, on)[0]
    else:
        fee = Figure.unknown(Msg("the fee for the licence is not in the data"))
    why: Said | None = None
    if months is not None and proc is not None:
        note: Said | None = join(
            " ",
            [
                Lazy(pick, proc.about) if proc.about else None,
                Msg(
                    "The authority has {m:g} months to decide once your documents are complete;"
                    " gathering and translating them, and a test where one is asked for, add"
                    " time that is not in the data.",
                    m=months,
                ),
            ],
        )
    else:
        why = Msg("how long the licence in {country} takes is not in the data", country=country)
        note = (
            Lazy(pick, proc.about)
            if proc is not None and proc.about
            # no other country's procedure stands in: what the authority does, in general
            else Msg(
                "the authority named in the EU Regulated Professions Database reviews your"
                " qualification and may ask for a test and for the language"
            )
        )
    steps.append(
        Step(
            id=f"licence_{gap.condition.id}",
            kind="licence",
            title=Msg("Get the licence to practise in {country}", country=country),
            start=start,
            end=add_months(start, months) if months is not None else start,
            cost=fee,
            depends_on=[s.id for s in steps if s.kind in ("language", "exam")],
            known=months is not None,
            why=why,
            note=note,
            unbounded=months is None,  # another country's procedure says nothing about it
            sources=(proc.sources if proc is not None else []) + list(gap.condition.sources),
        )
    )
    return Closing(steps)


def _savings(gap: NodeResult, inp: PlanInputs, route: Route) -> Closing:
    """Savings gaps are closed by the cash flow (the calendar's savings step)."""
    return Closing()


BUILDERS: dict[str, Builder] = {
    "language": _language,
    "job_search": _job_search,
    "experience": _experience,
    "recognition": _recognition,
    "preparatory_year": _preparatory,
    "wait": _wait,
    "savings": _savings,
    "admission": _admission,
    "licence": _licence,
}
