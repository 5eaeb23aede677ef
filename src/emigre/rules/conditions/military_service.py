"""`military_service`: the person's standing towards military service at home."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from emigre.i18n import N_, Msg
from emigre.profile import MilitaryService
from emigre.rules.conditions.base import Base, Context, Outcome

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler

_LABELS = {
    "none": N_("no military obligation"),
    "liable": N_("liable to call-up"),
    "reserve": N_("in the reserve"),
    "exempt": N_("exempt from service"),
}


def military_label(value: str) -> Msg:
    """The profile value in plain words, translated when shown."""
    return Msg(_LABELS.get(value, value))


class MilitaryServiceIs(Base):
    """The person's standing towards military service (`person.military_service`) is one of the
    listed ones; used for warnings about exit bans and call-up, never to rank routes."""

    type: Literal["military_service"]
    in_: list[MilitaryService] = Field(alias="in", min_length=1)

    def evaluate(self, ctx: Context) -> Outcome:
        value = ctx.profile.person.military_service
        if value is None:
            return Outcome.unknown(
                Msg("your military service status is not given"), ["person.military_service"]
            )
        text = Msg("military service: {status}", status=military_label(value))
        return Outcome.met(text) if value in self.in_ else Outcome.unmet(text)

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        return cp.choice_in("military_service", self.in_)
