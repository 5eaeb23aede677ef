"""Terminal views: the verdict table of `plan`, the condition list of `explain`, the catalogue."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from emigre.codes import country_name
from emigre.figure import Figure
from emigre.i18n import N_, _, pick
from emigre.knowledge.model import Fact
from emigre.knowledge.route import Route
from emigre.knowledge.situation import WarningResult
from emigre.plan.rank import risk_line, stay_line
from emigre.plan.schedule import Plan
from emigre.plan.steps import Step
from emigre.report import fmt
from emigre.report.json import Money, condition_legal_basis, condition_sources
from emigre.report.labels import GOALS, field_label
from emigre.rules.evaluate import VERDICT_ORDER, NodeResult, RouteResult

if TYPE_CHECKING:
    from emigre.documents import PlanRun


def _keep_numbers_whole() -> None:
    """Rich wraps lines at any whitespace, no-break spaces included, so a Russian amount
    ("3 273 EUR", grouped with a narrow no-break space) could be cut in two at the edge of the
    terminal. Its word pattern is taught to treat the no-break spaces as part of a word."""
    import rich._wrap

    if hasattr(rich._wrap, "re_word"):
        gap, solid = r"[^\S\u00a0\u202f]", r"[\S\u00a0\u202f]"
        rich._wrap.re_word = re.compile(f"{gap}*{solid}+{gap}*")


_keep_numbers_whole()

VERDICT_STYLE = {
    "eligible": "bold green",
    "reachable": "yellow",
    "unknown": "cyan",
    "blocked": "red",
}


def verdict_word(verdict: str) -> str:
    """The verdict in the reader's language (the web app's words)."""
    from emigre.report.labels import VERDICTS

    return _(VERDICTS.get(verdict, verdict))


def short_url(url: str, width: int = 60) -> str:
    """A URL shortened for reading on a terminal (host, then the end of the path); the JSON
    output keeps the full one."""
    if len(url) <= width:
        return url
    bare = url.split("://", 1)[-1]
    if len(bare) <= width:
        return bare
    host, _sep, path = bare.partition("/")
    if len(host) > width - 14:  # a long generated host name: its end names the site
        host = "…" + host[-(width - 15) :]
    tail = path[-max(12, width - len(host) - 2) :]
    return f"{host}/…{tail}"


STATUS_MARK = {"met": ("✔", "green"), "unmet": ("✘", "red"), "unknown": ("?", "cyan")}


def _why(res: RouteResult) -> str:
    if res.verdict == "blocked":
        return "; ".join(n.outcome.reason for n in res.blockers()[:2])
    if res.verdict == "unknown":
        unchecked = res.unchecked()
        if unchecked:
            return unchecked
        missing = res.missing()
        unknown = [n.outcome.reason for n in res.leaves() if n.state == "unknown"]
        text = "; ".join(unknown[:2])
        if missing:
            names = ", ".join(dict.fromkeys(field_label(m) for m in missing))
            text += " [" + _("fill in: {fields}").format(fields=names) + "]"
        return text
    if res.verdict == "reachable":
        return "; ".join(n.outcome.reason for n in res.gaps()[:3])
    return _("all conditions met")


def _money(money: Money, amount: Figure) -> str:
    """EUR, then the person's currency on a second line; "at least" or "no data" when unknown."""
    text = fmt.figure(amount)
    if money.currency != "EUR" and money.rate is not None and amount.value is not None:
        text += "\n" + fmt.figure(amount, money.currency, money.rate.per_eur)
    return text


#: What blocks a route, by the type of its blocking condition: one line per group in the compact
#: view (the person sees "nationality (10 routes)", not ten rows).
BLOCK_GROUPS = {
    "citizenship": N_("your nationality"),
    "residence": N_("where you live or have studied"),
    "degree": N_("a degree or qualification you do not have"),
    "recognition": N_("recognition of your qualification"),
    "experience": N_("work experience"),
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
}
OTHER_CONDITIONS = N_("other conditions")
#: The risk's first sentence is shown whole up to this length (it wraps; the JSON has it all).
RISK_WIDTH = 240
URL_IN_TEXT = re.compile(r"https?://\S+")


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


