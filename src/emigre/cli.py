"""Command line: `emigre plan`, `explain`, `routes`, `data check`.

Heavy modules are imported inside the commands so that `emigre --help` starts fast.
"""

from __future__ import annotations

import math
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from emigre.errors import (
    INTERFACE_LANGUAGES,
    EmigreError,
    InputError,
    parse_date,
    parse_language,
)

if TYPE_CHECKING:
    from emigre.knowledge.loader import KnowledgeBase

app = typer.Typer(
    help="Plan a legal route to a new life in Europe: which routes are open to you, why, and what it takes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help and usage errors: rich's help renderer pulls in markdown and pygments, and
    # would double the start-up time of `emigre --help`.
    rich_markup_mode=None,
)
data_app = typer.Typer(
    help="Inspect and check the knowledge base.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(data_app, name="data")
rates_app = typer.Typer(
    help="Exchange rates used to show amounts in your currency.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(rates_app, name="rates")
from emigre.population import lazy_population_app as _lazy_population  # noqa: E402

app.add_typer(_lazy_population(), name="population")

Format = Annotated[str, typer.Option("--format", "-f", help="table or json")]
OnDate = Annotated[
    str | None, typer.Option("--on", help="evaluation date YYYY-MM-DD (default: today)")
]
DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data", help="knowledge-base folder (default: the bundled one, or $EMIGRE_DATA)"
    ),
]
Lang = Annotated[
    str | None,
    typer.Option(
        "--lang", help="language of the texts: en or ru (default: from LC_ALL, LC_MESSAGES, LANG)"
    ),
]


def _language(value: str | None) -> str:
    """`--lang`, else the locale the way gettext reads it (LC_ALL, LC_MESSAGES, LANG), else en."""
    import os

    from emigre.i18n import set_language

    if value is not None:
        code = parse_language(value)
    else:
        code = "en"
        for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
            env = os.environ.get(var)
            if env:
                # "ru_RU.UTF-8", "ru", "ru_RU@euro"; C/POSIX mean English.
                found = env.split(".")[0].split("@")[0].split("_")[0].lower()
                code = found if found in INTERFACE_LANGUAGES else "en"
                break
    set_language(code)
    return code


def _date(value: str | None, option: str = "--on") -> date:
    return parse_date(value, option)


def _format(value: str, allowed: tuple[str, ...] = ("table", "json")) -> str:
    if value not in allowed:
        raise InputError(
            f"--format: '{value}' is not known; expected {', '.join(allowed[:-1])} or {allowed[-1]}"
        )
    return value


CountryOpt = Annotated[str | None, typer.Option("--country", help="ISO code, e.g. DE")]
FamilyOpt = Annotated[str | None, typer.Option("--family", help="e.g. work, study, nomad")]


def _country(value: str | None) -> str | None:
    from emigre.codes import countries

    if value is not None and value.upper() not in countries():
        raise InputError(f"--country: '{value}' is not an ISO 3166-1 alpha-2 code, e.g. DE, CZ, RS")
    return value.upper() if value is not None else None


def _family(value: str | None) -> str | None:
    from emigre.knowledge.model import FAMILIES

    if value is not None and value not in FAMILIES:
        raise InputError(f"--family: '{value}' is not known; expected one of {', '.join(FAMILIES)}")
    return value


def _verdicts(value: str | None) -> tuple[str, ...]:
    from emigre.rules.state import VERDICT_ORDER

    chosen = tuple(v.strip() for v in (value or "").split(",") if v.strip())
    for v in chosen:
        if v not in VERDICT_ORDER:
            raise InputError(
                f"--verdict: '{v}' is not a verdict; expected {', '.join(VERDICT_ORDER)} "
                "(several separated by commas)"
            )
    if value is not None and not chosen:
        raise InputError("--verdict: give a verdict, e.g. --verdict reachable")
    return chosen


def _kb(data: Path | None) -> KnowledgeBase:
    from emigre.knowledge.loader import knowledge_base

    return knowledge_base(data)


def _print_json(doc: Any, pretty: bool | None = None) -> None:
    """JSON on stdout: indented for a person at a terminal (or when `pretty`), compact when
    piped, where it is read by a program (a third smaller, and twice as fast to write);
    `| python -m json.tool` or `| jq .` indents it."""
    from emigre.files import strict_json

    if pretty is None:
        pretty = sys.stdout.isatty()
    sys.stdout.write(strict_json(doc, indent=2 if pretty else None) + "\n")


def _console() -> Any:
    """A terminal console. Piped output follows $COLUMNS when it is set (so `COLUMNS=80 emigre
    plan … | less` looks like an 80-column terminal), else it is wide so nothing is cut."""
    import os

    from rich.console import Console

    console = Console()
    if not console.is_terminal:
        columns = os.environ.get("COLUMNS", "")
        width = int(columns) if columns.isdigit() and int(columns) >= 40 else 150
        console = Console(width=width)
    return console


