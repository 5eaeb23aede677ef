"""Learning a language to a level and proving it: hours and months at the person's pace (from
the language model), a course's cost, then the first exam session after the course that certifies
the level the route accepts."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from emigre.codes import country_in_sentence, language_name
from emigre.exams import pick_exam
from emigre.figure import Figure
from emigre.i18n import Grouped, Lazy, Msg
from emigre.language import language_model
from emigre.plan.costs import course_cost
from emigre.plan.steps import Step, add_months

if TYPE_CHECKING:
    from emigre.plan.schedule import PlanInputs


def language_steps(
    lang: str, level: str, exam_ids: list[str], inp: PlanInputs, start: date
) -> list[Step]:
    """Learn `lang` up to `level` from what the person has, then sit the first fitting exam."""
    known: dict[str, str] = dict(inp.profile.languages)
    exam = pick_exam(lang, level, exam_ids)
    est = language_model().estimate(known, lang, known.get(lang), level, inp.hours_per_week)
    learn = Step(
        id=f"learn_{lang}",
        kind="language",
        title=Msg(
            "Learn {lang} from {frm} to {to}: about {h:.0f} hours ({lo:.0f}–{hi:.0f}) at {w:g} h a week",
            lang=Lazy(language_name, lang),
            frm=est.from_level or Msg("zero"),
            to=level,
            h=Grouped(est.hours.median),
            lo=Grouped(est.hours.low),
            hi=Grouped(est.hours.high),
            w=inp.hours_per_week,
        ),
        start=start,
        end=add_months(start, est.months.median),
        end_high=add_months(start, est.months.high),
        language=lang,
        from_level=est.from_level,
        to_level=level,
        hours=round(est.hours.median),
        hours_range=(round(est.hours.low), round(est.hours.high)),
        cost=course_cost(lang, est.hours.median, est.hours.low, est.hours.high, inp),
    )
    if exam is None:
        learn.note = Msg(
            "no certificate of this language at {level} is in the data yet", level=level
        )
        return [learn]
    session = exam.next_session(learn.end) or learn.end
    fee = Figure.unknown(Msg("the exam fee is not in the data"))
    if exam.fee is not None:
        conv = inp.fx.convert(exam.fee.amount, exam.fee.currency, "EUR", inp.on)
        fee = (
            Figure.known(conv.amount, exam.sources)
            if conv
            else Figure.unknown(Msg("no exchange rate for {cur}", cur=exam.fee.currency))
        )
    home = inp.profile.person.residence
    where = (
        Msg(" (not offered {country:in}: travel abroad)", country=Lazy(country_in_sentence, home))
        if home and exam.offered_in.get(home) is False
        else ""
    )
    test = Step(
        id=f"exam_{lang}",
        kind="exam",
        title=Msg("Pass {exam} at {level}{where}", exam=exam.name, level=level, where=where),
        start=session,
        end=exam.results_on(session),
        cost=fee,
        depends_on=[learn.id],
        sources=list(exam.sources),
        known=exam.result_weeks is not None,
        why=None
        if exam.result_weeks is not None
        else Msg("when the exam results come is not in the data"),
    )
    return [learn, test]
