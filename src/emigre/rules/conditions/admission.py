"""`admission`: a letter of admission (or enrolment) in the route's country, held by the person."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from emigre.codes import country_in_sentence
from emigre.i18n import N_, Lazy, Msg
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.gaps import AdmissionGap
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler
    from emigre.profile import Profile

#: Why the condition holds, by what admits the person.
_HELD: dict[str, str] = {
    "university": N_("you hold an admission letter from a university in {where}"),
    "language_course": N_("you hold a confirmation of enrolment in a language course in {where}"),
    "qualification_measure": N_("you hold a place in a qualification measure in {where}"),
}
#: What is missing, by what admits the person.
_MISSING: dict[str, str] = {
    "university": N_("needs an admission letter from a university in {where}; you have none yet"),
    "language_course": N_(
        "needs a confirmation of enrolment in a language course in {where}; you have none yet"
    ),
    "qualification_measure": N_(
        "needs a place in a qualification measure in {where}; you have none yet"
    ),
}


class Admission(Base):
    """The person holds a letter of admission (or a confirmation of enrolment) in the route's
    country (`admissions[]` in the profile), to a university (`kind: university`, the default),
    a language course or a qualification measure. Without one the route is reachable, not
    eligible: the plan applies for it (a study route's application and admission steps)."""

    type: Literal["admission"]
    kind: Literal["university", "language_course", "qualification_measure"] = "university"

    per_country = True

    def held_by(self, profile: Profile, country: str) -> bool:
        """Whether the person holds this admission in `country`."""
        return any(a.country == country and a.kind == self.kind for a in profile.admissions)

    def evaluate(self, ctx: Context) -> Outcome:
        where = Lazy(country_in_sentence, ctx.country)
        if self.held_by(ctx.profile, ctx.country):
            return Outcome.met(Msg(_HELD[self.kind], where=where))
        return Outcome.unmet(
            Msg(_MISSING[self.kind], where=where), AdmissionGap(ctx.country, self.kind)
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        held = (
            (pl.col("admission_country") == country)
            & (pl.col("admission_kind").fill_null("university") == self.kind)
        ).fill_null(False)
        return pl.when(held).then(cp.lit(State.MET)).otherwise(cp.lit(State.CLOSABLE))