HoursOpt = Annotated[
    float | None, typer.Option("--hours-per-week", help="what if: study hours a week")
]
SavingsOpt = Annotated[
    float | None,
    typer.Option("--monthly-savings", help="what if: monthly savings, in the profile's currency"),
]
OfferOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--offer", help="what if: a job offer CC:SALARY[:CUR], gross a year, e.g. DE:56000"
    ),
]
GoalOpt = Annotated[
    str | None,
    typer.Option(
        "--goal",
        help="what you want: settle_eu, study, work or leave_soon (default: the profile's goal)",
    ),
]
WeightsOpt = Annotated[
    str | None, typer.Option("--weights", help="ranking weights, e.g. time=2,cost=1,pr=1,risk=1")
]


def _what_if(
    person: Any, hours: float | None, savings: float | None, offers: list[str] | None
) -> Any:
    """The profile with the what-if flags applied; the file on disk is never changed."""
    from emigre.documents import apply_what_if

    for flag, value in (("--hours-per-week", hours), ("--monthly-savings", savings)):
        if value is not None and not (math.isfinite(value) and value >= 0):
            raise InputError(f"{flag}: {value} is not a finite number that is not negative")
    parsed = []
    for text in offers or []:
        parts = text.split(":")
        if len(parts) not in (2, 3):
            raise InputError(f"--offer: '{text}' should look like DE:56000 or PL:200000:PLN")
        try:
            salary = float(parts[1])
        except ValueError:
            raise InputError(f"--offer: '{parts[1]}' is not a number") from None
        if not (math.isfinite(salary) and salary >= 0):
            raise InputError(f"--offer: {parts[1]} is not a finite salary that is not negative")
        currency = parts[2] if len(parts) == 3 else "EUR"
        parsed.append({"country": parts[0], "gross_annual_salary": salary, "currency": currency})
    return apply_what_if(person, hours, savings, parsed)


@app.command()
def plan(
    profile: Annotated[Path, typer.Argument(help="profile file (TOML), e.g. examples/dima.toml")],
    on: OnDate = None,
    format: Format = "table",
    data: DataDir = None,
    lang: Lang = None,
    hours_per_week: HoursOpt = None,
    monthly_savings: SavingsOpt = None,
    offer: OfferOpt = None,
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
) -> None:
    """Every route for you: verdict and why, and for the open ones the steps, the cost and the
    earliest arrival, ranked."""
    from emigre.documents import run_plan, with_goal
    from emigre.plan.rank import parse_goal, parse_weights
    from emigre.profile import load_profile

    _language(lang)
    fmt, when, w = _format(format), _date(on), parse_weights(weights)
    chosen = parse_goal(goal) if goal is not None else None
    person = _what_if(load_profile(profile), hours_per_week, monthly_savings, offer)
    if chosen is not None:
        person = with_goal(person, chosen)
    listing = (all_routes, _verdicts(verdict), _country(country), _family(family), top)
    if top is not None and top < 1:
        raise InputError(f"--top: {top} is not a number of routes; give 1 or more, e.g. --top 20")
    run = run_plan(person, when, _kb(data), w)
    if fmt == "json":
        _print_json(run.document(when, cashflow, strict=False))
    else:
        # Only a table needs the terminal views (rich's console and tables: a JSON run skips them).
        from emigre.report.terminal import Selection, plan_view, situation_warnings

        sel = Selection(*listing)
        console = _console()
        situation_warnings(run.warnings, console)
        plan_view(run, console, sel)


@app.command()
def explain(
    route: Annotated[str, typer.Argument(help="route id, e.g. de.blue_card.it_specialist")],
    profile: Annotated[Path, typer.Argument(help="profile file (TOML)")],
    on: OnDate = None,
    format: Format = "table",
    data: DataDir = None,
    lang: Lang = None,
    hours_per_week: HoursOpt = None,
    monthly_savings: SavingsOpt = None,
    offer: OfferOpt = None,
) -> None:
    """Every condition of one route (status, reason, law, source, date checked) and, if the route
    is open to you, the whole timeline and the money month by month."""
    from emigre.documents import run_route
    from emigre.profile import load_profile

    _language(lang)
    fmt, when = _format(format, ("table", "json", "ics")), _date(on)
    person = _what_if(load_profile(profile), hours_per_week, monthly_savings, offer)
    run = run_route(person, route, when, _kb(data))
    if fmt == "json":
        _print_json(run.document(when))
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

        console, notes = _console(), Notes()
        show(run.result, console, notes)
        if run.plan is not None:
            timeline(run.plan, run.money, console, notes)
        next_step(run.document(when)["next_action"], run.result, console)


