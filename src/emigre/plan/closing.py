"""Which gaps a plan closes, and in what order: at an `any` the alternative whose steps end
first, in a points test the items done soonest until the minimum is reached, one step per id,
the preparatory year after the language it needs. The steps themselves come from the builders
in `gapsteps`, one per kind of gap."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from emigre.i18n import Msg, Said, join, said
from emigre.plan.gapsteps import BUILDERS, FAR, Choice, Closing, unknown_step
from emigre.plan.steps import Step
from emigre.rules.conditions import Any_, Context, Not, Points

if TYPE_CHECKING:
    from emigre.knowledge.route import Route
    from emigre.plan.schedule import PlanInputs
    from emigre.rules.evaluate import NodeResult, RouteResult


def _build_leaf(gap: NodeResult, inp: PlanInputs, route: Route) -> Closing:
    if isinstance(gap.condition, Points):
        return _points(gap, inp, route)
    builder = BUILDERS.get(gap.outcome.step or "")
    if builder is None:
        return Closing([unknown_step(gap, inp)])
    return builder(gap, inp, route)


def _points(gap: NodeResult, inp: PlanInputs, route: Route) -> Closing:
    """Close the items of a points test that are done soonest until the minimum is reached."""
    from emigre.rules.evaluate import evaluate_node

    cond = gap.condition
    assert isinstance(cond, Points)
    ctx = Context(inp.profile, inp.on, route.country, inp.params, inp.fx)
    sure = 0
    options: list[tuple[date, int, Closing]] = []
    for item in cond.items:
        node = evaluate_node(item.when, ctx)
        if node.state == "met":
            sure += item.points
        elif node.state == "closable":
            closing = _close(node, inp, route)
            options.append((closing.finish, item.points, closing))
    options.sort(key=lambda o: (o[0], -o[1]))
    out = Closing()
    for _finish, points, closing in options:
        if sure >= cond.min:
            break
        sure += points
        out.extend(closing)
    if sure < cond.min:
        out.steps.append(unknown_step(gap, inp, Msg("no way to earn the missing points is known")))
    return out


def _in_words(node: NodeResult, closing: Closing) -> Said:
    """An alternative as the reader knows it, never by its id: the steps it takes (at most
    two, then "…"), else the reasons of what it still needs."""
    parts: list[Said] = [said(s, "title") for s in closing.steps]
    if not parts:
        leaves = [n for n in node.walk() if not n.children]
        parts = [
            n.outcome.message for n in ([n for n in leaves if n.state == "closable"] or leaves)
        ]
    text = join("; ", parts[:2])
    return text + " …" if len(parts) > 2 else text


def _close(node: NodeResult, inp: PlanInputs, route: Route) -> Closing:
    if node.state != "closable":
        return Closing()
    if not node.children:
        return _build_leaf(node, inp, route)
    if isinstance(node.condition, Any_):
        options = [(c, _close(c, inp, route)) for c in node.children if c.state == "closable"]
        best, closing = min(options, key=lambda o: o[1].finish)
        if len(options) > 1:
            ends = [(c.condition.id, o.finish) for c, o in options]
            closing.choices.append(
                Choice(
                    node.condition.id,
                    best.condition.id,
                    [(cid, None if end == FAR else max(end, inp.on)) for cid, end in ends],
                    {c.condition.id: _in_words(c, o) for c, o in options},
                )
            )
        return closing
    out = Closing()
    for child in node.children:
        out.extend(_close(child, inp, route))
    return out


def taken(node: NodeResult, choices: list[Choice]) -> set[str]:
    """The ids of the conditions on the way the plan goes: at an `any`, the alternative already
    met (the first), else the one the planner chose, else the only one open."""
    out = {node.condition.id}
    if not node.children or isinstance(node.condition, Not | Points):
        return out
    if isinstance(node.condition, Any_):
        chosen = {c.condition: c.chosen for c in choices}
        met = [c for c in node.children if c.state == "met"]
        pick_ = (
            met[0]
            if met
            else next(
                (c for c in node.children if c.condition.id == chosen.get(node.condition.id)), None
            )
            or next((c for c in node.children if c.state == "closable"), None)
        )
        return out | (taken(pick_, choices) if pick_ is not None else set())
    for child in node.children:
        out |= taken(child, choices)
    return out


def _merge(steps: list[Step]) -> list[Step]:
    """One step per id: two gaps in the same language (B1 and B2 points) mean one course to the
    higher level, and one exam."""
    best: dict[str, Step] = {}
    for s in steps:
        if s.id not in best or s.end > best[s.id].end:
            best[s.id] = s
    return list(best.values())


def _after(step: Step, before: list[Step]) -> None:
    """Move `step` (keeping its length and its pessimistic end) to begin when `before` end."""
    begin = max(x.end for x in before)
    if begin > step.start:
        shift = begin - step.start
        step.start, step.end = begin, step.end + shift
        step.end_high = step.end_high + shift if step.end_high else None
        step.worst = step.worst + shift if step.worst else None
    step.depends_on = [*step.depends_on, *(x.id for x in before if x.id not in step.depends_on)]


def close_gaps(res: RouteResult, inp: PlanInputs) -> Closing:
    """Every step that closes the route's gaps, deduplicated, with the preparatory year after
    the language it needs, and a job search after the licence to practise (an employer can
    hire the person in a regulated profession only once the licence is granted or promised)."""
    out = _close(res.root, inp, res.route)
    steps = _merge(out.steps)
    langs = [s for s in steps if s.kind in ("language", "exam")]
    licences = [s for s in steps if s.kind == "licence"]
    for s in steps:
        if s.kind == "preparatory_year" and langs:
            _after(s, langs)
            s.depends_on = [x.id for x in langs]
        elif s.kind == "job_search" and licences:
            _after(s, licences)
    out.steps = steps
    return out
