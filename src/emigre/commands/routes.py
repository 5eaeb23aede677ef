"""The person's commands: `emigre plan` (every route, ranked), `emigre explain` (one route in
full, with its timeline), `emigre routes` (the catalogue)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from emigre.commands.options import (
    CountryOpt,
    DataDir,
    FamilyOpt,
    Format,
    GoalOpt,
    PersonArgs,
    WeightsOpt,
    country_option,
    evaluation_date,
    family_option,
    knowledge,
    output_format,
    person_command,
    print_json,
    set_interface_language,
    terminal,
    verdict_option,
)
from emigre.errors import InputError


@person_command
def plan(
    profile: Annotated[Path, typer.Argument(help="profile file (TOML), e.g. examples/dima.toml")],
    weights: WeightsOpt = None,
    goal: GoalOpt = None,
    cashflow: Annotated[
        bool, typer.Option("--cashflow", help="with --format json: each plan's monthly cash flow")
    ] = False,
    all_routes: Annotated[
        bool, typer.Option("--all", help="list every route, not only the best for your goal")
    ] = False,
    verdict: Annotated[
        str | None,
        typer.Option("--verdict", help="only these verdicts, e.g. reachable or eligible,unknown"),
    ] = None,
    country: CountryOpt = None,
    family: FamilyOpt = None,
    top: Annotated[
        int | None, typer.Option("--top", help="how many routes to list (default 10)")
    ] = None,
    *,
    args: PersonArgs,
) -> None:
    """Every route for you: verdict and why, and for the open ones the steps, the cost and the
    earliest arrival, ranked."""
    from emigre.documents import run_plan, with_goal
    from emigre.plan.rank import parse_goal, parse_weights

    set_interface_language(args.lang)
    fmt, when, w = output_format(args.format), evaluation_date(args.on), parse_weights(weights)
    chosen = parse_goal(goal) if goal is not None else None
    person = args.person(profile)
    if chosen is not None:
        person = with_goal(person, chosen)
    listing = (
        all_routes,
        verdict_option(verdict),
        country_option(country),
        family_option(family),
        top,
    )
    if top is not None and top < 1:
        raise InputError(f"--top: {top} is not a number of routes; give 1 or more, e.g. --top 20")
    run = run_plan(person, when, knowledge(args.data), w)
    if fmt == "json":
        print_json(run.document(when, cashflow, strict=False))
    else:
        # Only a table needs the terminal views (rich's console and tables: a JSON run skips them).
        from emigre.report.terminal import Selection, plan_view, situation_warnings

        sel = Selection(*listing)
        console = terminal()
        situation_warnings(run.warnings, console)
        plan_view(run, console, sel)


@person_command
def explain(
    route: Annotated[str, typer.Argument(help="route id, e.g. de.blue_card.it_specialist")],
    profile: Annotated[Path, typer.Argument(help="profile file (TOML)")],
    *,
    args: PersonArgs,
) -> None:
    """Every condition of one route (status, reason, law, source, date checked) and, if the route
    is open to you, the whole timeline and the money month by month."""
    from emigre.documents import run_route

    set_interface_language(args.lang)
    fmt, when = output_format(args.format, ("table", "json", "ics")), evaluation_date(args.on)
    run = run_route(args.person(profile), route, when, knowledge(args.data))
    if fmt == "json":
        print_json(run.document(when))
    elif fmt == "ics":
        if run.plan is None:
            raise InputError(
                f"--format ics: {route} is {run.result.verdict} for this profile, so there is no "
                "plan to put in a calendar; try `emigre plan` for the open routes"
            )
        from emigre.report.calendar import plan_calendar

        sys.stdout.write(plan_calendar(run.plan).decode("utf-8"))
    else:
        from emigre.report.terminal import Notes, next_step, timeline
        from emigre.report.terminal import explain as show

        console, notes = terminal(), Notes()
        show(run.result, console, notes)
        if run.plan is not None:
            timeline(run.plan, run.money, console, notes)
        next_step(run.document(when)["next_action"], run.result, console)


def routes(
    country: CountryOpt = None,
    family: FamilyOpt = None,
    format: Format = "table",
    data: DataDir = None,
) -> None:
    """The catalogue of routes the knowledge base knows."""
    fmt = output_format(format)
    code, family = country_option(country), family_option(family)
    kb = knowledge(data)
    chosen = [
        r
        for r in kb.routes
        if (code is None or r.country == code) and (family is None or r.family == family)
    ]
    chosen.sort(key=lambda r: r.id)
    if fmt == "json":
        from emigre.report.json.routes import route_card

        print_json([route_card(r) for r in chosen])
    else:
        from emigre.report.terminal import routes_table

        routes_table(chosen, terminal())
