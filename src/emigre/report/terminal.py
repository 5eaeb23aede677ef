"""Terminal views: the verdict table of `plan`, the condition list of `explain`, the catalogue."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from emigre.codes import country_name
from emigre.figure import Figure
from emigre.i18n import _, pick
from emigre.knowledge.model import Fact
from emigre.knowledge.route import Route
from emigre.plan.rank import stay_line
from emigre.plan.schedule import Plan
from emigre.report import fmt
from emigre.report.json import Money, condition_legal_basis, condition_sources
from emigre.rules.evaluate import VERDICT_ORDER, NodeResult, RouteResult

VERDICT_STYLE = {
    "eligible": "bold green",
    "reachable": "yellow",
    "unknown": "cyan",
    "blocked": "red",
}


def verdict_word(verdict: str) -> str:
    """The verdict in the reader's language (the web app's words)."""
    from emigre.web.labels import VERDICTS

    return _(VERDICTS.get(verdict, verdict))


def short_url(url: str, width: int = 60) -> str:
    """A URL shortened for reading on a terminal (host, then the end of the path); the JSON
    output keeps the full one."""
    if len(url) <= width:
        return url
    bare = url.split("://", 1)[-1]
    host, _sep, path = bare.partition("/")
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
        return text + (f" [{_('fill in')}: {', '.join(missing)}]" if missing else "")
    if res.verdict == "reachable":
        return "; ".join(n.outcome.reason for n in res.gaps()[:3])
    return _("all conditions met")


def _money(money: Money, amount: Figure) -> str:
    """EUR, then the person's currency on a second line; "at least" or "no data" when unknown."""
    text = fmt.figure(amount)
    if money.currency != "EUR" and money.rate is not None and amount.value is not None:
        text += "\n" + fmt.figure(amount, money.currency, money.rate.per_eur)
    return text


