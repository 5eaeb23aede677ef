"""Steps: the concrete actions that close a route's gaps, with dates, costs and dependencies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from emigre.dates import add_months as add_months  # re-exported for the planner
from emigre.dates import months_between as months_between
from emigre.figure import ZERO, Figure, Kind
from emigre.i18n import Said, Shown, ShownOrNone
from emigre.knowledge.model import Source
from emigre.rules.conditions import StepKind


@dataclass
class Step:
    id: str
    kind: StepKind
    title: Shown = Shown()
    """What to do, read in the language of the moment (kept as a message: see `emigre.i18n`)."""
    # (mypy takes the descriptor for a default; the dataclass knows the title is required)
    start: date  # type: ignore[misc]
    end: date  # type: ignore[misc]
    cost: Figure = ZERO
    """What the step costs, in EUR: known, estimated or unknown (never an invented zero)."""
    depends_on: list[str] = field(default_factory=list)
    end_high: date | None = None
    """The pessimistic end where the duration is uncertain (language study, job search)."""
    deadline: date | None = None
    """The last day this can be done (a university application deadline)."""
    known: bool = True
    """False when a duration or date is not in the knowledge base: the step is shown, flagged."""
    language: str | None = None
    from_level: str | None = None
    to_level: str | None = None
    hours: float | None = None
    hours_range: tuple[float, float] | None = None
    note: ShownOrNone = ShownOrNone()
    why: ShownOrNone = ShownOrNone()
    """Why the step's length is not known (or, past the planning horizon, why it does not end
    within it), in a few words: a reason, never a procedure ("the processing time is not in
    the data", "you list no work, so how long a job search takes is not in the data"). Set
    where the step is built; every view shows it beside the step (the JSON's `why` and
    `end_reason`), and the ranking's line quotes it. `note` is what else to know."""
    sources: list[Source] = field(default_factory=list)
    min_salary_eur: float | None = None
    """A job search: the lowest gross salary a year the route accepts (the pay it plans on)."""
    beyond: bool = False
    """It does not end within the planning horizon (`emigre.plan.horizon`): `end` is the
    horizon's last day, the earliest it could end, and the step is shown as not within it."""
    unbounded: bool = False
    """Unknown, and nothing in the data bounds it for this person (a job search in a market no
    figure covers): no known step of its kind stands in for it when plans are ranked."""
    worst: date | None = None
    """Unknown, but the data gives a latest plausible end (a job search in the person's own
    occupation: the year an Opportunity Card grants): the ranking counts at least this far."""
    first_remote_job: bool = False
    """A job search for remote work (for an employer or clients abroad) by someone who lists no
    remote work: a new kind of work, so the ranking puts the route after the routes that fit
    the person (`emigre.plan.fit`)."""

    @classmethod
    def named(
        cls, kind: StepKind, title: Said, start: date, end: date | None = None, **more: Any
    ) -> Step:
        """A step that is one of its kind in a plan (the application, the visa, travel): its
        id is its kind; without `end` it takes one day."""
        return cls(id=kind, kind=kind, title=title, start=start, end=end or start, **more)

    @property
    def end_unknown(self) -> bool:
        """The end is not a date anyone can plan by: the duration is not in the data, or the
        step does not end within the planning horizon. `end` is then the earliest it could end
        (never "it takes no time")."""
        return self.timing == "unknown"

    @property
    def timing(self) -> Kind:
        """How sure the step's end is: known, estimated (a range up to `end_high`) or unknown."""
        if self.end_high is not None and self.end_high > self.end:
            return "estimated"
        return "known" if self.known else "unknown"
