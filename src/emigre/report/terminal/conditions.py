"""The condition list of `emigre explain`: each condition's status, reason, law and sources,
what the route leads to, and the person's next step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.console import Console
from rich.table import Table
from rich.text import Text

from emigre.codes import as_citizen_of, country_name
from emigre.i18n import N_, _, law, ngettext, pick
from emigre.knowledge.model import Fact
from emigre.report import fmt
from emigre.report.json.conditions import condition_legal_basis, condition_sources
from emigre.report.labels import field_label
from emigre.report.terminal.text import (
    VERDICT_STYLE,
    Notes,
    checked_on,
    hang,
    link,
    say,
    verdict_word,
)
from emigre.rules.evaluate import NodeResult, RouteResult

STATUS_MARK = {"met": ("✔", "green"), "unmet": ("✘", "red"), "unknown": ("?", "cyan")}


def _node_lines(node: NodeResult, console: Console, notes: Notes) -> None:
    mark, style = STATUS_MARK[node.status]
    if node.state == "closable":
        mark, style = "→", "yellow"
    indent = "  " * max(node.depth - 1, 0)
    cited = notes.cite([c for r in node.outcome.used if (c := r.caveat())])
    line = Text(say(node.outcome.reason))
    line.append(cited, style="cyan")
    grid = Table.grid()
    grid.add_column(width=len(indent) + 2, no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(f"{indent}{mark} ", style=style), line)
    console.print(grid)
    law = condition_legal_basis(node)
    if law:
        hang(console, f"{indent}  " + _("law:") + " ", law, "dim")
    for s in condition_sources(node):
        link(console, f"{indent}  " + _("source:") + " ", s.url, checked_on(s.checked))


#: What a route's outcome means, as a sentence: the number chooses the form ("1 month",
#: "12 months"; in Russian "1 месяц", "2 месяца", "5 месяцев"); `n` goes in already formatted.
OUTCOME_SENTENCES: dict[str, Callable[[int], str]] = {
    "permit_months": lambda count: ngettext(
        "The permit is issued for {n} month.", "The permit is issued for {n} months.", count
    ),
    "stay_days": lambda count: ngettext("You may stay {n} day.", "You may stay {n} days.", count),
    # a visa-free stay's months: a stay, not a permit
    "stay_months": lambda count: ngettext(
        "You may stay {n} month.", "You may stay {n} months.", count
    ),
    "permanent_residence_months": lambda count: ngettext(
        "Permanent residence after {n} month.", "Permanent residence after {n} months.", count
    ),
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
        whole = float(value).is_integer()
        n = fmt.number(value, 0 if whole else 1)
        low, high = fact.low, fact.high
        ranged = low is not None and high is not None and low != high
        if low is not None and high is not None and ranged:
            n = f"{n} ({fmt.number(low)}–{fmt.number(high)})"
        if name in OUTCOME_SENTENCES:
            # a fraction or a range reads as the plural ("1.5 months", "1 (1–3) months")
            count = int(value) if whole and not ranged else 5
            return OUTCOME_SENTENCES[name](count).format(n=n)
        value = n
    label = _(OUTCOMES[name]) if name in OUTCOMES else name.replace("_", " ")
    return f"{label}: {say(str(value))}"


def explain(res: RouteResult, console: Console, notes: Notes | None = None) -> None:
    """Every condition of one route: what it asks and how the person stands, the law and the
    sources, then what the route leads to. Caveats are numbered and written out once."""
    from emigre.report.labels import FAMILIES, VERDICT_HELP, free_movement_line

    notes = notes or Notes()
    route = res.route
    console.print(Text(pick(route.title), style="bold"))
    family = _(FAMILIES[route.family]) if route.family in FAMILIES else route.family
    console.print(Text(f"{country_name(route.country)} · {family} · {route.id}", style="dim"))
    if route.summary:
        console.print(pick(route.summary))
    hang(console, _("Legal basis:") + " ", law(route.legal_basis), "dim")
    verdict = Text(_("Verdict on {date}:").format(date=fmt.day(res.on)) + " ", style="bold")
    verdict.append(verdict_word(res.verdict), style=VERDICT_STYLE[res.verdict])
    verdict.append(" — " + _(VERDICT_HELP[res.verdict]))
    console.print(verdict)
    if res.free_movement:
        hang(console, "ℹ ", free_movement_line(res.free_movement, route.country), "cyan")
    console.print()
    console.print(Text(_("Conditions"), style="bold"))
    for node in res.nodes():
        _node_lines(node, console, notes)
    notes.flush(console)
    if res.blockers() or res.missing() or res.risks:
        console.print()
    if res.blockers():
        reasons = "; ".join(dict.fromkeys(say(n.outcome.reason) for n in res.blockers()))
        console.print(Text(_("Blocked by: {what}").format(what=reasons), style="red"))
    if res.missing():
        names = ", ".join(dict.fromkeys(field_label(m) for m in res.missing()))
        # On an eligible or a blocked route a missing answer concerns only an alternative that
        # cannot change the verdict (another one holds, or a blocker stays).
        ask = (
            _("Fill in to decide: {fields}")
            if res.verdict not in ("eligible", "blocked")
            else _("Fill in for a fuller answer (the verdict stands): {fields}")
        )
        console.print(Text(ask.format(fields=names), style="cyan"))
    for r in res.risks:
        label = _("Risk") if r.applies == "yes" else _("Possible risk")
        if r.because_of:
            label += " (" + as_citizen_of(r.because_of) + ")"
        hang(console, "⚠ ", f"{label}: {pick(r.risk.text)}", "magenta")
        first = r.risk.sources[0]
        link(console, "  " + _("source:") + " ", first.url, checked_on(first.checked))
    facts = [(name, f) for name, f in route.outcomes if isinstance(f, Fact)]
    shown = res.shown_notes()
    if facts or shown:
        console.print()
        console.print(Text(_("What it leads to"), style="bold"))
    for name, f in facts:
        cited = notes.cite([_("unverified figure")] if f.confidence == "unverified" else [])
        said = "stay_months" if name == "permit_months" and route.family == "visa_free" else name
        hang(console, "• ", Text(outcome_sentence(said, f)).append(cited, style="cyan"))
        if f.note:
            hang(console, "  ", say(pick(f.note)), "dim")
        link(console, "  " + _("source:") + " ", f.sources[0].url, checked_on(f.sources[0].checked))
    for note in shown:
        hang(console, "• ", say(pick(note.text)), "dim")
    notes.flush(console)
    console.print()
    console.print(Text(_("Sources of the route:"), style="dim"))
    for src in route.sources:
        link(console, "  ", src.url, checked_on(src.checked))


def next_step(action: dict[str, object] | None, res: RouteResult, console: Console) -> None:
    """The last thing `explain` prints: what the person does next on this route (the same
    action as the web's route page and the JSON's `next_action`)."""
    console.print()
    if action is None:
        if res.verdict == "blocked":
            reason = say(res.blockers()[0].outcome.reason) if res.blockers() else ""
            console.print(
                Text(_("Your next step: none on this route; it is closed to you"), style="bold")
                + Text(f" ({reason})" if reason else "")
            )
            console.print(
                Text(_("`emigre plan PROFILE` lists the routes that are open to you."), style="dim")
            )
        return
    line = Text(_("Your next step:") + " ", style="bold")
    line.append(say(str(action["title"])))
    when = action.get("when")
    if isinstance(when, str):
        line.append(" — " + _("from {date}").format(date=fmt.day(date.fromisoformat(when))))
    console.print(line)
    url = action.get("url")
    if isinstance(url, str):
        checked = action.get("checked")
        suffix = checked_on(date.fromisoformat(checked)) if isinstance(checked, str) else ""
        label = _("official page:") if action.get("official") else _("source:")
        link(console, "  " + label + " ", url, suffix, style="")