def plan_table(
    results: list[RouteResult], plans: dict[str, Plan], money: Money, console: Console
) -> None:
    on = results[0].on.isoformat() if results else "-"
    table = Table(title=_("Routes for you on {on}").format(on=on), show_lines=True, expand=True)
    table.add_column("#", no_wrap=True, justify="right")
    table.add_column(_("route"), overflow="fold", ratio=2)
    table.add_column(_("verdict"), no_wrap=True, min_width=9)
    table.add_column(_("arrival"), no_wrap=True, min_width=10)
    table.add_column(_("cost to arrival"), justify="right", ratio=1, overflow="fold")
    table.add_column(_("why / first steps"), ratio=3, min_width=16, overflow="fold")
    ordered = sorted(
        results,
        key=lambda r: (
            r.route.short_stay,
            plans.get(r.route.id) is None or plans[r.route.id].rank is None,
            plans[r.route.id].rank if r.route.id in plans and plans[r.route.id].rank else 0,
            VERDICT_ORDER[r.verdict],
            r.route.id,
        ),
    )
    for res in ordered:
        plan = plans.get(res.route.id)
        risk = " ⚠" if any(r.applies == "yes" for r in res.risks) else ""
        name = res.route.id
        if plan is None:
            why = _why(res)
            if res.route.short_stay and res.verdict != "blocked":
                why = stay_line(res) + "; " + why
            table.add_row(
                "",
                name,
                Text(verdict_word(res.verdict), style=VERDICT_STYLE[res.verdict]),
                "",
                "",
                why + risk,
            )
            continue
        arrival = plan.arrival.isoformat() if plan.arrival else _("not reached")
        if plan.arrival and plan.arrival_kind != "known":
            arrival += " ?" if plan.arrival_kind == "unknown" else " ≈"
        first = [s for s in plan.steps if s.kind not in ("application", "visa", "travel")][:3]
        steps = "\n".join(f"{s.end.isoformat()[:7]} {s.title}" for s in first) or _why(res)
        table.add_row(
            str(plan.rank or ""),
            name,
            Text(verdict_word(res.verdict), style=VERDICT_STYLE[res.verdict]),
            arrival,
            _money(money, plan.cost_to_arrival),
            steps + risk,
        )
    console.print(table)
    rate = money.describe()
    if money.currency != "EUR":
        console.print(
            _("Amounts in {cur} at {per} per EUR ({date}).").format(
                cur=money.currency, per=rate.get("per_eur"), date=rate.get("rate_date", "?")
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


def _node_lines(node: NodeResult, console: Console) -> None:
    mark, style = STATUS_MARK[node.status]
    if node.state == "closable":
        mark, style = "→", "yellow"
    indent = "  " * max(node.depth - 1, 0)
    caveats = list(dict.fromkeys(c for r in node.outcome.used if (c := r.caveat())))
    line = Text(f"{indent}{mark} ", style=style)
    line.append(node.condition.id, style="bold")
    line.append(f": {node.outcome.reason}")
    if caveats:
        line.append(f" [{'; '.join(caveats)}]", style="cyan")
    console.print(line)
    law = condition_legal_basis(node)
    if law:
        console.print(f"{indent}    {_('law')}: {law}", style="dim", soft_wrap=True)
    for s in condition_sources(node):
        console.print(
            f"{indent}    {_('source')}: {short_url(s.url)} ({_('checked')} {s.checked})",
            style="dim",
            soft_wrap=True,
        )


def explain(res: RouteResult, console: Console) -> None:
    route = res.route
    console.print(
        f"[bold]{pick(route.title)}[/bold] — {route.id} ({country_name(route.country)}, {route.family})"
    )
    if route.summary:
        console.print(pick(route.summary))
    console.print(f"{_('Legal basis')}: {route.legal_basis}")
    console.print(
        Text(
            f"{_('Verdict on')} {res.on}: {verdict_word(res.verdict)}",
            style=VERDICT_STYLE[res.verdict],
        )
    )
    console.print()
    for node in res.nodes():
        _node_lines(node, console)
    console.print()
    if res.blockers():
        console.print(
            _("Blocked by: ") + ", ".join(n.condition.id for n in res.blockers()), style="red"
        )
    if res.missing():
        console.print(_("Fill in to decide: ") + ", ".join(res.missing()), style="cyan")
    for r in res.risks:
        label = _("Risk") if r.applies == "yes" else _("Possible risk")
        console.print(
            f"⚠ {label}: {pick(r.risk.text)} ({short_url(r.risk.sources[0].url)})",
            style="magenta",
            soft_wrap=True,
        )
    for name, fact in route.outcomes:
        if isinstance(fact, Fact):
            note = f" — {pick(fact.note)}" if fact.note else ""
            flag = f" [{_('unverified')}]" if fact.confidence == "unverified" else ""
            console.print(
                f"{name.replace('_', ' ')}: {fact.value}{note}{flag} ({short_url(fact.sources[0].url)})",
                soft_wrap=True,
            )
    for text in route.notes:
        console.print("• " + pick(text), style="dim")
    console.print(_("Sources of the route:"), style="dim")
    for s in route.sources:
        console.print(
            f"  {short_url(s.url)} ({_('checked')} {s.checked})", style="dim", soft_wrap=True
        )


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


def timeline(plan: Plan, money: Money, console: Console) -> None:
    """The steps in date order with their costs, then the money month by month."""
    console.print()
    arrival = (
        plan.arrival.isoformat() if plan.arrival else _("not reached with the current savings")
    )
    if plan.arrival and plan.arrival_kind == "unknown":
        arrival += " (" + _("at the earliest: a duration is not in the data") + ")"
    elif plan.arrival and plan.arrival_kind == "estimated":
        arrival += " (" + _("estimated: some durations are ranges") + ")"
    console.print(f"[bold]{_('Timeline')}[/bold] — {_('earliest arrival')}: {arrival}")
    table = Table(expand=True)
    for col in (_("from"), _("to"), _("step"), _("cost")):
        table.add_column(col)
    for s in plan.steps:
        end = s.end.isoformat() + (f" … {s.end_high.isoformat()}" if s.end_high else "")
        title = s.title + ("" if s.known else " ?") + (f"\n[dim]{s.note}[/dim]" if s.note else "")
        table.add_row(s.start.isoformat(), end, title, _money(money, s.cost) if s.cost else "")
    console.print(table)
    if plan.pr_steps:
        console.print(_("Towards permanent residence (beside or after the move):"))
        for s in plan.pr_steps:
            end = s.end.isoformat() + (f" … {s.end_high.isoformat()}" if s.end_high else "")
            cost = _money(money, s.cost).replace("\n", " = ") if s.cost else ""
            console.print(f"  {s.start.isoformat()} → {end}: {s.title} {cost}", soft_wrap=True)
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
        console.print(after, soft_wrap=True)
    if plan.months_to_pr is not None:
        console.print(
            _("Permanent residence possible about {m:.0f} months from now.").format(
                m=plan.months_to_pr
            )
        )
    for c in plan.costs:
        line = f"• {c.label}: {_money(money, c.amount).replace(chr(10), ' = ')}"
        if c.kind == "recurring":
            line += " " + _("a month")
        console.print(line + (f" ({c.caveat})" if c.caveat else ""), style="cyan", soft_wrap=True)
    for note in plan.notes:
        console.print(f"• {note}", style="dim")
    flow = Table(title=_("Money month by month (EUR)"), expand=False)
    for col in (_("month"), _("balance"), _("of which locked"), _("paid"), _("income")):
        flow.add_column(col, justify="right")
    for m in plan.cashflow[:: max(1, len(plan.cashflow) // 24)]:
        flow.add_row(
            m.month.isoformat()[:7],
            f"{m.balance_eur:,.0f}",
            f"{m.locked_eur:,.0f}",
            f"{m.paid_eur:,.0f}",
            f"{m.income_eur:,.0f}",
        )
    console.print(flow)
