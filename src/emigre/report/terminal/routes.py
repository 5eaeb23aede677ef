"""The verdict list of `emigre plan` (the best routes for the goal, the rest grouped by what
stands in the way), the warnings before any route, and the catalogue of `emigre routes`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from emigre.codes import as_citizen_of, country_name
from emigre.i18n import N_, Grouped, Plural, _, law, ngettext, pick, shortened
from emigre.knowledge.route import Route
from emigre.knowledge.situation import WarningResult
from emigre.plan.rank import risk_line, stay_line
from emigre.plan.schedule import Plan
from emigre.report import fmt
from emigre.report.json.document import IF_AGREED
from emigre.report.labels import (
    GOALS,
    field_label,
    free_movement_line,
    missing_rates_line,
    rates_fix,
)
from emigre.report.terminal.text import (
    VERDICT_STYLE,
    hang,
    link,
    money_text,
    say,
    verdict_word,
)
from emigre.rules.evaluate import VERDICT_ORDER, RouteResult

if TYPE_CHECKING:
    from emigre.documents import PlanRun


def _why(res: RouteResult) -> str:
    if res.verdict == "blocked":
        return "; ".join(list(dict.fromkeys(n.outcome.reason for n in res.blockers()))[:2])
    if res.verdict == "unknown":
        unchecked = res.unchecked()
        if unchecked:
            return unchecked
        missing = res.missing()
        unknown = list(
            dict.fromkeys(n.outcome.reason for n in res.leaves() if n.state == "unknown")
        )
        text = "; ".join(unknown[:2])
        if missing:
            names = ", ".join(dict.fromkeys(field_label(m) for m in missing))
            text += " [" + _("fill in: {fields}").format(fields=names) + "]"
        rates = res.missing_rates()
        if rates:
            text += " [" + say(missing_rates_line(rates, res.on.isoformat())) + "]"
        return text
    if res.verdict == "reachable":
        return "; ".join(list(dict.fromkeys(n.outcome.reason for n in res.gaps()))[:3])
    return _("all conditions met")


#: What blocks a route, by the type of its blocking condition: one line per group in the compact
#: view (the person sees "nationality (10 routes)", not ten rows).
BLOCK_GROUPS = {
    "citizenship": N_("your nationality"),
    "residence": N_("where you live or have studied"),
    "degree": N_("a degree or qualification you do not have"),
    "recognition": N_("recognition of your qualification"),
    "experience": N_("work experience"),
    "occupation": N_("your occupation is not on the list"),
    "school_access": N_("your school-leaving certificate"),
    "age": N_("your age"),
    "in_force": N_("the programme is closed"),
    "political_record": N_("your record of persecution"),
    "external": N_("a selection or decision by others"),
    "language": N_("language"),
    "job_offer": N_("a job offer"),
    "funds": N_("money to show"),
    "remote_income": N_("remote income"),
    "net_remote_income": N_("remote income"),
    "social_security": N_("social-security cover"),
    "points": N_("the points test"),
    "licence": N_("the licence to practise your regulated profession"),
    "military_service": N_("military service"),
    "passport_valid": N_("your passport's validity"),
    "admission": N_("an admission"),
    "recent_degree": N_("a recent degree of the kind the route asks for"),
    "employer_country": N_("where your employer is"),
    "school_certificate": N_("your school-leaving certificate"),
}
OTHER_CONDITIONS = N_("other conditions")
#: The risk's first sentence is shown whole up to this length (it wraps; the JSON has it all).
RISK_WIDTH = 240
#: How many routes open only if others agree the compact view lists (`--all`: every one).
IF_AGREED_TOP = 5
#: What others decide is shown up to this length (the JSON and the route page have it all).
AWAITED_WIDTH = 160


@dataclass
class Selection:
    """Which routes `emigre plan` lists: the compact default (the best `top` for the goal, the
    rest summed up), or every route (`all`), or those of some verdicts, a country, a family."""

    all: bool = False
    verdicts: tuple[str, ...] = ()
    country: str | None = None
    family: str | None = None
    top: int | None = None

    @property
    def filtered(self) -> bool:
        return bool(self.verdicts or self.country or self.family)

    def keeps(self, res: RouteResult) -> bool:
        r = res.route
        return (
            (not self.verdicts or res.verdict in self.verdicts)
            and (self.country is None or r.country == self.country)
            and (self.family is None or r.family == self.family)
        )


def _order(results: list[RouteResult], plans: dict[str, Plan], goal: str) -> list[RouteResult]:
    """The ranking's order: ranked routes, then the other residence routes by verdict, then the
    short stays (first for the goal `leave_soon`); in each, those the person does not need (in
    their own country, or in the EU as an EU citizen) last."""

    def key(r: RouteResult) -> tuple[object, ...]:
        plan = plans.get(r.route.id)
        rank = plan.rank if plan is not None else None
        return (
            r.route.short_stay != (goal == "leave_soon"),
            rank is None,
            bool(r.free_movement),  # a route the person's citizenship makes unneeded: last
            rank or 0,
            VERDICT_ORDER[r.verdict],
            r.route.id,
        )

    return sorted(results, key=key)


def _heading(res: RouteResult) -> Text:
    route = res.route
    line = Text()
    line.append(f"{country_name(route.country)}: {pick(route.title)}", style="bold")
    line.append(f"  {route.id}", style="dim")
    return line


def _verdict_cell(res: RouteResult) -> Text:
    cell = Text(verdict_word(res.verdict), style=VERDICT_STYLE[res.verdict])
    if risk_line(res, RISK_WIDTH) is not None:
        cell.append(" ⚠", style="bold magenta")
    return cell


def _body(res: RouteResult, plan: Plan | None, run: PlanRun) -> Text:
    """A route in a few lines: title and id, when and what it costs (or what a short stay
    offers), the risk that applies to the person, why it stands here, the first step."""
    body = _heading(res)
    if res.route.short_stay and res.verdict != "blocked":
        stay = str(stay_line(res))
        living = run.living.get(res.route.id)
        if living is not None:
            stay += "; " + _("living costs a month: {amount}").format(
                amount=money_text(run.money, living).replace("\n", " = ")
            )
        body.append("\n" + say(stay))
    elif plan is not None:
        arrival = fmt.day(plan.arrival) if plan.arrival else plan.no_arrival or _("not reached")
        if plan.arrival and plan.arrival_kind == "unknown" and plan.arrival <= res.on:
            # "not before today" says nothing: a first step's length is not in the data
            arrival = "? " + _("no data")
        elif plan.arrival and plan.arrival_kind == "unknown":
            # a step's duration is not in the data: the date is the earliest, not a forecast
            arrival = _("not before {date}").format(date=arrival) + " ?"
        elif plan.arrival and plan.arrival_kind != "known":
            arrival += " ≈"
        cost = money_text(run.money, plan.cost_to_arrival).replace("\n", " = ")
        line = (
            _("if they agree: arrival {date} · cost to arrival {cost}")
            if plan.group == IF_AGREED
            else _("arrival {date} · cost to arrival {cost}")
        )
        body.append("\n" + line.format(date=arrival, cost=cost))
        if plan.awaiting:
            body.append(
                "\n" + _("to be decided by others: {what}").format(what=awaited(plan)),
                style="cyan",
            )
    if plan is not None and plan.group != IF_AGREED:
        for line in _may_change(plan):
            body.append("\n⏳ " + line, style="yellow")
    risk = risk_line(res, RISK_WIDTH)
    if risk is not None:
        body.append(f"\n⚠ {risk}", style="magenta")
    if res.free_movement:
        # an EU citizen in a member state: the permit is not needed at all
        body.append("\nℹ " + free_movement_line(res.free_movement, res.route.country), style="cyan")
    if plan is not None and plan.why:
        body.append("\n" + _("why here: {why}").format(why=say(plan.why)), style="dim")
    elif plan is None:
        body.append("\n" + say(_why(res)), style="dim")
    if plan is not None and plan.steps and plan.group != IF_AGREED:
        # (a route open only if others agree: what they decide is its line, not a first step)
        step = plan.steps[0]
        body.append(
            "\n"
            + _("first: {when} {step}").format(when=fmt.month(step.start), step=say(step.title))
        )
    return body


def _may_change(plan: Plan) -> list[str]:
    """Short lines for the figures of a plan that ended on the plan date (the latest known, no
    newer one in the data) and for those set until a day before the application (a threshold
    of this year, an application next year); `explain` names each in the plan's notes."""
    ended = [c for c in plan.may_change if c.ended]
    ending = [c for c in plan.may_change if not c.ended]
    lines = []
    if ended:
        lines.append(
            ngettext(
                "{n} figure ended on {date}; no newer one in the data",
                "{n} figures ended on {date}; no newer ones in the data",
                len(ended),
            ).format(n=len(ended), date=fmt.day(max(c.until for c in ended)))
        )
    if ending:
        lines.append(
            ngettext(
                "{n} figure may change on {date}, before you apply",
                "{n} figures may change on {date}, before you apply",
                len(ending),
            ).format(n=len(ending), date=fmt.day(min(c.changes_on for c in ending)))
        )
    return lines


