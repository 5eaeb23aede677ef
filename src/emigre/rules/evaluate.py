"""Evaluating a route's condition tree for one profile at one date.

Leaves answer met / unmet / unknown; for the tree we track four states so that the verdict says
not only *whether* but *why not*: an unmet leaf is either closable (a step exists) or blocked.

* all: blocked if any child is blocked, else unknown if any is unknown, else closable if any is
  closable, else met -- one definite "no" outweighs missing facts.
* any: met if any child is met, else closable if any is, else unknown if any is, else blocked.
* not: the inner condition being met blocks; being unmet (for whatever reason) meets.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Literal

from emigre.i18n import Msg, _
from emigre.rules.conditions import All, Any_, Condition, Context, Logic, Not, Outcome
from emigre.rules.state import STATUS_OF, VERDICT_OF, VERDICT_ORDER, State, Verdict

if TYPE_CHECKING:  # types only: routes are made of conditions, so knowledge imports rules
    from emigre.knowledge.parameters import ParameterStore
    from emigre.knowledge.route import Note, Risk, Route
    from emigre.money import FxTable
    from emigre.profile import Profile

StateName = Literal["met", "closable", "blocked", "unknown"]
__all__ = ["VERDICT_OF", "VERDICT_ORDER", "NodeResult", "RouteResult", "Verdict", "assess"]


@dataclass
class NodeResult:
    condition: Condition
    state: StateName
    outcome: Outcome
    depth: int
    children: list[NodeResult] = field(default_factory=list)

    @property
    def status(self) -> Literal["met", "unmet", "unknown"]:
        return STATUS_OF[self.state]

    def walk(self) -> Iterator[NodeResult]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class RiskResult:
    risk: Risk
    applies: Literal["yes", "unknown"]
    because_of: list[str] = field(default_factory=list)
    """For a person of several citizenships: those the risk applies because of."""


@dataclass
class NoteResult:
    """A route's note for this person: it concerns them ("yes"), cannot be decided from the
    profile ("unknown": shown too), or concerns other people only ("no": not shown)."""

    note: Note
    applies: Literal["yes", "unknown", "no"]

    @property
    def shown(self) -> bool:
        return self.applies != "no"


@dataclass
class RouteResult:
    route: Route
    on: date
    root: NodeResult
    risks: list[RiskResult]
    notes: list[NoteResult] = field(default_factory=list)
    free_movement: list[str] = field(default_factory=list)
    """The person's citizenships that already let them live and work in the route's country
    (an EU citizen in an EU member state, a Norwegian or a Swiss citizen in the EU..., or a
    citizen of the route's country itself): the route is then one they do not need."""
    free_movement_bases: list[str] = field(default_factory=list)
    """The legal bases of that free movement (the EU Treaties and the EEA Agreement, the
    EU-Swiss agreement...), as the data's areas state them."""
    residence: str | None = None
    """The country the person lives in: it chooses the route's official page for them (the
    mission that serves them, `Route.official_pages`)."""

    def shown_notes(self) -> list[Note]:
        """The notes that concern this person or cannot be decided for them, in order."""
        return [n.note for n in self.notes if n.shown]

    @property
    def verdict(self) -> Verdict:
        """The tree's verdict, except that a route whose official checklist is not written yet
        is never "eligible": met conditions then say "unknown" (check the official source)."""
        state = self.root.state
        if state == "met" and not self.route.checklist_complete:
            return "unknown"
        return VERDICT_OF[state]

    @property
    def check_at(self) -> str:
        """Where to check the route's requirements: the official page for people living where
        the person lives, else the route's first official source, else its first."""
        return official_link(self.route, self.residence)

    def unchecked(self) -> str | None:
        """Why the route cannot say "eligible" although every modelled condition is met."""
        if self.route.checklist_complete or self.root.state != "met":
            return None
        return _(
            "every modelled condition is met, but not every official requirement of this route "
            "is encoded yet; check them at {url}"
        ).format(url=self.check_at)

    def nodes(self) -> list[NodeResult]:
        """Every condition below the root, in reading order."""
        return [
            n for n in self.root.walk() if n is not self.root or not isinstance(n.condition, All)
        ]

    def leaves(self) -> list[NodeResult]:
        return [n for n in self.root.walk() if not n.children]

    def blockers(self) -> list[NodeResult]:
        def find(node: NodeResult) -> list[NodeResult]:
            if node.state != "blocked":
                return []
            if isinstance(node.condition, Not) or not node.children:
                return [node]
            return [b for child in node.children for b in find(child)]

        return find(self.root)

    def gaps(self) -> list[NodeResult]:
        """Unmet leaves a step can close, on the path that keeps the route reachable."""

        def find(node: NodeResult) -> list[NodeResult]:
            if node.state != "closable":
                return []
            if not node.children:
                return [node]
            if isinstance(node.condition, Any_):
                first = next(c for c in node.children if c.state == "closable")
                return find(first)
            return [g for child in node.children for g in find(child)]

        return find(self.root)

    def active_leaves(self) -> list[NodeResult]:
        """The leaves on the path that decides the route: every child of an `all`, the best child
        of an `any` (met, else closable, else unknown). Figures to plan with come from these."""

        def find(node: NodeResult) -> list[NodeResult]:
            if not node.children:
                return [node]
            if isinstance(node.condition, Not):
                return []
            if isinstance(node.condition, Any_):
                for wanted in ("met", "closable", "unknown", "blocked"):
                    for child in node.children:
                        if child.state == wanted:
                            return find(child)
            return [leaf for child in node.children for leaf in find(child)]

        return find(self.root)

    def missing(self) -> list[str]:
        out: list[str] = []
        for n in self.leaves():
            if n.state == "unknown":
                out.extend(m for m in n.outcome.missing if m not in out)
        return out

    def missing_rates(self) -> list[str]:
        """The currencies with no exchange rate to EUR at the date that keep a condition
        undecided (`Outcome.no_rate`): a gap in the rates, not in the profile."""
        out: list[str] = []
        for n in self.leaves():
            if n.state == "unknown":
                out.extend(c for c in n.outcome.no_rate if c not in out)
        return out

    def decided_by_others(self) -> list[NodeResult]:
        """The `external` conditions (a selection, a decision, a list emigre cannot see) that
        alone keep the route undecided: every condition emigre can check is met or closable and
        no profile fact is missing. Empty for any other route (open, blocked, or waiting on an
        answer the person can give)."""
        if self.verdict != "unknown" or self.root.state != "unknown" or self.missing():
            return []
        return _awaited(self.root) or []

    def if_agreed(self) -> RouteResult:
        """The route as it would stand if the decisions it waits on (`decided_by_others`) went
        the person's way: those conditions met, the rest as evaluated. For planning the steps
        the person can take; never a verdict to show."""
        awaited = {id(n) for n in self.decided_by_others()}
        return replace(self, root=_agreed(self.root, awaited))


def _awaited(node: NodeResult) -> list[NodeResult] | None:
    """The external leaves an unknown node waits on, when nothing else keeps it undecided:
    a leaf must be `external` with no missing fact; an `all` needs every child met, closable or
    waiting only on others; an `any` one alternative that waits only on others. None otherwise."""
    if node.state != "unknown":
        return None
    if not node.children:
        external = node.condition.type == "external" and not node.outcome.missing
        return [node] if external else None
    if isinstance(node.condition, Not):
        return None  # "must not hold" over a decision by others: not a decision to ask for
    if isinstance(node.condition, Any_):
        for child in node.children:
            found = _awaited(child)
            if found is not None:
                return found
        return None
    out: list[NodeResult] = []
    for child in node.children:
        if child.state in ("met", "closable"):
            continue
        found = _awaited(child)
        if found is None:
            return None
        out.extend(found)
    return out


def _agreed(node: NodeResult, awaited: set[int]) -> NodeResult:
    """`node` with the awaited leaves met and the states above them combined again."""
    if id(node) in awaited:
        return replace(node, state="met", outcome=Outcome.met(node.outcome.message))
    if not node.children:
        return node
    children = [_agreed(c, awaited) for c in node.children]
    assert isinstance(node.condition, Logic)
    state = node.condition.combine([State.of(c.state) for c in children])
    return replace(node, state=state.label, children=children)


def official_link(route: Route, residence: str | None = None) -> str:
    """The official page for people living in `residence` (`Route.official_pages`), else the
    route's first official source, else its first source."""
    if residence is not None and residence in route.official_pages:
        return route.official_pages[residence].url
    for src in route.sources:
        if src.official:
            return src.url
    return route.sources[0].url


def _leaf_state(out: Outcome) -> State:
    if out.status == "unmet":
        return State.CLOSABLE if out.step is not None else State.BLOCKED
    return State.of(out.status)


def evaluate_node(node: Condition, ctx: Context, depth: int = 0) -> NodeResult:
    if isinstance(node, Logic):
        children = [evaluate_node(c, ctx, depth + 1) for c in node.children()]
        state = node.combine([State.of(c.state) for c in children])
        if isinstance(node, Not):
            reason: Msg = Msg("must not hold: ") + children[0].outcome.message
        elif isinstance(node, All):
            met = sum(c.state == "met" for c in children)
            reason = Msg("{met} of {n} met", met=met, n=len(children))
        else:
            reason = Msg("any one of {n} alternatives", n=len(children))
        return NodeResult(node, state.label, Outcome(state.status, reason), depth, children)
    out = node.finish(node.evaluate(ctx))
    return NodeResult(node, _leaf_state(out).label, out, depth)


def evaluate_route(route: Route, ctx: Context) -> RouteResult:
    ctx = replace(ctx, country=route.country)  # never mutate the caller's context
    root = evaluate_node(route.requires, ctx)
    risks: list[RiskResult] = []
    for risk in route.risks:
        if risk.when is None:
            risks.append(RiskResult(risk, "yes"))
            continue
        node = evaluate_node(risk.when, ctx)
        state = node.state
        if state == "met":
            risks.append(RiskResult(risk, "yes", passports_behind(node, ctx.profile)))
        elif state == "unknown":
            risks.append(RiskResult(risk, "unknown", passports_behind(node, ctx.profile)))
    notes = [NoteResult(note, _applies(note.when, ctx)) for note in route.notes]
    # Free movement as a route of its own is the way in, not a permit it makes unneeded.
    moves = (
        FreeMovement([], [])
        if route.family == "free_movement"
        else free_movement_in(route.country, ctx)
    )
    return RouteResult(
        route,
        ctx.on,
        root,
        risks,
        notes,
        moves.citizenships,
        moves.legal_bases,
        ctx.profile.person.residence,
    )


FREE_MOVEMENT = ("eu.free_movement.", ".citizens", ".destinations")
"""The free-movement areas of the data (`common/free_movement.yaml`): each is a pair of dated
country lists, `eu.free_movement.<area>.citizens` (who has the right) and
`eu.free_movement.<area>.destinations` (where): the EEA, the EU-Swiss agreement, the EFTA
Convention."""


@dataclass(frozen=True)
class FreeMovement:
    """Why a person needs no permit in a country: the citizenships that give them free movement
    there, and the legal bases of the areas that do."""

    citizenships: list[str]
    legal_bases: list[str]


def free_movement_in(country: str, ctx: Context) -> FreeMovement:
    """The person's citizenships that let them live and work in `country` without a permit:
    that country's own (a state admits its own citizens: nobody needs a Georgian permit or a
    visa-free stay in Georgia as a Georgian), else those of every free-movement area of the data
    whose destinations include it on the date (an area with a list unknown on the date gives
    nothing)."""
    prefix, citizens, destinations = FREE_MOVEMENT
    held = ctx.profile.person.citizenship
    if country in held:
        return FreeMovement([country], [])
    found: set[str] = set()
    bases: list[str] = []
    for name in ctx.params.named(prefix, citizens):
        where = name.removesuffix(citizens) + destinations
        if where not in ctx.params:
            continue
        dest = ctx.params.resolve(where, ctx.on)
        who = ctx.params.resolve(name, ctx.on)
        if not (dest.known and who.known) or country not in dest.value:
            continue
        mine = [c for c in held if c in who.value]
        if mine:
            found.update(mine)
            basis = who.entry.legal_basis if who.entry else None
            if basis and basis not in bases:
                bases.append(basis)
    return FreeMovement([c for c in held if c in found], bases)


def free_movement_citizens(country: str, params: ParameterStore, on: date) -> list[str]:
    """Every citizenship that gives free movement in `country` on the date: its own, and those
    of each area whose destinations include it (for a whole table at once)."""
    prefix, citizens, destinations = FREE_MOVEMENT
    out = [country]
    for name in params.named(prefix, citizens):
        where = name.removesuffix(citizens) + destinations
        if where not in params:
            continue
        dest, who = params.resolve(where, on), params.resolve(name, on)
        if dest.known and who.known and country in dest.value:
            out.extend(c for c in who.value if c not in out)
    return out


def free_movement(country: str, ctx: Context) -> list[str]:
    """The person's citizenships that give them free movement in `country` (none: a permit is
    needed)."""
    return free_movement_in(country, ctx).citizenships


def citizenships_behind(node: NodeResult) -> list[str]:
    """The citizenships a condition that holds (or may hold) is met because of: those of its
    met citizenship conditions that one listed passport is enough for; none below a `not` or a
    child that does not hold."""
    if node.state not in ("met", "unknown") or isinstance(node.condition, Not):
        return []
    found = list(node.outcome.because_of)
    for child in node.children:
        found.extend(c for c in citizenships_behind(child) if c not in found)
    return found


def passports_behind(node: NodeResult, profile: Profile) -> list[str]:
    """For a person of several citizenships, those a warning or a risk applies (or may apply)
    because of, so that it can say which passport it is about; empty for a single one."""
    held = profile.person.citizenship
    if len(held) < 2:
        return []
    found = citizenships_behind(node)
    return [c for c in held if c in found]


def _applies(when: Condition | None, ctx: Context) -> Literal["yes", "unknown", "no"]:
    """Whether a note's `when` holds for the person: met is "yes", a missing fact "unknown";
    unmet -- even where a step could change it (moving to another country) -- is "no", since
    the note speaks of the person as they are."""
    if when is None:
        return "yes"
    state = evaluate_node(when, ctx).state
    return "yes" if state == "met" else "unknown" if state == "unknown" else "no"


def assess(
    profile: Profile,
    on: date,
    routes: list[Route],
    params: ParameterStore,
    fx: FxTable,
    *,
    respect_preferences: bool = True,
) -> list[RouteResult]:
    """Every route's verdict for one person at one date, best verdicts first.

    The person's preferred countries and route families (if any) narrow the list.
    """
    prefs = profile.preferences
    chosen = [
        r
        for r in routes
        if not respect_preferences
        or (
            (not prefs.countries or r.country in prefs.countries)
            and (not prefs.families or r.family in prefs.families)
        )
    ]
    ctx = Context(profile, on, "", params, fx)
    results = [evaluate_route(r, ctx) for r in chosen]
    results.sort(key=lambda r: (VERDICT_ORDER[r.verdict], r.route.id))
    return results
