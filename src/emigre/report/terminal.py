"""Terminal views: the verdict table of `plan`, the condition list of `explain`, the catalogue."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from emigre.codes import country_name
from emigre.i18n import _, pick
from emigre.knowledge.route import Route
from emigre.report.json import condition_legal_basis, condition_sources
from emigre.rules.evaluate import NodeResult, RouteResult

VERDICT_STYLE = {
    "eligible": "bold green",
    "reachable": "yellow",
    "unknown": "cyan",
    "blocked": "red",
}
STATUS_MARK = {"met": ("✔", "green"), "unmet": ("✘", "red"), "unknown": ("?", "cyan")}


def _why(res: RouteResult) -> str:
    if res.verdict == "blocked":
        return "; ".join(n.outcome.reason for n in res.blockers()[:2])
    if res.verdict == "unknown":
        missing = res.missing()
        unknown = [n.outcome.reason for n in res.leaves() if n.state == "unknown"]
        text = "; ".join(unknown[:2])
        return text + (f" [{_('fill in')}: {', '.join(missing)}]" if missing else "")
    if res.verdict == "reachable":
        return "; ".join(n.outcome.reason for n in res.gaps()[:3])
    return _("all conditions met")


def plan_table(results: list[RouteResult], console: Console) -> None:
    on = results[0].on.isoformat() if results else "-"
    table = Table(title=_("Routes for you on {on}").format(on=on), show_lines=False, expand=True)
    table.add_column(_("verdict"), no_wrap=True)
    table.add_column(_("route"), no_wrap=True)
    table.add_column(_("what"), ratio=2)
    table.add_column(_("why / what it takes"), ratio=3)
    for res in results:
        risk = " ⚠" if any(r.applies == "yes" for r in res.risks) else ""
        table.add_row(
            Text(res.verdict, style=VERDICT_STYLE[res.verdict]),
            res.route.id,
            f"{pick(res.route.title)} ({country_name(res.route.country)})",
            _why(res) + risk,
        )
    console.print(table)
    console.print(
        _(
            "eligible: every condition met · reachable: the gaps can be closed (learn, save, find a job) · "
            "blocked: a condition nobody can change · unknown: facts missing. ⚠ = a risk applies to you. "
            "`emigre explain ROUTE PROFILE` shows every condition with its law and source."
        ),
        style="dim",
    )


def _node_lines(node: NodeResult, console: Console) -> None:
    mark, style = STATUS_MARK[node.status]
    if node.state == "closable":
        mark, style = "→", "yellow"
    indent = "  " * max(node.depth - 1, 0)
    caveats = [c for r in node.outcome.used if (c := r.caveat())]
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
            f"{indent}    {_('source')}: {s.url} ({_('checked')} {s.checked})",
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
        Text(f"{_('Verdict on')} {res.on}: {res.verdict}", style=VERDICT_STYLE[res.verdict])
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
            f"⚠ {label}: {pick(r.risk.text)} ({r.risk.sources[0].url})",
            style="magenta",
            soft_wrap=True,
        )
    for name, fact in route.outcomes:
        if fact is not None:
            note = f" — {pick(fact.note)}" if fact.note else ""
            flag = f" [{_('unverified')}]" if fact.confidence == "unverified" else ""
            console.print(
                f"{name.replace('_', ' ')}: {fact.value}{note}{flag} ({fact.sources[0].url})",
                soft_wrap=True,
            )
    for text in route.notes:
        console.print("• " + pick(text), style="dim")
    console.print(_("Sources of the route:"), style="dim")
    for s in route.sources:
        console.print(f"  {s.url} ({_('checked')} {s.checked})", style="dim", soft_wrap=True)


def routes_table(routes: list[Route], console: Console) -> None:
    table = Table(title=_("{n} routes").format(n=len(routes)), expand=True)
    for col in (_("route"), _("country"), _("family"), _("title"), _("legal basis")):
        table.add_column(col)
    for r in routes:
        table.add_row(r.id, r.country, r.family, pick(r.title), r.legal_basis)
    console.print(table)