def awaited(plan: Plan, width: int = AWAITED_WIDTH) -> str:
    """What others still have to decide for a route open only if they agree, in one line: the
    first `external` condition's text (shortened), and how many more there are."""
    text = shortened(" ".join(pick(plan.awaiting[0]).split()), width)
    more = len(plan.awaiting) - 1
    return text + (" " + _("(and {n} more)").format(n=more) if more else "")


def _if_agreed(chosen: list[RouteResult], run: PlanRun) -> list[RouteResult]:
    """The routes open only if others agree, in the ranking's order (never ranked)."""
    place = {rid: i for i, rid in enumerate(run.plans)}
    rows = [r for r in chosen if _agreed(r, run)]
    return sorted(rows, key=lambda r: place[r.route.id])


def _agreed(res: RouteResult, run: PlanRun) -> bool:
    plan = run.plans.get(res.route.id)
    return plan is not None and plan.group == IF_AGREED


def _if_agreed_view(rows: list[RouteResult], run: PlanRun, console: Console, top: int) -> None:
    """The group after the ranked routes: open if the authority agrees, worth asking."""
    if not rows:
        return
    console.print(Text(_("Open if the authority agrees: worth asking"), style="bold"))
    console.print(
        Text(
            _(
                "Not eligible and not ranked: everything emigre can check is met or can be "
                "closed, and what remains is a decision, a selection or a list emigre cannot see."
            ),
            style="dim",
        )
    )
    _rows(rows[:top], run, console)
    if len(rows) > top:
        console.print(
            _("{n} more open only if others agree: `--all`").format(n=Grouped(len(rows) - top))
        )
        console.print()