def _urls_short(text: str) -> str:
    """Long addresses inside a reason shortened for reading (the JSON keeps them whole)."""

    def shorten(m: re.Match[str]) -> str:
        url = m.group(0).rstrip(".,;)")
        return short_url(url) + m.group(0)[len(url) :]

    return URL_IN_TEXT.sub(shorten, text)


def _order(results: list[RouteResult], plans: dict[str, Plan], goal: str) -> list[RouteResult]:
    """The ranking's order: ranked routes, then the other residence routes by verdict, then the
    short stays (first for the goal `leave_soon`)."""

    def key(r: RouteResult) -> tuple[object, ...]:
        plan = plans.get(r.route.id)
        rank = plan.rank if plan is not None else None
        return (
            r.route.short_stay != (goal == "leave_soon"),
            rank is None,
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
        stay = stay_line(res)
        living = run.living.get(res.route.id)
        if living is not None:
            stay += "; " + _("living costs a month: {amount}").format(
                amount=_money(run.money, living).replace("\n", " = ")
            )
        body.append("\n" + _say(stay))
    elif plan is not None:
        arrival = fmt.day(plan.arrival) if plan.arrival else plan.no_arrival or _("not reached")
        if plan.arrival and plan.arrival_kind != "known":
            arrival += " ?" if plan.arrival_kind == "unknown" else " ≈"
        cost = _money(run.money, plan.cost_to_arrival).replace("\n", " = ")
        body.append(
            "\n" + _("arrival {date} · cost to arrival {cost}").format(date=arrival, cost=cost)
        )
    risk = risk_line(res, RISK_WIDTH)
    if risk is not None:
        body.append(f"\n⚠ {risk}", style="magenta")
    if plan is not None and plan.why:
        body.append("\n" + _("why here: {why}").format(why=_say(plan.why)), style="dim")
    elif plan is None:
        body.append("\n" + _say(_why(res)), style="dim")
    if plan is not None and plan.steps:
        step = plan.steps[0]
        body.append(
            "\n"
            + _("first: {when} {step}").format(when=fmt.month(step.start), step=_say(step.title))
        )
    return body


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


def situation_warnings(warnings: list[WarningResult], console: Console) -> None:
    """The warnings about the person's wider situation, before any route: they can stop a
    departure every route takes for granted. Those that may apply say which answer decides."""
    if not warnings:
        return
    console.print(Text(_("Before any route"), style="bold"))
    for res in warnings:
        w = res.warning
        mark = Text("⚠ ", style="bold red" if w.level == "high" else "bold yellow")
        line = Text(pick(w.title), style="bold")
        if res.applies == "unknown":
            line.append(
                " — "
                + _("may apply; answer {fields}").format(
                    fields=", ".join(field_label(m) for m in res.missing)
                ),
                style="cyan",
            )
        grid = Table.grid()
        grid.add_column(width=2, no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row(mark, line)
        console.print(grid)
        if res.applies == "yes" and w.level == "high":
            _hang(console, "  ", pick(w.text))
        first = w.sources[0]
        _link(console, "  " + _("source:") + " ", first.url, f" ({fmt.day(first.as_of)})")
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
    summary = Text(_("Routes in all: {n}").format(n=len(chosen)) + " — ")
    for i, v in enumerate(VERDICT_STYLE):
        summary.append(" · " if i else "")
        summary.append(f"{verdict_word(v)}: {counts.get(v, 0)}", style=VERDICT_STYLE[v])
    stays = sum(r.route.short_stay for r in chosen)
    if stays:
        summary.append(" · " + _("of them {n} short stays").format(n=stays), style="dim")
    console.print(summary)
    console.print()
    if sel.all or sel.filtered:
        shown = chosen[: sel.top] if sel.top else chosen
        _rows([r for r in shown if not r.route.short_stay], run, console)
        stays_shown = [r for r in shown if r.route.short_stay]
        if stays_shown:
            _stay_heading(console)
            _rows(stays_shown, run, console)
        if len(shown) < len(chosen):
            console.print(
                _("{n} more: add --all or a larger --top").format(n=len(chosen) - len(shown))
            )
    else:
        _compact(chosen, run, console, sel.top or 10)
    _legend(run, console)


def _stay_heading(console: Console) -> None:
    console.print(Text(_("Places to wait while you apply (short stays)"), style="bold"))


def _compact(chosen: list[RouteResult], run: PlanRun, console: Console, top: int) -> None:
    ranked = [r for r in chosen if (p := run.plans.get(r.route.id)) is not None and p.rank]
    best = ranked[:top]
    stays = [r for r in chosen if r.route.short_stay and r.verdict != "blocked"]
    if run.goal == "leave_soon" and stays:
        _stay_heading(console)
        _rows(stays, run, console)
    if best:
        console.print(Text(_("The best {n} for your goal").format(n=len(best)), style="bold"))
        _rows(best, run, console)
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
    closed = [
        r
        for r in chosen
        if r.verdict in ("unknown", "blocked")
        and not (r.route.short_stay and r.verdict != "blocked")
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


def _legend(run: PlanRun, console: Console) -> None:
    rate = run.money.describe()
    if run.money.currency != "EUR":
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
            "eligible: every condition met · reachable: the gaps can be closed (learn, save, find a job) · "
            "blocked: a condition nobody can change · unknown: facts missing. ? = a duration is not in the data, ≈ = a duration is a range. "
            "⚠ = a risk applies to you. `emigre explain ROUTE PROFILE` shows every condition and the timeline."
        ),
        style="dim",
    )


class Notes:
    """Caveats printed once: a line cites a caveat by number ("[2]"), and each text is written
    out once, under the block where a line first cited it (a figure used by a condition and a
    cost is explained once, not on every line)."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.pending: list[str] = []

    def cite(self, texts: list[str]) -> str:
        marks = []
        for t in dict.fromkeys(t for t in texts if t):
            if t not in self.numbers:
                self.numbers[t] = len(self.numbers) + 1
                self.pending.append(t)
            marks.append(str(self.numbers[t]))
        return f" [{', '.join(marks)}]" if marks else ""

    def flush(self, console: Console) -> None:
        for t in self.pending:
            _hang(console, f"[{self.numbers[t]}] ", fmt.text(t), "cyan")
        self.pending.clear()


def _say(text: str) -> str:
    """A text written by the rules or the planner, as the terminal shows it: in the reader's
    number and date formats, country codes named, long addresses shortened."""
    return fmt.text(_urls_short(text))


def _link(console: Console, prefix: str, url: str, suffix: str = "", style: str = "dim") -> None:
    """A line with an address, shortened to what is left of the width (the JSON keeps it
    whole), so that it never runs past the edge."""
    from rich.cells import cell_len

    room = console.width - cell_len(prefix) - cell_len(suffix)
    if room >= 40 or not suffix:
        shown = short_url(url, min(60, max(30, room)))
        console.print(Text(prefix + shown + suffix, style=style))
        return
    # too narrow for the address and its date on one line: the date goes below
    shown = short_url(url, min(60, max(30, console.width - cell_len(prefix))))
    console.print(Text(prefix + shown, style=style))
    console.print(
        Text(" " * (cell_len(prefix) - cell_len(prefix.lstrip())) + suffix.strip(), style=style)
    )


def _hang(console: Console, mark: str, body: Text | str, style: str = "") -> None:
    """A paragraph with a hanging indent: `mark` ("  • ", "✔ ") on the first line, the wrapped
    lines aligned under the text."""
    from rich.cells import cell_len

    grid = Table.grid()
    grid.add_column(width=cell_len(mark), no_wrap=True)
    grid.add_column(overflow="fold")
    text = body if isinstance(body, Text) else Text(body)
    if style:
        text.stylize(style)
    grid.add_row(Text(mark, style=style), text)
    console.print(grid)


def _checked(day: date) -> str:
    return " (" + _("checked {date}").format(date=fmt.day(day)) + ")"


def _node_lines(node: NodeResult, console: Console, notes: Notes) -> None:
    mark, style = STATUS_MARK[node.status]
    if node.state == "closable":
        mark, style = "→", "yellow"
    indent = "  " * max(node.depth - 1, 0)
    cited = notes.cite([c for r in node.outcome.used if (c := r.caveat())])
    line = Text(_say(node.outcome.reason))
    line.append(cited, style="cyan")
    grid = Table.grid()
    grid.add_column(width=len(indent) + 2, no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(f"{indent}{mark} ", style=style), line)
    console.print(grid)
    law = condition_legal_basis(node)
    if law:
        _hang(console, f"{indent}  " + _("law:") + " ", law, "dim")
    for s in condition_sources(node):
        _link(console, f"{indent}  " + _("source:") + " ", s.url, _checked(s.checked))


#: What a route's outcome means, as a sentence (the value goes in as a number).
OUTCOME_SENTENCES = {
    "permit_months": N_("The permit is issued for {n} months."),
    "stay_days": N_("You may stay {n} days."),
    "permanent_residence_months": N_("Permanent residence after {n} months."),
}
OUTCOME_YES_NO = {
    ("work_allowed", True): N_("You may work."),
    ("work_allowed", False): N_("You may not work."),
    ("family_can_join", True): N_("Your family can join you."),
    ("family_can_join", False): N_("Your family cannot join you."),
    ("leads_to_permanent_residence", True): N_("Time on this permit leads to permanent residence."),
    ("leads_to_permanent_residence", False): N_(
        "This permit does not lead to permanent residence by itself."
    ),
}


def outcome_sentence(name: str, fact: Fact) -> str:
    """A route's outcome (`permit_months = 12`) as a person reads it ("The permit is issued for
    12 months."); a range in the data is given after the number."""
    from emigre.report.labels import OUTCOMES

    value = fact.value
    if isinstance(value, bool):
        said = OUTCOME_YES_NO.get((name, value))
        if said:
            return _(said)
        value = _("yes") if value else _("no")
    elif isinstance(value, int | float):
        n = fmt.number(value, 0 if float(value).is_integer() else 1)
        if fact.low is not None and fact.high is not None and fact.low != fact.high:
            n = f"{n} ({fmt.number(fact.low)}–{fmt.number(fact.high)})"
        if name in OUTCOME_SENTENCES:
            return _(OUTCOME_SENTENCES[name]).format(n=n)
        value = n
    label = _(OUTCOMES[name]) if name in OUTCOMES else name.replace("_", " ")
    return f"{label}: {_say(str(value))}"


def explain(res: RouteResult, console: Console, notes: Notes | None = None) -> None:
    """Every condition of one route: what it asks and how the person stands, the law and the
    sources, then what the route leads to. Caveats are numbered and written out once."""
    from emigre.report.labels import FAMILIES, VERDICT_HELP

    notes = notes or Notes()
    route = res.route
    console.print(Text(pick(route.title), style="bold"))
    family = _(FAMILIES[route.family]) if route.family in FAMILIES else route.family
    console.print(Text(f"{country_name(route.country)} · {family} · {route.id}", style="dim"))
    if route.summary:
        console.print(pick(route.summary))
    _hang(console, _("Legal basis:") + " ", route.legal_basis, "dim")
    verdict = Text(_("Verdict on {date}:").format(date=fmt.day(res.on)) + " ", style="bold")
    verdict.append(verdict_word(res.verdict), style=VERDICT_STYLE[res.verdict])
    verdict.append(" — " + _(VERDICT_HELP[res.verdict]))
    console.print(verdict)
    console.print()
    console.print(Text(_("Conditions"), style="bold"))
    for node in res.nodes():
        _node_lines(node, console, notes)
    notes.flush(console)
    if res.blockers() or res.missing() or res.risks:
        console.print()
    if res.blockers():
        reasons = "; ".join(_say(n.outcome.reason) for n in res.blockers())
        console.print(Text(_("Blocked by: {what}").format(what=reasons), style="red"))
    if res.missing():
        names = ", ".join(dict.fromkeys(field_label(m) for m in res.missing()))
        console.print(Text(_("Fill in to decide: {fields}").format(fields=names), style="cyan"))
    for r in res.risks:
        label = _("Risk") if r.applies == "yes" else _("Possible risk")
        _hang(console, "⚠ ", f"{label}: {pick(r.risk.text)}", "magenta")
        first = r.risk.sources[0]
        _link(console, "  " + _("source:") + " ", first.url, _checked(first.checked))
    facts = [(name, f) for name, f in route.outcomes if isinstance(f, Fact)]
    if facts or route.notes:
        console.print()
        console.print(Text(_("What it leads to"), style="bold"))
    for name, f in facts:
        cited = notes.cite([_("unverified figure")] if f.confidence == "unverified" else [])
        _hang(console, "• ", Text(outcome_sentence(name, f)).append(cited, style="cyan"))
        if f.note:
            _hang(console, "  ", _say(pick(f.note)), "dim")
        _link(console, "  " + _("source:") + " ", f.sources[0].url, _checked(f.sources[0].checked))
    for text in route.notes:
        _hang(console, "• ", _say(pick(text)), "dim")
    notes.flush(console)
    console.print()
    console.print(Text(_("Sources of the route:"), style="dim"))
    for src in route.sources:
        _link(console, "  ", src.url, _checked(src.checked))


def next_step(action: dict[str, object] | None, res: RouteResult, console: Console) -> None:
    """The last thing `explain` prints: what the person does next on this route (the same
    action as the web's route page and the JSON's `next_action`)."""
    console.print()
    if action is None:
        if res.verdict == "blocked":
            reason = _say(res.blockers()[0].outcome.reason) if res.blockers() else ""
            console.print(
                Text(_("Your next step: none on this route; it is closed to you"), style="bold")
                + Text(f" ({reason})" if reason else "")
            )
            console.print(
                Text(_("`emigre plan PROFILE` lists the routes that are open to you."), style="dim")
            )
        return
    line = Text(_("Your next step:") + " ", style="bold")
    line.append(_say(str(action["title"])))
    when = action.get("when")
    if isinstance(when, str):
        line.append(" — " + _("from {date}").format(date=fmt.day(date.fromisoformat(when))))
    console.print(line)
    url = action.get("url")
    if isinstance(url, str):
        checked = action.get("checked")
        suffix = _checked(date.fromisoformat(checked)) if isinstance(checked, str) else ""
        label = _("official page:") if action.get("official") else _("source:")
        _link(console, "  " + label + " ", url, suffix, style="")


def routes_table(routes: list[Route], console: Console) -> None:
    table = Table(title=_("{n} routes").format(n=len(routes)), expand=True)
    for col in (_("route"), _("country"), _("family"), _("title"), _("legal basis")):
        table.add_column(col)
    for r in routes:
        table.add_row(r.id, country_name(r.country), r.family, pick(r.title), r.legal_basis)
    console.print(table)


def after_arrival_line(plan: Plan, money: Money) -> str | None:
    """After arrival: the income counted, the monthly costs, and how long the savings last."""
    if plan.arrival is None or plan.living is None:
        return None
    costs = _money(money, plan.living).replace("\n", " = ")
    if plan.income is not None and plan.income.monthly is not None:
        earned = _money(money, plan.income.monthly).replace("\n", " = ")
        income = _("net income {x} a month ({why})").format(x=earned, why=plan.income.basis)
    else:
        income = plan.income.basis if plan.income else _("no income is counted")
    runway = (
        _("your savings last about {n:g} months with no income").format(n=plan.runway_months)
        if plan.runway_months is not None
        else _("how long your savings last is not known (the monthly costs are not)")
    )
    return _("After arrival: {income}; costs {costs} a month; {runway}.").format(
        income=income, costs=costs, runway=runway
    )


def _until(start: date, end: date, end_high: date | None) -> str:
    out = fmt.day(end)
    return out + (f" … {fmt.day(end_high)}" if end_high else "")


def _not_within() -> str:
    from emigre.plan.horizon import horizon

    return _("not within {n} years").format(n=horizon().years)


def _step_end(s: Step) -> str:
    """A step's end, or "not within N years" past the planning horizon (no far date)."""
    return _not_within() if s.beyond else _until(s.start, s.end, s.end_high)


def timeline(plan: Plan, money: Money, console: Console, notes: Notes | None = None) -> None:
    """The steps in date order with their costs, what is spent and what is left after arrival,
    each cost once with its caveat as a numbered note, then the money month by month."""
    notes = notes or Notes()
    console.print()
    arrival = fmt.day(plan.arrival) if plan.arrival else plan.no_arrival or ""
    if plan.arrival and plan.arrival_kind == "unknown":
        arrival += " (" + _("at the earliest: a duration is not in the data") + ")"
    elif plan.arrival and plan.arrival_kind == "estimated":
        arrival += " (" + _("estimated: some durations are ranges") + ")"
    head = Text(_("Timeline"), style="bold")
    head.append(" — " + _("earliest arrival") + ": " + arrival)
    console.print(head)
    table = Table(expand=True)
    for col in (_("from"), _("to"), _("step"), _("cost")):
        table.add_column(col)
    for s in plan.steps:
        title = Text(_say(s.title) + ("" if s.known or s.beyond else " ?"))
        if s.note:
            title.append("\n" + _say(s.note), style="dim")
        cost = _money(money, s.cost) if s.cost else ""
        table.add_row(fmt.day(s.start), _step_end(s), title, cost)
    console.print(table)
    if plan.pr_steps:
        console.print(_("Towards permanent residence (beside or after the move):"))
        for s in plan.pr_steps:
            cost = _money(money, s.cost).replace("\n", " = ") if s.cost else ""
            line = f"{fmt.day(s.start)} → {_step_end(s)}: {_say(s.title)}"
            _hang(console, "  ", line + (f"; {cost}" if cost else ""))
    spent, first, shown = (
        _money(money, f).replace("\n", " = ")
        for f in (plan.cost_to_arrival, plan.first_year, plan.shown)
    )
    console.print(
        _(
            "Spent until arrival: {spent} · first year after arrival: {first} · to show (stays yours): {shown}"
        ).format(spent=spent, first=first, shown=shown)
    )
    after = after_arrival_line(plan, money)
    if after:
        console.print(Text(_say(after)))
    if plan.months_to_pr is not None:
        console.print(
            _("Permanent residence possible about {m} months from now.").format(
                m=fmt.number(plan.months_to_pr)
            )
        )
    elif plan.pr_beyond:
        console.print(_("Permanent residence: {when}.").format(when=_not_within()))
    if plan.costs:
        console.print()
        console.print(Text(_("Costs"), style="bold"))
    for c in plan.costs:
        item = Text(f"{_say(c.label)}: {_money(money, c.amount).replace(chr(10), ' = ')}")
        if c.kind == "recurring":
            item.append(" " + _("a month"))
        item.append(notes.cite([c.caveat] if c.caveat else []), style="cyan")
        _hang(console, "• ", item)
    notes.flush(console)
    for note in plan.notes:
        _hang(console, "• ", _say(note), "dim")
    flow = Table(title=_("Money month by month (EUR)"), expand=False)
    for col in (_("month"), _("balance"), _("of which locked"), _("paid"), _("income")):
        flow.add_column(col, justify="right")
    for m in plan.cashflow[:: max(1, len(plan.cashflow) // 24)]:
        flow.add_row(
            fmt.month(m.month),
            fmt.number(m.balance_eur),
            fmt.number(m.locked_eur),
            fmt.number(m.paid_eur),
            fmt.number(m.income_eur),
        )
    console.print(flow)
