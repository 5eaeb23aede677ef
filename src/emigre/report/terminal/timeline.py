"""The timeline of `emigre explain` for an open route: the steps and their costs, the money
spent and left after arrival, the costs with their caveats, the cash flow month by month."""

from __future__ import annotations

from datetime import date

from rich.console import Console
from rich.table import Table
from rich.text import Text

from emigre.i18n import _
from emigre.plan.schedule import Plan
from emigre.plan.steps import Step
from emigre.report import fmt
from emigre.report.json.amounts import Money
from emigre.report.terminal.text import Notes, hang, money_text, say


def after_arrival_line(plan: Plan, money: Money) -> str | None:
    """After arrival: the income counted, the monthly costs, and how long the savings last."""
    if plan.arrival is None or plan.living is None:
        return None
    costs = money_text(money, plan.living).replace("\n", " = ")
    if plan.income is not None and plan.income.monthly is not None:
        earned = money_text(money, plan.income.monthly).replace("\n", " = ")
        income = _("net income {x} a month ({why})").format(x=earned, why=plan.income.basis)
    else:
        income = plan.income.basis if plan.income else _("no income is counted")
    runway = (
        _("your savings last about {n:g} months with no income").format(n=plan.runway_months)
        if plan.runway_months is not None
        else _("how long your savings last is not known ({why})").format(why=plan.savings_unknown)
        if plan.savings_unknown
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
    """A step's end, "?" where its duration is not in the data (not the day it starts), or
    "not within N years" past the planning horizon (no far date)."""
    if s.beyond:
        return _not_within()
    if s.end_unknown:
        if s.end <= s.start:
            return "?"
        return _("not before {date}").format(date=fmt.day(s.end)) + " ?"
    return _until(s.start, s.end, s.end_high)


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
        title = Text(say(s.title) + ("" if s.known or s.beyond else " ?"))
        if s.why:
            title.append("\n" + say(s.why), style="dim")
        if s.note:
            title.append("\n" + say(s.note), style="dim")
        cost = money_text(money, s.cost) if s.cost else ""
        table.add_row(fmt.day(s.start), _step_end(s), title, cost)
    console.print(table)
    if plan.pr_steps:
        console.print(_("Towards permanent residence (beside or after the move):"))
        for s in plan.pr_steps:
            cost = money_text(money, s.cost).replace("\n", " = ") if s.cost else ""
            line = f"{fmt.day(s.start)} → {_step_end(s)}: {say(s.title)}"
            if s.why:
                line += f" ({say(s.why)})"
            hang(console, "  ", line + (f"; {cost}" if cost else ""))
    spent, first, shown = (
        money_text(money, f).replace("\n", " = ")
        for f in (plan.cost_to_arrival, plan.first_year, plan.shown)
    )
    console.print(
        _(
            "Spent until arrival: {spent} · first year after arrival: {first} · to show (stays yours): {shown}"
        ).format(spent=spent, first=first, shown=shown)
    )
    after = after_arrival_line(plan, money)
    if after:
        console.print(Text(say(after)))
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
        # a label from the data may be a sentence: no full stop before the colon
        label = say(c.label).rstrip().removesuffix(".")
        item = Text(f"{label}: {money_text(money, c.amount).replace(chr(10), ' = ')}")
        if c.kind == "recurring":
            item.append(" " + _("a month"))
        item.append(notes.cite([c.caveat] if c.caveat else []), style="cyan")
        hang(console, "• ", item)
    notes.flush(console)
    for note in plan.notes:
        hang(console, "• ", say(note), "dim")
    if plan.savings_unknown:
        console.print(
            _("Money month by month: not known ({why}).").format(why=plan.savings_unknown)
        )
        return
    flow = Table(title=_("Money month by month (EUR)"), expand=False)
    for col in (_("month"), _("balance"), _("of which locked"), _("paid"), _("income")):
        flow.add_column(col, justify="right")
    # A job there whose pay is not in the data earns "?", not 0: the balance counts none of it.
    unpaid = (
        plan.arrival is not None
        and plan.income is not None
        and plan.income.monthly is not None
        and plan.income.monthly.is_unknown
        and plan.income.monthly.low == 0
    )
    for m in plan.cashflow[:: max(1, len(plan.cashflow) // 24)]:
        arrived = plan.arrival is not None and m.month > plan.arrival
        flow.add_row(
            fmt.month(m.month),
            fmt.number(m.balance_eur),
            fmt.number(m.locked_eur),
            fmt.number(m.paid_eur),
            "?" if unpaid and arrived and not m.income_eur else fmt.number(m.income_eur),
        )
    console.print(flow)
    if unpaid:
        hang(
            console,
            "? ",
            _("your income there is not in the data: the balance after arrival counts none"),
            "dim",
        )
