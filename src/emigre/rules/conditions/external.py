"""`external`: a requirement a profile cannot show."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from emigre.base import Text
from emigre.i18n import Lazy, Msg, pick
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.gaps import ExternalGap
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


class External(Base):
    """A requirement a profile cannot show (an endorsement, a quota place, a facilitator's
    approval). It is always "unknown": emigre says what to get and never guesses "eligible"."""

    type: Literal["external"]
    what: Text

    def evaluate(self, ctx: Context) -> Outcome:
        return Outcome.unknown(
            Msg(
                "needs {what}: emigre cannot check this; see the source", what=Lazy(pick, self.what)
            ),
            [],
            gap=ExternalGap(self.what),
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        return cp.lit(State.UNKNOWN)