def _rows(rows: list[RouteResult], run: PlanRun, console: Console) -> None:
    table = Table(box=None, show_header=False, expand=True, padding=(0, 1, 1, 0))
    table.add_column(justify="right", no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    table.add_column(no_wrap=True)
    for res in rows:
        plan = run.plans.get(res.route.id)
        rank = str(plan.rank) if plan is not None and plan.rank else ""
        table.add_row(rank, _body(res, plan, run), _verdict_cell(res))
    console.print(table)


def _group_key(res: RouteResult) -> tuple[str, str]:
    """What keeps a route from being open, as a (kind, label) shared by similar routes."""
    if res.verdict == "blocked":
        kind = res.blockers()[0].condition.type
        return ("blocked", _(BLOCK_GROUPS.get(kind, OTHER_CONDITIONS)))
    if res.unchecked():
        return (
            "unknown",
            _("not every official requirement is in emigre: check the official page"),
        )
    missing = res.missing()
    if missing:
        names = ", ".join(dict.fromkeys(field_label(m) for m in missing))
        return ("unknown", _("fill in: {fields}").format(fields=names))
    rates = res.missing_rates()
    if rates:
        return ("unknown", say(missing_rates_line(rates, res.on.isoformat())))
    unknown = [n for n in res.leaves() if n.state == "unknown"]
    kind = unknown[0].condition.type if unknown else ""
    return (
        "unknown",
        _("not settled: {what}").format(what=_(BLOCK_GROUPS.get(kind, OTHER_CONDITIONS))),
    )


def _groups(rows: list[RouteResult], console: Console) -> None:
    """One line per group of routes that share what keeps them closed or undecided."""
    groups: dict[tuple[str, str], list[str]] = {}
    for res in rows:
        groups.setdefault(_group_key(res), []).append(res.route.id)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for (kind, label), ids in sorted(groups.items(), key=lambda kv: (kv[0][0], -len(kv[1]))):
        mark, style = ("✘", "red") if kind == "blocked" else ("?", "cyan")
        shown = ", ".join(ids[:4]) + (
            " " + _("and {n} more").format(n=len(ids) - 4) if len(ids) > 4 else ""
        )
        line = Text(f"{label} ({len(ids)}): ", style=style)
        line.append(shown, style="dim")
        grid.add_row(Text(mark, style=style), line)
    console.print(grid)
    # Routes undecided for want of an exchange rate: how to get it, once.
    rates = list(dict.fromkeys(c for res in rows if not res.missing() for c in res.missing_rates()))
    if rates:
        hang(console, "  ", say(rates_fix(rates)), "cyan")


def situation_warnings(warnings: list[WarningResult], console: Console) -> None:
    """The warnings about the person's wider situation, before any route: they can stop a
    departure every route takes for granted, or change what every route says (`scope: answer`,
    first). Those that may apply say which answer decides."""
    if not warnings:
        return
    console.print(Text(_("Before any route"), style="bold"))
    for res in warnings:
        w = res.warning
        mark = Text("⚠ ", style="bold red" if w.level == "high" else "bold yellow")
        line = Text(pick(w.title), style="bold")
        if res.because_of:
            line.append(" — " + as_citizen_of(res.because_of))
        if res.applies == "unknown":
            line.append(
                " — "
                + _("may apply; answer: {fields}").format(
                    fields=", ".join(field_label(m) for m in res.missing)
                ),
                style="cyan",
            )
        grid = Table.grid()
        grid.add_column(width=2, no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row(mark, line)
        console.print(grid)
        if res.applies == "yes" and (w.level == "high" or w.scope == "answer"):
            # in full: it can stop the move, or it changes what every route says
            hang(console, "  ", pick(w.text))
        first = w.sources[0]
        link(console, "  " + _("source:") + " ", first.url, f" ({fmt.day(first.as_of)})")
    console.print(Text(_("Each warning in full: --format json, or the web app."), style="dim"))
    console.print()


def plan_view(run: PlanRun, console: Console, sel: Selection | None = None) -> None:
    """What `emigre plan` prints: counts per verdict; then either the best routes for the goal
    with the rest summed up in one line per group (the default), or every route selected."""
    sel = sel or Selection()
    on = fmt.day(run.results[0].on) if run.results else "-"
    chosen = [r for r in _order(run.results, run.plans, run.goal) if sel.keeps(r)]
    console.print(
        Text(_("Routes for you on {on}").format(on=on), style="bold")
        + Text(" · " + _("goal: {goal}").format(goal=_(GOALS.get(run.goal, run.goal))))
    )
    counts: Counter[str] = Counter(r.verdict for r in chosen)
    summary = Text(_("Routes in all: {n}").format(n=Grouped(len(chosen))) + " — ")
    for i, v in enumerate(VERDICT_STYLE):
        summary.append(" · " if i else "")
        summary.append(f"{verdict_word(v)}: {Grouped(counts.get(v, 0))}", style=VERDICT_STYLE[v])
    stays = sum(r.route.short_stay for r in chosen)
    if stays:
        summary.append(" · " + _("of them {n} short stays").format(n=Grouped(stays)), style="dim")
    console.print(summary)
    console.print()
    _no_rate(run, console)
    if sel.all or sel.filtered:
        shown = chosen[: sel.top] if sel.top else chosen
        _rows([r for r in shown if not r.route.short_stay and not _agreed(r, run)], run, console)
        stays_shown = [r for r in shown if r.route.short_stay]
        if stays_shown:
            _stay_heading(console)
            _rows(stays_shown, run, console)
        asking = _if_agreed(shown, run)
        _if_agreed_view(asking, run, console, len(asking))
        if len(shown) < len(chosen):
            console.print(
                _("{n} more: add --all or a larger --top").format(
                    n=Grouped(len(chosen) - len(shown))
                )
            )
    else:
        _compact(chosen, run, console, sel.top or 10)
    _legend(run, console)


def _free_movement_line(free: list[RouteResult], console: Console) -> None:
    """The other countries free movement reaches, in one line after the first."""
    names = ", ".join(country_name(r.route.country) for r in free)
    line = Plural(
        "Free movement reaches {n} more country too: {names} (`--all` shows it)",
        "Free movement reaches {n} more countries too: {names} (`--all` shows each)",
        len(free),
        names=names,
    )
    hang(console, "   ℹ ", str(line), "cyan")
    console.print()


def _stay_heading(console: Console) -> None:
    console.print(Text(_("Places to wait while you apply (short stays)"), style="bold"))


def _compact(chosen: list[RouteResult], run: PlanRun, console: Console, top: int) -> None:
    ranked = [r for r in chosen if (p := run.plans.get(r.route.id)) is not None and p.rank]
    # Free movement is one answer however many countries it reaches: the first of them stands
    # for all, the others are named in one line, and the places go to the routes that follow.
    moving = [r for r in ranked if r.route.family == "free_movement"]
    free = moving[1:] if moving and ranked[0] is moving[0] else []
    best = [r for r in ranked if r not in free][:top]
    stays = [r for r in chosen if r.route.short_stay and r.verdict != "blocked"]
    if run.goal == "leave_soon" and stays:
        _stay_heading(console)
        _rows(stays, run, console)
    if best:
        console.print(Text(_("The best {n} for your goal").format(n=len(best)), style="bold"))
        _rows(best[:1] if free else best, run, console)
        if free:
            _free_movement_line(free, console)
            _rows(best[1:], run, console)
    more = [
        r
        for r in chosen
        if r not in best and not r.route.short_stay and r.verdict in ("eligible", "reachable")
    ]
    if more:
        console.print(
            _("{n} more open routes: `--all`, or `--top {m}`").format(
                n=len(more), m=len(best) + len(more)
            )
        )
        console.print()
    if run.goal != "leave_soon" and stays:
        _stay_heading(console)
        _rows(stays, run, console)
    _if_agreed_view(_if_agreed(chosen, run), run, console, IF_AGREED_TOP)
    closed = [
        r
        for r in chosen
        if r.verdict in ("unknown", "blocked")
        and not (r.route.short_stay and r.verdict != "blocked")
        and not _agreed(r, run)
    ]
    if closed:
        console.print(Text(_("Not open to you, by what stands in the way"), style="bold"))
        _groups(closed, console)
        console.print(
            _(
                "Each of them: `--verdict blocked`, `--verdict unknown`, or `emigre explain ROUTE PROFILE`."
            ),
            style="dim",
        )
        console.print()


def _no_rate(run: PlanRun, console: Console) -> None:
    """No rate for the person's currency is not a rate of "?": say what it costs the person (no
    savings counted, so no date) and how to get one."""
    if run.money.currency != "EUR" and not run.money.describe().get("per_eur"):
        console.print(
            _(
                "No exchange rate for {cur}: amounts are in EUR only, and your savings are not "
                "counted, so a route that needs money has no date and no place in the ranking. "
                "`emigre rates update` fetches the rates (online), or give your money in EUR."
            ).format(cur=run.money.currency),
            style="bold",
        )
        console.print()


def _legend(run: PlanRun, console: Console) -> None:
    rate = run.money.describe()
    if run.money.currency != "EUR" and rate.get("per_eur"):
        console.print(
            _("Amounts in {cur} at {per} per EUR ({date}).").format(
                cur=run.money.currency,
                per=fmt.number(float(rate.get("per_eur") or 0), 4) if rate.get("per_eur") else "?",
                date=fmt.day(date.fromisoformat(rate["rate_date"]))
                if rate.get("rate_date")
                else "?",
            ),
            style="dim",
        )
    console.print(
        _(
            "eligible: every condition met · reachable: the gaps can be closed (learn, save, find a job, get admitted) · "
            "blocked: a condition no plan can close · unknown: facts missing. ? = a duration is not in the data, ≈ = a duration is a range. "
            "⚠ = a risk applies to you. `emigre explain ROUTE PROFILE` shows every condition and the timeline."
        ),
        style="dim",
    )


def routes_table(routes: list[Route], console: Console) -> None:
    table = Table(title=_("{n} routes").format(n=Grouped(len(routes))), expand=True)
    for col in (_("route"), _("country"), _("family"), _("title"), _("legal basis")):
        table.add_column(col)
    for r in routes:
        table.add_row(r.id, country_name(r.country), r.family, pick(r.title), law(r.legal_basis))
    console.print(table)