@app.command()
def routes(
    country: CountryOpt = None,
    family: FamilyOpt = None,
    format: Format = "table",
    data: DataDir = None,
) -> None:
    """The catalogue of routes the knowledge base knows."""
    fmt = _format(format)
    code, family = _country(country), _family(family)
    kb = _kb(data)
    chosen = [
        r
        for r in kb.routes
        if (code is None or r.country == code) and (family is None or r.family == family)
    ]
    chosen.sort(key=lambda r: r.id)
    if fmt == "json":
        from emigre.report.json import route_card

        _print_json([route_card(r) for r in chosen])
    else:
        from emigre.report.terminal import routes_table

        routes_table(chosen, _console())


@data_app.command("check")
def data_check(
    data: DataDir = None,
    max_age_days: Annotated[
        int | None,
        typer.Option(
            help="list figures whose newest source is older than this (by its stated date, else the day it was checked)"
        ),
    ] = None,
    on: OnDate = None,
) -> None:
    """Validate the whole knowledge base; exit 1 on errors (names file and key)."""
    from emigre.knowledge.loader import load_knowledge_base
    from emigre.plan.horizon import horizon

    try:
        kb = load_knowledge_base(data)
        horizon()  # the planner's settings (data/planner.yaml) are data too
    except EmigreError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    today = _date(on)
    n_values = sum(len(p.values) for p in kb.params.parameters.values())
    typer.echo(
        f"ok: {len(kb.routes)} routes, {len(kb.params.parameters)} parameters ({n_values} dated values)"
    )
    if max_age_days is not None:
        from emigre.knowledge.catalogue import figures, stale

        items = figures(kb.routes, kb.params)
        old = stale(items, today, max_age_days)
        for f in old:
            how = "published" if f.by_published else "last checked (no stated date)"
            typer.echo(f"stale: {f.what}: newest source {how} {f.newest}")
        typer.echo(
            f"{len(old)} of {len(items)} figures have no source newer than {max_age_days} days "
            f"(judged by the date a source states, else the day it was checked)"
        )


@data_app.command("sources")
def data_sources(
    route: Annotated[str | None, typer.Argument(help="a route id; all routes if omitted")] = None,
    format: Format = "table",
    data: DataDir = None,
) -> None:
    """Every source, with what it backs (route, condition, parameter value) and when it was checked."""
    from emigre.knowledge.catalogue import sources_of

    fmt = _format(format)
    kb = _kb(data)
    routes = [kb.route(route)] if route else sorted(kb.routes, key=lambda r: r.id)
    rows = sources_of(routes, kb.params)
    if fmt == "json":
        _print_json(rows)
        return
    for row in rows:
        typer.echo(
            f"{row['url']}  (checked {row['checked']}{', official' if row['official'] else ''})"
        )
        for what in row["backs"]:
            typer.echo(f"    {what}")


@data_app.command("watch")
def data_watch(
    country: CountryOpt = None,
    route: Annotated[str | None, typer.Option("--route", help="only this route's sources")] = None,
    all_sources: Annotated[
        bool,
        typer.Option("--all", help="also the unofficial sources (news, firms, forums)"),
    ] = False,
    format: Annotated[
        str, typer.Option("--format", "-f", help="table, json or markdown")
    ] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write the report here")
    ] = None,
    data: DataDir = None,
) -> None:
    """GOES ONLINE: download the official sources of the knowledge base and report which changed
    since the last watch, which could not be read, and what each one backs. Sends nothing about
    you (only a User-Agent naming emigre); obeys robots.txt, waits between requests to a site;
    keeps a hash of each page's text in your data folder (watch.json)."""
    import os
    import shutil

    from emigre.knowledge import watch as watcher
    from emigre.knowledge.catalogue import sources_of

    fmt = _format(format, ("table", "json", "markdown"))
    code = _country(country)
    kb = _kb(data)
    routes = [kb.route(route)] if route else sorted(kb.routes, key=lambda r: r.id)
    routes = [r for r in routes if code is None or r.country == code]
    warnings = kb.warnings if route is None and code is None else []
    rows = [r for r in sources_of(routes, kb.params, warnings) if all_sources or r["official"]]
    if not rows:
        what = f"route {route}" if route else f"country {code}" if code else "the knowledge base"
        hint = "" if all_sources else "; add --all to watch the unofficial ones too"
        typer.echo(f"{what} has no {'' if all_sources else 'official '}sources to watch{hint}")
        return
    hosts = len({watcher.host_of(r["url"]) for r in rows})
    typer.echo(
        f"Watching {len(rows)} sources on {hosts} sites (online; robots.txt obeyed, "
        f"{watcher.DELAY_S:g} s between requests to a site)…",
        err=True,
    )
    tty = sys.stderr.isatty()

    def progress(i: int, n: int, url: str) -> None:
        if tty:
            line = f"[{i}/{n}] {url}"[:79]
            typer.echo(f"\r{line:<79}", err=True, nl=i == n)

    try:
        report = watcher.watch(
            rows, date.today(), get=watcher.default_get, delay=watcher.DELAY_S, progress=progress
        )
    except watcher.WatchInterrupted as stop:
        kept = "what was compared is saved" if stop.saved else "nothing was saved"
        typer.echo(
            f"\ndata watch stopped after {stop.done} of {stop.total} sources; {kept}", err=True
        )
        raise typer.Exit(130) from None
    if fmt == "json":
        from emigre.files import strict_json

        text = strict_json(report.document()) + "\n"
    elif fmt == "markdown":
        text = report.markdown()
    else:
        columns = os.environ.get("COLUMNS", "")
        width = int(columns) if columns.isdigit() else shutil.get_terminal_size((80, 24)).columns
        text = report.text(min(width, 100))
    if output:
        from emigre.files import write_output

        write_output(output, text)
        typer.echo(f"{report.summary()} Report written to {output}")
    else:
        sys.stdout.write(text)


@data_app.command("coverage")
def data_coverage(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write Markdown here")
    ] = None,
    data: DataDir = None,
) -> None:
    """The coverage table (countries x route families) and the freshness of each country's
    figures, as Markdown, generated from the data."""
    from emigre.knowledge.catalogue import coverage_markdown

    kb = _kb(data)
    text = coverage_markdown(kb.routes, kb.params)
    if output:
        from emigre.files import write_output

        write_output(output, text)
        typer.echo(f"wrote {output}")
    else:
        typer.echo(text)


@data_app.command("schema")
def data_schema(
    kind: Annotated[str, typer.Argument(help="route, parameters, warnings or profile")] = "route",
) -> None:
    """Print the JSON Schema of a data file, for editors."""
    from emigre.schema import json_schema

    _print_json(json_schema(kind), pretty=True)


@rates_app.command("update")
def rates_update(
    on: Annotated[
        str | None, typer.Option("--date", help="rates of this date (default: the latest)")
    ] = None,
) -> None:
    """Download the latest exchange rates from the ECB and the Bank of Russia and save them in your
    data folder. Goes online (like `data watch`, and only when you run it); sends nothing about you."""
    from emigre.fxupdate import update
    from emigre.money import user_rates_path

    when = _date(on, "--date") if on else None
    dest = user_rates_path()
    typer.echo("Downloading rates from www.ecb.europa.eu and www.cbr.ru…", err=True)
    changed, newest = update(dest, on=when)
    if changed:
        typer.echo(f"Saved {changed} new or changed rates (newest {newest}) to {dest}")
    else:
        typer.echo(f"Rates in {dest} are already up to date (newest {newest})")


@rates_app.command("show")
def rates_show(
    currency: Annotated[str, typer.Argument(help="ISO 4217 code, e.g. RUB")],
    on: OnDate = None,
    data: DataDir = None,
) -> None:
    """The rate emigre uses for a currency at a date, with its date and source."""
    kb = _kb(data)
    when = _date(on)
    rate = kb.fx.rate(currency.upper(), when)
    if rate is None:
        raise InputError(f"no rate for '{currency}'; known: {', '.join(kb.fx.currencies())}")
    stale = (
        f" (the newest known; {(when - rate.on).days} days older than {when})"
        if rate.on < when
        else ""
    )
    typer.echo(f"1 EUR = {rate.per_eur} {rate.currency} on {rate.on}{stale}\nsource: {rate.source}")
    if rate.confidence != "official":
        typer.echo(
            f"confidence: {rate.confidence} (a page quoting the official rate, not the bank's own"
            " file; `emigre rates update` downloads the bank's file)"
        )


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="address to listen on (loopback unless told otherwise)")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="port to listen on")] = 8000,
    data: DataDir = None,
    workers: Annotated[
        int, typer.Option("--workers", help="worker processes (more answer more people at once)")
    ] = 1,
) -> None:
    """The local web app, in Russian and English: a questionnaire, your routes, charts. Nothing
    leaves your machine; saved profiles stay in your data folder."""
    from emigre.web.server import run

    run(host, port, data, workers)


def main() -> None:
    """Run the CLI; a failure meant for people prints one line and exits with its kind's code:
    2 bad input, 3 broken data, 4 network (`emigre.errors`)."""
    try:
        app(standalone_mode=True)
    except EmigreError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
